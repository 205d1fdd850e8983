"""Audit and log every login, failed login, lockout and logout (ASVS 16.3.1, HIPAA
164.308(a)(5)(ii)(C)).

Signals are the hooks Django and django-axes offer for these events, and recording
them is not domain logic, so receivers are the right place. The typed password never
reaches here (Django masks it in `credentials`); the attempted username goes into the
audit detail only, not the log. A successful password login also starts the staff
session clock (absolute limit) and the staff idle window.
"""

import logging
import time
from typing import Any

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from accounts import services
from accounts.middleware import SESSION_AUTH_AT
from audit.models import AuditAction
from audit.services import record
from config.logging import log_event


@receiver(user_logged_in, dispatch_uid="accounts.audit_login")
def audit_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is None:
        return
    request.session[SESSION_AUTH_AT] = time.time()
    request.session.set_expiry(settings.SESSION_COOKIE_AGE)
    record(AuditAction.LOGIN, request=request, user=user, factor="password")
    log_event("login.succeeded", request=request, user_id=user.pk, second_factor_due=settings.MFA_REQUIRED)


@receiver(user_login_failed, dispatch_uid="accounts.audit_login_failed")
def audit_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    locked = bool(getattr(request, "axes_locked_out", False))
    if request is not None:
        services.note_failed_login(request)
    username = str(credentials.get("username", ""))[:150]
    record(AuditAction.LOGIN_FAILED, request=request, username=username, factor="password", locked_out=locked)
    log_event("login.failed", request=request, level=logging.WARNING, locked_out=locked)


@receiver(user_locked_out, dispatch_uid="accounts.audit_locked_out")
def audit_locked_out(sender: Any, request: HttpRequest, username: str | None = None, **kwargs: Any) -> None:
    record(AuditAction.LOCKED_OUT, request=request, username=str(username or "")[:150])
    log_event("login.locked_out", request=request, level=logging.WARNING)


@receiver(user_logged_out, dispatch_uid="accounts.audit_logout")
def audit_logout(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is None:
        return
    reason = getattr(request, "logout_reason", "user")
    record(AuditAction.LOGOUT, request=request, user=user, reason=reason)
    log_event("logout", request=request, user_id=user.pk, reason=reason)
