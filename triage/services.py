"""The one door from the rest of the app into the rules, and the clinicians' review writes.

`assess(case_data)` parses the canonical case and evaluates it. Bad input raises
`CaseError` (the caller shows it). A failure inside the rules never loses an intake
and never turns it into a routine case: the outcome is marked failed, with urgent
urgency, so the case goes to a clinician for manual review.

The review functions below it (claim, assign, decide, notes, contact log, claim
next, review targets) are the only writes the dashboard makes; each is one
transaction with its audit event.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from audit.models import AuditAction
from audit.services import record
from intake.models import Clinic, Status, Submission
from triage import rules
from triage.case import parse_case
from triage.models import CaseNote, ContactAttempt, Decision, RuleOutcome

logger = logging.getLogger(__name__)

FAILED_RESULT: dict[str, Any] = {
    "rules_version": rules.RULES_VERSION,
    "category": None,
    "urgency": "urgent",
    "imaging": None,
    "flags": [],
    "rules_fired": [],
    "startback": None,
    "odi": None,
    "patient_message": "urgent_review",
}


@dataclass(frozen=True)
class Outcome:
    result: dict[str, Any]  # the `triage_case` contract's shape
    decided_by: dict[str, str] = field(default_factory=dict)
    missing_answers: tuple[str, ...] = ()
    failed: bool = False

    @property
    def is_emergency(self) -> bool:
        return self.result["urgency"] == "emergency"


def assess(case_data: Mapping[str, Any]) -> Outcome:
    """Triage one canonical case dict; raises `triage.case.CaseError` on bad input."""
    case = parse_case(case_data)
    try:
        result = rules.evaluate(case)
    except Exception:
        logger.exception("Rules module failed; case stored for urgent manual review")
        return Outcome(result=dict(FAILED_RESULT), failed=True)
    return Outcome(
        result=result.as_dict(),
        decided_by=result.decided_by,
        missing_answers=result.missing_answers,
    )


# --- the review workflow (dashboard writes) ---
#
# Each function below is one transaction that changes a case and appends an audit
# event naming the change by codes and field names only (never notes or names).
# Changes to the case row itself go through `_save_versioned`: an UPDATE ... WHERE
# version = <the version the clinician was shown>, so a second clinician working
# from a stale page gets `Conflict` instead of silently overwriting the first.


@dataclass(frozen=True)
class DecisionInput:
    """A clinician's decision as the form cleaned it; outputs hold the final values."""

    outcome: str
    category: str
    urgency: str
    imaging: str
    reason: str
    reason_text: str
    next_step: str


class Conflict(Exception):
    """The case changed after the page was shown; nothing was saved."""


def _save_versioned(case: Submission, version: int, **changes: Any) -> None:
    """Write `changes` only if the case is still at `version`; bump the version."""
    updated = Submission.objects.filter(pk=case.pk, version=version).update(
        version=F("version") + 1, **changes
    )
    if updated != 1:
        raise Conflict(case.pk)
    for name, value in changes.items():
        setattr(case, name, value)
    case.version = version + 1


def _audit_change(
    case: Submission, request: HttpRequest | None, actor: Any, change: str, **detail: Any
) -> None:
    record(
        AuditAction.CASE_CHANGED, request=request, user=actor, submission=case,
        change=change, version=case.version, **detail,
    )  # fmt: skip


def claim(case: Submission, actor: Any, version: int, request: HttpRequest | None = None) -> None:
    """Assign the case to `actor`; a new case moves to "in review"."""
    changes: dict[str, Any] = {"assignee": actor}
    if case.status == Status.NEW:
        changes["status"] = Status.IN_REVIEW
    with transaction.atomic():
        _save_versioned(case, version, **changes)
        _audit_change(case, request, actor, "claimed", fields=sorted(changes))


def assign(
    case: Submission, actor: Any, version: int, assignee: Any | None, request: HttpRequest | None = None
) -> None:
    """Give the case to a colleague of its clinic (or to nobody)."""
    changes: dict[str, Any] = {"assignee": assignee}
    if assignee is not None and case.status == Status.NEW:
        changes["status"] = Status.IN_REVIEW
    with transaction.atomic():
        _save_versioned(case, version, **changes)
        _audit_change(
            case, request, actor, "assigned",
            fields=sorted(changes), assignee_id=assignee.pk if assignee is not None else None,
        )  # fmt: skip


def change_status(
    case: Submission, actor: Any, version: int, status: str, request: HttpRequest | None = None
) -> None:
    """Move the case by hand (close, reopen, return to the queue); the form checks the move."""
    changes: dict[str, Any] = {"status": status}
    if status == Status.NEW:
        changes["assignee"] = None
    previous = case.status
    with transaction.atomic():
        _save_versioned(case, version, **changes)
        _audit_change(
            case, request, actor, "status", fields=sorted(changes), status_from=previous, status_to=status
        )


