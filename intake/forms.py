"""The intake steps' forms: fields, validation (with error codes) and layouts.

Each step is one `IntakeForm`. A form owns three things:

* validation: every message names the problem in plain words and carries a `code`;
  text fields refuse NUL and other control characters and drop invisible
  bidirectional overrides; numbers and dates are range-checked, so bad input is a
  message on the field, never a 500;
* relevance: `show_if` says when a dependent question is asked (injury details only
  after "yes, an injury"...). `clean()` clears the answer to a question that is not
  relevant, so an answer left over from an earlier choice never reaches the case,
  and requires it only when it is relevant. `static/js/intake.js` reads the same
  rules from `data-show-if` attributes to show and hide the questions;
* layout: the questions in order, with headings and the body map between them, as
  `{% intake_fields %}` (intake/templatetags/intake_fields.py) renders them, with
  Next, Back and "Save and finish later" buttons.

`answers()` returns the cleaned answers as JSON for the draft; `raw_answers()` keeps
what was typed (cleaned of control characters) when a step is left unvalidated.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.http import QueryDict
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from intake import instruments
from intake.questions import (
    IMAGING_CHOICES,
    LABELS,
    LEG_PAIN_CHOICES,
    MECHANISM_CHOICES,
    NOT_SURE,
    ONSET_TYPE_CHOICES,
    PAIN_LOCATION_CHOICES,
    SEX_CHOICES,
    TRAUMA_TYPE_CHOICES,
    YES_NO_CHOICES,
    YES_NO_UNSURE_CHOICES,
)
from triage.case import MAX_AGE, MAX_DAYS, NARRATIVE_MAX_CHARS, SHORT_TEXT_MAX_CHARS, TRAUMATIC_MECHANISMS

LEG_CHOICES = (("none", _("No")), ("one_leg", _("Yes, one leg")), ("both_legs", _("Yes, both legs")))
LEG_UNSURE_CHOICES = (*LEG_CHOICES, (NOT_SURE, _("Not sure")))
HAS_LEG = frozenset({"one_leg", "both_legs"})
DAY_UNITS = (("days", _("days")), ("weeks", _("weeks")), ("months", _("months")))
WEEK_UNITS = (("weeks", _("weeks")), ("months", _("months")), ("years", _("years")))
UNIT_DAYS = {"days": 1, "weeks": 7, "months": 30, "years": 365}
MAX_RAW_CHARS = NARRATIVE_MAX_CHARS + 100

CHOOSE = _("Choose an answer.")
# Control characters other than tab and line breaks: never typed by a person.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Invisible bidirectional embeddings, overrides and isolates (U+202A-E, U+2066-9). A
# right-to-left override in a name reverses what follows it on the dashboard (the age
# "45" shows as "54"), and right-to-left names display correctly without them, so text
# answers drop them instead of refusing an answer whose fault the patient cannot see.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
BIDI_CONTROL = re.compile(f"[{BIDI_CONTROLS}]")


def no_control_characters(value: str) -> None:
    if CONTROL_CHARACTERS.search(value) or any(unicodedata.category(c) == "Cs" for c in value):
        raise ValidationError(
            _("Remove the special (control) characters from this answer: they cannot be stored."),
            code="control_characters",
        )


def strip_control_characters(value: str) -> str:
    return BIDI_CONTROL.sub("", CONTROL_CHARACTERS.sub("", value))[:MAX_RAW_CHARS]


@dataclass(frozen=True)
class Heading:
    """A heading between a step's questions."""

    text: Any
    css: str


@dataclass(frozen=True)
class Include:
    """A template shown between a step's questions (the body map)."""

    template: str


class TextField(forms.CharField):
    """A text answer with a clear length message and no control characters."""

    def __init__(self, *, max_length: int, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(max_length=max_length, **kwargs)
        # Our own validator covers NUL with a message a patient understands.
        self.validators = [v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)]
        self.validators.insert(0, no_control_characters)
        self.error_messages["max_length"] = _(
            "Shorten this to %(limit_value)d characters or fewer (it has %(show_value)d)."
        )
        self.error_messages["required"] = _("Enter an answer.")

    def to_python(self, value: Any) -> str | None:
        return super().to_python(BIDI_CONTROL.sub("", value) if isinstance(value, str) else value)


