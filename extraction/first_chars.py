"""A cheap first-character check in front of a regex, computed from the regex itself.

Python's ``re`` tries a pattern at every position of the text. Ours begin with
optional word lists ("last|next|this ...", "early|late ...") matched ignoring
case, and trying those lists at every character was most of the timex
tagger's time. Every match starts with one of a known set of characters, so
``(?=[those characters])`` in front changes no match and lets the engine leave
most positions after one set lookup (the timex patterns run about twice as fast).

The set is read from the parsed pattern (``re._parser``, CPython's own
parser); when a pattern starts with something this does not follow (``.``,
``\\w``, a negated class, a pattern that can match nothing), it is left as it is.
"""

from __future__ import annotations

import re

try:  # CPython's regex parser; the check is an optimisation, never required
    from re import _constants as _C
    from re import _parser as _P
except ImportError:  # pragma: no cover - another Python implementation
    _C = _P = None

# A character a match may start with, and whether it is compared ignoring case.
_Start = tuple[str, bool]
_LONGEST_RANGE = 256  # "[0-9]", "[A-Za-z]": small ranges are listed


def with_first_char_check(rx: re.Pattern[str]) -> re.Pattern[str]:
    """``rx`` with a lookahead for the characters its matches can start with:
    the same matches, found faster; ``rx`` itself when the set is unknown."""
    if _P is None:
        return rx
    try:
        parsed = _P.parse(rx.pattern, rx.flags)
        starts, can_be_empty = _first(parsed.data, parsed.state.flags)
    except (AttributeError, TypeError, ValueError, re.error):
        return rx
    if not starts or can_be_empty:
        return rx
    # Each class compared as its characters were: the engine's own case folding.
    exact = "".join(sorted(re.escape(c) for c, icase in starts if not icase))
    folded = "".join(sorted(re.escape(c) for c, icase in starts if icase))
    classes = [f"(?-i:[{exact}])"] if exact else []
    classes += [f"(?i:[{folded}])"] if folded else []
    try:
        return re.compile(f"(?={'|'.join(classes)})(?:{rx.pattern})", rx.flags)
    except re.error:  # e.g. a global "(?i)" that must stay first
        return rx


def _first(items: list, flags: int) -> tuple[set[_Start] | None, bool]:
    """The characters a sequence of parsed items can start with (None: any)
    and whether it can match the empty string."""
    found: set[_Start] = set()
    for op, av in items:
        starts, can_be_empty = _first_of(op, av, flags)
        if starts is None:
            return None, False
        found |= starts
        if not can_be_empty:
            return found, False
    return found, True


def _first_of(op, av, flags: int) -> tuple[set[_Start] | None, bool]:
    icase = bool(flags & re.IGNORECASE)
    if op is _C.LITERAL:
        return {(chr(av), icase)}, False
    if op is _C.IN:
        return _class_chars(av, icase), False
    if op is _C.BRANCH:
        found: set[_Start] = set()
        any_empty = False
        for alternative in av[1]:
            starts, can_be_empty = _first(alternative.data, flags)
            if starts is None:
                return None, False
            found |= starts
            any_empty = any_empty or can_be_empty
        return found, any_empty
    if op is _C.SUBPATTERN:  # a group, maybe with its own flags: "(?i:...)"
        _group, add, remove, sub = av
        return _first(sub.data, (flags | add) & ~remove)
    if op in (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT):
        least, _most, sub = av
        starts, can_be_empty = _first(sub.data, flags)
        return starts, starts is not None and (can_be_empty or least == 0)
    if op is _C.ATOMIC_GROUP:
        return _first(av.data, flags)
    if op in (_C.AT, _C.ASSERT, _C.ASSERT_NOT):
        return set(), True  # "\b", lookarounds: they consume nothing
    return None, False


def _class_chars(items: list, icase: bool) -> set[_Start] | None:
    """The characters of a class ``[...]``; None for negated classes,
    categories (``\\s``, ``\\d``) and long ranges."""
    found: set[_Start] = set()
    for op, av in items:
        if op is _C.LITERAL:
            found.add((chr(av), icase))
        elif op is _C.RANGE and av[1] - av[0] < _LONGEST_RANGE:
            found |= {(chr(c), icase) for c in range(av[0], av[1] + 1)}
        else:
            return None
    return found
