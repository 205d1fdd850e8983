"""The clinic intake API: JSON in and out, a clinic's bearer key instead of a login.

`POST /api/v1/intakes` stores an intake for the key's clinic through the same
service as the web form. It answers 201 with `{"id", "reference", "result"}` when
it stores one, and 200 with the same body (and `Idempotent-Replayed: true`) when
the Idempotency-Key was seen before for that clinic, whatever the new body holds.
`GET /api/v1/intakes/<id>` returns the stored result to a key of the same clinic;
any other id is 404. `GET /api/v1/schema` serves the JSON Schema of the POST body.
Errors are JSON too: `{"error", "message"}`, plus `errors: [{"field", "code",
"message"}]` for a body that does not validate.
"""

from __future__ import annotations

import functools
import json
import logging
import uuid
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt

from audit.models import AuditAction
from audit.services import record
from intake.models import Submission
from intake.ratelimit import check_intake_rate
from intake.services import PatientDetails
from interop import services
from interop.forms import FORBIDDEN_CHARACTERS, PatientForm
from interop.models import ApiKey
from interop.schema import intake_schema
from triage.case import CaseError, parse_case

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 64 * 1024
MAX_IDEMPOTENCY_KEY_CHARS = 64 - len(services.API_IDEMPOTENCY_NAMESPACE)
REALM = 'Bearer realm="intake-api"'
BODY_KEYS = ("case", "patient")

View = Callable[..., HttpResponse]


class ApiError(Exception):
    def __init__(self, status: int, error: str, message: str, errors: list[dict[str, str]] | None = None):
        super().__init__(message)
        self.status, self.error, self.message, self.errors = status, error, message, errors

    def response(self) -> JsonResponse:
        body: dict[str, Any] = {"error": self.error, "message": self.message}
        if self.errors is not None:
            body["errors"] = self.errors
        return json_response(body, status=self.status)


def json_response(data: dict[str, Any], status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status)
    add_never_cache_headers(response)
    return response


