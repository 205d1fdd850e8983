"""Synthetic, realistic intakes for demos and benchmarks (used by `manage.py seed_demo`).

Each case is drawn from a clinical scenario (the common "bent over and my back
seized", sciatica, red flags, emergencies, injuries) with plausible variation, then
triaged by the real rules engine, so the demo queue looks like a real clinic's.
No real person's data: names are drawn from short lists of common names.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

FIRST_NAMES = (
    "Ana", "Ben", "Carmen", "David", "Elena", "Farid", "Grace", "Hugo", "Irene", "James",
    "Keiko", "Luis", "Maria", "Nadia", "Omar", "Priya", "Quinn", "Rosa", "Sam", "Tomas",
)  # fmt: skip
LAST_NAMES = (
    "Garcia", "Smith", "Nguyen", "Johnson", "Lopez", "Brown", "Martinez", "Davis", "Kim",
    "Wilson", "Hernandez", "Taylor", "Patel", "Moore", "Rivera", "Clark", "Lee", "Walker",
)  # fmt: skip

# Scenario name, relative weight. Weights give a queue where most cases are routine.
SCENARIOS = (
    ("mechanical", 45),
    ("radicular", 20),
    ("older_adult", 8),
    ("red_flag", 9),
    ("missing_answer", 3),
    ("low_energy_trauma", 5),
    ("high_energy_trauma", 2),
    ("cauda_equina", 2),
    ("other_emergency", 2),
    ("after_six_weeks", 4),
)


def _base(rng: random.Random) -> dict[str, Any]:
    return {
        "age": rng.randint(22, 64),
        "sex": rng.choice(("female", "male")),
        "pregnant": False,
        "symptom_duration_days": rng.choice((2, 4, 6, 9, 12, 16, 20, 25, 30, 45)),
        "onset_type": rng.choice(("sudden", "sudden", "gradual")),
        "mechanism": rng.choice(
            ("bending_or_lifting", "bending_or_lifting", "twisting", "no_clear_cause", "prolonged_posture")
        ),
        "trauma": {"occurred": False, "type": None, "severity": None},
        "pain_location": ["lower_back"] + (["buttock"] if rng.random() < 0.4 else []),
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
        "night_pain": rng.random() < 0.05,
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
        "improving": rng.random() < 0.4,
        "wants_procedure_or_surgery": False,
        "pain_now_nprs": rng.randint(3, 9),
        "narrative": None,
        "startback": {
            "q1_leg_pain": False,
            "q2_shoulder_neck": rng.random() < 0.3,
            "q3_walk_short": rng.random() < 0.5,
            "q4_dress_slowly": rng.random() < 0.5,
            "q5_unsafe_active": rng.random() < 0.3,
            "q6_worry": rng.random() < 0.4,
            "q7_terrible_never_better": rng.random() < 0.2,
            "q8_no_enjoyment": rng.random() < 0.3,
            "q9_bothersome": rng.choice(("slightly", "moderately", "very_much", "extremely")),
        },
        "odi_sections": [rng.randint(0, 3) for _ in range(10)],
    }


def _apply_scenario(name: str, case: dict[str, Any], rng: random.Random) -> None:
    if name in ("radicular", "after_six_weeks"):
        case.update(leg_pain="one_leg", leg_pain_below_knee=True, pain_location=["lower_back", "leg"])
        case["numbness"] = rng.choice(("none", "one_leg"))
        case["leg_symptoms_duration_days"] = case["symptom_duration_days"]
        case["startback"]["q1_leg_pain"] = True
    if name == "after_six_weeks":
        case.update(symptom_duration_days=rng.randint(45, 120), conservative_care_weeks=rng.randint(6, 10))
        case.update(improving=False, wants_procedure_or_surgery=True)
    elif name == "older_adult":
        case.update(age=rng.randint(55, 88), onset_type="gradual", mechanism="no_clear_cause")
        case["osteoporosis"] = rng.random() < 0.3
    elif name == "red_flag":
        choice = rng.choice(("cancer", "immuno", "fever", "surgery", "fragility"))
        if choice == "cancer":
            case.update(cancer_history=True, cancer_type=rng.choice(("breast", "prostate", "bowel")))
        elif choice == "immuno":
            case["immunosuppression"] = True
        elif choice == "fever":
            case["fever"] = True
        elif choice == "surgery":
            case.update(prior_spine_surgery=True, prior_spine_surgery_years_ago=rng.randint(1, 10))
            case["new_or_worsening_since_surgery"] = True
        else:
            case.update(age=rng.randint(70, 90), onset_type="sudden", mechanism="bending_or_lifting")
    elif name == "missing_answer":
        case[rng.choice(("saddle_anesthesia", "bladder_dysfunction", "fever"))] = None
    elif name == "low_energy_trauma":
        kind = rng.choice(("fall_from_standing", "minor_knock", "motor_vehicle_collision_low_speed"))
        case.update(mechanism="fall", trauma={"occurred": True, "type": kind, "severity": None})
    elif name == "high_energy_trauma":
        kind = rng.choice(("motor_vehicle_collision_high_speed", "ski_fall_high_speed", "fall_from_height"))
        mechanism = "sports_collision_or_fall" if kind.startswith("ski") else "motor_vehicle_collision"
        case.update(mechanism=mechanism, trauma={"occurred": True, "type": kind, "severity": None})
    elif name == "cauda_equina":
        case.update(saddle_anesthesia=True, bladder_dysfunction=rng.random() < 0.6)
    elif name == "other_emergency":
        case.update(leg_pain="one_leg", leg_pain_below_knee=True, weakness="one_leg", weakness_worsening=True)


def random_case(rng: random.Random, scenario: str | None = None) -> dict[str, Any]:
    """A canonical case for `scenario`, or for one drawn by weight."""
    if scenario is None:
        names, weights = zip(*SCENARIOS, strict=True)
        scenario = rng.choices(names, weights=weights)[0]
    case = _base(rng)
    _apply_scenario(scenario, case, rng)
    return case


def random_patient(rng: random.Random, age: int | None, today: dt.date) -> dict[str, Any]:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    years = age if age is not None else 40
    born = today - dt.timedelta(days=years * 365 + rng.randint(0, 364))
    return {
        "name": f"{first} {last}",
        "date_of_birth": born,
        "phone": f"555-01{rng.randint(0, 99):02d}",
        "email": f"{first.lower()}.{last.lower()}@example.org",
    }


# Next steps a reviewer typically records, by the urgency they settled on.
NEXT_STEPS = {
    "emergency": ("advised_emergency_department", "advised_emergency_department", "referred_to_physician"),
    "urgent": ("referred_to_physician", "imaging_requested", "patient_contacted", "book_pt_evaluation"),
    "routine": ("book_pt_evaluation", "book_pt_evaluation", "patient_contacted", "no_action"),
}
OVERRIDE_REASONS = ("examined_in_person", "new_information", "rule_does_not_apply", "other")
OVERRIDE_TEXTS = (
    "Seen today; findings differ from the intake answers.",
    "Phoned the patient; symptoms have settled since the intake.",
    "Answer corrected on the phone.",
)
OVERRIDES = {  # a plausible change of one output, per triage urgency
    "emergency": ("urgency", "urgent"),
    "urgent": ("urgency", "routine"),
    "routine": ("imaging", "consider_if_persistent"),
}
OVERRIDE_SHARE = 0.12


def random_review(rng: random.Random, outputs: dict[str, Any]) -> dict[str, Any]:
    """A clinician's decision on a triaged case: mostly agreement, sometimes one output overridden."""
    decision = {"outcome": "agree", "reason": "", "reason_text": "", **outputs}
    if rng.random() < OVERRIDE_SHARE or outputs["category"] is None:
        name, value = OVERRIDES[outputs["urgency"]]
        if outputs["category"] is None:  # triage failed: the reviewer sets every output
            decision.update(category="non_traumatic_mechanical", imaging="not_indicated")
        elif outputs[name] == value:
            name, value = (
                "imaging",
                "not_indicated" if outputs["imaging"] != "not_indicated" else "indicated_routine",
            )
        reason = rng.choice(OVERRIDE_REASONS)
        decision.update(outcome="override", reason=reason, **{name: value})
        if reason == "other" or rng.random() < 0.5:
            decision["reason_text"] = rng.choice(OVERRIDE_TEXTS)
    decision["next_step"] = rng.choice(NEXT_STEPS[decision["urgency"]])
    return decision
