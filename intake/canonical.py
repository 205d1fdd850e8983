"""From the patient's answers to the canonical case: the one place that mapping lives.

`build_case(answers, intake_date)` reads a draft's answers (grouped by step, as the
forms in `intake.forms` store them) and returns the canonical case of
clinical/REFERENCE.md section 4, in exactly the shape `triage.case.parse_case`
accepts. It is used for the emergency check after each step (with the steps
answered so far) and for the final submission.

Conventions:
* "Not sure", an unanswered question and a step not reached yet all become `None`
  (never "no"), so the rules escalate a missing warning-sign answer.
* A question that was not asked because its parent answer made it irrelevant takes
  the value the parent implies: no leg pain means the leg pain does not go below
  the knee (`False`); no weakness means it is not getting worse (`False`); details
  of an operation or a scan that did not happen are `None`.
* Durations given as "about N days/weeks ago" count from the day they were answered,
  so a draft finished days later still gives the right number of days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from intake.forms import HAS_LEG, UNIT_DAYS, age_on
from intake.questions import NO, NOT_SURE, YES
from triage.case import STARTBACK_ITEMS

ANSWERED_ON = "answered_on"  # stored with each step: the date its answers were saved


def yes_no(value: Any) -> bool | None:
    """'yes' -> True, 'no' -> False; 'not_sure' and anything unanswered -> None."""
    return {YES: True, NO: False}.get(value) if isinstance(value, str) else None


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _days_ago(step: Mapping[str, Any], number_key: str, unit_key: str, intake_date: dt.date) -> int | None:
    number, unit = step.get(number_key), step.get(unit_key)
    if not isinstance(number, int) or unit not in UNIT_DAYS:
        return None
    answered_on = _date(step.get(ANSWERED_ON)) or intake_date
    return number * UNIT_DAYS[unit] + max((intake_date - answered_on).days, 0)


def _about(about: Mapping[str, Any], intake_date: dt.date) -> dict[str, Any]:
    born = _date(about.get("date_of_birth"))
    sex = about.get("sex")
    return {
        "age": age_on(born, intake_date) if born else None,
        "sex": sex,
        "pregnant": False if sex == "male" else yes_no(about.get("pregnant")),
    }


def _symptom_duration(pain: Mapping[str, Any], intake_date: dt.date) -> int | None:
    if pain.get("onset_known") == "date":
        onset = _date(pain.get("onset_date"))
        return max((intake_date - onset).days, 0) if onset else None
    if pain.get("onset_known") == "ago":
        return _days_ago(pain, "onset_ago_number", "onset_ago_unit", intake_date)
    return None


def _back_pain(pain: Mapping[str, Any], intake_date: dt.date) -> dict[str, Any]:
    occurred = yes_no(pain.get("trauma_occurred"))
    narrative = (pain.get("narrative") or "").strip()
    return {
        "symptom_duration_days": _symptom_duration(pain, intake_date),
        "onset_type": pain.get("onset_type"),
        "mechanism": pain.get("mechanism"),
        "trauma": {
            "occurred": occurred,
            "type": pain.get("trauma_type") if occurred else None,
            "severity": None,  # derived by the rules from the type (REFERENCE 7.3), never asked
        },
        "pain_location": list(pain.get("pain_location") or []) or None,
        "pain_now_nprs": pain.get("pain_now"),
        "narrative": narrative or None,
    }


def _implied(parent: Any, answer: Any) -> bool | None:
    """A follow-up about a leg symptom: `False` when the symptom is absent, else the answer."""
    if parent == "none":
        return False
    return yes_no(answer) if parent in HAS_LEG else None


def _legs(legs: Mapping[str, Any], intake_date: dt.date) -> dict[str, Any]:
    leg_pain, numbness = legs.get("leg_pain"), legs.get("numbness")
    weakness = None if legs.get("weakness") == NOT_SURE else legs.get("weakness")
    extents = (leg_pain, numbness, legs.get("weakness"))
    any_symptom = any(extent in HAS_LEG or extent == NOT_SURE for extent in extents)
    no_symptom = all(extent == "none" for extent in extents)
    return {
        "leg_pain": leg_pain,
        "leg_pain_below_knee": _implied(leg_pain, legs.get("leg_pain_below_knee")),
        "numbness": numbness,
        "weakness": weakness,
        "weakness_worsening": _implied(weakness, legs.get("weakness_worsening")),
        "leg_symptoms_duration_days": (
            _days_ago(legs, "leg_duration_number", "leg_duration_unit", intake_date) if any_symptom else None
        ),
        "leg_symptoms_worsening": False if no_symptom else yes_no(legs.get("leg_symptoms_worsening")),
    }


WARNING_SIGN_FIELDS = (
    "saddle_anesthesia",
    "bladder_dysfunction",
    "bowel_incontinence",
    "sexual_dysfunction_new",
    "fever",
    "weight_loss_unexplained",
    "night_pain",
)
HISTORY_YES_NO_FIELDS = (
    "cancer_history",
    "immunosuppression",
    "iv_drug_use",
    "recent_infection_or_spinal_procedure",
    "steroid_use",
    "osteoporosis",
    "prior_spine_surgery",
)


def _history(history: Mapping[str, Any], intake_date: dt.date) -> dict[str, Any]:
    case = {name: yes_no(history.get(name)) for name in HISTORY_YES_NO_FIELDS}
    cancer_type = (history.get("cancer_type") or "").strip()
    surgery = case["prior_spine_surgery"] is True
    imaging_done = yes_no(history.get("imaging_done"))
    modality = history.get("imaging_modality")
    imaging_days = _days_ago(history, "imaging_ago_number", "imaging_ago_unit", intake_date)
    return {
        **case,
        "cancer_type": cancer_type if case["cancer_history"] is True and cancer_type else None,
        "prior_spine_surgery_years_ago": history.get("surgery_years_ago") if surgery else None,
        "new_or_worsening_since_surgery": (
            yes_no(history.get("new_or_worsening_since_surgery")) if surgery else None
        ),
        "prior_lumbar_imaging": {
            "done": imaging_done,
            "modality": modality if imaging_done and modality != NOT_SURE else None,
            "weeks_ago": imaging_days // 7 if imaging_done and imaging_days is not None else None,
            "change_since": yes_no(history.get("imaging_change_since")) if imaging_done else None,
        },
        "conservative_care_weeks": history.get("care_weeks"),
        "improving": yes_no(history.get("improving")),
        "wants_procedure_or_surgery": yes_no(history.get("wants_procedure")),
    }  # fmt: skip


def _questionnaires(answers: Mapping[str, Any]) -> dict[str, Any]:
    if not answers:
        return {"startback": None, "odi_sections": None}
    agree = {"agree": True, "disagree": False}
    startback: dict[str, Any] = {name: agree.get(answers.get(name) or "") for name in STARTBACK_ITEMS}
    startback["q9_bothersome"] = answers.get("q9_bothersome")
    odi = [answers.get(f"odi_{number}") for number in range(1, 11)]
    odi_sections = [int(value) if value not in (None, "") else None for value in odi]
    return {
        "startback": startback,
        "odi_sections": odi_sections if any(v is not None for v in odi_sections) else None,
    }


def build_case(answers: Mapping[str, Any], intake_date: dt.date) -> dict[str, Any]:
    """The canonical case (REFERENCE section 4) for a draft's answers, at `intake_date`."""

    def step(name: str) -> Mapping[str, Any]:
        value = answers.get(name)
        return value if isinstance(value, Mapping) else {}

    return {
        **_about(step("about"), intake_date),
        **_back_pain(step("back-pain"), intake_date),
        **_legs(step("legs"), intake_date),
        **{name: yes_no(step("warning-signs").get(name)) for name in WARNING_SIGN_FIELDS},
        **_history(step("history"), intake_date),
        **_questionnaires(step("questionnaires")),
    }
