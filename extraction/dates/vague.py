"""Resolvers of expressions without a calendar date: sets ("every Monday",
"annually") and references ("now", "recently", "at the time")."""

from __future__ import annotations

from ..lexicon import PARTS_OF_DAY, SEASONS, WEEKDAYS
from .model import Context, Resolution, quoted
from .registry import resolver
from .timeml import REFERENCE_VALUES, SET_ADVERBS, duration_value
from .words import month_of, unit_of


@resolver("recurrence")
def _r_recurrence(g: dict, text: str, ctx: Context) -> Resolution | None:
    w = " ".join(g["w"].lower().split())
    if w in SET_ADVERBS:
        return Resolution("SET", SET_ADVERBS[w], None)
    if g.get("wd"):
        return Resolution("SET", f"XXXX-WXX-{WEEKDAYS[g['wd'].lower()] + 1}", None)
    if g.get("mon"):
        return Resolution("SET", f"XXXX-{month_of(g['mon']):02d}", None)
    unit = w.split()[-1]
    if unit in PARTS_OF_DAY:
        return Resolution("SET", f"XXXX-XX-XXT{PARTS_OF_DAY[unit]}", None)
    if unit in SEASONS:
        return Resolution("SET", f"XXXX-{SEASONS[unit]}", None)
    return Resolution("SET", duration_value(1, unit_of(unit)), None)


@resolver("vague_reference")
def _r_vague_reference(g: dict, text: str, ctx: Context) -> Resolution | None:
    w = " ".join(g["w"].lower().split())
    if w == "at the time":
        ref = ctx.reference
        if ref is None:
            return Resolution("DATE", "PAST_REF", None)
        return Resolution(
            "DATE",
            ref.iso(),
            ref,
            "exact",
            "event",
            f"{quoted(text)} → {ref.human()}: the moment just described",
        )
    if w not in REFERENCE_VALUES:
        return None
    return Resolution("DATE", REFERENCE_VALUES[w], None)
