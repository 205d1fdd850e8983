"""Dashboard forms: queue filters and search, the review actions, and clinic review targets.

Every choice is an allow-list (the rules' vocabulary, the coded reasons, the
clinic's own members), so nothing a browser sends reaches the ORM unchecked. Each
review form carries the case `version` it was shown with; the service compares it
when saving, so a stale form is a conflict, never an overwrite.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.forms.models import ModelChoiceIterator

from intake.models import Clinic, Status, Submission
from triage import labels, rules
from triage.models import ContactMethod, ContactResult, NextStep, Outcome, OverrideReason
from triage.queue import (
    DEFAULT_PAGE_SIZE,
    DEFAULT_STATUS,
    PAGE_SIZES,
    STATUS_FILTERS,
    TRIAGE_FAILED,
    QueueFilters,
)
from triage.services import DecisionInput

ANY = [("", "Any")]
STATUS_CHOICES = [
    ("open", "Open (new and in review)"),
    *Status.choices,
    ("all", "All"),
]


def _choices(codes: tuple[str, ...], vocabulary: str) -> list[tuple[str, str]]:
    return [(code, labels.label(vocabulary, code)) for code in codes]


class FilterDateField(forms.DateField):
    """An optional date filter within years 1900 to 2999.

    The queries add a day to the end date and turn dates into aware datetimes; at the
    calendar's edges (9999-12-31, 0001-01-01) that overflows, which was a 500.
    """

    EARLIEST = dt.date(1900, 1, 1)
    LATEST = dt.date(2999, 12, 31)

    def __init__(self, *, label: str) -> None:
        super().__init__(label=label, required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is not None and not self.EARLIEST <= value <= self.LATEST:
            raise forms.ValidationError("Enter a date from 1900-01-01 to 2999-12-31.", code="out_of_range")


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(choices=STATUS_CHOICES, required=False)
    urgency = forms.ChoiceField(choices=ANY + _choices(rules.URGENCIES, "urgency"), required=False)
    category = forms.ChoiceField(
        choices=ANY + _choices(rules.CATEGORIES, "category") + [(TRIAGE_FAILED, "Triage failed")],
        required=False,
    )
    imaging = forms.ChoiceField(choices=ANY + _choices(rules.IMAGING, "imaging"), required=False)
    flag = forms.ChoiceField(
        choices=ANY + [(flag.id, labels.flag_label(flag.id)) for flag in rules.FLAGS], required=False
    )
    received_from = FilterDateField(label="Received from")
    received_to = FilterDateField(label="Received to")
    clinic = forms.ChoiceField(choices=ANY, required=False)
    mine = forms.BooleanField(label="Assigned to me", required=False)
    size = forms.TypedChoiceField(
        label="Per page", choices=[(n, n) for n in PAGE_SIZES], coerce=int, required=False
    )

    def __init__(self, data: Any, *, clinics: list[Clinic]) -> None:
        defaults = {"status": DEFAULT_STATUS, "size": str(DEFAULT_PAGE_SIZE)}
        super().__init__({**defaults, **data.dict()} if hasattr(data, "dict") else {**defaults, **data})
        self.clinics = {clinic.slug: clinic for clinic in clinics}
        if len(clinics) > 1:
            clinic_field = self.fields["clinic"]
            assert isinstance(clinic_field, forms.ChoiceField)
            clinic_field.choices = ANY + [(c.slug, c.name) for c in clinics]
        else:
            del self.fields["clinic"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("received_from"), cleaned.get("received_to")
        if start and end and start > end:
            self.add_error(
                "received_to", forms.ValidationError("Must be on or after the start date.", code="date_order")
            )
        return cleaned

    def filters(self) -> QueueFilters:
        """The valid filters; a field with an error falls back to its default."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        clinic = self.clinics.get(data.get("clinic") or "")
        status = str(data.get("status") or DEFAULT_STATUS)
        return QueueFilters(
            status=status if status in STATUS_FILTERS else DEFAULT_STATUS,
            urgency=data.get("urgency") or "",
            category=data.get("category") or "",
            imaging=data.get("imaging") or "",
            flag=data.get("flag") or "",
            received_from=data.get("received_from"),
            received_to=data.get("received_to"),
            mine=bool(data.get("mine")),
            clinic_id=clinic.pk if clinic is not None else None,
            size=data.get("size") or DEFAULT_PAGE_SIZE,
        )

    def query_params(self) -> dict[str, str]:
        """The valid, non-default filters as URL parameters (for page links and the export)."""
        self.is_valid()
        params = {}
        for name, value in getattr(self, "cleaned_data", {}).items():
            if name in self.errors or value in (None, "", False):
                continue
            text = "1" if value is True else value.isoformat() if hasattr(value, "isoformat") else str(value)
            if (name, text) not in (("status", DEFAULT_STATUS), ("size", str(DEFAULT_PAGE_SIZE))):
                params[name] = text
        return params


