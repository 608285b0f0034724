"""Recording a change to an event: the one way every writer changes an event a
person may be looking at.

``record_change`` writes the event with a conditional UPDATE ... WHERE version =
<the version the person loaded> (healthchecks' claim pattern) and records an
EventChange in the same transaction. If another person saved first, nothing is
written and ``Conflict`` tells the caller what they did.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import Case, Event, EventChange, Membership


class Conflict(Exception):
    """Someone else changed the event after it was loaded."""

    def __init__(self, current: Event, changes: list[EventChange]) -> None:
        super().__init__(f"Event {current.code} changed since it was loaded")
        self.current = current
        self.changes = changes


def changes_since(event: Event, version: int) -> list[EventChange]:
    return list(
        event.changes.filter(version__gt=version)
        .select_related("user")
        .order_by("version")
    )


def record_change(
    event: Event,
    *,
    user,
    action: str,
    loaded_version: int,
    note: str = "",
    **fields,
) -> Event:
    """Write ``fields`` if the event is still at ``loaded_version``; record it."""
    before = event.snapshot() if event.version == loaded_version else None
    now = timezone.now()
    with transaction.atomic():
        Case.lock(event.case_id)
        claimed = Event.objects.filter(pk=event.pk, version=loaded_version).update(
            version=F("version") + 1, updated_at=now, **fields
        )
        if claimed != 1 or before is None:
            current = Event.objects.get(pk=event.pk)
            raise Conflict(current, changes_since(current, loaded_version))
        for name, value in fields.items():
            setattr(event, name, value)
        event.version = loaded_version + 1
        event.updated_at = now
        EventChange.objects.create(
            event=event,
            user=user,
            action=action,
            version=event.version,
            before=before,
            after=event.snapshot(),
            note=note,
        )
    return event


def status_after_edit(event: Event, membership: Membership) -> str:
    # Nothing an editor approved changes without an editor seeing it again.
    if membership.can_review:
        return event.status
    return Event.Status.PROPOSED
