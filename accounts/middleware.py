"""Session lifetimes and the second-factor gate for staff.

`SessionTimeoutMiddleware` is the one place session lifetimes are set. Staff sessions
slide on a 30-minute idle window (SESSION_COOKIE_AGE) and end
12 hours after login whatever the activity (STAFF_SESSION_MAX_AGE; ASVS 7.3.2, NIST
AAL2). Anonymous sessions that hold something (a patient's receipt, or a one-shot
note of the intake) get the longer PATIENT_SESSION_AGE idle window, as the intake cookie
does (intake/browser.py): a patient in pain who pauses should not lose their place. The window is
pushed forward at most once every SESSION_REFRESH_SECONDS, not on every request: a
page view then costs no session write, and a session may end up to that many seconds
before the full idle window has passed (never after).

`MFARequiredMiddleware` is the partial-login gate (the OpenEMR CVE-2018-15152 lesson):
while MFA_REQUIRED is on, a user who passed the password but not the second factor
reaches only views marked `mfa_not_required` (verify, set-up, logout) and public views
marked `login_not_required`; everything else redirects to the verify page.
"""

import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse
from django.utils.translation import gettext as _

SESSION_AUTH_AT = "accounts_authenticated_at"
SESSION_SEEN_AT = "accounts_seen_at"

View = TypeVar("View", bound=Callable[..., Any])


def is_verified(user: Any) -> bool:
    """True once django-otp's middleware has seen a verified device in this session."""
    check = getattr(user, "is_verified", None)
    return bool(check()) if check is not None else False


def mfa_not_required(view: View) -> View:
    """Let a password-only (not yet verified) user reach this view."""
    view.mfa_not_required = True  # type: ignore[attr-defined]
    return view


class SessionTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.user.is_authenticated:
            if _past_absolute_limit(request):
                request.logout_reason = "absolute_timeout"  # type: ignore[attr-defined]
                logout(request)
                messages.info(request, _("Your session reached its time limit. Please log in again."))
            else:
                _keep_alive(request, settings.SESSION_COOKIE_AGE)
        elif not request.session.is_empty():
            _keep_alive(request, settings.PATIENT_SESSION_AGE)
        return self.get_response(request)


def _keep_alive(request: HttpRequest, idle_seconds: int) -> None:
    """Restart the idle window if it was last restarted a while ago (or for another kind of user)."""
    now = int(time.time())
    seen = int(request.session.get(SESSION_SEEN_AT, 0))
    if (
        now - seen >= settings.SESSION_REFRESH_SECONDS
        or request.session.get("_session_expiry") != idle_seconds
    ):
        request.session[SESSION_SEEN_AT] = now
        request.session.set_expiry(idle_seconds)


def _past_absolute_limit(request: HttpRequest) -> bool:
    started = request.session.get(SESSION_AUTH_AT)
    if started is None:
        request.session[SESSION_AUTH_AT] = time.time()
        return False
    return time.time() - float(started) > float(settings.STAFF_SESSION_MAX_AGE)


class MFARequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponseBase | None:
        if not settings.MFA_REQUIRED or not request.user.is_authenticated:
            return None
        if not getattr(view_func, "login_required", True) or getattr(view_func, "mfa_not_required", False):
            return None
        if is_verified(request.user):
            return None
        return redirect_to_login(request.get_full_path(), reverse("mfa_verify"))
