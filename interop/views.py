"""FHIR resources (the public Questionnaire and code systems, a case's Bundle) and API key pages.

`/fhir/...` is public: it describes the intake, never a patient. A case's bundle
is served only to staff of the case's clinic, found through the lookup every case
page uses (`triage.access.get_case_or_404`, which also audits a refused one), and
every download is audited. The API key pages are for clinic admins, scoped to the
clinics they administer; creating and revoking keys is audited.
"""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Role
from audit.models import AuditAction
from audit.services import record
from intake.models import Clinic
from interop import codes, services
from interop.bundle import submission_bundle
from interop.forms import ApiKeyForm
from interop.models import ApiKey
from interop.questionnaire import questionnaire
from triage.access import get_case_or_404
from triage.case import CaseError

FHIR_JSON = "application/fhir+json"


def fhir_response(resource: dict[str, Any], status: int = 200) -> HttpResponse:
    return HttpResponse(json.dumps(resource, indent=1), content_type=FHIR_JSON, status=status)


def not_found(message: str) -> HttpResponse:
    issue = {"severity": "error", "code": "not-found", "diagnostics": message}
    return fhir_response({"resourceType": "OperationOutcome", "issue": [issue]}, status=404)


@login_not_required
@require_GET
def questionnaire_resource(request: HttpRequest) -> HttpResponse:
    return fhir_response(questionnaire())


@login_not_required
@require_GET
def code_system(request: HttpRequest, system_id: str) -> HttpResponse:
    system = codes.code_systems().get(system_id)
    if system is None:
        return not_found(f"No code system {system_id}.")
    return fhir_response(codes.code_system_resource(system))


@require_GET
def case_bundle(request: HttpRequest, case_id: UUID) -> HttpResponse:
    submission = get_case_or_404(request, case_id)
    try:
        bundle = submission_bundle(submission)
    except CaseError as problem:
        message = f"This case cannot be exported: its stored answer {problem.field!r} no longer parses."
        return HttpResponse(message, status=409, content_type="text/plain")
    record(AuditAction.CASE_EXPORTED, request=request, submission=submission, format="fhir")
    response = fhir_response(bundle)
    response["Content-Disposition"] = f'attachment; filename="case-{submission.reference}.fhir.json"'
    add_never_cache_headers(response)
    return response


def admin_clinics(request: HttpRequest) -> QuerySet[Clinic]:
    """The clinics the user administers; refuses (and audits) anyone who administers none."""
    user: Any = request.user
    clinics = Clinic.objects.filter(memberships__user=user, memberships__role=Role.CLINIC_ADMIN)
    if not clinics.exists():
        record(AuditAction.ACCESS_DENIED, request=request, page="api_keys")
        raise PermissionDenied("Only a clinic admin can manage API keys.")
    return clinics


@require_http_methods(["GET", "POST"])
def api_keys(request: HttpRequest) -> HttpResponse:
    clinics = admin_clinics(request)
    form = ApiKeyForm(request.POST or None, clinics=clinics)
    if request.method == "POST" and form.is_valid():
        api_key, secret = services.create_api_key(
            form.cleaned_data["clinic"], form.cleaned_data["name"], created_by=request.user, request=request
        )
        response = render(request, "interop/api_key_created.html", {"api_key": api_key, "secret": secret})
        add_never_cache_headers(response)
        return response
    keys = ApiKey.objects.filter(clinic__in=clinics).select_related("clinic", "created_by")
    return render(request, "interop/api_keys.html", {"form": form, "keys": keys})


@require_POST
def revoke_api_key(request: HttpRequest, key_id: UUID) -> HttpResponse:
    api_key = get_object_or_404(ApiKey.objects.filter(clinic__in=admin_clinics(request)), pk=key_id)
    if services.revoke_api_key(api_key, request=request):
        messages.success(request, f"The key “{api_key.name}” ({api_key.prefix}…) was revoked.")
    return redirect("api_keys:list")
