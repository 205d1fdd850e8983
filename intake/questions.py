"""The wording of every intake question, and how canonical answers are read back.

One catalogue for the patient form and the clinician's case page: `LABELS` holds the
question the patient was asked for each canonical field (clinical/REFERENCE.md
section 4), and the choice lists hold the plain-language answers. The intake forms
take their labels from here, so the clinician reads exactly what the patient saw.

`answer_sections(case)` returns the answers grouped by the intake step that asked
them, each with the question and a display value; an unanswered question (or "not
sure") shows "Not answered", and a follow-up that was never asked (the kind of
injury when there was none) is left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from intake import instruments

NOT_ANSWERED = _("Not answered")

# Plain-language answers, in the order the form offers them.
SEX_CHOICES = (("female", _("Female")), ("male", _("Male")), ("other", _("Other")))
ONSET_TYPE_CHOICES = (("sudden", _("Suddenly")), ("gradual", _("Gradually")))
MECHANISM_CHOICES = (
    ("bending_or_lifting", _("Bending or lifting")),
    ("twisting", _("Twisting or turning")),
    ("prolonged_posture", _("Sitting or standing for a long time")),
    ("exercise_strain", _("Exercise or sport (a strain, no fall or collision)")),
    ("fall", _("A fall")),
    ("motor_vehicle_collision", _("A road or car crash")),
    ("sports_collision_or_fall", _("A fall or collision during sport")),
    ("direct_blow", _("A blow or knock to the back")),
    ("no_clear_cause", _("Nothing in particular / no clear cause")),
    ("other", _("Something else")),
)
# REFERENCE 7.3 `trauma.type` values in plain words; the rules read the severity from them.
TRAUMA_TYPE_CHOICES = (
    (
        "motor_vehicle_collision_high_speed",
        _("A road crash at road or highway speed, a rollover, or being thrown out"),
    ),
    ("pedestrian_or_cyclist_struck", _("Hit by a vehicle while walking or cycling")),
    ("fall_from_height", _("A fall from a height of about 3 m (10 ft) or more")),
    ("fall_down_stairs", _("A fall down a full flight of stairs")),
    ("ski_fall_high_speed", _("A fall at speed while skiing or snowboarding")),
    ("sports_collision_high_speed", _("A crash at speed in sport (cycling, riding) or into a fixed object")),
    ("motor_vehicle_collision_low_speed", _("A low-speed car bump (parking speed)")),
    ("fall_from_standing", _("A slip or trip from standing height or lower")),
    ("minor_knock", _("A minor knock")),
    ("other", _("Something else (please describe it in your own words below)")),
)  # fmt: skip
PAIN_LOCATION_CHOICES = (
    ("lower_back", _("Lower back")),
    ("buttock", _("Buttock")),
    ("thoracic", _("Mid or upper back")),
    ("pelvic_girdle", _("Pelvis or hips")),
    ("leg", _("Leg")),
)
LEG_PAIN_CHOICES = (("none", _("No")), ("one_leg", _("Yes, one leg")), ("both_legs", _("Yes, both legs")))
IMAGING_CHOICES = (("mri", _("MRI")), ("radiograph", _("X-ray")), ("ct", _("CT scan")))
YES, NO, NOT_SURE = "yes", "no", "not_sure"
YES_NO_CHOICES = ((YES, _("Yes")), (NO, _("No")))
YES_NO_UNSURE_CHOICES = (*YES_NO_CHOICES, (NOT_SURE, _("Not sure")))

# The question asked for each canonical field (dotted names for nested fields).
LABELS: dict[str, Any] = {
    "age": _("Age"),
    "sex": _("Sex"),
    "pregnant": _("Are you pregnant?"),
    "symptom_duration_days": _("Days since the pain started"),
    "onset_type": _("Did the pain start suddenly or gradually?"),
    "mechanism": _("What were you doing when the pain started?"),
    "trauma.occurred": _("Was the pain caused by an injury, such as a fall, a collision or a blow?"),
    "trauma.type": _("What kind of injury was it?"),
    "trauma.severity": _("Force of the injury (worked out from the kind of injury)"),
    "pain_location": _("Where does it hurt?"),
    "pain_now_nprs": instruments.NPRS_LABEL,
    "narrative": _("In your own words, what is the problem?"),
    "leg_pain": _("Does pain travel from your back into your leg or legs?"),
    "leg_pain_below_knee": _("Does the leg pain go below the knee?"),
    "numbness": _("Do you have numbness or pins and needles in a leg or foot?"),
    "weakness": _(
        "Do you have weakness in a leg or foot? For example, your foot slaps or catches, "
        "you trip, or your knee gives way."
    ),
    "weakness_worsening": _("Is the weakness getting worse over hours or days?"),
    "leg_symptoms_duration_days": _("How long have you had these leg symptoms?"),
    "leg_symptoms_worsening": _("Are the leg symptoms spreading or getting worse?"),
    "saddle_anesthesia": _(
        "Have you noticed new numbness or a change in feeling around your bottom, genitals, "
        "inner buttocks or inner thighs (for example when wiping after using the toilet)?"
    ),
    "bladder_dysfunction": _(
        "Have you had new problems with your bladder: difficulty starting or passing urine, "
        "less feeling when passing urine, not feeling when your bladder is full, or leaking?"
    ),
    "bowel_incontinence": _(
        "Have you had new loss of control of your bowels, or not felt the need to open your bowels?"
    ),
    "sexual_dysfunction_new": _(
        "Have you noticed new changes in sexual feeling or function, such as less feeling in "
        "the genitals or problems with erection or ejaculation?"
    ),
    "fever": _(
        "Since this back pain began, have you had a fever (38 °C / 100.4 °F or more), or felt "
        "feverish with chills or sweats?"
    ),
    "weight_loss_unexplained": _(
        "Have you lost about 5 kg (10 lb) or more in the last 6 months without trying?"
    ),
    "night_pain": _("Do you have pain at night or at rest that does not ease when you change position?"),
    "cancer_history": _("Have you ever had cancer? (Do not count skin cancer other than melanoma.)"),
    "cancer_type": _("Which cancer?"),
    "immunosuppression": _(
        "Do you have a condition or take medicine that weakens your immune system? For example "
        "immunosuppressant or biologic drugs, chemotherapy, an organ transplant, or HIV."
    ),
    "iv_drug_use": _("Do you inject drugs, now or recently?"),
    "recent_infection_or_spinal_procedure": _(
        "In the last 3 months, have you had a bacterial infection (such as a urine, skin or "
        "blood infection), or an injection or operation on your spine?"
    ),
    "steroid_use": _(
        "Have you taken steroid tablets (such as prednisolone) for 3 months or longer, now or recently?"
    ),
    "osteoporosis": _(
        "Have you been told you have osteoporosis (thin bones), or have you broken a bone in a minor fall?"
    ),
    "prior_spine_surgery": _("Have you had an operation on your lower back before?"),
    "prior_spine_surgery_years_ago": _("How many years ago was the operation?"),
    "new_or_worsening_since_surgery": _(
        "Since that operation, have you had new back or leg symptoms, or symptoms that are getting worse?"
    ),
    "prior_lumbar_imaging.done": _("Have you had a scan or X-ray of your back for this problem?"),
    "prior_lumbar_imaging.modality": _("What kind of scan was it?"),
    "prior_lumbar_imaging.weeks_ago": _("How long ago was it (in weeks)?"),
    "prior_lumbar_imaging.change_since": _("Have your symptoms changed since that scan?"),
    "conservative_care_weeks": _(
        "How many weeks of treatment have you had for this episode so far (physiotherapy, an "
        "exercise programme, or medicine from a clinician)?"
    ),
    "improving": _("Is your back pain clearly getting better?"),
    "wants_procedure_or_surgery": _(
        "If a specialist advised it, would you consider an injection or an operation?"
    ),
}  # fmt: skip

VALUE_LABELS: dict[Any, Any] = {
    True: _("Yes"),
    False: _("No"),
    "high": _("High"),
    "low": _("Low"),
    **dict(SEX_CHOICES),
    **dict(ONSET_TYPE_CHOICES),
    **dict(MECHANISM_CHOICES),
    **dict(TRAUMA_TYPE_CHOICES[:-1]),
    **dict(PAIN_LOCATION_CHOICES),
    **dict(LEG_PAIN_CHOICES),
    **dict(IMAGING_CHOICES),
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


# Step titles, keyed by the intake step (URL slug) that asks them.
STEP_TITLES = {
    "about": _("About you"),
    "back-pain": _("Your back pain"),
    "legs": _("Leg symptoms"),
    "warning-signs": _("Warning signs"),
    "history": _("Health history"),
    "questionnaires": _("Questionnaires"),
    "review": _("Check your answers"),
}

# (step title, canonical fields) in the order the intake asks them.
SECTIONS: list[tuple[Any, list[str]]] = [
    (STEP_TITLES["about"], ["age", "sex", "pregnant"]),
    (
        STEP_TITLES["back-pain"],
        [
            "symptom_duration_days", "onset_type", "mechanism", "trauma.occurred", "trauma.type",
            "trauma.severity", "pain_location", "pain_now_nprs", "narrative",
        ],
    ),
    (
        STEP_TITLES["legs"],
        [
            "leg_pain", "leg_pain_below_knee", "numbness", "weakness", "weakness_worsening",
            "leg_symptoms_duration_days", "leg_symptoms_worsening",
        ],
    ),
    (
        STEP_TITLES["warning-signs"],
        [
            "saddle_anesthesia", "bladder_dysfunction", "bowel_incontinence", "sexual_dysfunction_new",
            "fever", "weight_loss_unexplained", "night_pain",
        ],
    ),
    (
        STEP_TITLES["history"],
        [
            "cancer_history", "cancer_type", "immunosuppression", "iv_drug_use",
            "recent_infection_or_spinal_procedure", "steroid_use", "osteoporosis", "prior_spine_surgery",
            "prior_spine_surgery_years_ago", "new_or_worsening_since_surgery", "prior_lumbar_imaging.done",
            "prior_lumbar_imaging.modality", "prior_lumbar_imaging.weeks_ago",
            "prior_lumbar_imaging.change_since", "conservative_care_weeks", "improving",
            "wants_procedure_or_surgery",
        ],
    ),
]  # fmt: skip


# When a follow-up question is asked, in canonical terms: (parent field, operator, value),
# any one condition holding (FHIR enableWhen; "exists" False means "not answered").
# The case page leaves out a follow-up that was not asked; the FHIR Questionnaire uses
# the same conditions.
ASKED_WHEN: dict[str, list[tuple[str, str, Any]]] = {
    "pregnant": [("sex", "exists", False), ("sex", "=", "female"), ("sex", "=", "other")],
    "trauma.type": [("trauma.occurred", "=", True)],
    "trauma.severity": [("trauma.occurred", "=", True)],
    "cancer_type": [("cancer_history", "=", True)],
    "prior_spine_surgery_years_ago": [("prior_spine_surgery", "=", True)],
    "new_or_worsening_since_surgery": [("prior_spine_surgery", "=", True)],
    "prior_lumbar_imaging.modality": [("prior_lumbar_imaging.done", "=", True)],
    "prior_lumbar_imaging.weeks_ago": [("prior_lumbar_imaging.done", "=", True)],
    "prior_lumbar_imaging.change_since": [("prior_lumbar_imaging.done", "=", True)],
}
# Derived by the rules when a client does not give it; shown only when given.
SHOWN_WHEN_GIVEN = frozenset({"trauma.severity"})


def was_asked(case: dict[str, Any], name: str) -> bool:
    """Whether the patient was asked this question, given the answers it depends on."""
    if name in SHOWN_WHEN_GIVEN and lookup(case, name) is None:
        return False
    conditions = ASKED_WHEN.get(name)
    if not conditions:
        return True
    for parent, operator, value in conditions:
        answer = lookup(case, parent)
        if (operator == "exists" and (answer is not None) == value) or (operator == "=" and answer == value):
            return True
    return False


# Answers the patient typed: shown exactly as typed, never read as a code (a cancer type
# "other" is not "Something else", and "my_son" keeps its underscore).
FREE_TEXT_FIELDS = frozenset({"narrative", "cancer_type"})


def display(value: Any, free_text: bool = False) -> str:
    if value is None:
        return str(NOT_ANSWERED)
    if free_text:
        return str(value)
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
                Answer(field=name, label=str(LABELS[name]),
                       value=display(lookup(case, name), free_text=name in FREE_TEXT_FIELDS),
                       answered=lookup(case, name) is not None)
                for name in fields
                if was_asked(case, name)
            ],
        )
        for title, fields in SECTIONS
    ]  # fmt: skip
