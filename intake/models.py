"""Patient-side records: clinics, in-progress drafts, submitted intakes and their outbox.

A `Submission` keeps three layers: `answers` as the patient gave them (grouped by
step), `case` (the canonical case of clinical/REFERENCE.md section 4 built from
them) and `result` (the triage output in the `triage_case` contract's shape). The
columns beside them (`category`, `urgency_rank`, ...) copy parts of the result so
the clinician queue can filter and sort with indexes; they are written once, at
submission, by `intake.services`.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.db.models import Q

URGENCY_RANK = {"emergency": 0, "urgent": 1, "routine": 2}
# Patient pages look their clinic up on every request; a clinic changes rarely.
CLINIC_CACHE_SECONDS = 60


class ClinicManager(models.Manager["Clinic"]):
    def by_slug(self, slug: str) -> Clinic | None:
        """The clinic with this slug, kept in the process's cache for a minute.

        A clinic's own save clears its entry here; other app processes see a change
        within CLINIC_CACHE_SECONDS.
        """
        key = f"clinic:{slug}"
        clinic: Clinic | None = cache.get(key)
        if clinic is None:
            clinic = self.filter(slug=slug).first()
            if clinic is not None:
                cache.set(key, clinic, CLINIC_CACHE_SECONDS)
        return clinic


class Clinic(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=50, unique=True)
    phone = models.CharField(max_length=40, blank=True)
    emergency_number = models.CharField(
        max_length=20, default="911", help_text="The local emergency number shown to patients."
    )
    alert_email = models.EmailField(
        blank=True, help_text="Receives an alert for every emergency and urgent submission."
    )
    # Review targets (defaults: emergency 15 minutes, urgent 1 working day, routine 3).
    emergency_target_minutes = models.PositiveIntegerField(default=15)
    urgent_target_working_days = models.PositiveSmallIntegerField(default=1)
    routine_target_working_days = models.PositiveSmallIntegerField(default=3)

    objects = ClinicManager()

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        cache.delete(f"clinic:{self.slug}")


class Draft(models.Model):
    """An intake in progress. Answers are saved per step; it expires after 72 hours."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="drafts")
    # Generated when the intake starts; the submission reuses it, so retries find it.
    idempotency_key = models.CharField(max_length=64, unique=True)
    # sha256 of the token in the intake cookie of the browser that holds the draft
    # (intake/browser.py); a new one is issued when a resume link is opened.
    access_token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    # sha256 of the resume token; the token itself is never stored.
    resume_token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    answers = models.JSONField(default=dict, blank=True)
    language = models.CharField(max_length=8, default="en")
    emergency_advice_shown_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"Draft {self.id}"


class Status(models.TextChoices):
    NEW = "new", "New"
    IN_REVIEW = "in_review", "In review"
    REVIEWED = "reviewed", "Reviewed"
    CLOSED = "closed", "Closed"


class Source(models.TextChoices):
    WEB = "web", "Web form"
    API = "api", "Clinic API"


class SubmissionQuerySet(models.QuerySet["Submission"]):
    def for_user(self, user: Any) -> SubmissionQuerySet:
        """The one clinic-scoped entry point for staff: only the user's clinics' cases.

        Every dashboard lookup, listing, export and action starts here, so a case of
        another clinic is simply not found (404), never "forbidden".
        """
        if not (user.is_authenticated and user.is_active):
            return self.none()
        from accounts.models import Membership

        clinic_ids = Membership.objects.filter(user=user).values("clinic_id")
        return self.filter(clinic_id__in=clinic_ids)


class Submission(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(max_length=12, unique=True)
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="submissions")
    # Chosen by the client (the web form's draft, or an API caller's header).
    idempotency_key = models.CharField(max_length=64)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.WEB)
    received_at = models.DateTimeField()
    language = models.CharField(max_length=8, default="en")

    # Who the patient is (kept apart from the clinical answers).
    patient_name = models.CharField(max_length=200)
    date_of_birth = models.DateField(null=True, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)

    answers = models.JSONField(default=dict, blank=True)
    case = models.JSONField()
    result = models.JSONField()
    decided_by = models.JSONField(default=dict, blank=True)

    # Copied from `result` for the queue. `category` and `imaging` are null when the
    # rules module failed; such a case is stored as urgent for manual review.
    category = models.CharField(max_length=32, null=True, blank=True)
    urgency = models.CharField(max_length=16)
    urgency_rank = models.PositiveSmallIntegerField()
    imaging = models.CharField(max_length=32, null=True, blank=True)
    startback_risk = models.CharField(max_length=8, null=True, blank=True)
    rules_version = models.CharField(max_length=40)
    triage_failed = models.BooleanField(default=False)
    emergency_advice_shown_at = models.DateTimeField(null=True, blank=True)
    review_due_at = models.DateTimeField()

    # Review workflow; `version` guards against two clinicians overwriting each other.
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NEW)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    reviewed_at = models.DateTimeField(null=True, blank=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["clinic", "urgency_rank", "received_at", "id"], name="queue_order"),
            # INCLUDE lets the queue's counts (per urgency, overdue) read the index alone (PostgreSQL).
            models.Index(
                fields=["clinic", "status", "urgency_rank", "received_at", "id"],
                include=["review_due_at"],
                name="queue_by_status",
            ),
            # The clinic overview aggregates 12 weeks of one clinic from this index alone (PostgreSQL).
            models.Index(
                fields=["clinic", "received_at"],
                include=["id", "category", "imaging", "urgency", "reviewed_at"],
                name="overview_window",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["clinic", "idempotency_key"], name="one_submission_per_key"),
            models.CheckConstraint(condition=Q(urgency__in=list(URGENCY_RANK)), name="urgency_known"),
            models.CheckConstraint(condition=Q(urgency_rank__lte=2), name="urgency_rank_known"),
            models.CheckConstraint(
                condition=Q(triage_failed=True) | Q(category__isnull=False), name="category_unless_failed"
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class SubmissionFlag(models.Model):
    """One red flag raised on a submission, for filtering the queue by flag."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="flag_rows")
    flag = models.CharField(max_length=48)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["flag", "submission"], name="one_row_per_flag")]

    def __str__(self) -> str:
        return self.flag


class Notification(models.Model):
    """Outbox: an alert to send after the submission committed, retried until sent."""

    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Gave up"

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="notifications")
    recipient = models.EmailField()
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="outbox_due")]

    def __str__(self) -> str:
        return f"Alert to {self.recipient} ({self.state})"


class RateCounter(models.Model):
    """Fixed-window request counts shared by every app server (anonymous intake limits)."""

    key = models.CharField(max_length=100)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window_start"], name="one_counter_per_window")]

    def __str__(self) -> str:
        return f"{self.key} @ {self.window_start:%H:%M}: {self.count}"
