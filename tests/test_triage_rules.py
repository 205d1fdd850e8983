import pytest

from tests.triage_cases import make_case
from triage import rules
from triage.rules import evaluate

NO = {"fever": False}

# (vignette, overrides of the uncomplicated case, category, urgency, imaging, flags, a rule that must fire)
VIGNETTES = [
    ("bent over, back only", {}, "non_traumatic_mechanical", "routine", "not_indicated", [], "R-45"),
    (
        "pain into one leg below the knee",
        {"leg_pain": "one_leg", "leg_pain_below_knee": True},
        "radicular",
        "routine",
        "not_indicated",
        [],
        "R-40",
    ),
    (
        "pain into one leg above the knee only",
        {"leg_pain": "one_leg", "leg_pain_below_knee": False},
        "non_traumatic_mechanical",
        "routine",
        "not_indicated",
        [],
        "R-45",
    ),
    ("tingling in one foot", {"numbness": "one_leg"}, "radicular", "routine", "not_indicated", [], "R-40"),
    (
        "stable weakness in one leg (P4)",
        {"weakness": "one_leg", "weakness_worsening": False},
        "radicular",
        "urgent",
        "not_indicated",
        ["stable_unilateral_weakness"],
        "R-40",
    ),
    (
        "weakness in one leg getting worse",
        {"weakness": "one_leg", "weakness_worsening": True},
        "emergency",
        "emergency",
        "indicated_emergency",
        ["progressive_neurological_deficit"],
        "R-10",
    ),
    (
        "saddle numbness alone",
        {"saddle_anesthesia": True},
        "emergency",
        "emergency",
        "indicated_emergency",
        ["cauda_equina_suspected"],
        "R-10",
    ),
    (
        "new trouble passing urine alone",
        {"bladder_dysfunction": True},
        "emergency",
        "emergency",
        "indicated_emergency",
        ["cauda_equina_suspected"],
        "R-10",
    ),
    (
        "new loss of bowel control alone",
        {"bowel_incontinence": True},
        "emergency",
        "emergency",
        "indicated_emergency",
        ["cauda_equina_suspected"],
        "R-10",
    ),
    (
        "new sexual changes alone",
        {"sexual_dysfunction_new": True},
        "emergency",
        "emergency",
        "indicated_emergency",
        ["cauda_equina_suspected"],
        "R-10",
    ),
    (
        "weakness in both legs, stable",
        {"weakness": "both_legs", "weakness_worsening": False, "leg_symptoms_duration_days": 400},
        "emergency",
        "emergency",
        "indicated_emergency",
        ["cauda_equina_suspected"],
        "R-10",
    ),
    (
        "pain in both legs for 10 days",
        {"leg_pain": "both_legs", "leg_symptoms_duration_days": 10},
        "emergency",
        "emergency",
        "indicated_emergency",
        ["cauda_equina_suspected"],
        "R-10",
    ),
    (
        "numbness in both legs, duration unknown",
        {"numbness": "both_legs", "leg_symptoms_duration_days": None},
        "emergency",
        "emergency",
        "indicated_emergency",
        ["cauda_equina_suspected"],
        "R-10",
    ),
    (
        "pain in both legs for 84 days",
        {"leg_pain": "both_legs", "leg_symptoms_duration_days": 84},
        "emergency",
        "emergency",
        "indicated_emergency",
        ["cauda_equina_suspected"],
        "R-10",
    ),
    (
        "pain in both legs for 85 days, stable (P5)",
        {"leg_pain": "both_legs", "leg_symptoms_duration_days": 85, "leg_symptoms_worsening": False},
        "radicular",
        "routine",
        "not_indicated",
        [],
        "R-40",
    ),
    (
        "pain in both legs for a year and getting worse",
        {"leg_pain": "both_legs", "leg_symptoms_duration_days": 365, "leg_symptoms_worsening": True},
        "emergency",
        "emergency",
        "indicated_emergency",
        ["cauda_equina_suspected"],
        "R-10",
    ),
    (
        "fever with injection drug use",
        {"fever": True, "iv_drug_use": True},
        "emergency",
        "emergency",
        "indicated_emergency",
        ["spinal_infection_suspected"],
        "R-10",
    ),
    (
        "fever after a recent spinal injection",
        {"fever": True, "recent_infection_or_spinal_procedure": True},
        "emergency",
        "emergency",
        "indicated_emergency",
        ["spinal_infection_suspected"],
        "R-10",
    ),
    (
        "immunosuppressed without fever",
        {"immunosuppression": True},
        "red_flag_urgent",
        "urgent",
        "indicated_urgent",
        ["infection_risk_factor"],
        "R-30",
    ),
    (
        "fever without a risk factor",
        {"fever": True},
        "red_flag_urgent",
        "urgent",
        "indicated_urgent",
        ["fever_without_risk_factor"],
        "R-30",
    ),
    (
        "cancer history with pain below the knee (P6)",
        {"cancer_history": True, "leg_pain": "one_leg", "leg_pain_below_knee": True},
        "emergency",
        "emergency",
        "indicated_emergency",
        ["mscc_suspected", "cancer_history"],
        "R-10",
    ),
    (
        "cancer history with numbness in one leg",
        {"cancer_history": True, "numbness": "one_leg"},
        "emergency",
        "emergency",
        "indicated_emergency",
        ["mscc_suspected", "cancer_history"],
        "R-10",
    ),
    (
        "cancer history, back pain only",
        {"cancer_history": True, "cancer_type": "breast"},
        "red_flag_urgent",
        "urgent",
        "indicated_urgent",
        ["cancer_history"],
        "R-30",
    ),
    (
        "weight loss at 51",
        {"age": 51, "weight_loss_unexplained": True},
        "red_flag_urgent",
        "urgent",
        "indicated_urgent",
        ["cancer_suspected", "age_over_50", "unexplained_weight_loss"],
        "R-30",
    ),
    (
        "weight loss at 50",
        {"age": 50, "weight_loss_unexplained": True},
        "non_traumatic_mechanical",
        "routine",
        "consider_if_persistent",
        ["unexplained_weight_loss"],
        "R-44",
    ),
    (
        "weight loss with night pain at 30",
        {"age": 30, "weight_loss_unexplained": True, "night_pain": True},
        "red_flag_urgent",
        "urgent",
        "indicated_urgent",
        ["cancer_suspected", "unexplained_weight_loss", "night_pain"],
        "R-30",
    ),
    (
        "new symptoms after spine surgery",
        {
            "prior_spine_surgery": True,
            "prior_spine_surgery_years_ago": 3,
            "new_or_worsening_since_surgery": True,
        },
        "red_flag_urgent",
        "urgent",
        "indicated_urgent",
        ["post_surgical_new_symptoms"],
        "R-30",
    ),
    (
        "old spine surgery, nothing new",
        {"prior_spine_surgery": True, "new_or_worsening_since_surgery": False},
        "non_traumatic_mechanical",
        "routine",
        "not_indicated",
        [],
        "R-45",
    ),
    (
        "osteoporosis, sudden pain lifting",
        {"osteoporosis": True, "onset_type": "sudden", "mechanism": "bending_or_lifting"},
        "red_flag_urgent",
        "urgent",
        "radiography_first",
        ["fragility_fracture_suspected"],
        "R-30",
    ),
    (
        "long-term steroids, gradual onset (P2)",
        {"steroid_use": True, "onset_type": "gradual"},
        "non_traumatic_mechanical",
        "routine",
        "radiography_first",
        ["fracture_risk_factor"],
        "R-43",
    ),
    (
        "age 70, sudden pain twisting",
        {"age": 70, "onset_type": "sudden", "mechanism": "twisting"},
        "red_flag_urgent",
        "urgent",
        "radiography_first",
        ["fragility_fracture_suspected", "age_over_50", "age_70_or_over"],
        "R-30",
    ),
    (
        "age 69, sudden pain twisting",
        {"age": 69, "onset_type": "sudden", "mechanism": "twisting"},
        "non_traumatic_mechanical",
        "routine",
        "consider_if_persistent",
        ["age_over_50"],
        "R-44",
    ),
    (
        "age 70, gradual onset (P2)",
        {"age": 70, "onset_type": "gradual"},
        "non_traumatic_mechanical",
        "routine",
        "consider_if_persistent",
        ["age_over_50", "age_70_or_over"],
        "R-44",
    ),
    (
        "road crash at speed",
        {
            "mechanism": "motor_vehicle_collision",
            "trauma": {"occurred": True, "type": "motor_vehicle_collision_high_speed"},
        },
        "traumatic",
        "emergency",
        "indicated_emergency",
        ["high_energy_trauma"],
        "R-21",
    ),
    (
        "ski fall at speed",
        {
            "mechanism": "sports_collision_or_fall",
            "trauma": {"occurred": True, "type": "ski_fall_high_speed"},
        },
        "traumatic",
        "emergency",
        "indicated_emergency",
        ["high_energy_trauma"],
        "R-21",
    ),
    (
        "slip from standing at 40 (P3)",
        {"mechanism": "fall", "trauma": {"occurred": True, "type": "fall_from_standing"}},
        "traumatic",
        "urgent",
        "radiography_first",
        ["low_energy_trauma"],
        "R-22",
    ),
    (
        "slip from standing with osteoporosis",
        {
            "osteoporosis": True,
            "mechanism": "fall",
            "trauma": {"occurred": True, "type": "fall_from_standing"},
        },
        "traumatic",
        "urgent",
        "radiography_first",
        ["fragility_fracture_suspected"],
        "R-22",
    ),
    (
        "minor knock with a cancer history",
        {"cancer_history": True, "trauma": {"occurred": True, "type": "minor_knock"}},
        "traumatic",
        "urgent",
        "indicated_urgent",
        ["cancer_history", "low_energy_trauma"],
        "R-23",
    ),
    (
        "explicit severity wins over the type",
        {"trauma": {"occurred": True, "type": "fall_from_standing", "severity": "high"}},
        "traumatic",
        "emergency",
        "indicated_emergency",
        ["high_energy_trauma"],
        "R-21",
    ),
    (
        "unplaced injury with a numb leg is high energy",
        {"numbness": "one_leg", "trauma": {"occurred": True, "type": "other"}},
        "traumatic",
        "emergency",
        "indicated_emergency",
        ["high_energy_trauma"],
        "R-21",
    ),
    (
        "unplaced injury without neurology is never guessed minor",
        {"trauma": {"occurred": True, "type": "trampoline accident"}},
        "traumatic",
        "urgent",
        "radiography_first",
        [],
        "R-22",
    ),
    (
        "saddle numbness after a crash: emergency wins over trauma",
        {
            "saddle_anesthesia": True,
            "trauma": {"occurred": True, "type": "motor_vehicle_collision_high_speed"},
        },
        "emergency",
        "emergency",
        "indicated_emergency",
        ["cauda_equina_suspected", "high_energy_trauma"],
        "R-10",
    ),
    (
        "a fall reported as the mechanism with the injury question unanswered",
        {"mechanism": "fall", "trauma": {"occurred": None}},
        "traumatic",
        "urgent",
        "radiography_first",
        [],
        "R-22",
    ),
    (
        "17-year-old with night pain",
        {"age": 17, "night_pain": True},
        "red_flag_urgent",
        "urgent",
        "radiography_first",
        ["paediatric_red_flag", "night_pain", "paediatric_patient"],
        "R-30",
    ),
    (
        "17-year-old, uncomplicated",
        {"age": 17},
        "non_traumatic_mechanical",
        "routine",
        "not_indicated",
        ["paediatric_patient"],
        "R-45",
    ),
    (
        "18-year-old with night pain",
        {"age": 18, "night_pain": True},
        "non_traumatic_mechanical",
        "routine",
        "consider_if_persistent",
        ["night_pain"],
        "R-44",
    ),
    (
        "15-year-old, 28 days",
        {"age": 15, "symptom_duration_days": 28},
        "non_traumatic_mechanical",
        "routine",
        "not_indicated",
        ["paediatric_patient"],
        "R-45",
    ),
    (
        "15-year-old, 29 days",
        {"age": 15, "symptom_duration_days": 29},
        "red_flag_urgent",
        "urgent",
        "radiography_first",
        ["paediatric_red_flag", "paediatric_patient"],
        "R-30",
    ),
    (
        "pregnant, uncomplicated",
        {"pregnant": True},
        "non_traumatic_mechanical",
        "routine",
        "not_indicated",
        ["pregnancy"],
        "R-45",
    ),
    (
        "mid-back pain",
        {"pain_location": ["thoracic", "lower_back"]},
        "non_traumatic_mechanical",
        "routine",
        "consider_if_persistent",
        ["thoracic_pain"],
        "R-44",
    ),
    (
        "age 51, 4 weeks of care, not improving",
        {"age": 51, "conservative_care_weeks": 4, "improving": False},
        "non_traumatic_mechanical",
        "routine",
        "indicated_routine",
        ["age_over_50"],
        "R-44",
    ),
    (
        "age 51, 3 weeks of care, not improving",
        {"age": 51, "conservative_care_weeks": 3, "improving": False},
        "non_traumatic_mechanical",
        "routine",
        "consider_if_persistent",
        ["age_over_50"],
        "R-44",
    ),
    (
        "age 51, 4 weeks of care, improving",
        {"age": 51, "conservative_care_weeks": 4, "improving": True},
        "non_traumatic_mechanical",
        "routine",
        "consider_if_persistent",
        ["age_over_50"],
        "R-44",
    ),
]


