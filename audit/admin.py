"""The audit trail in the Django admin: readable, never addable, changeable or deletable."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("at", "actor_username", "action", "clinic", "submission", "ip_address")
    list_filter = ("action", "clinic")
    search_fields = ("actor_username", "submission__reference")
    date_hierarchy = "at"
    list_select_related = ("clinic", "submission")
    list_per_page = 50
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
