"""How each canonical answer is labelled and grouped for reading back (review page, case page).

`answer_sections(case)` returns the answers grouped by the intake step that asked
them, each with a plain label and a display value; an unanswered question shows
"Not answered". The intake forms and this catalogue share the wording, so the
clinician reads what the patient was asked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

NOT_ANSWERED = _("Not answered")

VALUE_LABELS: dict[str, Any] = {
    True: _("Yes"),
    False: _("No"),
    "none": _("No"),
    "one_leg": _("One leg"),
    "both_legs": _("Both legs"),
    "sudden": _("Suddenly"),
    "gradual": _("Gradually"),
    "female": _("Female"),
    "male": _("Male"),
    "other": _("Other"),
    "bending_or_lifting": _("Bending or lifting"),
    "twisting": _("Twisting"),
    "no_clear_cause": _("No clear cause"),
    "prolonged_posture": _("Sitting or standing for a long time"),
    "exercise_strain": _("Exercise or sport strain"),
    "fall": _("A fall"),
    "motor_vehicle_collision": _("A road or car crash"),
    "sports_collision_or_fall": _("A sports collision or fall"),
    "direct_blow": _("A blow to the back"),
    "lower_back": _("Lower back"),
    "buttock": _("Buttock"),
    "thoracic": _("Mid or upper back"),
    "pelvic_girdle": _("Pelvis or hips"),
    "leg": _("Leg"),
    "mri": _("MRI"),
    "radiograph": _("X-ray"),
    "ct": _("CT"),
    "high": _("High energy"),
    "low": _("Low energy"),
}


@dataclass(frozen=True)
class Answer:
    field: str
    label: str
    value: str
    answered: bool


@dataclass(frozen=True)
class Section:
    title: str
    answers: list[Answer]


# (step title, [(canonical field, label)]) in the order the intake asks them.
SECTIONS: list[tuple[Any, list[tuple[str, Any]]]] = [
    (
        _("About you"),
        [("age", _("Age")), ("sex", _("Sex")), ("pregnant", _("Pregnant"))],
    ),
    (
        _("Your back pain"),
        [
            ("symptom_duration_days", _("Days since it started")),
            ("onset_type", _("How it started")),
            ("mechanism", _("What you were doing")),
            ("trauma.occurred", _("Caused by an injury (fall, collision or impact)")),
            ("trauma.type", _("Kind of injury")),
            ("trauma.severity", _("Injury energy")),
            ("pain_location", _("Where it hurts")),
            ("pain_now_nprs", _("Pain now (0-10)")),
        ],
    ),
    (
        _("Leg symptoms"),
        [
            ("leg_pain", _("Pain into the legs")),
            ("leg_pain_below_knee", _("Leg pain goes below the knee")),
            ("numbness", _("Numbness or pins and needles")),
            ("weakness", _("Leg or foot weakness")),
            ("weakness_worsening", _("Weakness getting worse")),
            ("leg_symptoms_duration_days", _("Days since leg symptoms started")),
            ("leg_symptoms_worsening", _("Leg symptoms spreading or getting worse")),
        ],
    ),
    (
        _("Warning signs"),
        [
            ("saddle_anesthesia", _("New numbness around the bottom, genitals or inner thighs")),
            ("bladder_dysfunction", _("New problems passing or controlling urine")),
            ("bowel_incontinence", _("New loss of bowel control")),
            ("sexual_dysfunction_new", _("New changes in sexual sensation or function")),
            ("fever", _("Fever, or feeling feverish with chills or sweats")),
            ("weight_loss_unexplained", _("Unexplained weight loss (about 5 kg / 10 lb or more)")),
            ("night_pain", _("Night or rest pain not eased by changing position")),
        ],
    ),
    (
        _("Health history"),
        [
            ("cancer_history", _("Cancer, now or in the past")),
            ("cancer_type", _("Which cancer")),
            ("immunosuppression", _("Condition or medicine that weakens the immune system")),
            ("iv_drug_use", _("Injection drug use")),
            ("recent_infection_or_spinal_procedure", _("Infection or spinal procedure in the last 3 months")),
            ("steroid_use", _("Steroid tablets for 3 months or longer")),
            ("osteoporosis", _("Osteoporosis or a previous fragility fracture")),
            ("prior_spine_surgery", _("Previous lower back operation")),
            ("prior_spine_surgery_years_ago", _("Years since the operation")),
            ("new_or_worsening_since_surgery", _("New or worse symptoms since the operation")),
            ("prior_lumbar_imaging.done", _("Back scan or X-ray for this problem")),
            ("prior_lumbar_imaging.modality", _("Kind of scan")),
            ("prior_lumbar_imaging.weeks_ago", _("Weeks since the scan")),
            ("prior_lumbar_imaging.change_since", _("Symptoms changed since the scan")),
            ("conservative_care_weeks", _("Weeks of treatment so far")),
            ("improving", _("Clearly improving")),
            ("wants_procedure_or_surgery", _("Would consider an injection or surgery")),
        ],
    ),
]


def display(value: Any) -> str:
    if value is None:
        return str(NOT_ANSWERED)
    if isinstance(value, list | tuple):
        return ", ".join(display(v) for v in value) if value else str(NOT_ANSWERED)
    if isinstance(value, bool | str) and value in VALUE_LABELS:
        return str(VALUE_LABELS[value])
    return str(value).replace("_", " ")


def lookup(case: dict[str, Any], dotted: str) -> Any:
    value: Any = case
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def answer_sections(case: dict[str, Any]) -> list[Section]:
    return [
        Section(
            title=str(title),
            answers=[
                Answer(field=name, label=str(label), value=display(lookup(case, name)),
                       answered=lookup(case, name) is not None)
                for name, label in fields
            ],
        )
        for title, fields in SECTIONS
    ]  # fmt: skip
