import datetime as dt

import pytest

from intake.canonical import build_case
from intake.forms import FORMS
from tests.intake_steps import STEP_DATA, step_data
from triage.case import case_to_dict, parse_case

TODAY = dt.date(2026, 11, 27)


def answers(today=TODAY, **steps):
    """Every step answered from the example data, with per-step overrides, as the draft stores them."""
    out = {}
    for step in STEP_DATA:
        form = FORMS[step](step_data(step, **steps.get(step.replace("-", "_"), {})), today=today)
        assert form.is_valid(), form.errors
        out[step] = {**form.answers(), "answered_on": today.isoformat()}
    return out


def case(**steps):
    return build_case(answers(**steps), TODAY)


def test_the_sock_case_maps_every_field_of_the_canonical_case():
    built = case()

    assert built == {
        "age": 33,
        "sex": "male",
        "pregnant": False,
        "symptom_duration_days": 5,
        "onset_type": "sudden",
        "mechanism": "bending_or_lifting",
        "trauma": {"occurred": False, "type": None, "severity": None},
        "pain_location": ["lower_back"],
        "pain_now_nprs": 6,
        "narrative": "I bent over to pick up a sock and my back seized.",
        "leg_pain": "none",
        "leg_pain_below_knee": False,
        "numbness": "none",
        "weakness": "none",
        "weakness_worsening": False,
        "leg_symptoms_duration_days": None,
        "leg_symptoms_worsening": False,
        "saddle_anesthesia": False,
        "bladder_dysfunction": False,
        "bowel_incontinence": False,
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
        "startback": {
            "q1_leg_pain": False,
            "q2_shoulder_neck": False,
            "q3_walk_short": True,
            "q4_dress_slowly": True,
            "q5_unsafe_active": False,
            "q6_worry": False,
            "q7_terrible_never_better": False,
            "q8_no_enjoyment": False,
            "q9_bothersome": "moderately",
        },
        "odi_sections": [1] * 10,
    }


def test_the_built_case_is_exactly_what_parse_case_accepts():
    built = case()

    assert case_to_dict(parse_case(built)) == built


def test_no_answers_at_all_give_a_valid_case_with_every_answer_missing():
    built = build_case({}, TODAY)

    parsed = parse_case(built)
    assert parsed.saddle_anesthesia is None and parsed.weakness is None and parsed.age is None
    assert parsed.leg_pain_below_knee is None and parsed.weakness_worsening is None
    assert built["startback"] is None and built["odi_sections"] is None


@pytest.mark.parametrize(("born", "age"), [("1993-11-27", 33), ("1993-11-28", 32), ("2008-11-28", 17)])
def test_age_is_derived_at_the_intake_date(born, age):
    assert case(about={"date_of_birth": born})["age"] == age


@pytest.mark.parametrize(("sex", "pregnant", "expected"), [
    ("female", "yes", True), ("female", "no", False), ("female", "not_sure", None),
    ("other", "yes", True), ("male", "yes", False),
])  # fmt: skip
def test_pregnancy_maps_yes_no_and_not_sure_and_is_false_for_men(sex, pregnant, expected):
    assert case(about={"sex": sex, "pregnant": pregnant})["pregnant"] is expected


def test_an_onset_date_gives_the_days_since_onset():
    built = case(back_pain={"onset_known": "date", "onset_date": "2026-10-16", "onset_ago_number": None})

    assert built["symptom_duration_days"] == 42


@pytest.mark.parametrize(
    ("number", "unit", "days"), [("3", "days", 3), ("2", "weeks", 14), ("2", "months", 60)]
)
def test_about_n_days_or_weeks_ago_converts_to_days(number, unit, days):
    built = case(back_pain={"onset_ago_number": number, "onset_ago_unit": unit})

    assert built["symptom_duration_days"] == days


def test_about_n_days_ago_counts_from_the_day_it_was_answered():
    saved = answers(today=TODAY - dt.timedelta(days=2))

    assert build_case(saved, TODAY)["symptom_duration_days"] == 7


MECHANISMS = [
    "bending_or_lifting",
    "twisting",
    "no_clear_cause",
    "prolonged_posture",
    "exercise_strain",
    "other",
]


@pytest.mark.parametrize("mechanism", MECHANISMS)
def test_the_mechanism_is_passed_through(mechanism):
    assert case(back_pain={"mechanism": mechanism})["mechanism"] == mechanism


def test_an_injury_maps_to_trauma_occurred_and_type_and_the_severity_is_left_to_the_rules():
    built = case(back_pain={"mechanism": "fall", "trauma_occurred": "yes", "trauma_type": "fall_from_height"})

    assert built["trauma"] == {"occurred": True, "type": "fall_from_height", "severity": None}


def test_an_injury_kind_left_from_an_earlier_yes_is_cleared_after_no():
    built = case(back_pain={"trauma_occurred": "no", "trauma_type": "fall_from_height"})

    assert built["trauma"] == {"occurred": False, "type": None, "severity": None}


def test_pain_places_pain_score_and_narrative_map_directly():
    built = case(back_pain={"pain_location": ["buttock", "lower_back"], "pain_now": "0", "narrative": "  "})

    assert built["pain_location"] == ["buttock", "lower_back"]
    assert built["pain_now_nprs"] == 0
    assert built["narrative"] is None


