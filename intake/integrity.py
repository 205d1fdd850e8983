"""Integrity checks over stored submissions (`manage.py verify_integrity`).

Every submission must have its triage result (every key of the `triage_case`
contract), flag rows that match the result, and its `submission_created` audit
event. Each check is one query over the whole table, so it runs in seconds on
hundreds of thousands of rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef

from audit.models import AuditAction, AuditEvent
from intake.models import Submission

RESULT_KEYS = ("rules_version", "category", "urgency", "imaging", "flags", "rules_fired", "startback", "odi",
               "patient_message")  # fmt: skip


@dataclass(frozen=True)
class Problem:
    reference: str
    submission_id: str
    problem: str


def find_problems() -> list[Problem]:
    problems: list[Problem] = []
    submissions = Submission.objects.only("id", "reference", "result", "category", "urgency", "triage_failed")
    created = AuditEvent.objects.filter(submission=OuterRef("pk"), action=AuditAction.SUBMISSION_CREATED)
    for s in submissions.annotate(audited=Exists(created), flag_count=Count("flag_rows")).iterator(2000):
        result = s.result if isinstance(s.result, dict) else {}
        missing = [key for key in RESULT_KEYS if key not in result]
        if missing:
            problems.append(Problem(s.reference, str(s.pk), f"result lacks {', '.join(missing)}"))
        elif result["urgency"] != s.urgency or result["category"] != s.category:
            problems.append(Problem(s.reference, str(s.pk), "queue columns differ from the stored result"))
        elif len(result["flags"]) != s.flag_count:
            problems.append(Problem(s.reference, str(s.pk), "flag rows differ from the stored result"))
        if not s.audited:
            problems.append(Problem(s.reference, str(s.pk), "no submission_created audit event"))
        if s.triage_failed is False and result.get("category") is None:
            problems.append(Problem(s.reference, str(s.pk), "no category although triage did not fail"))
    return problems
