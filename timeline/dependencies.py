"""Dates that hang on other events ("a year after the shooting", "two days after
the verdict").

A source dated from another event points at it (``EventSource.depends_on``) with
the signed ISO-8601 offset the text gives ("+P1Y", "-P2D", "P0D"). When a person
corrects the anchor event's date, ``rederive_dependents`` works the dependent
dates out again; an event whose date came from such a source takes the new date
and goes back to "proposed", with the reason in its history.
"""

from __future__ import annotations

import datetime as dt
import re

from dateutil.relativedelta import relativedelta
from django.db import transaction

from extraction.datevalue import DateValue

from . import corroboration
from .changes import record_change
from .models import Event, EventChange, EventSource

OFFSET = re.compile(
    r"^(?P<sign>[+-]?)P(?:(?P<y>\d+)Y)?(?:(?P<m>\d+)M)?(?:(?P<w>\d+)W)?(?:(?P<d>\d+)D)?$"
)


def parse_offset(text: str) -> tuple[int, int, int] | None:
    """'+P1Y' -> (years, months, days) with the sign applied; None if unreadable."""
    match = OFFSET.match(text.strip().upper()) if text else None
    if match is None or text.strip().upper().lstrip("+-") == "P":
        return None
    sign = -1 if match["sign"] == "-" else 1
    years, months = int(match["y"] or 0), int(match["m"] or 0)
    days = int(match["w"] or 0) * 7 + int(match["d"] or 0)
    return sign * years, sign * months, sign * days


def shift(date: dt.date, offset: tuple[int, int, int]) -> dt.date:
    """Years and months first (Jan. 31 + 1 month is Feb. 28), then days."""
    years, months, days = offset
    return date + relativedelta(years=years, months=months, days=days)


def derive(anchor: Event, offset: str, precision: int) -> str | None:
    """The date value ``offset`` from the anchor's date, no more precise than
    either the anchor or the source was."""
    parsed = parse_offset(offset)
    if parsed is None:
        return None
    precision = min(precision, anchor.precision)
    if precision < Event.Precision.DAY and parsed[2]:
        # Days added to a month or year: the whole period moves only if the
        # days cross it; keep the anchor's period as the text's best bound.
        parsed = (parsed[0], parsed[1], 0)
    return DateValue.of(shift(anchor.date, parsed), precision).iso()


def rederive_dependents(anchor: Event, *, user=None, _seen=None) -> list[Event]:
    """Work out again the dates derived from ``anchor``; returns the events sent
    back for approval."""
    seen = _seen if _seen is not None else set()
    if anchor.pk in seen:
        return []
    seen.add(anchor.pk)
    changed: list[Event] = []
    dependents = (
        EventSource.objects.filter(depends_on=anchor, event__deleted_at__isnull=True)
        .exclude(offset="")
        .select_related("event")
    )
    for source in dependents:
        old_value = source.date_value
        new_value = derive(anchor, source.offset, source.when.precision)
        if new_value is None or new_value == old_value:
            continue
        new = DateValue.parse(new_value)
        reason = (
            f"{anchor.summary[:60]!s} is now dated {anchor.display_date}, so "
            f"‘{source.expression or source.offset}’ gives {new.display()} "
            f"(was {source.display_date})"
        )
        with transaction.atomic():
            source.date_value = new_value
            source.derivation = (
                f"{source.offset} from “{anchor.summary[:60]}”: {reason}"
            )
            source.save(update_fields=["date_value", "derivation"])
            event = Event.objects.get(pk=source.event_id)
            if event.date_value == old_value and not event.is_deleted:
                record_change(
                    event,
                    user=user,
                    action=EventChange.Action.REDERIVED,
                    loaded_version=event.version,
                    note=f"Date derived again: {reason}.",
                    **Event.date_fields(new),
                    status=Event.Status.PROPOSED,
                )
                changed.append(event)
            corroboration.refresh_event(event)
        if event in changed:
            changed += rederive_dependents(event, user=user, _seen=seen)
    return changed


def after_date_change(event: Event, old_date_value: str, *, user=None) -> list[Event]:
    """Call after a person changed ``event``'s date."""
    if event.date_value == old_date_value:
        return []
    return rederive_dependents(event, user=user)
