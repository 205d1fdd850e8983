"""The canonical low back pain case (clinical/REFERENCE.md section 4) and its parser.

`parse_case(data)` turns a JSON-like dict into a frozen `Case`, or raises
`CaseError` naming the first field at fault. Every answer is optional: a field left
out, or given as null, becomes `None`, which means "not answered" and is never read
as "no" by the rules. Enumerated values are accepted in any letter case and with
surrounding spaces, so an unusual spelling of a warning-sign answer still counts.

Pure Python: no Django imports, so the rules can run anywhere and are type-checked
with `mypy --strict`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

SEXES = ("female", "male", "other")
ONSET_TYPES = ("sudden", "gradual")
MECHANISMS = (
    "bending_or_lifting",
    "twisting",
    "no_clear_cause",
    "prolonged_posture",
    "exercise_strain",
    "fall",
    "motor_vehicle_collision",
    "sports_collision_or_fall",
    "direct_blow",
    "other",
)
# Mechanisms that are themselves an external force event (REFERENCE 4, `trauma.occurred`).
TRAUMATIC_MECHANISMS = frozenset(
    {"fall", "motor_vehicle_collision", "sports_collision_or_fall", "direct_blow"}
)
TRAUMA_SEVERITIES = ("high", "low")
PAIN_LOCATIONS = ("lower_back", "buttock", "thoracic", "pelvic_girdle", "leg")
LEG_EXTENTS = ("none", "one_leg", "both_legs")
IMAGING_MODALITIES = ("mri", "radiograph", "ct")
STARTBACK_ITEMS = (
    "q1_leg_pain",
    "q2_shoulder_neck",
    "q3_walk_short",
    "q4_dress_slowly",
    "q5_unsafe_active",
    "q6_worry",
    "q7_terrible_never_better",
    "q8_no_enjoyment",
)
BOTHERSOME_ANSWERS = ("not_at_all", "slightly", "moderately", "very_much", "extremely")
ODI_SECTION_COUNT = 10

MAX_AGE = 120
MAX_DAYS = 365 * 100
MAX_CARE_WEEKS = 52 * 100
NARRATIVE_MAX_CHARS = 2000
SHORT_TEXT_MAX_CHARS = 200


class CaseError(ValueError):
    """A case that cannot be read; `field` is the dotted name of the field at fault."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


@dataclass(frozen=True, slots=True)
class Trauma:
    occurred: bool | None = None
    type: str | None = None
    severity: str | None = None


@dataclass(frozen=True, slots=True)
class PriorImaging:
    done: bool | None = None
    modality: str | None = None
    weeks_ago: int | None = None
    change_since: bool | None = None


@dataclass(frozen=True, slots=True)
class StartBackAnswers:
    q1_leg_pain: bool | None = None
    q2_shoulder_neck: bool | None = None
    q3_walk_short: bool | None = None
    q4_dress_slowly: bool | None = None
    q5_unsafe_active: bool | None = None
    q6_worry: bool | None = None
    q7_terrible_never_better: bool | None = None
    q8_no_enjoyment: bool | None = None
    q9_bothersome: str | None = None


@dataclass(frozen=True, slots=True)
class Case:
    """One intake, in the field names the rules read. `None` means "not answered"."""

    age: int | None = None
    sex: str | None = None
    pregnant: bool | None = None
    symptom_duration_days: int | None = None
    onset_type: str | None = None
    mechanism: str | None = None
    trauma: Trauma = Trauma()
    pain_location: tuple[str, ...] | None = None
    leg_pain: str | None = None
    leg_pain_below_knee: bool | None = None
    numbness: str | None = None
    weakness: str | None = None
    weakness_worsening: bool | None = None
    leg_symptoms_duration_days: int | None = None
    leg_symptoms_worsening: bool | None = None
    bladder_dysfunction: bool | None = None
    bowel_incontinence: bool | None = None
    saddle_anesthesia: bool | None = None
    sexual_dysfunction_new: bool | None = None
    fever: bool | None = None
    weight_loss_unexplained: bool | None = None
    night_pain: bool | None = None
    cancer_history: bool | None = None
    cancer_type: str | None = None
    immunosuppression: bool | None = None
    iv_drug_use: bool | None = None
    recent_infection_or_spinal_procedure: bool | None = None
    steroid_use: bool | None = None
    osteoporosis: bool | None = None
    prior_spine_surgery: bool | None = None
    prior_spine_surgery_years_ago: float | None = None
    new_or_worsening_since_surgery: bool | None = None
    prior_lumbar_imaging: PriorImaging = PriorImaging()
    conservative_care_weeks: int | None = None
    improving: bool | None = None
    wants_procedure_or_surgery: bool | None = None
    pain_now_nprs: int | None = None
    narrative: str | None = None
    startback: StartBackAnswers | None = None
    odi_sections: tuple[int | None, ...] | None = None


# --- value readers: each returns the value or raises CaseError naming the field ---


def _bool(field: str, value: Any) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise CaseError(field, f"must be true, false or null, not {_show(value)}")


