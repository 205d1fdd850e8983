"""Clinician review records: decisions on the triage, notes and the contact log.

The case itself (status, assignee, `version`) lives on `intake.Submission`; this
module holds what clinicians add to it. Rows are written only by the service
functions in `triage.services`, each in one transaction with an audit event.
A case keeps every decision ever made on it; the latest one is marked `current`
(a partial unique constraint allows only one), and earlier ones stay as history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Outcome(models.TextChoices):
    AGREE = "agree", "Agree with the triage"
    OVERRIDE = "override", "Override the triage"


class OverrideReason(models.TextChoices):
    EXAMINED_IN_PERSON = "examined_in_person", "Examined in person"
    NEW_INFORMATION = "new_information", "New information"
    RULE_DOES_NOT_APPLY = "rule_does_not_apply", "Rule does not apply"
    OTHER = "other", "Other"


class NextStep(models.TextChoices):
    BOOK_PT_EVALUATION = "book_pt_evaluation", "Book a PT evaluation"
    ADVISED_EMERGENCY_DEPARTMENT = "advised_emergency_department", "Advised emergency department"
    REFERRED_TO_PHYSICIAN = "referred_to_physician", "Referred to a physician"
    IMAGING_REQUESTED = "imaging_requested", "Imaging requested"
    PATIENT_CONTACTED = "patient_contacted", "Patient contacted"
    NO_ACTION = "no_action", "No action"


class ContactMethod(models.TextChoices):
    PHONE = "phone", "Phone"
    TEXT_MESSAGE = "text_message", "Text message"
    EMAIL = "email", "E-mail"
    LETTER = "letter", "Letter"
    IN_PERSON = "in_person", "In person"


class ContactResult(models.TextChoices):
    REACHED = "reached", "Reached the patient"
    NO_ANSWER = "no_answer", "No answer"
    LEFT_MESSAGE = "left_message", "Left a message"
    WRONG_DETAILS = "wrong_details", "Wrong contact details"


class Decision(models.Model):
    """A clinician's decision on a case: agree with the triage or override outputs of it."""

    submission = models.ForeignKey("intake.Submission", on_delete=models.PROTECT, related_name="decisions")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    # The outputs the clinician settled on (the triage's own when they agree).
    category = models.CharField(max_length=32)
    urgency = models.CharField(max_length=16)
    imaging = models.CharField(max_length=32)
    reason = models.CharField(max_length=32, choices=OverrideReason.choices, blank=True)
    reason_text = models.TextField(max_length=1000, blank=True)
    next_step = models.CharField(max_length=32, choices=NextStep.choices)
    current = models.BooleanField(default=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission"], condition=Q(current=True), name="one_current_decision_per_case"
            ),
            models.CheckConstraint(
                condition=Q(outcome="agree") | ~Q(reason=""), name="override_has_a_reason"
            ),
        ]
        indexes = [models.Index(fields=["submission", "-created_at"], name="decision_by_case")]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} ({self.created_at:%Y-%m-%d})"


class RuleOutcome(models.Model):
    """For one decision, one decision rule that produced triage outputs, and whether any was overridden.

    Lets the overview compute the override rate per rule with one grouped query.
    """

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="rule_outcomes")
    rule = models.CharField(max_length=8)
    outputs = models.CharField(max_length=40)  # e.g. "category,urgency"
    overridden = models.BooleanField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["decision", "rule"], name="one_row_per_rule")]

    def __str__(self) -> str:
        return f"{self.rule}: {'overridden' if self.overridden else 'kept'}"


class CaseNote(models.Model):
    submission = models.ForeignKey("intake.Submission", on_delete=models.PROTECT, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    text = models.TextField(max_length=4000)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["submission", "-created_at"], name="note_by_case")]

    def __str__(self) -> str:
        return f"Note {self.created_at:%Y-%m-%d %H:%M}"


class ContactAttempt(models.Model):
    """One entry of the contact log: how the clinic tried to reach the patient, and what happened."""

    submission = models.ForeignKey("intake.Submission", on_delete=models.PROTECT, related_name="contacts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    method = models.CharField(max_length=16, choices=ContactMethod.choices)
    result = models.CharField(max_length=16, choices=ContactResult.choices)
    text = models.TextField(max_length=1000, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["submission", "-created_at"], name="contact_by_case")]

    def __str__(self) -> str:
        return f"{self.get_method_display()}: {self.get_result_display()}"
