"""Shared helpers for triage tests: a fully answered, uncomplicated case to override."""

from typing import Any

from triage.case import Case, parse_case

# STarT Back answers scoring total 7, psychosocial 4: high risk.
STARTBACK = {
    "q1_leg_pain": True,
    "q2_shoulder_neck": False,
    "q3_walk_short": True,
    "q4_dress_slowly": True,
    "q5_unsafe_active": True,
    "q6_worry": True,
    "q7_terrible_never_better": True,
    "q8_no_enjoyment": False,
    "q9_bothersome": "very_much",
}


def case_data(**overrides: Any) -> dict[str, Any]:
    """A 33-year-old who bent over and hurt their back 5 days ago; every question answered."""
    data: dict[str, Any] = {
        "age": 33,
        "sex": "female",
        "pregnant": False,
        "symptom_duration_days": 5,
        "onset_type": "sudden",
        "mechanism": "no_clear_cause",
        "trauma": {"occurred": False, "type": None, "severity": None},
        "pain_location": ["lower_back"],
        "leg_pain": "none",
        "leg_pain_below_knee": False,
        "numbness": "none",
        "weakness": "none",
        "weakness_worsening": False,
        "leg_symptoms_duration_days": None,
        "leg_symptoms_worsening": False,
        "bladder_dysfunction": False,
        "bowel_incontinence": False,
        "saddle_anesthesia": False,
        "sexual_dysfunction_new": False,
        "fever": False,
        "weight_loss_unexplained": False,
        "night_pain": False,
        "cancer_history": False,
        "cancer_type": None,
        "immunosuppression": False,
        "iv_drug_use": False,
        "recent_infection_or_spinal_procedure": False,
        "steroid_use": False,
        "osteoporosis": False,
        "prior_spine_surgery": False,
        "prior_spine_surgery_years_ago": None,
        "new_or_worsening_since_surgery": None,
        "prior_lumbar_imaging": {"done": False, "modality": None, "weeks_ago": None, "change_since": None},
        "conservative_care_weeks": 0,
        "improving": False,
        "wants_procedure_or_surgery": False,
        "pain_now_nprs": 6,
        "narrative": None,
    }
    data.update(overrides)
    return data


def make_case(**overrides: Any) -> Case:
    return parse_case(case_data(**overrides))
