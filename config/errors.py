"""Error pages that must work when the rest of Caseline cannot."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.views.defaults import server_error


def server_error_or_outage(request: HttpRequest) -> HttpResponse:
    """handler500. A database that cannot be reached (refused, dropped, shutting
    down) is an outage, not a bug: answer 503 and tell the journalist nothing is
    lost. Any other error keeps the plain 500 page."""
    if not isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return server_error(request)
    # Rendered without the request: the context processors would reach for the
    # session and the user, which live in the database.
    body = loader.get_template("503.html").render({})
    return HttpResponse(body, status=503, headers={"Retry-After": "60"})
