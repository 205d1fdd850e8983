"""The intake's questions for other systems: one entry per canonical answer, in asking order.

Every export format reads this catalogue: the FHIR Questionnaire (item types,
answer options, ranges, enableWhen), the QuestionnaireResponse built from a stored
case and the JSON Schema of the intake API. It is itself generated, not written:
field names and allowed values come from `triage/case.py` (the parser the rules
read), wording and grouping from `intake/questions.py` (what the patient is asked).
The questionnaires' items come from `intake/instruments.py`. Only what none of
these modules holds is written here: the value ranges `parse_case` applies inline
(pain 0-10, ODI sections 0-5). Tests check the catalogue against the parser, so the
two cannot drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.utils import translation

from intake import instruments, questions
from triage import case as canonical
from triage.rules import TRAUMA_TYPE_SEVERITY

# FHIR R4 Questionnaire item types used here.
BOOLEAN, INTEGER, DECIMAL, CHOICE, OPEN_CHOICE, STRING, TEXT = (
    "boolean",
    "integer",
    "decimal",
    "choice",
    "open-choice",
    "string",
    "text",
)

NPRS_MAX = 10  # numeric pain rating, 0 to 10 (REFERENCE 12.3)
ODI_SECTION_MAX = 5  # each Oswestry section scores 0 to 5 (REFERENCE 12.1)


@dataclass(frozen=True)
class Field:
    """One canonical answer. `name` is its dotted canonical name and its FHIR linkId."""

    name: str
    kind: str
    choices: tuple[str, ...] = ()
    code_system: str = ""  # id of the local code system holding `choices`
    minimum: float | None = None
    maximum: float | None = None
    max_length: int | None = None
    repeats: bool = False


def _fields() -> tuple[Field, ...]:
    c = canonical
    trauma_types = tuple(TRAUMA_TYPE_SEVERITY)
    return (
        Field("age", INTEGER, minimum=0, maximum=c.MAX_AGE),
        Field("sex", CHOICE, c.SEXES, "lbp-sex"),
        Field("pregnant", BOOLEAN),
        Field("symptom_duration_days", INTEGER, minimum=0, maximum=c.MAX_DAYS),
        Field("onset_type", CHOICE, c.ONSET_TYPES, "lbp-onset-type"),
        Field("mechanism", CHOICE, c.MECHANISMS, "lbp-mechanism"),
        Field("trauma.occurred", BOOLEAN),
        Field("trauma.type", OPEN_CHOICE, trauma_types, "lbp-trauma-type", max_length=c.SHORT_TEXT_MAX_CHARS),
        Field("trauma.severity", CHOICE, c.TRAUMA_SEVERITIES, "lbp-trauma-severity"),
        Field("pain_location", CHOICE, c.PAIN_LOCATIONS, "lbp-pain-location", repeats=True),
        Field("leg_pain", CHOICE, c.LEG_EXTENTS, "lbp-leg-extent"),
        Field("leg_pain_below_knee", BOOLEAN),
        Field("numbness", CHOICE, c.LEG_EXTENTS, "lbp-leg-extent"),
        Field("weakness", CHOICE, c.LEG_EXTENTS, "lbp-leg-extent"),
        Field("weakness_worsening", BOOLEAN),
        Field("leg_symptoms_duration_days", INTEGER, minimum=0, maximum=c.MAX_DAYS),
        Field("leg_symptoms_worsening", BOOLEAN),
        Field("bladder_dysfunction", BOOLEAN),
        Field("bowel_incontinence", BOOLEAN),
        Field("saddle_anesthesia", BOOLEAN),
        Field("sexual_dysfunction_new", BOOLEAN),
        Field("fever", BOOLEAN),
        Field("weight_loss_unexplained", BOOLEAN),
        Field("night_pain", BOOLEAN),
        Field("cancer_history", BOOLEAN),
        Field("cancer_type", STRING, max_length=c.SHORT_TEXT_MAX_CHARS),
        Field("immunosuppression", BOOLEAN),
        Field("iv_drug_use", BOOLEAN),
        Field("recent_infection_or_spinal_procedure", BOOLEAN),
        Field("steroid_use", BOOLEAN),
        Field("osteoporosis", BOOLEAN),
        Field("prior_spine_surgery", BOOLEAN),
        Field("prior_spine_surgery_years_ago", DECIMAL, minimum=0, maximum=c.MAX_AGE),
        Field("new_or_worsening_since_surgery", BOOLEAN),
        Field("prior_lumbar_imaging.done", BOOLEAN),
        Field("prior_lumbar_imaging.modality", CHOICE, c.IMAGING_MODALITIES, "lbp-imaging-modality"),
        Field("prior_lumbar_imaging.weeks_ago", INTEGER, minimum=0, maximum=c.MAX_DAYS // 7),
        Field("prior_lumbar_imaging.change_since", BOOLEAN),
        Field("conservative_care_weeks", INTEGER, minimum=0, maximum=c.MAX_CARE_WEEKS),
        Field("improving", BOOLEAN),
        Field("wants_procedure_or_surgery", BOOLEAN),
        Field("pain_now_nprs", INTEGER, minimum=0, maximum=NPRS_MAX),
        Field("narrative", TEXT, max_length=c.NARRATIVE_MAX_CHARS),
        *(Field(f"startback.{item}", BOOLEAN) for item in c.STARTBACK_ITEMS),
        Field("startback.q9_bothersome", CHOICE, c.BOTHERSOME_ANSWERS, "lbp-bothersome"),
        *(
            Field(odi_link_id(i), INTEGER, minimum=0, maximum=ODI_SECTION_MAX)
            for i in range(c.ODI_SECTION_COUNT)
        ),
    )


def odi_link_id(index: int) -> str:
    """`odi_sections[0]` ... `odi_sections[9]`: the names `parse_case` errors use too."""
    return f"odi_sections[{index}]"


FIELDS: dict[str, Field] = {field.name: field for field in _fields()}


def instrument_sections() -> list[tuple[str, str, list[tuple[str, str]]]]:
    """The STarT Back and Oswestry questions, worded as `intake/instruments.py` words them."""
    startback = [(f"startback.{name}", str(text)) for name, text in instruments.STARTBACK_ITEMS]
    startback.append(("startback.q9_bothersome", str(instruments.STARTBACK_Q9_LABEL)))
    oswestry = [
        (odi_link_id(i), f"Oswestry section {i + 1}: {title}")
        for i, (title, _statements) in enumerate(instruments.ODI_SECTIONS[: canonical.ODI_SECTION_COUNT])
    ]
    return [
        ("startback-tool", "STarT Back Screening Tool (true means agree; last 2 weeks)", startback),
        ("oswestry-disability-index", "Oswestry Disability Index v2.1a (0 = least to 5 = most disability)",
         oswestry),
    ]  # fmt: skip


@dataclass(frozen=True)
class Group:
    link_id: str
    title: str
    fields: list[tuple[Field, str]]  # (field, question text)


def groups() -> list[Group]:
    """The questions in asking order, grouped by intake step, with English wording."""
    with translation.override("en"):
        sections = [
            (slug(str(title)), str(title), [(name, str(questions.LABELS[name])) for name in fields])
            for title, fields in questions.SECTIONS
        ]
        extra = instrument_sections()
    # A name the parser does not know has no place in an export (tests flag it).
    return [
        Group(link_id, title, [(FIELDS[name], label) for name, label in fields if name in FIELDS])
        for link_id, title, fields in sections + extra
        if any(name in FIELDS for name, _ in fields)
    ]


def slug(title: str) -> str:
    """A group's linkId from its English title: `Your back pain` -> `your-back-pain`."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def display(value: str) -> str:
    """The patient-facing label of an answer code, as the intake shows it."""
    with translation.override("en"):
        label = questions.VALUE_LABELS.get(value)
        return str(label) if label is not None else value.replace("_", " ").capitalize()


def value_of(case: dict[str, Any], link_id: str) -> Any:
    """The answer for one linkId in a canonical case dict; None when unanswered."""
    name, bracket, index = link_id.partition("[")
    value = questions.lookup(case, name)
    if bracket and isinstance(value, list):
        position = int(index.rstrip("]"))
        return value[position] if position < len(value) else None
    return value
