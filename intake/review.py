"""The review page's content: every answer as the patient gave it, grouped by step.

Labels and answer wording come from the step forms themselves, so the review reads
exactly like the questions. Questions that were not asked (not relevant) are left
out; a question left empty shows "Not answered".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import forms
from django.urls import reverse
from django.utils import formats

from intake import drafts
from intake.forms import FORMS
from intake.models import Clinic, Draft
from intake.questions import NOT_ANSWERED, STEP_TITLES, YES_NO_CHOICES


@dataclass(frozen=True)
class ReviewRow:
    label: str
    value: str


@dataclass(frozen=True)
class ReviewGroup:
    step: str
    title: str
    change_url: str
    rows: list[ReviewRow]


def display_answer(field: forms.Field, value: Any) -> str:
    if value is None or value == "" or value == []:
        return str(NOT_ANSWERED)
    if isinstance(field, forms.BooleanField):
        return str(dict(YES_NO_CHOICES)["yes" if value else "no"])
    if isinstance(field, forms.MultipleChoiceField):
        labels = dict(field.choices)
        return ", ".join(str(labels.get(v, v)) for v in value)
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(str(value), value))
    if isinstance(field, forms.DateField):
        return formats.date_format(dt.date.fromisoformat(value), "DATE_FORMAT")
    return str(formats.localize(value))


def review_groups(draft: Draft, clinic: Clinic) -> list[ReviewGroup]:
    groups = []
    for step in drafts.STEPS:
        form = FORMS[step]()
        answers = drafts.form_initial(draft, step)
        rows = [
            ReviewRow(label=str(field.label), value=display_answer(field, answers.get(name)))
            for name, field in form.fields.items()
            if form.is_shown(name, answers)
        ]
        change_url = reverse("intake:step", args=[clinic.slug, step]) + "?return=review"
        groups.append(ReviewGroup(step=step, title=str(STEP_TITLES[step]), change_url=change_url, rows=rows))
    return groups
