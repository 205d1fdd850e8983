"""Builders for dashboard tests: the three-user team and cases placed in time and state."""

import datetime as dt
from dataclasses import dataclass
from typing import Any
from unittest import mock

from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.models import Membership, Role
from intake.models import Clinic, Submission
from tests.factories import make_clinic, make_submission

# Canonical-case overrides that give each urgency (see tests/triage_cases.py for the base case).
EMERGENCY = {"saddle_anesthesia": True}
URGENT = {"cancer_history": True, "cancer_type": "breast"}
ROUTINE: dict[str, Any] = {}
RADICULAR = {"leg_pain": "one_leg", "leg_pain_below_knee": True, "pain_location": ["lower_back", "leg"]}


@dataclass
class Team:
    clinic: Clinic
    other_clinic: Clinic
    clinician: Any
    colleague: Any
    admin: Any
    outsider: Any


def make_staff(username: str, clinic: Clinic | None = None, role: str = Role.CLINICIAN) -> Any:
    """A staff user without a password (tests log in with force_login; hashing is slow)."""
    user = get_user_model().objects.create_user(username=username, first_name=username.title())
    if clinic is not None:
        Membership.objects.create(user=user, clinic=clinic, role=role)
    return user


def make_team() -> Team:
    clinic, other = make_clinic("north"), make_clinic("south")
    return Team(
        clinic=clinic,
        other_clinic=other,
        clinician=make_staff("alice", clinic),
        colleague=make_staff("bob", clinic),
        admin=make_staff("carol", clinic, role=Role.CLINIC_ADMIN),
        outsider=make_staff("mallory", other, role=Role.CLINIC_ADMIN),
    )


def make_case(
    clinic: Clinic,
    name: str = "Pat Example",
    *,
    hours_ago: float = 1,
    status: str | None = None,
    assignee: Any = None,
    **case: Any,
) -> Submission:
    """A submission through the real service, then moved back in time and into a state."""
    submission = make_submission(clinic, name=name, **case)
    received = timezone.now() - dt.timedelta(hours=hours_ago)
    shift = received - submission.received_at
    changes: dict[str, Any] = {"received_at": received, "review_due_at": submission.review_due_at + shift}
    if status is not None:
        changes["status"] = status
    if assignee is not None:
        changes["assignee"] = assignee
    Submission.objects.filter(pk=submission.pk).update(**changes)
    submission.refresh_from_db()
    return submission


def make_failed_case(clinic: Clinic, name: str = "Pat Failed") -> Submission:
    with mock.patch("triage.rules.evaluate", side_effect=RuntimeError("rules bug")):
        return make_case(clinic, name)
