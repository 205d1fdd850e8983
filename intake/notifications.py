"""Clinic alerts through an outbox.

`submit_case` writes a `Notification` row in the same transaction as the
submission, so an alert can never be lost. Right after commit we try to send it;
if the mail server is down the row stays pending and `manage.py send_notifications`
retries it with exponential backoff. The alert names the reference, the urgency and
the case link, never the patient's name or answers.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from intake.models import Notification, Submission

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 12
MAX_BACKOFF = dt.timedelta(hours=1)


def backoff(attempts: int) -> dt.timedelta:
    """Wait before the next try: 1, 2, 4 ... minutes, at most an hour."""
    return min(dt.timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def deliver_after_commit(submission: Submission) -> None:
    transaction.on_commit(lambda: send_due(submission_id=submission.pk))


def send_due(*, submission_id: object | None = None, now: dt.datetime | None = None) -> tuple[int, int]:
    """Send every pending notification that is due; returns (sent, failed attempts)."""
    now = now or timezone.now()
    due = Notification.objects.filter(state=Notification.State.PENDING, next_attempt_at__lte=now)
    if submission_id is not None:
        due = due.filter(submission_id=submission_id)
    sent = failed = 0
    for notification in due.select_related("submission", "submission__clinic")[:200]:
        if _send(notification, now):
            sent += 1
        else:
            failed += 1
    return sent, failed


def _send(notification: Notification, now: dt.datetime) -> bool:
    submission = notification.submission
    notification.attempts += 1
    try:
        send_mail(
            subject=f"[{submission.urgency.upper()}] New intake {submission.reference}",
            message=alert_text(submission),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[notification.recipient],
        )
    except Exception as error:  # any transport failure: keep it for the next round
        notification.last_error = f"{type(error).__name__}: {error}"[:300]
        if notification.attempts >= MAX_ATTEMPTS:
            notification.state = Notification.State.FAILED
        notification.next_attempt_at = now + backoff(notification.attempts)
        notification.save(update_fields=["attempts", "last_error", "state", "next_attempt_at"])
        logger.warning("Alert for submission %s not sent (attempt %d)", submission.pk, notification.attempts)
        return False
    notification.state = Notification.State.SENT
    notification.sent_at = timezone.now()
    notification.last_error = ""
    notification.save(update_fields=["attempts", "last_error", "state", "sent_at"])
    return True


def alert_text(submission: Submission) -> str:
    link = settings.SITE_URL + reverse("dashboard:case", args=[submission.pk])
    return (
        f"A new {submission.urgency} intake arrived for {submission.clinic.name}.\n\n"
        f"Reference: {submission.reference}\n"
        f"Received: {submission.received_at:%Y-%m-%d %H:%M} UTC\n"
        f"Open the case (login required): {link}\n"
    )
