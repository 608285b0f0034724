"""Changing events: edits, review, deletion, merging and moving sources.

Every change goes through ``changes.record_change``, which writes the event only
if it is still at the version the person loaded and records it in the history;
``Conflict`` tells the caller what someone else did first.

The workflow rules live here, not in templates, so every view enforces them:
- journalists and editors edit; a journalist's edit sends an approved (or
  rejected) event back to "proposed", an editor's edit keeps its status;
- only editors approve, reject, reopen and restore earlier versions;
- a journalist may not delete or merge away an event an editor approved;
- any human change sets ``edited_by_person``, which ingestion relies on to never
  replace or delete the event when an article is processed again.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from articles.models import Article
from extraction.datevalue import DateValue

from . import corroboration, dependencies
from .changes import (
    Conflict,
    changes_since,
    record_change,
    status_after_edit,
)
from .models import (
    Case,
    Event,
    EventChange,
    EventSource,
    Membership,
)

Status = Event.Status
Action = EventChange.Action


@dataclass(frozen=True)
class Selected:
    """An event picked on the page, with the version the person saw."""

    code: str
    version: int | None


def parse_selection(values: Iterable[str]) -> list[Selected]:
    """Checkbox values are "<code>:<version>" so that a bulk action skips events
    changed after the page was loaded; a bare code is accepted too."""
    picked = []
    for value in values:
        code, _, version = value.partition(":")
        picked.append(Selected(code, int(version) if version.isdigit() else None))
    return picked


def edit_event(
    event: Event,
    membership: Membership,
    *,
    loaded_version: int,
    date: dt.date,
    precision: int,
    qualifier: str,
    summary: str,
    actors: list[str],
) -> Event:
    """Save a person's edit of the event's date, text and actors."""
    if not membership.can_edit:
        raise PermissionDenied
    fields = {
        "date": date,
        "precision": precision,
        "qualifier": qualifier,
        "summary": summary,
        "actors": actors,
    }
    unchanged = all(getattr(event, k) == v for k, v in fields.items())
    if unchanged and event.version == loaded_version:
        return event
    old_date = event.date_value
    saved = record_change(
        event,
        user=membership.user,
        action=Action.EDITED,
        loaded_version=loaded_version,
        status=status_after_edit(event, membership),
        edited_by_person=True,
        **fields,
    )
    _dates_follow(saved, old_date, membership)
    return saved


def _dates_follow(event: Event, old_date: str, membership: Membership) -> None:
    """Events dated from this one ("a year after ...") follow a corrected date."""
    dependencies.after_date_change(event, old_date, user=membership.user)


REVIEW_ACTIONS = {
    # action: (allowed from, new status, history action)
    "approve": ({Status.PROPOSED, Status.REJECTED}, Status.APPROVED, Action.APPROVED),
    "reject": ({Status.PROPOSED, Status.APPROVED}, Status.REJECTED, Action.REJECTED),
    "reopen": ({Status.APPROVED, Status.REJECTED}, Status.PROPOSED, Action.REOPENED),
}


def review_event(
    event: Event, membership: Membership, action: str, *, loaded_version: int
) -> bool:
    """Approve, reject or reopen one event; False if it was already there."""
    if not membership.can_review:
        raise PermissionDenied
    allowed_from, status, history_action = REVIEW_ACTIONS[action]
    if event.status not in allowed_from:
        if event.version != loaded_version:
            raise Conflict(event, changes_since(event, loaded_version))
        return False
    # A reviewed event is a person's: re-processing its article must keep it,
    # even after it is reopened.
    record_change(
        event,
        user=membership.user,
        action=history_action,
        loaded_version=loaded_version,
        status=status,
        edited_by_person=True,
    )
    return True


@dataclass
class BulkResult:
    done: list[Event]
    unchanged: list[Event]
    stale: list[Event]


def review_events(
    events: Iterable[Event], membership: Membership, action: str, picked: list[Selected]
) -> BulkResult:
    """Review a selection; events changed since the page was loaded are skipped
    (and reported) rather than approved unseen."""
    versions = {p.code: p.version for p in picked}
    result = BulkResult([], [], [])
    for event in events:
        loaded = versions.get(str(event.code))
        try:
            changed = review_event(
                event,
                membership,
                action,
                loaded_version=event.version if loaded is None else loaded,
            )
        except Conflict as conflict:
            result.stale.append(conflict.current)
            continue
        (result.done if changed else result.unchanged).append(event)
    return result


def delete_event(event: Event, membership: Membership, *, loaded_version: int) -> Event:
    """Hide the event from the timeline; restore_event brings it back."""
    if not membership.can_edit:
        raise PermissionDenied
    if event.status == Status.APPROVED and not membership.can_review:
        raise PermissionDenied("Only an editor can delete an approved event.")
    return record_change(
        event,
        user=membership.user,
        action=Action.DELETED,
        loaded_version=loaded_version,
        deleted_at=timezone.now(),
        edited_by_person=True,
    )


def restore_event(event: Event, membership: Membership) -> Event:
    """Undo a deletion."""
    if not membership.can_edit:
        raise PermissionDenied
    return record_change(
        event,
        user=membership.user,
        action=Action.RESTORED,
        loaded_version=event.version,
        deleted_at=None,
    )


def revert_event(
    event: Event, change: EventChange, membership: Membership, *, loaded_version: int
) -> Event:
    """Put back the event's content as it was before ``change``."""
    if not membership.can_review:
        raise PermissionDenied
    old = change.before
    old_date = event.date_value
    saved = record_change(
        event,
        user=membership.user,
        action=Action.REVERTED,
        loaded_version=loaded_version,
        note=f"to version {change.version - 1}",
        **Event.date_fields(DateValue.parse(old["date"])),
        qualifier=old["qualifier"],
        summary=old["summary"],
        actors=list(old.get("actors") or []),
        edited_by_person=True,
    )
    _dates_follow(saved, old_date, membership)
    return saved


