"""The table of resolvers: pattern kind -> function, filled by :func:`resolver`."""

from __future__ import annotations

from collections.abc import Callable

from .model import Context, Resolution

Resolver = Callable[[dict, str, Context], "Resolution | None"]

RESOLVERS: dict[str, Resolver] = {}


def resolver(*kinds: str) -> Callable[[Resolver], Resolver]:
    """Register a function as the resolver of the pattern kinds given."""

    def register(fn: Resolver) -> Resolver:
        for kind in kinds:
            if kind in RESOLVERS:
                raise ValueError(f"two resolvers for the pattern kind {kind!r}")
            RESOLVERS[kind] = fn
        return fn

    return register


def resolve(kind: str, groups: dict, text: str, ctx: Context) -> Resolution | None:
    """Resolve one matched expression; ``None`` if it is not a usable timex.

    Never raises: arbitrary text can produce impossible dates ("Feb. 30",
    "2022-13-45") or absurd counts, and those simply resolve to nothing.
    """
    fn = RESOLVERS.get(kind)
    if fn is None:
        return None
    try:
        return fn(groups, text, ctx)
    except (ValueError, OverflowError, KeyError, TypeError, AttributeError, IndexError):
        return None
