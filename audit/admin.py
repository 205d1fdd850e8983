"""The audit trail in the Django admin: readable, never addable, changeable or deletable.

`ViewOnlyAdmin` is also used for submissions (intake/admin.py), whose content is the
record of what a patient gave and the rules said.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from audit.models import AuditEvent


class ViewOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """An admin that can list and show rows, and nothing else."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ViewOnlyAdmin):
    list_display = ("at", "actor_username", "action", "clinic", "submission", "ip_address")
    list_filter = ("action", "clinic")
    search_fields = ("actor_username", "submission__reference")
    date_hierarchy = "at"
    list_select_related = ("clinic", "submission")
    list_per_page = 50
    show_full_result_count = False