@pytest.mark.parametrize(
    ("overrides", "category", "urgency", "imaging", "flags", "rule"),
    [v[1:] for v in VIGNETTES],
    ids=[v[0] for v in VIGNETTES],
)
def test_vignette(overrides, category, urgency, imaging, flags, rule):
    result = evaluate(make_case(**overrides))

    assert (result.category, result.urgency, result.imaging) == (category, urgency, imaging)
    assert list(result.flags) == flags
    assert rule in result.rules_fired


def sciatica_after_care(**overrides):
    data = {
        "age": 39,
        "symptom_duration_days": 77,
        "leg_pain": "one_leg",
        "leg_pain_below_knee": True,
        "conservative_care_weeks": 7,
        "improving": False,
        "wants_procedure_or_surgery": True,
    }
    data.update(overrides)
    return make_case(**data)


@pytest.mark.parametrize(
    ("overrides", "imaging"),
    [
        ({}, "indicated_routine"),
        ({"symptom_duration_days": 42}, "indicated_routine"),
        ({"symptom_duration_days": 41}, "not_indicated"),
        ({"conservative_care_weeks": 6}, "indicated_routine"),
        ({"conservative_care_weeks": 5}, "not_indicated"),
        ({"improving": True}, "not_indicated"),
        ({"improving": None}, "indicated_routine"),
        ({"wants_procedure_or_surgery": False}, "not_indicated"),
        ({"wants_procedure_or_surgery": None}, "not_indicated"),
        ({"symptom_duration_days": None}, "not_indicated"),
    ],
)
def test_mri_after_six_weeks_of_care_needs_every_condition(overrides, imaging):
    result = evaluate(sciatica_after_care(**overrides))

    assert result.imaging == imaging
    assert result.category == "radicular"


