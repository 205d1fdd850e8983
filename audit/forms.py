"""The audit report's filters and sort, every one of them an allow-list."""

from __future__ import annotations

from typing import Any

from django import forms

from audit.models import AuditAction
from intake.models import Clinic
from triage.forms import FilterDateField
from triage.queue import normalise_reference

# Sort key -> ORM ordering. Only these reach order_by (OpenEMR #1782, CVE-2026-24908).
SORTS = {
    "at": ("at", "id"),
    "-at": ("-at", "-id"),
    "user": ("actor_username", "-at", "-id"),
    "-user": ("-actor_username", "-at", "-id"),
    "action": ("action", "-at", "-id"),
    "-action": ("-action", "-at", "-id"),
    "case": ("submission__reference", "-at", "-id"),
    "-case": ("-submission__reference", "-at", "-id"),
    "ip": ("ip_address", "-at", "-id"),
    "-ip": ("-ip_address", "-at", "-id"),
}
DEFAULT_SORT = "-at"
PAGE_SIZE = 50


class AuditFilterForm(forms.Form):
    date_from = FilterDateField(label="From")
    date_to = FilterDateField(label="To")
    user = forms.CharField(label="User name", max_length=150, required=False)
    action = forms.ChoiceField(label="Action", choices=[("", "Any"), *AuditAction.choices], required=False)
    case = forms.CharField(label="Case reference", max_length=12, required=False)
    clinic = forms.ChoiceField(label="Clinic", required=False)
    sort = forms.ChoiceField(choices=[(key, key) for key in SORTS], required=False, widget=forms.HiddenInput)
    page = forms.IntegerField(min_value=1, max_value=100_000, required=False, widget=forms.HiddenInput)

    def __init__(self, data: Any, *, clinics: list[Clinic]) -> None:
        super().__init__(data)
        self.clinics = {clinic.slug: clinic for clinic in clinics}
        if len(clinics) > 1:
            field = self.fields["clinic"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [("", "All my clinics"), *((c.slug, c.name) for c in clinics)]
        else:
            del self.fields["clinic"]

    def clean_case(self) -> str:
        term = self.cleaned_data["case"].strip()
        if not term:
            return ""
        reference = normalise_reference(term)
        if reference is None:
            raise forms.ValidationError("A reference looks like ABCD-EFGH.", code="bad_reference")
        return reference

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            error = forms.ValidationError("Must be on or after the start.", code="date_order")
            self.add_error("date_to", error)
        return cleaned

    def value(self, name: str, default: Any = None) -> Any:
        """A valid field's value; the default when the field is empty or invalid."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return data.get(name) or default

    def chosen_clinics(self) -> list[Clinic]:
        slug = self.value("clinic", "")
        return [self.clinics[slug]] if slug in self.clinics else list(self.clinics.values())
