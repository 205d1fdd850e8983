"""Storing an intake: the one place a `Submission` is created, for the web form and the API.

`submit_case` runs in one transaction: it triages the case, stores the submission
with its full result, its flag rows, its audit event and (for emergency and urgent
cases) an outbox notification, and deletes the draft it came from. The idempotency
key, under a unique constraint, makes a retry or a double click return the first
submission instead of a second one.

For the web form, `submit_draft` builds the canonical case from a draft and calls
`submit_case`; `emergency_advice_due` and `record_emergency_advice_shown` drive the
emergency interrupt between steps.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from audit.models import AuditAction
from audit.services import record
from intake.canonical import build_case
from intake.drafts import META, emergency_shown, patient_answers
from intake.models import URGENCY_RANK, Clinic, Draft, Notification, Source, Submission, SubmissionFlag
from intake.notifications import deliver_after_commit
from triage.services import Outcome, assess

# Unambiguous characters for reference codes read over the phone (no 0/O, 1/I/L, U).
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"


@dataclass(frozen=True)
class PatientDetails:
    name: str
    date_of_birth: dt.date | None = None
    phone: str = ""
    email: str = ""


def new_reference() -> str:
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{code[:4]}-{code[4:]}"


def add_working_days(start: dt.datetime, days: int) -> dt.datetime:
    """`start` moved forward by `days` weekdays (Saturday and Sunday do not count)."""
    moved = start
    while days > 0:
        moved += dt.timedelta(days=1)
        if moved.weekday() < 5:
            days -= 1
    return moved


def review_due_at(clinic: Clinic, urgency: str, received_at: dt.datetime) -> dt.datetime:
    if urgency == "emergency":
        return received_at + dt.timedelta(minutes=clinic.emergency_target_minutes)
    if urgency == "urgent":
        return add_working_days(received_at, clinic.urgent_target_working_days)
    return add_working_days(received_at, clinic.routine_target_working_days)


def submit_case(
    *,
    clinic: Clinic,
    case_data: Mapping[str, Any],
    patient: PatientDetails,
    idempotency_key: str,
    answers: Mapping[str, Any] | None = None,
    language: str = "en",
    source: str = Source.WEB,
    emergency_advice_shown_at: dt.datetime | None = None,
    draft: Draft | None = None,
    request: HttpRequest | None = None,
) -> tuple[Submission, bool]:
    """Store one intake exactly once. Returns (submission, created).

    Raises `triage.case.CaseError` when the case is not a valid canonical case.
    """
    existing = Submission.objects.filter(clinic=clinic, idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing, False
    outcome = assess(case_data)
    for _ in range(3):  # a fresh reference code on the (rare) collision
        try:
            with transaction.atomic():
                submission = _store(
                    clinic,
                    outcome,
                    case_data,
                    patient,
                    idempotency_key,
                    answers or {},
                    language,
                    source,
                    emergency_advice_shown_at,
                    request,
                )
                if draft is not None:
                    Draft.objects.filter(pk=draft.pk).delete()
        except IntegrityError:
            existing = Submission.objects.filter(clinic=clinic, idempotency_key=idempotency_key).first()
            if existing is not None:
                return existing, False
            continue
        deliver_after_commit(submission)
        return submission, True
    raise IntegrityError("Could not allocate a unique reference code.")


def _store(
    clinic: Clinic,
    outcome: Outcome,
    case_data: Mapping[str, Any],
    patient: PatientDetails,
    idempotency_key: str,
    answers: Mapping[str, Any],
    language: str,
    source: str,
    emergency_advice_shown_at: dt.datetime | None,
    request: HttpRequest | None,
) -> Submission:
    now = timezone.now()
    result = outcome.result
    urgency = result["urgency"]
    if outcome.is_emergency and emergency_advice_shown_at is None and source == Source.WEB:
        emergency_advice_shown_at = now  # the receipt shows it at once
    submission = Submission.objects.create(
        reference=new_reference(),
        clinic=clinic,
        idempotency_key=idempotency_key,
        source=source,
        received_at=now,
        language=language,
        patient_name=patient.name,
        date_of_birth=patient.date_of_birth,
        phone=patient.phone,
        email=patient.email,
        answers=dict(answers),
        case=dict(case_data),
        result=result,
        decided_by=outcome.decided_by,
        category=result["category"],
        urgency=urgency,
        urgency_rank=URGENCY_RANK[urgency],
        imaging=result["imaging"],
        startback_risk=(result["startback"] or {}).get("risk"),
        rules_version=result["rules_version"],
        triage_failed=outcome.failed,
        emergency_advice_shown_at=emergency_advice_shown_at,
        review_due_at=review_due_at(clinic, urgency, now),
    )
    SubmissionFlag.objects.bulk_create(SubmissionFlag(submission=submission, flag=f) for f in result["flags"])
    record(
        AuditAction.SUBMISSION_CREATED,
        request=request,
        submission=submission,
        source=source,
        urgency=urgency,
        triage_failed=outcome.failed,
    )
    if urgency in ("emergency", "urgent") and clinic.alert_email:
        Notification.objects.create(submission=submission, recipient=clinic.alert_email, next_attempt_at=now)
    return submission


def submit_draft(draft: Draft, request: HttpRequest | None = None) -> Submission:
    """Submit a complete draft once: build its canonical case and store it (see `submit_case`)."""
    answers = patient_answers(draft)
    about = answers.get("about", {})
    born = about.get("date_of_birth")
    patient = PatientDetails(
        name=about.get("name") or "",
        date_of_birth=dt.date.fromisoformat(born) if born else None,
        phone=about.get("phone") or "",
        email=about.get("email") or "",
    )
    submission, _ = submit_case(
        clinic=draft.clinic,
        case_data=build_case(answers, timezone.localdate()),
        patient=patient,
        idempotency_key=draft.idempotency_key,
        answers=answers,
        language=draft.language,
        emergency_advice_shown_at=draft.emergency_advice_shown_at,
        draft=draft,
        request=request,
    )
    return submission


def emergency_advice_due(draft: Draft) -> str | None:
    """The emergency message key the answers so far call for, if it has not been shown yet."""
    key = draft_triage(draft)[1].result["patient_message"]
    return key if key.startswith("emergency_") and key not in emergency_shown(draft) else None


def draft_triage(draft: Draft) -> tuple[dict[str, Any], Outcome]:
    """The canonical case of the answers given so far, and its triage (unasked questions are None)."""
    case = build_case(patient_answers(draft), timezone.localdate())
    return case, assess(case)


def record_emergency_advice_shown(draft: Draft, key: str, request: HttpRequest) -> None:
    """The patient has seen emergency message `key`: remember it on the draft and audit it."""
    if key in emergency_shown(draft):
        return
    with transaction.atomic():
        draft.answers.setdefault(META, {}).setdefault("emergency_shown", []).append(key)
        if draft.emergency_advice_shown_at is None:
            draft.emergency_advice_shown_at = timezone.now()
        draft.save(update_fields=["answers", "emergency_advice_shown_at", "updated_at"])
        record(
            AuditAction.EMERGENCY_ADVICE_SHOWN,
            request=request,
            clinic=draft.clinic,
            draft=str(draft.id),
            message=key,
        )