def test_recent_unchanged_imaging_means_no_repeat_even_after_six_weeks_of_care():
    case = sciatica_after_care(prior_lumbar_imaging={"done": True, "modality": "mri", "weeks_ago": 52})

    result = evaluate(case)

    assert result.imaging == "not_indicated"
    assert "prior_imaging_no_change" in result.flags
    assert result.decided_by["imaging"] == "R-41"


def test_imaging_older_than_a_year_does_not_block_a_new_scan():
    case = sciatica_after_care(prior_lumbar_imaging={"done": True, "weeks_ago": 53, "change_since": False})

    result = evaluate(case)

    assert "prior_imaging_no_change" not in result.flags
    assert result.imaging == "indicated_routine"


def test_imaging_with_change_since_is_not_flagged():
    case = make_case(prior_lumbar_imaging={"done": True, "weeks_ago": 8, "change_since": True})

    assert "prior_imaging_no_change" not in evaluate(case).flags


@pytest.mark.parametrize(
    ("age", "flags"),
    [
        (50, []),
        (51, ["age_over_50"]),
        (69, ["age_over_50"]),
        (70, ["age_over_50", "age_70_or_over"]),
    ],
)
def test_age_thresholds(age, flags):
    assert list(evaluate(make_case(age=age, onset_type="gradual")).flags) == flags


