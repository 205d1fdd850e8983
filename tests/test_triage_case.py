import pytest

from tests.triage_cases import case_data
from triage.case import CaseError, case_to_dict, parse_case


def test_left_out_answers_become_none():
    case = parse_case({"age": 40})

    assert case.fever is None
    assert case.weakness is None
    assert case.trauma.occurred is None
    assert case.prior_lumbar_imaging.done is None
    assert case.startback is None


def test_a_full_case_round_trips():
    data = case_data(startback=None, odi_sections=[1] * 10)

    assert parse_case(case_to_dict(parse_case(data))) == parse_case(data)


@pytest.mark.parametrize(
    ("data", "field", "problem"),
    [
        ({"agee": 40}, "agee", "is not a field"),
        ({"age": "forty"}, "age", "whole number"),
        ({"age": True}, "age", "whole number"),
        ({"age": 40.5}, "age", "whole number"),
        ({"age": -1}, "age", "between 0 and 120"),
        ({"age": 121}, "age", "between 0 and 120"),
        ({"fever": "yes"}, "fever", "true, false or null"),
        ({"fever": 1}, "fever", "true, false or null"),
        ({"weakness": "left_leg"}, "weakness", "one of none, one_leg, both_legs"),
        ({"pain_now_nprs": 11}, "pain_now_nprs", "between 0 and 10"),
        ({"pain_now_nprs": float("nan")}, "pain_now_nprs", "whole number"),
        ({"pain_location": "lower_back"}, "pain_location", "must be a list"),
        ({"pain_location": ["knee"]}, "pain_location[0]", "one of"),
        ({"trauma": {"occurred": True, "speed": 80}}, "trauma.speed", "is not a field"),
        ({"trauma": {"severity": "medium"}}, "trauma.severity", "one of high, low"),
        ({"trauma": "yes"}, "trauma", "must be an object"),
        ({"prior_lumbar_imaging": {"modality": "pet"}}, "prior_lumbar_imaging.modality", "one of"),
        ({"startback": {"q9_bothersome": "a lot"}}, "startback.q9_bothersome", "one of"),
        ({"startback": {"q10": True}}, "startback.q10", "is not a field"),
        ({"odi_sections": [1, 2, 3]}, "odi_sections", "list of 10"),
        ({"odi_sections": [1] * 9 + [6]}, "odi_sections[9]", "between 0 and 5"),
        ({"narrative": "x" * 2001}, "narrative", "at most 2000"),
        ({"narrative": "a\x00b"}, "narrative", "NUL"),
        ({"symptom_duration_days": 5, "onset_date": "2026-02-30"}, None, None),
        ({"onset_date": "yesterday"}, "onset_date", "YYYY-MM-DD"),
        ({"onset_date": "2026-11-20", "intake_date": "2026-11-01"}, "onset_date", "after the intake date"),
        ({"trauma": {"occurred": True}, "trauma.occurred": False}, "trauma.occurred", "given twice"),
    ],
)
def test_bad_input_names_the_field(data, field, problem):
    if field is None:
        parse_case(data)  # a given duration wins; the date is not read
        return

    with pytest.raises(CaseError) as raised:
        parse_case(data)

    assert raised.value.field == field
    assert problem in raised.value.problem


def test_a_non_object_case_is_refused():
    with pytest.raises(CaseError) as raised:
        parse_case([1, 2])

    assert raised.value.field == "case"


def test_enumerated_answers_ignore_case_and_spaces():
    case = parse_case({"weakness": " Both_Legs ", "sex": "FEMALE"})

    assert case.weakness == "both_legs"
    assert case.sex == "female"


def test_dotted_field_names_are_accepted():
    case = parse_case(
        {"trauma.occurred": True, "trauma.type": "fall_from_height", "startback.q6_worry": True}
    )

    assert case.trauma.occurred is True
    assert case.trauma.type == "fall_from_height"
    assert case.startback.q6_worry is True


def test_duration_is_computed_from_the_onset_date():
    case = parse_case({"onset_date": "2026-11-01", "intake_date": "2026-11-29"})

    assert case.symptom_duration_days == 28


def test_whole_number_floats_are_accepted():
    assert parse_case({"age": 51.0}).age == 51


def test_pain_locations_are_deduplicated_in_a_stable_order():
    assert parse_case({"pain_location": ["leg", "lower_back", "leg"]}).pain_location == ("lower_back", "leg")
