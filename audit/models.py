"""The append-only audit trail: who did what to which case, when and from where.

Rows are only ever inserted, through `audit.services.record`. The model refuses
updates and deletes, the admin is read-only, and on PostgreSQL a trigger rejects
UPDATE and DELETE on the table (migration 0002; revoke TRUNCATE from the app's role). Details never hold
patient answers or names: only ids, codes and field names.
"""

from django.conf import settings
from django.db import models


class AuditAction(models.TextChoices):
    SUBMISSION_CREATED = "submission_created", "Intake submitted"
    EMERGENCY_ADVICE_SHOWN = "emergency_advice_shown", "Emergency advice shown to patient"
    CASE_VIEWED = "case_viewed", "Case viewed"
    CASE_CHANGED = "case_changed", "Case changed"
    CASE_EXPORTED = "case_exported", "Case exported"
    QUEUE_EXPORTED = "queue_exported", "Queue exported"
    LOGIN = "login", "Logged in"
    LOGOUT = "logout", "Logged out"
    LOGIN_FAILED = "login_failed", "Failed login"
    LOCKED_OUT = "locked_out", "Locked out"
    ACCESS_DENIED = "access_denied", "Access denied"
    ADMIN_CHANGE = "admin_change", "Administrative change"


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: object) -> int:
        raise PermissionError("Audit events cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit events cannot be deleted.")


class AuditEvent(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Kept as typed at the time, so the trail reads the same if the account changes.
    actor_username = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=32, choices=AuditAction.choices)
    clinic = models.ForeignKey(
        "intake.Clinic", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submission = models.ForeignKey(
        "intake.Submission", null=True, blank=True, on_delete=models.PROTECT, related_name="audit_events"
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=200, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["clinic", "-at"], name="audit_clinic_at"),
            models.Index(fields=["submission", "-at"], name="audit_submission_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_username or 'patient'} {self.action}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise PermissionError("Audit events cannot be changed.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit events cannot be deleted.")