def choice(label: Any, choices: Any, *, required: bool = True, help_text: Any = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        required=required,
        help_text=help_text,
        error_messages={"required": CHOOSE, "invalid_choice": CHOOSE},
    )


def whole_number(
    label: Any, low: int, high: int, *, required: bool = False, **kwargs: Any
) -> forms.IntegerField:
    message = format_lazy(_("Enter a whole number from {low} to {high}."), low=low, high=high)
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=low,
        max_value=high,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": low, "max": high}),
        error_messages={"invalid": message, "min_value": message, "max_value": message, "required": message},
        **kwargs,
    )


def date_field(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        error_messages={
            "invalid": _("Enter a real date, for example 2024-03-27 (year-month-day)."),
            "required": _("Enter a date."),
        },
        **kwargs,
    )


def age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class IntakeForm(forms.Form):
    step: ClassVar[str]
    # A dependent question -> [(parent field, parent values)]: asked when any pair holds.
    show_if: ClassVar[dict[str, list[tuple[str, frozenset[str]]]]] = {}
    # Dependent questions that must be answered when they are asked.
    required_when_shown: ClassVar[frozenset[str]] = frozenset()
    intro: ClassVar[Any] = ""

    def __init__(self, *args: Any, today: dt.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        for name in self.show_if:
            self.fields[name].required = False

    # Initial values that are defaults rather than anyone's answers (step 1's language).
    default_initial: ClassVar[frozenset[str]] = frozenset()

    @property
    def blank_key(self) -> str | None:
        """A cache key for the rendered fields while nothing is typed, saved or wrong; else None.

        Such a step looks the same for every patient, given its default values.
        """
        if self.is_bound or set(self.initial) - self.default_initial:
            return None
        return ":".join([self.step, *(f"{name}={self.initial[name]}" for name in sorted(self.initial))])

    # --- relevance ---

    def is_shown(self, name: str, values: dict[str, Any]) -> bool:
        rules = self.show_if.get(name)
        return rules is None or any(values.get(parent) in allowed for parent, allowed in rules)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for name in self.show_if:
            if not self.is_shown(name, cleaned):
                self.errors.pop(name, None)
                cleaned[name] = [] if isinstance(self.fields[name], forms.MultipleChoiceField) else None
            elif (
                name in self.required_when_shown
                and cleaned.get(name) in (None, "")
                and name not in self.errors
            ):
                message = (
                    CHOOSE if isinstance(self.fields[name], forms.ChoiceField) else _("Enter an answer.")
                )
                self.add_error(name, ValidationError(message, code="required"))
        return cleaned

    def error_links(self) -> list[dict[str, Any]]:
        """For the error summary: each error with the id of the input it belongs to."""
        links = []
        for name, errors in self.errors.items():
            if name not in self.fields:
                continue
            field = self.fields[name]
            anchor = f"id_{name}"
            if isinstance(field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                anchor += "_0"
            links += [{"anchor": anchor, "label": field.label, "message": error} for error in errors]
        return links

    # --- storage ---

    def answers(self) -> dict[str, Any]:
        """The cleaned answers as JSON values (dates as YYYY-MM-DD, decimals as numbers)."""
        out: dict[str, Any] = {}
        for name, value in self.cleaned_data.items():
            if isinstance(value, dt.date):
                value = value.isoformat()
            elif isinstance(value, Decimal):
                value = float(value)
            elif value == "":
                value = None
            out[name] = value
        return out

    def raw_answers(self) -> dict[str, Any]:
        """What was typed, unvalidated but cleaned of control characters, to show again later."""
        data = self.data
        out: dict[str, Any] = {}
        for name, field in self.fields.items():
            if isinstance(field, forms.MultipleChoiceField):
                values = data.getlist(name) if isinstance(data, QueryDict) else list(data.get(name) or [])
                out[name] = [strip_control_characters(str(v)) for v in values][:20]
            elif name in data:
                out[name] = strip_control_characters(str(data.get(name, "")))
        return out

    # --- layout ---

    def layout_items(self) -> list[str | Heading | Include]:
        """The step's questions (field names) in order, with anything shown between them."""
        return list(self.fields)

    def show_if_condition(self, name: str) -> str | None:
        """`data-show-if` for a dependent question ("parent=value1,value2;other=value"), else None."""
        rules = self.show_if.get(name)
        if rules is None:
            return None
        return ";".join(f"{parent}={','.join(sorted(values))}" for parent, values in rules)


class AboutForm(IntakeForm):
    step = "about"
    show_if = {"pregnant": [("sex", frozenset({"female", "other"}))]}
    required_when_shown = frozenset({"pregnant"})
    default_initial = frozenset({"language"})  # the page language, until the patient chooses

    name = TextField(label=_("Your full name"), max_length=SHORT_TEXT_MAX_CHARS, required=True)
    date_of_birth = date_field(_("Date of birth"))
    sex = choice(LABELS["sex"], SEX_CHOICES)
    pregnant = choice(LABELS["pregnant"], YES_NO_UNSURE_CHOICES)
    phone = TextField(label=_("Phone number"), max_length=40, widget=forms.TextInput(attrs={"type": "tel"}))
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        max_length=254,
        error_messages={"invalid": _("Enter an e-mail address like name@example.com.")},
    )
    language = choice(
        _("Which language should we use when we contact you?"),
        settings.LANGUAGES,
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the clinic may use my answers to prepare my care. I understand that "
            "this questionnaire is not a diagnosis: a clinician will review my answers."
        ),
        error_messages={"required": _("Tick the box to agree, or the clinic cannot use your answers.")},
    )
    field_order = ["name", "date_of_birth", "sex", "pregnant", "phone", "email", "language", "consent"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, autocomplete in (
            ("name", "name"),
            ("phone", "tel"),
            ("email", "email"),
            ("date_of_birth", "bday"),
        ):
            self.fields[name].widget.attrs["autocomplete"] = autocomplete

    def clean_date_of_birth(self) -> dt.date:
        born: dt.date = self.cleaned_data["date_of_birth"]
        if born > self.today:
            raise ValidationError(_("Your date of birth cannot be in the future."), code="future")
        if age_on(born, self.today) > MAX_AGE:
            raise ValidationError(
                _("Check the year: this date gives an age over %(max)d.") % {"max": MAX_AGE}, code="too_old"
            )
        return born

    def clean_phone(self) -> str:
        phone: str = self.cleaned_data["phone"]
        if phone and (not re.fullmatch(r"[0-9+()\-. ]+", phone) or sum(c.isdigit() for c in phone) < 6):
            raise ValidationError(
                _("Enter a phone number using digits, spaces and + ( ) - only, for example +1 555 010 0101."),
                code="invalid_phone",
            )
        return phone

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if (
            not cleaned.get("phone")
            and not cleaned.get("email")
            and not {"phone", "email"} & set(self.errors)
        ):
            self.add_error(
                "phone",
                ValidationError(
                    _("Give a phone number or an e-mail address (or both) so the clinic can contact you."),
                    code="no_contact",
                ),
            )
        return cleaned


class BackPainForm(IntakeForm):
    step = "back-pain"
    show_if = {
        "onset_date": [("onset_known", frozenset({"date"}))],
        "onset_ago_number": [("onset_known", frozenset({"ago"}))],
        "onset_ago_unit": [("onset_known", frozenset({"ago"}))],
        "trauma_type": [("trauma_occurred", frozenset({"yes"}))],
    }
    required_when_shown = frozenset({"onset_date", "onset_ago_number", "onset_ago_unit", "trauma_type"})

    onset_known = choice(
        _("When did this back pain start?"),
        (("date", _("I know the date")), ("ago", _("I can say roughly how long ago"))),
    )
    onset_date = date_field(_("The date it started"))
    onset_ago_number = whole_number(_("About how long ago? Enter a number"), 0, 5200)
    onset_ago_unit = choice(pgettext_lazy("how long ago", "Days, weeks or months"), DAY_UNITS)
    onset_type = choice(LABELS["onset_type"], ONSET_TYPE_CHOICES)
    mechanism = choice(LABELS["mechanism"], MECHANISM_CHOICES)
    trauma_occurred = choice(LABELS["trauma.occurred"], YES_NO_CHOICES)
    trauma_type = choice(LABELS["trauma.type"], TRAUMA_TYPE_CHOICES)
    pain_location = forms.MultipleChoiceField(
        label=LABELS["pain_location"],
        choices=PAIN_LOCATION_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose every place that hurts."),
        error_messages={
            "required": _("Choose at least one place."),
            "invalid_choice": _("Choose from the list."),
        },
    )
    pain_now = whole_number(instruments.NPRS_LABEL, 0, 10, required=True, help_text=instruments.NPRS_HELP)
    narrative = TextField(
        label=LABELS["narrative"],
        max_length=NARRATIVE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional. Up to 2,000 characters."),
    )

    def layout_items(self) -> list[str | Heading | Include]:
        items = super().layout_items()
        items.insert(items.index("pain_location"), Include("intake/_body_map.html"))
        return items

    def clean_onset_date(self) -> dt.date | None:
        day: dt.date | None = self.cleaned_data.get("onset_date")
        if day is not None and day > self.today:
            raise ValidationError(_("The date the pain started cannot be in the future."), code="future")
        if day is not None and (self.today - day).days > MAX_DAYS:
            raise ValidationError(_("Check the year: that is more than 100 years ago."), code="too_long_ago")
        return day

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        number, unit = cleaned.get("onset_ago_number"), cleaned.get("onset_ago_unit")
        if number is not None and unit and number * UNIT_DAYS[unit] > MAX_DAYS:
            self.add_error(
                "onset_ago_number",
                ValidationError(_("Check the number: that is more than 100 years ago."), code="too_long_ago"),
            )
        if cleaned.get("mechanism") in TRAUMATIC_MECHANISMS and cleaned.get("trauma_occurred") == "no":
            self.add_error(
                "trauma_occurred",
                ValidationError(
                    _("You said the pain started with a fall, crash or blow. If that caused it, choose Yes."),
                    code="contradicts_mechanism",
                ),
            )
        return cleaned


LEG_SYMPTOMS = [(name, HAS_LEG) for name in ("leg_pain", "numbness", "weakness")]


class LegsForm(IntakeForm):
    step = "legs"
    show_if = {
        "leg_pain_below_knee": [("leg_pain", HAS_LEG)],
        "weakness_worsening": [("weakness", HAS_LEG)],
        "leg_duration_number": LEG_SYMPTOMS,
        "leg_duration_unit": LEG_SYMPTOMS,
        "leg_symptoms_worsening": LEG_SYMPTOMS,
    }
    required_when_shown = frozenset({"leg_pain_below_knee", "weakness_worsening", "leg_symptoms_worsening"})
    intro = _("These questions are about symptoms that travel from your back into your legs.")

    leg_pain = choice(LABELS["leg_pain"], LEG_PAIN_CHOICES)
    leg_pain_below_knee = choice(LABELS["leg_pain_below_knee"], YES_NO_CHOICES)
    numbness = choice(LABELS["numbness"], LEG_CHOICES)
    weakness = choice(LABELS["weakness"], LEG_UNSURE_CHOICES)
    weakness_worsening = choice(LABELS["weakness_worsening"], YES_NO_UNSURE_CHOICES)
    leg_duration_number = whole_number(
        LABELS["leg_symptoms_duration_days"],
        0,
        5200,
        help_text=_("Enter a number. Leave it empty if you are not sure."),
    )
    leg_duration_unit = choice(pgettext_lazy("how long", "Days, weeks or months"), DAY_UNITS, required=False)
    leg_symptoms_worsening = choice(LABELS["leg_symptoms_worsening"], YES_NO_UNSURE_CHOICES)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        number, unit = cleaned.get("leg_duration_number"), cleaned.get("leg_duration_unit")
        if number is not None and not unit and "leg_duration_unit" not in self.errors:
            self.add_error("leg_duration_unit", ValidationError(CHOOSE, code="required"))
        if number is not None and unit and number * UNIT_DAYS[unit] > MAX_DAYS:
            self.add_error(
                "leg_duration_number",
                ValidationError(_("Check the number: that is more than 100 years."), code="too_long"),
            )
        return cleaned


class WarningSignsForm(IntakeForm):
    step = "warning-signs"
    intro = _(
        "These questions check for rare problems that need quick care. Answer as well as you can. "
        "If you are not sure, choose “Not sure” and a clinician will ask you about it."
    )

    saddle_anesthesia = choice(LABELS["saddle_anesthesia"], YES_NO_UNSURE_CHOICES)
    bladder_dysfunction = choice(LABELS["bladder_dysfunction"], YES_NO_UNSURE_CHOICES)
    bowel_incontinence = choice(LABELS["bowel_incontinence"], YES_NO_UNSURE_CHOICES)
    sexual_dysfunction_new = choice(LABELS["sexual_dysfunction_new"], YES_NO_UNSURE_CHOICES)
    fever = choice(LABELS["fever"], YES_NO_UNSURE_CHOICES)
    weight_loss_unexplained = choice(LABELS["weight_loss_unexplained"], YES_NO_UNSURE_CHOICES)
    night_pain = choice(LABELS["night_pain"], YES_NO_UNSURE_CHOICES)


class HistoryForm(IntakeForm):
    step = "history"
    show_if = {
        "cancer_type": [("cancer_history", frozenset({"yes"}))],
        "surgery_years_ago": [("prior_spine_surgery", frozenset({"yes"}))],
        "new_or_worsening_since_surgery": [("prior_spine_surgery", frozenset({"yes"}))],
        "imaging_modality": [("imaging_done", frozenset({"yes"}))],
        "imaging_ago_number": [("imaging_done", frozenset({"yes"}))],
        "imaging_ago_unit": [("imaging_done", frozenset({"yes"}))],
        "imaging_change_since": [("imaging_done", frozenset({"yes"}))],
    }
    required_when_shown = frozenset(
        {"new_or_worsening_since_surgery", "imaging_modality", "imaging_change_since"}
    )

    cancer_history = choice(LABELS["cancer_history"], YES_NO_UNSURE_CHOICES)
    cancer_type = TextField(
        label=LABELS["cancer_type"], max_length=SHORT_TEXT_MAX_CHARS, help_text=_("Optional.")
    )
    immunosuppression = choice(LABELS["immunosuppression"], YES_NO_UNSURE_CHOICES)
    iv_drug_use = choice(LABELS["iv_drug_use"], YES_NO_UNSURE_CHOICES)
    recent_infection_or_spinal_procedure = choice(
        LABELS["recent_infection_or_spinal_procedure"], YES_NO_UNSURE_CHOICES
    )
    steroid_use = choice(LABELS["steroid_use"], YES_NO_UNSURE_CHOICES)
    osteoporosis = choice(LABELS["osteoporosis"], YES_NO_UNSURE_CHOICES)
    prior_spine_surgery = choice(LABELS["prior_spine_surgery"], YES_NO_CHOICES)
    surgery_years_ago = forms.DecimalField(
        label=LABELS["prior_spine_surgery_years_ago"],
        required=False,
        min_value=0,
        max_value=MAX_AGE,
        max_digits=4,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "min": 0, "max": MAX_AGE, "step": "0.5"}),
        help_text=_("Optional. A number of years, for example 2 or 0.5."),
        error_messages={
            "invalid": _("Enter a number of years from 0 to 120."),
            "min_value": _("Enter a number of years from 0 to 120."),
            "max_value": _("Enter a number of years from 0 to 120."),
            "max_digits": _("Enter a number of years from 0 to 120."),
            "max_decimal_places": _("Use at most one decimal place, for example 1.5."),
            "max_whole_digits": _("Enter a number of years from 0 to 120."),
        },
    )
    new_or_worsening_since_surgery = choice(LABELS["new_or_worsening_since_surgery"], YES_NO_UNSURE_CHOICES)
    imaging_done = choice(LABELS["prior_lumbar_imaging.done"], YES_NO_CHOICES)
    imaging_modality = choice(
        LABELS["prior_lumbar_imaging.modality"], (*IMAGING_CHOICES, (NOT_SURE, _("Not sure")))
    )
    imaging_ago_number = whole_number(
        _("How long ago was the scan? Enter a number"),
        0,
        1200,
        help_text=_("Leave it empty if you are not sure."),
    )
    imaging_ago_unit = choice(
        pgettext_lazy("how long ago", "Weeks, months or years"), WEEK_UNITS, required=False
    )
    imaging_change_since = choice(LABELS["prior_lumbar_imaging.change_since"], YES_NO_UNSURE_CHOICES)
    care_weeks = whole_number(
        LABELS["conservative_care_weeks"],
        0,
        520,
        required=True,
        help_text=_("Enter 0 if you have had none yet."),
    )
    improving = choice(LABELS["improving"], YES_NO_UNSURE_CHOICES)
    wants_procedure = choice(LABELS["wants_procedure_or_surgery"], YES_NO_UNSURE_CHOICES)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        number, unit = cleaned.get("imaging_ago_number"), cleaned.get("imaging_ago_unit")
        if number is not None and not unit and "imaging_ago_unit" not in self.errors:
            self.add_error("imaging_ago_unit", ValidationError(CHOOSE, code="required"))
        if number is not None and unit and number * UNIT_DAYS[unit] > MAX_DAYS:
            self.add_error(
                "imaging_ago_number",
                ValidationError(_("Check the number: that is more than 100 years."), code="too_long_ago"),
            )
        return cleaned