def test_leg_pain_in_one_leg_below_the_knee_with_its_duration():
    built = case(legs={"leg_pain": "one_leg", "leg_pain_below_knee": "yes", "leg_duration_number": "3",
                       "leg_duration_unit": "weeks", "leg_symptoms_worsening": "not_sure"})  # fmt: skip

    assert (built["leg_pain"], built["leg_pain_below_knee"]) == ("one_leg", True)
    assert built["leg_symptoms_duration_days"] == 21
    assert built["leg_symptoms_worsening"] is None


def test_a_below_the_knee_answer_left_from_earlier_is_cleared_when_there_is_no_leg_pain():
    built = case(legs={"leg_pain": "none", "leg_pain_below_knee": "yes", "leg_duration_number": "3"})

    assert built["leg_pain_below_knee"] is False
    assert built["leg_symptoms_duration_days"] is None


def test_weakness_not_sure_is_missing_and_so_is_whether_it_worsens():
    built = case(legs={"weakness": "not_sure", "weakness_worsening": "yes"})

    assert built["weakness"] is None
    assert built["weakness_worsening"] is None


@pytest.mark.parametrize(("answer", "expected"), [("yes", True), ("no", False), ("not_sure", None)])
def test_weakness_getting_worse_maps_yes_no_and_not_sure(answer, expected):
    built = case(legs={"weakness": "both_legs", "weakness_worsening": answer, "leg_symptoms_worsening": "no"})

    assert built["weakness"] == "both_legs"
    assert built["weakness_worsening"] is expected


def test_numbness_maps_directly_and_an_unknown_leg_duration_stays_missing():
    built = case(legs={"numbness": "both_legs", "leg_symptoms_worsening": "yes"})

    assert built["numbness"] == "both_legs"
    assert built["leg_symptoms_duration_days"] is None
    assert built["leg_symptoms_worsening"] is True


WARNING_SIGNS = ["saddle_anesthesia", "bladder_dysfunction", "bowel_incontinence", "sexual_dysfunction_new",
                 "fever", "weight_loss_unexplained", "night_pain"]  # fmt: skip


@pytest.mark.parametrize("field", WARNING_SIGNS)
@pytest.mark.parametrize(("answer", "expected"), [("yes", True), ("no", False), ("not_sure", None)])
def test_each_warning_sign_maps_yes_no_and_not_sure_to_true_false_and_none(field, answer, expected):
    assert case(warning_signs={field: answer})[field] is expected


HISTORY = ["cancer_history", "immunosuppression", "iv_drug_use", "recent_infection_or_spinal_procedure",
           "steroid_use", "osteoporosis"]  # fmt: skip


@pytest.mark.parametrize("field", HISTORY)
@pytest.mark.parametrize(("answer", "expected"), [("yes", True), ("no", False), ("not_sure", None)])
def test_each_history_question_maps_yes_no_and_not_sure(field, answer, expected):
    assert case(history={field: answer})[field] is expected


def test_the_kind_of_cancer_is_kept_only_after_yes():
    assert case(history={"cancer_history": "yes", "cancer_type": "bowel"})["cancer_type"] == "bowel"
    assert case(history={"cancer_history": "no", "cancer_type": "bowel"})["cancer_type"] is None


def test_surgery_details_are_kept_after_yes_and_cleared_after_no():
    yes = case(history={"prior_spine_surgery": "yes", "surgery_years_ago": "2.5",
                        "new_or_worsening_since_surgery": "yes"})  # fmt: skip
    no = case(history={"prior_spine_surgery": "no", "surgery_years_ago": "2.5",
                       "new_or_worsening_since_surgery": "yes"})  # fmt: skip

    assert (yes["prior_spine_surgery"], yes["prior_spine_surgery_years_ago"]) == (True, 2.5)
    assert yes["new_or_worsening_since_surgery"] is True
    assert (no["prior_spine_surgery"], no["prior_spine_surgery_years_ago"]) == (False, None)
    assert no["new_or_worsening_since_surgery"] is None


def test_prior_imaging_maps_kind_weeks_ago_and_change():
    built = case(history={"imaging_done": "yes", "imaging_modality": "mri", "imaging_ago_number": "2",
                          "imaging_ago_unit": "months", "imaging_change_since": "no"})  # fmt: skip

    assert built["prior_lumbar_imaging"] == {
        "done": True,
        "modality": "mri",
        "weeks_ago": 8,
        "change_since": False,
    }


def test_an_unknown_scan_kind_and_time_are_missing():
    built = case(
        history={"imaging_done": "yes", "imaging_modality": "not_sure", "imaging_change_since": "not_sure"}
    )

    assert built["prior_lumbar_imaging"] == {
        "done": True,
        "modality": None,
        "weeks_ago": None,
        "change_since": None,
    }


def test_care_weeks_improving_and_wanting_a_procedure_map_directly():
    built = case(history={"care_weeks": "7", "improving": "not_sure", "wants_procedure": "yes"})

    assert built["conservative_care_weeks"] == 7
    assert built["improving"] is None
    assert built["wants_procedure_or_surgery"] is True


def test_skipped_odi_sections_are_missing_and_all_skipped_means_no_odi():
    some = case(questionnaires={"odi_8": None, "odi_1": "5"})
    none = case(questionnaires={f"odi_{n}": None for n in range(1, 11)})

    assert some["odi_sections"] == [5, 1, 1, 1, 1, 1, 1, None, 1, 1]
    assert none["odi_sections"] is None


def test_startback_bothersomeness_is_passed_through():
    assert case(questionnaires={"q9_bothersome": "extremely"})["startback"]["q9_bothersome"] == "extremely"