def rule_outcomes(decided_by: dict[str, str], overridden: set[str]) -> list[tuple[str, list[str], bool]]:
    """(rule, outputs it produced, whether any of them was overridden), per decision rule."""
    by_rule: dict[str, list[str]] = {}
    for output, rule in sorted(decided_by.items()):
        by_rule.setdefault(rule, []).append(output)
    return [
        (rule, outputs, bool(overridden.intersection(outputs))) for rule, outputs in sorted(by_rule.items())
    ]


def record_decision(
    case: Submission, actor: Any, version: int, decision: DecisionInput, request: HttpRequest | None = None
) -> Decision:
    """Store the clinician's decision (agree or override) and mark the case reviewed."""
    overridden = {
        name for name in ("category", "urgency", "imaging") if getattr(decision, name) != getattr(case, name)
    }
    changes: dict[str, Any] = {"status": Status.REVIEWED}
    if case.reviewed_at is None:
        changes["reviewed_at"] = timezone.now()
    if case.assignee_id is None:
        changes["assignee"] = actor
    with transaction.atomic():
        _save_versioned(case, version, **changes)
        Decision.objects.filter(submission=case, current=True).update(current=False)
        saved = Decision.objects.create(submission=case, reviewer=actor, **asdict(decision))
        RuleOutcome.objects.bulk_create(
            RuleOutcome(decision=saved, rule=rule, outputs=",".join(outputs), overridden=was_overridden)
            for rule, outputs, was_overridden in rule_outcomes(case.decided_by or {}, overridden)
        )
        _audit_change(
            case, request, actor, "decision",
            outcome=decision.outcome, overridden=sorted(overridden), reason=decision.reason,
            next_step=decision.next_step, fields=sorted(changes),
        )  # fmt: skip
    return saved


def add_note(case: Submission, actor: Any, text: str, request: HttpRequest | None = None) -> CaseNote:
    """Append a note. Notes never overwrite anything, so they do not need the case version."""
    with transaction.atomic():
        note = CaseNote.objects.create(submission=case, author=actor, text=text)
        _audit_change(case, request, actor, "note_added", note_id=note.pk)
    return note


def log_contact(
    case: Submission, actor: Any, method: str, result: str, text: str = "", request: HttpRequest | None = None
) -> ContactAttempt:
    with transaction.atomic():
        attempt = ContactAttempt.objects.create(
            submission=case, author=actor, method=method, result=result, text=text
        )
        _audit_change(
            case, request, actor, "contact_logged", contact_id=attempt.pk, method=method, result=result
        )
    return attempt


CLAIM_NEXT_TRIES = 5


def claim_next(actor: Any, request: HttpRequest | None = None) -> Submission | None:
    """Give `actor` the most urgent, longest-waiting unclaimed case of their clinics.

    On PostgreSQL the candidate row is locked with SKIP LOCKED, so concurrent callers
    each get a different case without waiting. The UPDATE also re-checks that the
    case is still new and unassigned, which keeps SQLite (no row locks) just as safe.
    """
    candidates = (
        Submission.objects.for_user(actor)
        .filter(status=Status.NEW, assignee__isnull=True)
        .order_by("urgency_rank", "received_at", "id")
        .select_for_update(skip_locked=True, of=("self",))
    )
    with transaction.atomic():
        for _ in range(CLAIM_NEXT_TRIES):
            case = candidates.first()
            if case is None:
                return None
            still_free = Submission.objects.filter(pk=case.pk, status=Status.NEW, assignee__isnull=True)
            if still_free.update(status=Status.IN_REVIEW, assignee=actor, version=F("version") + 1):
                case.status, case.assignee, case.version = Status.IN_REVIEW, actor, case.version + 1
                _audit_change(case, request, actor, "claimed", fields=["assignee", "status"], claim_next=True)
                return case
    return None


TARGET_FIELDS = ("emergency_target_minutes", "urgent_target_working_days", "routine_target_working_days")


def update_review_targets(
    clinic: Clinic, actor: Any, targets: dict[str, int], request: HttpRequest | None = None
) -> int:
    """Change a clinic's review targets and re-date its open cases; returns how many were re-dated."""
    from intake.services import review_due_at  # imported here: intake.services imports this module

    with transaction.atomic():
        before = Clinic.objects.filter(pk=clinic.pk).values(*TARGET_FIELDS).get()
        for name in TARGET_FIELDS:
            setattr(clinic, name, targets[name])
        clinic.save(update_fields=list(TARGET_FIELDS))
        open_cases = list(
            Submission.objects.filter(clinic=clinic, status__in=(Status.NEW, Status.IN_REVIEW)).only(
                "id", "urgency", "received_at", "review_due_at"
            )
        )
        for case in open_cases:
            case.review_due_at = review_due_at(clinic, case.urgency, case.received_at)
        Submission.objects.bulk_update(open_cases, ["review_due_at"], batch_size=500)
        record(
            AuditAction.ADMIN_CHANGE, request=request, user=actor, clinic=clinic,
            change="review_targets", before=before, after={n: targets[n] for n in TARGET_FIELDS},
            redated=len(open_cases),
        )  # fmt: skip
    return len(open_cases)
