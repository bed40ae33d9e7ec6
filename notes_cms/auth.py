"""Login throttling: django-axes, fitted to how this site is deployed."""

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_client_username
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


class LoginThrottleBackend(AxesStandaloneBackend):
    """Refuses a locked-out user name and address before any password check.

    Throttling is about logins over HTTP, which always carry their request.
    `authenticate()` without one (Django's test client `login()`, a shell)
    has no client address to throttle, so it goes straight to the password
    check instead of failing as django-axes' own backend does.
    """

    def authenticate(self, request: HttpRequest | None, *args, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


def lockout_response(
    request: HttpRequest, original_response, credentials
) -> HttpResponse:
    """The page a locked-out login gets (429), saying for how long."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "username": get_client_username(request, credentials) or "",
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "login_locked.html", context, status=429)