@pytest.mark.parametrize(
    ("days", "phase"),
    [(0, "acute"), (27, "acute"), (28, "subacute"), (84, "subacute"), (85, "chronic"), (None, None)],
)
def test_duration_phase_boundaries(days, phase):
    assert rules.phase(days) == phase


@pytest.mark.parametrize(
    "question", ["saddle_anesthesia", "bladder_dysfunction", "bowel_incontinence", "weakness", "fever"]
)
def test_an_unanswered_emergency_question_is_never_read_as_no(question):
    result = evaluate(make_case(**{question: None}))

    assert result.flags == ("emergency_answer_missing",)
    assert (result.category, result.urgency, result.imaging) == ("red_flag_urgent", "urgent", "not_indicated")
    assert result.missing_answers == (question,)
    assert result.patient_message == "urgent_review"


def test_missing_emergency_answers_are_listed_for_the_reviewer():
    result = evaluate(make_case(fever=None, bowel_incontinence=None))

    assert result.missing_answers == ("bowel_incontinence", "fever")


def test_missing_answer_flag_is_not_raised_when_an_emergency_already_fired():
    result = evaluate(make_case(bladder_dysfunction=True, saddle_anesthesia=None))

    assert result.flags == ("cauda_equina_suspected",)
    assert result.category == "emergency"