class SearchForm(forms.Form):
    """The queue search (posted, then kept in the session; the queue template lays it out)."""

    q = forms.CharField(label="Search by reference or name", max_length=100, required=False)

    def clean_q(self) -> str:
        term = " ".join(self.cleaned_data["q"].split())
        if "\x00" in term:
            raise forms.ValidationError("The search contains a character that is not allowed.", code="nul")
        return term


class VersionForm(forms.Form):
    """A review action on one case: carries the version the page was showing."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, case: Submission, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case


class ClaimForm(VersionForm):
    pass


class ListedChoiceIterator(ModelChoiceIterator):
    """Reads a clinic's few members in one plain query, not through a server-side cursor."""

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class MemberChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    iterator = ListedChoiceIterator

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.get_username())


class AssignForm(VersionForm):
    assignee = MemberChoiceField(
        label="Assign to", queryset=get_user_model().objects.none(), required=False, empty_label="Nobody"
    )

    def __init__(self, *args: Any, case: Submission, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        field = self.fields["assignee"]
        assert isinstance(field, MemberChoiceField)
        # Only active members of the case's own clinic can be chosen.
        field.queryset = (
            get_user_model()
            .objects.filter(memberships__clinic_id=case.clinic_id, is_active=True)
            .order_by("first_name", "last_name", "username")
        )


# Which status a reviewer may move a case to by hand, from each status. "Reviewed" is
# reached only by recording a decision.
STATUS_MOVES: dict[str, tuple[tuple[str, str], ...]] = {
    Status.NEW: (),
    Status.IN_REVIEW: ((Status.NEW, "Return to queue"),),
    Status.REVIEWED: ((Status.CLOSED, "Close case"), (Status.IN_REVIEW, "Reopen")),
    Status.CLOSED: ((Status.IN_REVIEW, "Reopen"),),
}


class StatusForm(VersionForm):
    status = forms.ChoiceField(choices=Status.choices)

    def clean_status(self) -> str:
        target: str = self.cleaned_data["status"]
        if target not in dict(STATUS_MOVES[self.case.status]):
            raise forms.ValidationError(
                "That change of status is not possible from here.", code="transition_not_allowed"
            )
        return target


KEEP = [("", "Keep the triage suggestion")]


class DecisionForm(VersionForm):
    outcome = forms.ChoiceField(label="Decision", choices=Outcome.choices, widget=forms.RadioSelect)
    category = forms.ChoiceField(
        label="Category", choices=KEEP + _choices(rules.CATEGORIES, "category"), required=False
    )
    urgency = forms.ChoiceField(
        label="Urgency", choices=KEEP + _choices(rules.URGENCIES, "urgency"), required=False
    )
    imaging = forms.ChoiceField(
        label="Imaging", choices=KEEP + _choices(rules.IMAGING, "imaging"), required=False
    )
    reason = forms.ChoiceField(
        label="Reason for the override", choices=[("", "—"), *OverrideReason.choices], required=False
    )
    reason_text = forms.CharField(
        label="Reason in your words",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    next_step = forms.ChoiceField(label="Next step", choices=[("", "Choose…"), *NextStep.choices])

    OUTPUTS = ("category", "urgency", "imaging")

    def __init__(self, *args: Any, case: Submission, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("outcome") == Outcome.AGREE and self.case.triage_failed:
            self.add_error(
                "outcome",
                forms.ValidationError(
                    "The rules could not triage this case, so there is nothing to agree with: "
                    "choose an override and set every output.",
                    code="nothing_to_agree",
                ),
            )
        if cleaned.get("outcome") == Outcome.OVERRIDE:
            self._clean_override(cleaned)
        return cleaned

    def _clean_override(self, cleaned: dict[str, Any]) -> None:
        triage = {name: getattr(self.case, name) for name in self.OUTPUTS}
        for name in self.OUTPUTS:
            if triage[name] is None and not cleaned.get(name):
                self.add_error(name, forms.ValidationError("Choose a value.", code="output_required"))
        changed = [n for n in self.OUTPUTS if cleaned.get(n) and cleaned.get(n) != triage[n]]
        if not changed and not self.errors:
            raise forms.ValidationError(
                "An override must change the category, the urgency or the imaging.", code="no_change"
            )
        if not cleaned.get("reason"):
            self.add_error("reason", forms.ValidationError("Choose a reason.", code="reason_required"))
        elif cleaned["reason"] == OverrideReason.OTHER and not cleaned.get("reason_text", "").strip():
            self.add_error(
                "reason_text",
                forms.ValidationError("Say why, in a few words.", code="reason_text_required"),
            )

    @classmethod
    def to_decision(cls, case: Submission, data: dict[str, Any]) -> DecisionInput:
        """The cleaned form as the service's input: the final outputs, reason only for an override."""
        agree = data["outcome"] == Outcome.AGREE
        outputs = {
            name: getattr(case, name) if agree or not data.get(name) else data[name] for name in cls.OUTPUTS
        }
        return DecisionInput(
            outcome=data["outcome"],
            reason="" if agree else data["reason"],
            reason_text="" if agree else data.get("reason_text", "").strip(),
            next_step=data["next_step"],
            **outputs,
        )


class NoteForm(forms.Form):
    text = forms.CharField(label="Note", max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

    def clean_text(self) -> str:
        return _clean_text(self.cleaned_data["text"])


class ContactForm(forms.Form):
    method = forms.ChoiceField(label="How", choices=ContactMethod.choices)
    result = forms.ChoiceField(label="Result", choices=ContactResult.choices)
    text = forms.CharField(
        label="Details (optional)", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

    def clean_text(self) -> str:
        return _clean_text(self.cleaned_data["text"], required=False)


def _clean_text(text: str, required: bool = True) -> str:
    if "\x00" in text:
        raise forms.ValidationError("The text contains a character that is not allowed.", code="nul")
    text = text.strip()
    if required and not text:
        raise forms.ValidationError("Write something first.", code="required")
    return text


class ClinicTargetsForm(forms.ModelForm):  # type: ignore[type-arg]
    LIMITS = {
        "emergency_target_minutes": (1, 24 * 60),
        "urgent_target_working_days": (1, 10),
        "routine_target_working_days": (1, 30),
    }

    class Meta:
        model = Clinic
        fields = ["emergency_target_minutes", "urgent_target_working_days", "routine_target_working_days"]
        labels = {
            "emergency_target_minutes": "Emergency cases: review within (minutes)",
            "urgent_target_working_days": "Urgent cases: review within (working days)",
            "routine_target_working_days": "Routine cases: review within (working days)",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

    def _limited(self, name: str) -> int:
        value: int = self.cleaned_data[name]
        low, high = self.LIMITS[name]
        if not low <= value <= high:
            raise forms.ValidationError(f"Enter a number from {low} to {high}.", code="out_of_range")
        return value

    def clean_emergency_target_minutes(self) -> int:
        return self._limited("emergency_target_minutes")

    def clean_urgent_target_working_days(self) -> int:
        return self._limited("urgent_target_working_days")

    def clean_routine_target_working_days(self) -> int:
        return self._limited("routine_target_working_days")
