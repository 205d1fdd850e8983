"""Clinics and submissions in the Django admin.

Submissions are view-only here: their clinical content is what the patient gave and
what the rules said, and the review workflow (with its version check and audit
trail) happens on the dashboard. Opening a submission in the admin is audited like
any other view of a case.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from audit.admin import ViewOnlyAdmin
from audit.models import AuditAction
from audit.services import record
from intake.models import Clinic, Submission


@admin.register(Clinic)
class ClinicAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "slug", "alert_email", "emergency_target_minutes", "urgent_target_working_days")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Submission)
class SubmissionAdmin(ViewOnlyAdmin):
    list_display = (
        "reference", "clinic", "received_at", "urgency", "category", "imaging", "status", "assignee",
    )  # fmt: skip
    list_filter = ("status", "urgency", "category", "clinic")
    list_select_related = ("clinic", "assignee")
    list_per_page = 25
    show_full_result_count = False
    search_fields = ("reference",)

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        submission = self.get_object(request, object_id)
        if submission is not None:
            record(AuditAction.CASE_VIEWED, request=request, submission=submission, via="admin")
        return super().change_view(request, object_id, form_url, extra_context)