def api_view(*methods: str) -> Callable[[View], View]:
    """Public to the login middleware and CSRF (bearer keys instead); JSON 405 otherwise."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method not in methods:
                response = ApiError(405, "method_not_allowed", f"Use {' or '.join(methods)}.").response()
                response["Allow"] = ", ".join(methods)
                return response
            return view(request, *args, **kwargs)

        return csrf_exempt(login_not_required(wrapper))

    return decorate


def check_rate_limit(request: HttpRequest) -> HttpResponse | None:
    """A 429 response when this caller is over the intake limits shared with the web form, else None."""
    if check_intake_rate(request):
        return None
    message = "Too many intakes from this address; try again later."
    response = ApiError(429, "rate_limited", message).response()
    response["Retry-After"] = str(getattr(request, "rate_limit_retry_after", 60))
    return response


def authenticate(request: HttpRequest) -> ApiKey | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return services.authenticate(token.strip())


def unauthorized(request: HttpRequest) -> JsonResponse:
    given = bool(request.headers.get("Authorization"))
    message = "This API key is not valid or was revoked." if given else "Send Authorization: Bearer <key>."
    response = ApiError(401, "invalid_token" if given else "missing_token", message).response()
    response["WWW-Authenticate"] = f'{REALM}, error="invalid_token"' if given else REALM
    if given:
        logger.info("Intake API call with an unknown or revoked key from %s", request.META.get("REMOTE_ADDR"))
    return response


def read_json(request: HttpRequest) -> Any:
    media_type = request.content_type or ""
    if media_type.lower() != "application/json":
        raise ApiError(415, "unsupported_media_type", "Send the body as Content-Type: application/json.")
    declared = request.META.get("CONTENT_LENGTH") or "0"
    if (declared.isdigit() and int(declared) > MAX_BODY_BYTES) or len(request.body) > MAX_BODY_BYTES:
        raise ApiError(413, "body_too_large", f"The body must be at most {MAX_BODY_BYTES} bytes.")
    try:
        return json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ApiError(400, "invalid_json", "The body is not valid UTF-8 JSON.") from None
    except RecursionError:  # thousands of nested brackets fit in the size limit
        raise ApiError(400, "invalid_json", "The body is nested too deeply.") from None


def idempotency_key(request: HttpRequest) -> str:
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key:
        raise ApiError(400, "missing_idempotency_key", "Send an Idempotency-Key header (e.g. a UUID).")
    if len(key) > MAX_IDEMPOTENCY_KEY_CHARS or not all("!" <= char <= "~" for char in key):
        raise ApiError(
            400,
            "invalid_idempotency_key",
            f"The Idempotency-Key must be 1 to {MAX_IDEMPOTENCY_KEY_CHARS} visible ASCII characters.",
        )
    return key


def validate_intake(body: Any) -> tuple[dict[str, Any], PatientDetails]:
    """The case and the patient of a POST body, or ApiError(400) listing every fault found."""
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_body", "The body must be a JSON object with case and patient.")
    errors = [error(key, "unknown_field", "Not a field of the body.") for key in body if key not in BODY_KEYS]
    errors += [error(key, "required", "This field is required.") for key in BODY_KEYS if key not in body]
    case: Any = body.get("case")
    if "case" in body:
        errors += case_errors(case)
    patient, patient_problems = patient_details(body.get("patient"))
    if "patient" in body:
        errors += patient_problems
    if errors or patient is None:
        raise ApiError(400, "invalid_body", "The body has errors; see errors.", errors)
    return case, patient


def error(field: str, code: str, message: str) -> dict[str, str]:
    return {"field": field, "code": code, "message": message}


def case_errors(case: Any) -> list[dict[str, str]]:
    try:
        parse_case(case)
    except CaseError as problem:
        field = "case" if problem.field == "case" else f"case.{problem.field}"
        return [error(field, "invalid", problem.problem)]
    bad_text = unsafe_text_path(case, "case")
    message = "Contains invalid Unicode or an invisible direction override."
    return [error(bad_text, "invalid_text", message)] if bad_text else []


def unsafe_text_path(value: Any, path: str) -> str | None:
    """The path of a string holding a lone surrogate (valid JSON, not storable text) or a
    bidirectional override (it makes the dashboard show text other than what is stored)."""
    if isinstance(value, str):
        unsafe = any("\ud800" <= char <= "\udfff" or char in FORBIDDEN_CHARACTERS for char in value)
        return path if unsafe else None
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        found = unsafe_text_path(item, f"{path}.{key}" if isinstance(key, str) else f"{path}[{key}]")
        if found:
            return found
    return None


def patient_details(data: Any) -> tuple[PatientDetails | None, list[dict[str, str]]]:
    if not isinstance(data, dict):
        return None, [error("patient", "invalid", "Must be an object with at least a name.")]
    fields = PatientForm.base_fields
    unknown = [
        error(f"patient.{k}", "unknown_field", "Not a patient field.") for k in data if k not in fields
    ]
    form = PatientForm(data={k: v for k, v in data.items() if k in fields})
    if not form.is_valid() or unknown:
        problems = [
            error(f"patient.{name}", problem.code or "invalid", " ".join(problem.messages))
            for name, problem_list in form.errors.as_data().items()
            for problem in problem_list
        ]
        return None, unknown + problems
    return PatientDetails(**form.cleaned_data), []


def intake_body(submission: Submission) -> dict[str, Any]:
    return {"id": str(submission.pk), "reference": submission.reference, "result": submission.result}


@api_view("POST")
def intakes(request: HttpRequest) -> HttpResponse:
    limited = check_rate_limit(request)
    if limited is not None:
        return limited
    api_key = authenticate(request)
    if api_key is None:
        return unauthorized(request)
    try:
        body = read_json(request)
        key = idempotency_key(request)
        case, patient = validate_intake(body)
    except ApiError as problem:
        return problem.response()
    submission, created = services.submit_api_intake(api_key, case, patient, key, request=request)
    response = json_response(intake_body(submission), status=201 if created else 200)
    if created:
        response["Location"] = reverse("api:intake", args=[submission.pk])
    else:
        response["Idempotent-Replayed"] = "true"
    return response


@api_view("GET")
def intake(request: HttpRequest, submission_id: str) -> HttpResponse:
    api_key = authenticate(request)
    if api_key is None:
        return unauthorized(request)
    submission = find_submission(api_key, submission_id)
    if submission is None:
        return ApiError(404, "not_found", "No intake with this id for this key's clinic.").response()
    record(
        AuditAction.CASE_VIEWED, request=request, submission=submission, via="api", key_prefix=api_key.prefix
    )
    return json_response(intake_body(submission))


def find_submission(api_key: ApiKey, submission_id: str) -> Submission | None:
    try:
        pk = uuid.UUID(submission_id)
    except ValueError:
        return None
    return Submission.objects.filter(clinic=api_key.clinic, pk=pk).first()


@api_view("GET")
def schema(request: HttpRequest) -> HttpResponse:
    response = JsonResponse(intake_schema(), json_dumps_params={"indent": 2})
    response["Content-Type"] = "application/schema+json"
    return response
