"""Who may see which case and clinic on the staff side, and the frame every staff page shares.

`get_case_or_404` is the one way a case view finds its case: it starts from
`Submission.objects.for_user`, so a case of another clinic is a 404 on GET and POST
alike, and the miss is logged (ids only) and audited as `access_denied`. A user's
memberships are read once per request and reused by the navigation and by the
clinic-admin checks.
"""

from __future__ import annotations

import logging
from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.models import Membership, Role
from audit.models import AuditAction
from audit.services import record
from intake.models import Clinic, Submission

logger = logging.getLogger(__name__)


def memberships(request: HttpRequest) -> list[Membership]:
    """The user's clinic memberships, by clinic name; one query per request."""
    cached: list[Membership] | None = getattr(request, "_staff_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user_id=request.user.pk)
            .select_related("clinic")
            .order_by("clinic__name")
        )
        request._staff_memberships = cached  # type: ignore[attr-defined]
    return cached


def user_clinics(request: HttpRequest) -> list[Clinic]:
    return [membership.clinic for membership in memberships(request)]


def admin_clinics(request: HttpRequest) -> list[Clinic]:
    return [m.clinic for m in memberships(request) if m.role == Role.CLINIC_ADMIN]


def get_admin_clinic_or_404(request: HttpRequest, slug: str) -> Clinic:
    for clinic in admin_clinics(request):
        if clinic.slug == slug:
            return clinic
    deny(request, clinic_slug=slug)
    raise Http404("No such clinic.")


def get_case_or_404(request: HttpRequest, case_id: UUID) -> Submission:
    """The case, if it belongs to one of the user's clinics; otherwise 404 (and an audit event)."""
    case = (
        Submission.objects.for_user(request.user)
        .select_related("clinic", "assignee")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        # Read the owning clinic only to file the event where that clinic's admin sees it.
        owner = Submission.objects.filter(pk=case_id).values_list("clinic", flat=True).first()
        deny(request, clinic_id=owner, case_id=str(case_id))
        raise Http404("No such case.")
    return case


def deny(request: HttpRequest, clinic_id: int | None = None, **detail: Any) -> None:
    logger.warning("Staff access denied: user=%s path=%s", request.user.pk, request.path)
    clinic = Clinic(pk=clinic_id) if clinic_id is not None else None
    record(AuditAction.ACCESS_DENIED, request=request, clinic=clinic, method=request.method, **detail)


def render_staff(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """Render a dashboard page with what the navigation needs."""
    nav = {"is_clinic_admin": bool(admin_clinics(request)), "admin_clinics": admin_clinics(request)}
    return render(request, template, {**context, "nav": nav}, status=status)