AGREE_CHOICES = (("agree", instruments.STARTBACK_AGREE), ("disagree", instruments.STARTBACK_DISAGREE))


class QuestionnairesBase(IntakeForm):
    """STarT Back (nine items, all required: it is scored only when complete) then ODI (optional)."""

    step = "questionnaires"

    def layout_items(self) -> list[str | Heading | Include]:
        startback = [name for name in self.fields if not name.startswith("odi_")]
        odi = [name for name in self.fields if name.startswith("odi_")]
        return [
            Heading(instruments.STARTBACK_INTRO, "h5 mt-2"),
            *startback,
            Heading(instruments.ODI_INTRO, "h5 mt-4"),
            *odi,
        ]


def questionnaire_fields() -> dict[str, forms.Field]:
    """One field per instrument item, worded from `intake.instruments`."""
    fields: dict[str, forms.Field] = {
        name: choice(statement, AGREE_CHOICES) for name, statement in instruments.STARTBACK_ITEMS
    }
    fields["q9_bothersome"] = choice(instruments.STARTBACK_Q9_LABEL, instruments.STARTBACK_Q9_CHOICES)
    for number, (title, statements) in enumerate(instruments.ODI_SECTIONS, start=1):
        fields[f"odi_{number}"] = choice(
            title, [(str(score), text) for score, text in enumerate(statements)], required=False
        )
    return fields


QuestionnairesForm: type[IntakeForm] = type(
    "QuestionnairesForm", (QuestionnairesBase,), questionnaire_fields()
)


FORMS: dict[str, type[IntakeForm]] = {
    form.step: form
    for form in (AboutForm, BackPainForm, LegsForm, WarningSignsForm, HistoryForm, QuestionnairesForm)
}
