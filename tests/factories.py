"""Small builders for database tests: clinics, staff users and stored submissions."""

from typing import Any

from django.contrib.auth import get_user_model

from accounts.models import Membership, Role
from intake.models import Clinic, Submission
from intake.services import PatientDetails, submit_case
from tests.triage_cases import case_data

PASSWORD = "a-long-test-password-42"


def make_clinic(slug: str = "north", **fields: Any) -> Clinic:
    defaults = {"name": f"{slug.title()} Physio", "phone": "555-0101", "alert_email": f"alerts@{slug}.test"}
    return Clinic.objects.create(slug=slug, **(defaults | fields))


def make_user(username: str, clinic: Clinic | None = None, role: str = Role.CLINICIAN):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    if clinic is not None:
        Membership.objects.create(user=user, clinic=clinic, role=role)
    return user


def make_submission(
    clinic: Clinic, key: str | None = None, name: str = "Pat Example", **case: Any
) -> Submission:
    submission, _ = submit_case(
        clinic=clinic,
        case_data=case_data(**case),
        patient=PatientDetails(name=name),
        idempotency_key=key or f"key-{Submission.objects.count()}-{name}"[:64],  # the column's length
    )
    return submission
