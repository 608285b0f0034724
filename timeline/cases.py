"""Cases and their members: creating a case, adding colleagues, changing roles,
archiving. Plain functions shared by the views and the management commands; they
raise CaseError with a message a journalist can read when a request cannot be met.

The rules:

- whoever may create cases (the ``timeline.add_case`` permission; staff have it)
  creates one and becomes its first editor;
- a case always keeps at least one editor: the last one can be neither removed
  nor given another role;
- a case is archived, never deleted from the app: it leaves every list and keeps
  its articles, events and members until an editor restores it.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from .models import Case, Membership

CREATE_PERMISSION = "timeline.add_case"
# Paths under /cases/ that a case's slug must not take.
RESERVED_SLUGS = {"new", "archived"}
SLUG_LENGTH = Case._meta.get_field("slug").max_length


class CaseError(ValueError):
    """A case or membership change that cannot be made, with the reason."""


def can_create_cases(user: AbstractBaseUser) -> bool:
    return bool(
        user.is_authenticated and (user.is_staff or user.has_perm(CREATE_PERMISSION))
    )


def unique_slug(title: str) -> str:
    """A slug from the title, numbered when another case (archived ones included)
    or a reserved path already has it: "rust", "rust-2", "rust-3"."""
    base = slugify(title)[: SLUG_LENGTH - 4].strip("-") or "case"
    taken = set(
        Case.objects.filter(slug__startswith=base).values_list("slug", flat=True)
    )
    taken |= RESERVED_SLUGS
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def create_case(title: str, description: str, creator: AbstractBaseUser) -> Case:
    """A new case with the creator as its editor."""
    title = " ".join(title.split())
    if not title:
        raise CaseError("Give the case a title.")
    try:
        with transaction.atomic():
            case = Case.objects.create(
                title=title, slug=unique_slug(title), description=description.strip()
            )
            Membership.objects.create(
                case=case, user=creator, role=Membership.Role.EDITOR
            )
    except IntegrityError:
        # Someone created a case with the same title at the same moment.
        raise CaseError(
            "A case with this title was created just now: try again."
        ) from None
    return case


def find_user(identifier: str) -> AbstractBaseUser:
    """The one active user with this username or e-mail address (either case)."""
    identifier = identifier.strip()
    if not identifier:
        raise CaseError("Give a username or an e-mail address.")
    User = get_user_model()
    users = list(
        User.objects.filter(is_active=True).filter(
            Q(**{f"{User.USERNAME_FIELD}__iexact": identifier})
            | Q(email__iexact=identifier)
        )[:2]
    )
    if not users:
        raise CaseError(
            f"No user “{identifier}”. Ask an administrator to create the account first."
        )
    if len(users) > 1:
        raise CaseError(
            f"Several users have the address “{identifier}”: give the username."
        )
    return users[0]


def _role(role: str) -> str:
    if role not in Membership.Role.values:
        raise CaseError(
            f"Unknown role “{role}”: use {', '.join(Membership.Role.values)}."
        )
    return role


def add_member(case: Case, identifier: str, role: str) -> Membership:
    """Give an existing user a role in the case."""
    role = _role(role)
    user = find_user(identifier)
    if case.memberships.filter(user=user).exists():
        raise CaseError(
            f"{user.get_username()} is already a member of this case: "
            "change their role instead."
        )
    try:
        with transaction.atomic():
            return Membership.objects.create(case=case, user=user, role=role)
    except IntegrityError:
        # Another editor added the same person a moment ago.
        raise CaseError(
            f"{user.get_username()} is already a member of this case."
        ) from None


def _editors_left_without(membership: Membership) -> int:
    """Editors of the case other than this member, with the rows locked so that
    two editors demoting each other at once cannot leave the case without one."""
    others = Membership.objects.select_for_update().filter(
        case_id=membership.case_id, role=Membership.Role.EDITOR
    )
    return sum(1 for m in others if m.pk != membership.pk)


@transaction.atomic
def change_role(membership: Membership, role: str) -> Membership:
    role = _role(role)
    if (
        membership.role == Membership.Role.EDITOR
        and role != Membership.Role.EDITOR
        and not _editors_left_without(membership)
    ):
        raise CaseError(
            f"{membership.user.get_username()} is the case's only editor: "
            "make someone else an editor first."
        )
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def remove_member(membership: Membership) -> None:
    if membership.role == Membership.Role.EDITOR and not _editors_left_without(
        membership
    ):
        raise CaseError(
            f"{membership.user.get_username()} is the case's only editor and "
            "cannot be removed: make someone else an editor first."
        )
    membership.delete()


def archive_case(case: Case) -> None:
    if case.archived_at is None:
        case.archived_at = timezone.now()
        case.save(update_fields=["archived_at"])


def restore_case(case: Case) -> None:
    if case.archived_at is not None:
        case.archived_at = None
        case.save(update_fields=["archived_at"])
