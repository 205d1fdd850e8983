"""The one door from the rest of the app into the rules: `assess(case_data)`.

It parses the canonical case and evaluates it. Bad input raises `CaseError` (the
caller shows it). A failure inside the rules never loses an intake and never turns
it into a routine case: the outcome is marked failed, with urgent urgency, so the
case goes to a clinician for manual review.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from triage import rules
from triage.case import parse_case

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
