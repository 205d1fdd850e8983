import datetime as dt
from unittest import mock

import pytest
from django.core import mail

from audit.models import AuditAction, AuditEvent
from intake.models import Draft, Notification, Submission, SubmissionFlag
from intake.notifications import send_due
from intake.services import PatientDetails, add_working_days, submit_case
from tests.factories import make_clinic
from tests.triage_cases import case_data

pytestmark = pytest.mark.django_db


def submit(clinic, key="k1", **case):
    return submit_case(
        clinic=clinic, case_data=case_data(**case), patient=PatientDetails(name="Pat"), idempotency_key=key
    )


def test_a_submission_stores_the_full_result_its_flags_and_an_audit_event():
    clinic = make_clinic()

    submission, created = submit(clinic, cancer_history=True, age=63)

    assert created
    assert submission.result["category"] == "red_flag_urgent"
    assert set(submission.result) >= {
        "rules_version",
        "flags",
        "rules_fired",
        "startback",
        "odi",
        "patient_message",
    }
    assert (submission.urgency, submission.urgency_rank, submission.imaging) == (
        "urgent",
        1,
        "indicated_urgent",
    )
    assert set(SubmissionFlag.objects.values_list("flag", flat=True)) == {"cancer_history", "age_over_50"}
    assert AuditEvent.objects.get(submission=submission).action == AuditAction.SUBMISSION_CREATED


def test_the_same_idempotency_key_returns_the_first_submission():
    clinic = make_clinic()
    first, _ = submit(clinic, key="same")

    again, created = submit(clinic, key="same", saddle_anesthesia=True)

    assert not created
    assert again.pk == first.pk
    assert Submission.objects.count() == 1


def test_the_same_key_at_two_clinics_gives_two_submissions():
    submit(make_clinic("north"), key="same")
    submit(make_clinic("south"), key="same")

    assert Submission.objects.count() == 2


def test_a_rules_failure_is_stored_as_urgent_for_manual_review_never_routine():
    with mock.patch("triage.rules.evaluate", side_effect=RuntimeError("bug")):
        submission, _ = submit(make_clinic())

    assert submission.triage_failed
    assert submission.urgency == "urgent"
    assert submission.category is None
    assert submission.result["patient_message"] == "urgent_review"


def test_submitting_deletes_the_draft_in_the_same_transaction():
    clinic = make_clinic()
    draft = Draft.objects.create(
        clinic=clinic, idempotency_key="d1", expires_at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    )

    submit_case(
        clinic=clinic,
        case_data=case_data(),
        patient=PatientDetails(name="P"),
        idempotency_key="d1",
        draft=draft,
    )

    assert not Draft.objects.exists()


def test_an_urgent_case_queues_an_alert_that_is_sent_after_commit(django_capture_on_commit_callbacks):
    clinic = make_clinic()

    with django_capture_on_commit_callbacks(execute=True):
        submission, _ = submit(clinic, fever=True)

    alert = Notification.objects.get(submission=submission)
    assert alert.state == Notification.State.SENT
    assert mail.outbox[0].to == [clinic.alert_email]
    assert "Pat" not in mail.outbox[0].body


def test_a_routine_case_sends_no_alert():
    submit(make_clinic())

    assert not Notification.objects.exists()


def test_a_failed_alert_stays_pending_and_is_retried_later():
    submission, _ = submit(make_clinic(), fever=True)

    with mock.patch("intake.notifications.send_mail", side_effect=OSError("connection refused")):
        assert send_due() == (0, 1)

    alert = Notification.objects.get(submission=submission)
    assert alert.state == Notification.State.PENDING
    assert alert.attempts == 1
    assert "connection refused" in alert.last_error
    assert send_due() == (0, 0)  # not due yet: backoff
    assert send_due(now=alert.next_attempt_at) == (1, 0)


def test_emergency_review_target_is_minutes_and_others_are_working_days():
    clinic = make_clinic()

    emergency, _ = submit(clinic, key="e", saddle_anesthesia=True)

    assert emergency.review_due_at - emergency.received_at == dt.timedelta(minutes=15)


def test_working_days_skip_the_weekend():
    friday = dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.UTC)

    assert add_working_days(friday, 1) == dt.datetime(2026, 11, 30, 10, 0, tzinfo=dt.UTC)
    assert add_working_days(friday, 3) == dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.UTC)
