"""Who may do what in a case. Every case view goes through here, so the rules hold
on the server whatever the templates show."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from .models import Membership

READ, EDIT, REVIEW = "read", "edit", "review"


def get_membership(request: HttpRequest, slug: str, need: str = READ) -> Membership:
    """The user's membership of the case, or 404 for outsiders and 403 for a role
    that may not do what the view does."""
    membership = (
        Membership.objects.select_related("case")
        .filter(case__slug=slug, user_id=request.user.pk)
        .first()
    )
    if membership is None:
        # Outsiders must not learn whether a case exists.
        raise Http404("No such case")
    if need == EDIT and not membership.can_edit:
        raise PermissionDenied("Your role in this case does not allow editing.")
    if need == REVIEW and not membership.can_review:
        raise PermissionDenied("Only an editor of this case can do this.")
    return membership
