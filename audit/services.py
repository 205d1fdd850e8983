"""Writing audit events. `record` is the only way rows enter the audit table."""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.http import HttpRequest

from audit.models import AuditAction, AuditEvent

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from intake.models import Clinic, Submission


def client_ip(request: HttpRequest) -> str | None:
    """The client address for audit, lockout and rate limits, as the trusted proxy saw it.

    With TRUSTED_PROXY_COUNT = 0 the socket address is used and X-Forwarded-For is
    ignored, since any client can send it. With N trusted proxies, each appending the
    address it received from, the N-th entry from the right is the one our outermost
    proxy saw; entries further left were supplied by the client and are not trusted.
    """
    remote = _valid_ip(request.META.get("REMOTE_ADDR", ""))
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < proxies:
        return remote
    return _valid_ip(hops[-proxies]) or remote


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def record(
    action: AuditAction,
    *,
    request: HttpRequest | None = None,
    user: AbstractBaseUser | AnonymousUser | None = None,
    clinic: Clinic | None = None,
    submission: Submission | None = None,
    **detail: Any,
) -> AuditEvent:
    """Append one audit event. `detail` holds codes and field names, never patient data."""
    if user is None and request is not None:
        user = getattr(request, "user", None)
    actor = user if user is not None and user.is_authenticated else None
    if clinic is None and submission is not None:
        clinic = submission.clinic
    return AuditEvent.objects.create(
        actor=actor,
        actor_username=actor.get_username() if actor is not None else "",
        action=action,
        clinic=clinic,
        submission=submission,
        ip_address=client_ip(request) if request is not None else None,
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:200] if request is not None else "",
        detail=detail,
    )
