"""Clinic memberships in the Django admin. Granting or removing one is audited (a privilege change)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from accounts.models import Membership
from audit.models import AuditAction
from audit.services import record


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("user", "clinic", "role", "created_at")
    list_filter = ("role", "clinic")
    search_fields = ("user__username", "clinic__name")
    list_select_related = ("user", "clinic")
    fields = ("user", "clinic", "role")

    def save_model(self, request: HttpRequest, obj: Membership, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        record(
            AuditAction.ADMIN_CHANGE, request=request, clinic=obj.clinic,
            change="membership_changed" if change else "membership_added",
            member_id=obj.user_id, role=obj.role,
        )  # fmt: skip

    def delete_model(self, request: HttpRequest, obj: Membership) -> None:
        record(
            AuditAction.ADMIN_CHANGE, request=request, clinic=obj.clinic,
            change="membership_removed", member_id=obj.user_id, role=obj.role,
        )  # fmt: skip
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for membership in queryset:
            self.delete_model(request, membership)
