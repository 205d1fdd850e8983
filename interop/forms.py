"""Validation for the interop app: the patient block of an API intake, and new API keys.

`PatientForm` checks the `patient` object of `POST /api/v1/intakes`. JSON gives
it typed values, so its fields accept text (or null) only: a number is refused
rather than turned into a string. Lengths come from the `Submission` columns the
values are stored in. Every error carries a code the API returns beside the field.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone

from intake.forms import BIDI_CONTROLS
from intake.models import Clinic, Submission
from interop.models import ApiKey

EARLIEST_BIRTH_DATE = dt.date(1900, 1, 1)
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
PHONE = re.compile(r"\+?[0-9 ().-]+")
MIN_PHONE_DIGITS = 3
# Control characters, line and paragraph separators, and lone surrogates.
FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp"})
# Plus the invisible bidirectional overrides the web form drops (see intake.forms).
FORBIDDEN_CHARACTERS = frozenset(BIDI_CONTROLS)


def max_length(field_name: str) -> int:
    field = Submission._meta.get_field(field_name)
    assert isinstance(field, models.CharField) and field.max_length is not None
    return field.max_length


def reject_control_characters(value: str) -> None:
    if any(
        char in FORBIDDEN_CHARACTERS or unicodedata.category(char) in FORBIDDEN_CATEGORIES for char in value
    ):
        raise ValidationError("Must not contain control characters.", code="control_characters")


class JsonTextMixin:
    """Accept a JSON string or null only; never coerce numbers or booleans to text."""

    def to_python(self, value: Any) -> Any:
        if value is not None and not isinstance(value, str):
            raise ValidationError("Must be text or null.", code="invalid_type")
        return super().to_python(value)  # type: ignore[misc]


class JsonTextField(JsonTextMixin, forms.CharField):
    pass


class JsonEmailField(JsonTextMixin, forms.EmailField):
    pass


class PatientForm(forms.Form):
    name = JsonTextField(max_length=max_length("patient_name"), validators=[reject_control_characters])
    date_of_birth = JsonTextField(required=False, max_length=10)
    phone = JsonTextField(
        required=False, max_length=max_length("phone"), validators=[reject_control_characters]
    )
    email = JsonEmailField(
        required=False, max_length=max_length("email"), validators=[reject_control_characters]
    )

    def clean_date_of_birth(self) -> dt.date | None:
        text = self.cleaned_data["date_of_birth"]
        if not text:
            return None
        try:
            if not ISO_DATE.fullmatch(text):
                raise ValueError(text)
            born = dt.date.fromisoformat(text)
        except ValueError:
            raise ValidationError("Must be a date written YYYY-MM-DD.", code="invalid_date") from None
        if born > timezone.localdate():
            raise ValidationError("Must not be in the future.", code="future_date")
        if born < EARLIEST_BIRTH_DATE:
            raise ValidationError("Must be 1900-01-01 or later.", code="too_early")
        return born

    def clean_phone(self) -> str:
        phone: str = self.cleaned_data["phone"]
        digits = sum(char.isdigit() for char in phone)
        if phone and (not PHONE.fullmatch(phone) or digits < MIN_PHONE_DIGITS):
            raise ValidationError(
                "Must be a phone number: digits, spaces and + ( ) - . only.", code="invalid_phone"
            )
        return phone


class ApiKeyForm(forms.Form):
    clinic = forms.ModelChoiceField(queryset=Clinic.objects.none(), empty_label=None)
    name = forms.CharField(
        max_length=ApiKey._meta.get_field("name").max_length,
        help_text="What the key is for, e.g. 'Reception kiosk'.",
    )

    def __init__(self, *args: Any, clinics: QuerySet[Clinic], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        clinic_field = self.fields["clinic"]
        assert isinstance(clinic_field, forms.ModelChoiceField)
        clinic_field.queryset = clinics
        self.helper = FormHelper()
        self.helper.add_input(Submit("create", "Create key"))
