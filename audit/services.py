"""Writing audit events. `record` is the only way rows enter the audit table."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest

from audit.models import AuditAction, AuditEvent

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from intake.models import Clinic, Submission


def client_ip(request: HttpRequest) -> str | None:
    """The client address as the (trusted) proxy or the socket reports it."""
    return request.META.get("REMOTE_ADDR") or None


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