def create_event(
    membership: Membership,
    *,
    date: dt.date,
    precision: int,
    qualifier: str,
    summary: str,
    actors: list[str],
    article: Article | None = None,
    sentence_start: int | None = None,
    sentence_end: int | None = None,
) -> Event:
    """An event added by hand, optionally citing a sentence of an article."""
    if not membership.can_edit:
        raise PermissionDenied
    user = membership.user
    with transaction.atomic():
        Case.lock(membership.case_id)
        event = Event.objects.create(
            case=membership.case,
            date=date,
            precision=precision,
            qualifier=qualifier,
            summary=summary,
            actors=actors,
            # An editor's own event needs no second editor.
            status=Status.APPROVED if membership.can_review else Status.PROPOSED,
            origin=Event.Origin.PERSON,
            created_by=user,
            edited_by_person=True,
        )
        if article is not None and sentence_start is not None:
            EventSource.objects.create(
                event=event,
                article=article,
                sentence=article.text[sentence_start:sentence_end],
                sentence_start=sentence_start,
                sentence_end=sentence_end,
                date_value=event.date_value,
                derivation=f"cited by {user.get_username()}",
            )
        EventChange.objects.create(
            event=event,
            user=user,
            action=Action.CREATED,
            version=event.version,
            before={},
            after=event.snapshot(),
        )
    return event


def default_merge_target(events: list[Event]) -> Event:
    """The event whose date a merge keeps unless the editor chooses: the most
    precise date, and of those the earliest."""
    return min(events, key=lambda e: (-e.precision, e.date, e.id))


def merge_events(
    events: list[Event],
    membership: Membership,
    picked: list[Selected],
    *,
    target: Event,
    summary: str,
) -> Event:
    """Fold ``events`` into ``target``: its date is kept, the sources and actors of
    all are combined, and the others are deleted (recoverably) with a note."""
    if not membership.can_edit:
        raise PermissionDenied
    others = [e for e in events if e.pk != target.pk]
    if not others:
        raise ValueError("Pick at least two events to merge.")
    if not membership.can_review and any(e.status == Status.APPROVED for e in others):
        raise PermissionDenied("Only an editor can merge away an approved event.")
    versions = {p.code: p.version for p in picked}
    actors = list(target.actors)
    for other in others:
        actors += [a for a in other.actors if a not in actors]
    user = membership.user
    labels = ", ".join(f"{e.display_date} “{e.summary[:60]}”" for e in others)
    with transaction.atomic():
        Case.lock(target.case_id)
        for other in others:
            record_change(
                other,
                user=user,
                action=Action.MERGED,
                loaded_version=versions.get(str(other.code)) or other.version,
                note=f"merged into {target.display_date} “{target.summary[:60]}”",
                deleted_at=timezone.now(),
                edited_by_person=True,
            )
        EventSource.objects.filter(event__in=others).update(event=target)
        record_change(
            target,
            user=user,
            action=Action.MERGED,
            loaded_version=versions.get(str(target.code)) or target.version,
            note=f"merged in {labels}",
            summary=summary,
            actors=actors,
            status=status_after_edit(target, membership),
            edited_by_person=True,
        )
        _refresh_sourcing(target)
    return target


def _refresh_sourcing(*events: Event) -> None:
    """Corroboration and the disagreement flag follow the sources an event has."""
    for event in events:
        corroboration.refresh_event(event)


def move_source(
    source: EventSource, target: Event, membership: Membership
) -> tuple[Event, Event]:
    """Attach a source sentence to another event of the same case."""
    if not membership.can_edit:
        raise PermissionDenied
    origin = source.event
    if origin.pk == target.pk:
        return origin, target
    user = membership.user
    where = f"{source.article.title} ¶ at {source.sentence_start}"
    with transaction.atomic():
        Case.lock(target.case_id)
        source.event = target
        source.save(update_fields=["event"])
        for event, note in (
            (origin, f"moved a source to {target.display_date}: {where}"),
            (target, f"received a source from {origin.display_date}: {where}"),
        ):
            record_change(
                event,
                user=user,
                action=Action.SOURCES_MOVED,
                loaded_version=event.version,
                note=note,
                status=status_after_edit(event, membership),
                edited_by_person=True,
            )
        _refresh_sourcing(origin, target)
    return origin, target
