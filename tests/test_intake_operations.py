import datetime as dt
import uuid

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from audit.models import AuditEvent
from intake.models import Draft, Notification, Submission, SubmissionFlag
from tests.factories import make_clinic, make_submission

pytestmark = pytest.mark.django_db


def make_draft(clinic, key, expires_in):
    return Draft.objects.create(clinic=clinic, idempotency_key=key, expires_at=timezone.now() + expires_in)


def test_purge_drafts_deletes_only_expired_drafts(capsys):
    clinic = make_clinic()
    make_draft(clinic, "old", dt.timedelta(seconds=-1))
    fresh = make_draft(clinic, "fresh", dt.timedelta(hours=1))

    call_command("purge_drafts")

    assert list(Draft.objects.all()) == [fresh]
    assert "expired drafts deleted: 1" in capsys.readouterr().out


def test_purge_drafts_never_touches_submissions_or_audit_events():
    clinic = make_clinic()
    make_submission(clinic)
    make_draft(clinic, "old", dt.timedelta(days=-30))

    call_command("purge_drafts")

    assert Submission.objects.count() == 1
    assert AuditEvent.objects.count() == 1


def test_verify_integrity_passes_on_whole_submissions(capsys):
    clinic = make_clinic()
    make_submission(clinic, cancer_history=True)
    make_submission(clinic, name="Other")

    call_command("verify_integrity")

    assert "ok: 2 submissions" in capsys.readouterr().out


def copy_without_audit_trail(submission):
    submission.id, submission.reference, submission.idempotency_key = uuid.uuid4(), "ZZZZ-ZZZZ", "copied"
    submission._state.adding = True
    submission.save()
    return submission


def test_verify_integrity_reports_a_submission_without_its_audit_event(capsys):
    submission = copy_without_audit_trail(make_submission(make_clinic()))

    with pytest.raises(CommandError) as failed:
        call_command("verify_integrity")

    assert failed.value.returncode == 1
    assert (
        f"{submission.reference} {submission.pk}: no submission_created audit event"
        in capsys.readouterr().out
    )


def test_verify_integrity_reports_a_result_missing_keys(capsys):
    submission = make_submission(make_clinic())
    Submission.objects.filter(pk=submission.pk).update(result={"category": "radicular"})

    with pytest.raises(CommandError):
        call_command("verify_integrity")

    assert "result lacks rules_version" in capsys.readouterr().out


def test_verify_integrity_reports_missing_flag_rows(capsys):
    submission = make_submission(make_clinic(), cancer_history=True)
    SubmissionFlag.objects.filter(submission=submission).delete()

    with pytest.raises(CommandError):
        call_command("verify_integrity")

    assert "flag rows differ" in capsys.readouterr().out


def test_send_notifications_once_sends_pending_alerts(capsys, mailoutbox):
    make_submission(make_clinic(), fever=True)

    call_command("send_notifications")

    assert Notification.objects.get().state == Notification.State.SENT
    assert len(mailoutbox) == 1
    assert "alerts sent: 1" in capsys.readouterr().out
