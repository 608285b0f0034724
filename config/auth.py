"""Login throttling (django-axes): repeated failures lock out the username and
the address they came from."""

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class LoginThrottleBackend(AxesStandaloneBackend):
    """Refuses every login attempt while its username or address is locked out.

    Only logins over the web are throttled: code that authenticates without a
    request (a management command, the test client's login) is not a way to
    guess passwords from outside, and axes would otherwise refuse it outright.
    """

    def authenticate(self, request: HttpRequest | None, *args, **kwargs) -> None:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)