def test_missing_answer_with_high_energy_trauma_stays_an_emergency():
    result = evaluate(make_case(fever=None, trauma={"occurred": True, "type": "fall_from_height"}))

    assert result.flags == ("high_energy_trauma",)
    assert result.urgency == "emergency"


def test_an_empty_case_goes_to_urgent_review_not_routine():
    result = evaluate(rules.Case())

    assert result.urgency == "urgent"
    assert "emergency_answer_missing" in result.flags


def test_missing_answer_with_a_stronger_urgent_flag_takes_the_stronger_imaging():
    result = evaluate(make_case(fever=None, cancer_history=True))

    assert result.flags == ("cancer_history", "emergency_answer_missing")
    assert result.imaging == "indicated_urgent"


def test_unanswered_fever_with_a_risk_factor_is_not_a_spinal_infection_but_is_urgent():
    result = evaluate(make_case(fever=None, iv_drug_use=True))

    assert result.flags == ("infection_risk_factor", "emergency_answer_missing")
    assert result.urgency == "urgent"


def test_pain_severity_never_changes_the_triage():
    calm = evaluate(make_case(pain_now_nprs=1))
    severe = evaluate(make_case(pain_now_nprs=10))

    assert (calm.category, calm.urgency, calm.imaging) == (severe.category, severe.urgency, severe.imaging)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({}, "routine_not_indicated"),
        ({"age": 60}, "routine_consider_if_persistent"),
        ({"osteoporosis": True, "onset_type": "gradual"}, "routine_radiography_first"),
        ({"saddle_anesthesia": True}, "emergency_cauda_equina"),
        ({"weakness": "both_legs"}, "emergency_cauda_equina"),
        ({"fever": True, "iv_drug_use": True}, "emergency_other"),
        ({"weakness": "one_leg", "weakness_worsening": True}, "emergency_other"),
        (
            {"trauma": {"occurred": True, "type": "pedestrian_or_cyclist_struck"}},
            "emergency_high_energy_trauma",
        ),
        ({"cancer_history": True}, "urgent_review"),
        ({"trauma": {"occurred": True, "type": "minor_knock"}}, "urgent_review"),
        ({"weakness": "one_leg"}, "urgent_review"),
    ],
)
def test_patient_message_follows_the_result(overrides, message):
    assert evaluate(make_case(**overrides)).patient_message == message


def test_routine_mri_message_after_six_weeks_of_care():
    assert evaluate(sciatica_after_care()).patient_message == "routine_indicated_routine"


def test_result_records_which_rule_set_each_output():
    result = evaluate(sciatica_after_care())

    assert result.decided_by == {"category": "R-40", "urgency": "R-40", "imaging": "R-42"}
    assert result.rules_fired == ("R-40", "R-42")