def _int(field: str, value: Any, low: int, high: int) -> int | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise CaseError(field, f"must be a whole number, not {_show(value)}")
    number: int = value
    if not low <= number <= high:
        raise CaseError(field, f"must be between {low} and {high}, not {number}")
    return number


def _number(field: str, value: Any, low: float, high: float) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise CaseError(field, f"must be a number, not {_show(value)}")
    if not low <= value <= high:  # also refuses NaN
        raise CaseError(field, f"must be between {low:g} and {high:g}, not {value}")
    return float(value)


def _choice(field: str, value: Any, allowed: tuple[str, ...]) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        normalised = value.strip().lower()
        if normalised in allowed:
            return normalised
    raise CaseError(field, f"must be one of {', '.join(allowed)}, not {_show(value)}")


def _text(field: str, value: Any, max_chars: int) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise CaseError(field, f"must be text, not {_show(value)}")
    if len(value) > max_chars:
        raise CaseError(field, f"must be at most {max_chars} characters, not {len(value)}")
    if "\x00" in value:
        raise CaseError(field, "must not contain NUL characters")
    return value


def _object(field: str, value: Any) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise CaseError(field, f"must be an object, not {_show(value)}")
    return value


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _check_keys(field: str, data: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
    for key in data:
        if key not in allowed:
            name = f"{field}.{key}" if field else str(key)
            raise CaseError(name, "is not a field of the canonical case")


# --- nested objects ---

_TRAUMA_FIELDS = ("occurred", "type", "severity")
_IMAGING_FIELDS = ("done", "modality", "weeks_ago", "change_since")
_STARTBACK_FIELDS = (*STARTBACK_ITEMS, "q9_bothersome")
_NESTED = {
    "trauma": _TRAUMA_FIELDS,
    "prior_lumbar_imaging": _IMAGING_FIELDS,
    "startback": _STARTBACK_FIELDS,
}


def _trauma(value: Any) -> Trauma:
    data = _object("trauma", value)
    _check_keys("trauma", data, _TRAUMA_FIELDS)
    return Trauma(
        occurred=_bool("trauma.occurred", data.get("occurred")),
        type=_trauma_type(data.get("type")),
        severity=_choice("trauma.severity", data.get("severity"), TRAUMA_SEVERITIES),
    )


def _trauma_type(value: Any) -> str | None:
    text = _text("trauma.type", value, SHORT_TEXT_MAX_CHARS)
    return None if text is None else text.strip().lower()


def _prior_imaging(value: Any) -> PriorImaging:
    field = "prior_lumbar_imaging"
    data = _object(field, value)
    _check_keys(field, data, _IMAGING_FIELDS)
    return PriorImaging(
        done=_bool(f"{field}.done", data.get("done")),
        modality=_choice(f"{field}.modality", data.get("modality"), IMAGING_MODALITIES),
        weeks_ago=_int(f"{field}.weeks_ago", data.get("weeks_ago"), 0, MAX_DAYS // 7),
        change_since=_bool(f"{field}.change_since", data.get("change_since")),
    )


def _startback(value: Any) -> StartBackAnswers | None:
    if value is None:
        return None
    data = _object("startback", value)
    _check_keys("startback", data, _STARTBACK_FIELDS)
    items = {name: _bool(f"startback.{name}", data.get(name)) for name in STARTBACK_ITEMS}
    q9 = _choice("startback.q9_bothersome", data.get("q9_bothersome"), BOTHERSOME_ANSWERS)
    return StartBackAnswers(**items, q9_bothersome=q9)


def _pain_location(value: Any) -> tuple[str, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list | tuple):
        raise CaseError("pain_location", f"must be a list, not {_show(value)}")
    places = [_choice(f"pain_location[{i}]", v, PAIN_LOCATIONS) for i, v in enumerate(value)]
    return tuple(p for p in PAIN_LOCATIONS if p in places)


def _odi(value: Any) -> tuple[int | None, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list | tuple) or len(value) != ODI_SECTION_COUNT:
        raise CaseError("odi_sections", f"must be a list of {ODI_SECTION_COUNT} answers or null")
    return tuple(_int(f"odi_sections[{i}]", v, 0, 5) for i, v in enumerate(value))


def _fold_dotted_keys(data: Mapping[str, Any]) -> dict[str, Any]:
    """Accept `"trauma.occurred": true` as well as `"trauma": {"occurred": true}`."""
    folded: dict[str, Any] = {}
    for key, value in data.items():
        if not isinstance(key, str):
            raise CaseError(str(key), "field names must be text")
        parent, dot, child = key.partition(".")
        if not dot or parent not in _NESTED:
            folded[key] = value
            continue
        nested = folded.setdefault(parent, {})
        if not isinstance(nested, dict) or child in nested:
            raise CaseError(key, "is given twice")
        nested[child] = value
    return folded


def _duration_days(data: Mapping[str, Any]) -> int | None:
    """Days since onset: the reported number, else `onset_date` to `intake_date` (3)."""
    days = _int("symptom_duration_days", data.get("symptom_duration_days"), 0, MAX_DAYS)
    onset = data.get("onset_date")
    if days is not None or onset is None:
        return days
    onset_day = _date("onset_date", onset)
    intake_day = _date("intake_date", data.get("intake_date") or dt.date.today().isoformat())
    if onset_day > intake_day:
        raise CaseError("onset_date", "must not be after the intake date")
    return _int("onset_date", int((intake_day - onset_day).days), 0, MAX_DAYS)


def _date(field: str, value: Any) -> dt.date:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise CaseError(field, f"must be a date written YYYY-MM-DD, not {_show(value)}")


CASE_FIELDS = tuple(Case.__dataclass_fields__)
# Accepted beside the canonical fields to derive symptom_duration_days (REFERENCE 3).
DATE_FIELDS = ("onset_date", "intake_date")


def parse_case(data: Any) -> Case:
    """Read one canonical case; raise `CaseError` naming the field on bad input."""
    if not isinstance(data, Mapping):
        raise CaseError("case", f"must be a JSON object, not {_show(data)}")
    data = _fold_dotted_keys(data)
    _check_keys("", data, CASE_FIELDS + DATE_FIELDS)
    g = data.get
    return Case(
        age=_int("age", g("age"), 0, MAX_AGE),
        sex=_choice("sex", g("sex"), SEXES),
        pregnant=_bool("pregnant", g("pregnant")),
        symptom_duration_days=_duration_days(data),
        onset_type=_choice("onset_type", g("onset_type"), ONSET_TYPES),
        mechanism=_choice("mechanism", g("mechanism"), MECHANISMS),
        trauma=_trauma(g("trauma")),
        pain_location=_pain_location(g("pain_location")),
        leg_pain=_choice("leg_pain", g("leg_pain"), LEG_EXTENTS),
        leg_pain_below_knee=_bool("leg_pain_below_knee", g("leg_pain_below_knee")),
        numbness=_choice("numbness", g("numbness"), LEG_EXTENTS),
        weakness=_choice("weakness", g("weakness"), LEG_EXTENTS),
        weakness_worsening=_bool("weakness_worsening", g("weakness_worsening")),
        leg_symptoms_duration_days=_int(
            "leg_symptoms_duration_days", g("leg_symptoms_duration_days"), 0, MAX_DAYS
        ),
        leg_symptoms_worsening=_bool("leg_symptoms_worsening", g("leg_symptoms_worsening")),
        bladder_dysfunction=_bool("bladder_dysfunction", g("bladder_dysfunction")),
        bowel_incontinence=_bool("bowel_incontinence", g("bowel_incontinence")),
        saddle_anesthesia=_bool("saddle_anesthesia", g("saddle_anesthesia")),
        sexual_dysfunction_new=_bool("sexual_dysfunction_new", g("sexual_dysfunction_new")),
        fever=_bool("fever", g("fever")),
        weight_loss_unexplained=_bool("weight_loss_unexplained", g("weight_loss_unexplained")),
        night_pain=_bool("night_pain", g("night_pain")),
        cancer_history=_bool("cancer_history", g("cancer_history")),
        cancer_type=_text("cancer_type", g("cancer_type"), SHORT_TEXT_MAX_CHARS),
        immunosuppression=_bool("immunosuppression", g("immunosuppression")),
        iv_drug_use=_bool("iv_drug_use", g("iv_drug_use")),
        recent_infection_or_spinal_procedure=_bool(
            "recent_infection_or_spinal_procedure", g("recent_infection_or_spinal_procedure")
        ),
        steroid_use=_bool("steroid_use", g("steroid_use")),
        osteoporosis=_bool("osteoporosis", g("osteoporosis")),
        prior_spine_surgery=_bool("prior_spine_surgery", g("prior_spine_surgery")),
        prior_spine_surgery_years_ago=_number(
            "prior_spine_surgery_years_ago", g("prior_spine_surgery_years_ago"), 0, MAX_AGE
        ),
        new_or_worsening_since_surgery=_bool(
            "new_or_worsening_since_surgery", g("new_or_worsening_since_surgery")
        ),
        prior_lumbar_imaging=_prior_imaging(g("prior_lumbar_imaging")),
        conservative_care_weeks=_int(
            "conservative_care_weeks", g("conservative_care_weeks"), 0, MAX_CARE_WEEKS
        ),
        improving=_bool("improving", g("improving")),
        wants_procedure_or_surgery=_bool("wants_procedure_or_surgery", g("wants_procedure_or_surgery")),
        pain_now_nprs=_int("pain_now_nprs", g("pain_now_nprs"), 0, 10),
        narrative=_text("narrative", g("narrative"), NARRATIVE_MAX_CHARS),
        startback=_startback(g("startback")),
        odi_sections=_odi(g("odi_sections")),
    )


def case_to_dict(case: Case) -> dict[str, Any]:
    """The canonical JSON form of a case: the inverse of `parse_case`."""
    out: dict[str, Any] = {}
    for name in CASE_FIELDS:
        value = getattr(case, name)
        if isinstance(value, Trauma | PriorImaging | StartBackAnswers):
            value = {f: getattr(value, f) for f in value.__dataclass_fields__}
        elif isinstance(value, tuple):
            value = list(value)
        out[name] = value
    return out
