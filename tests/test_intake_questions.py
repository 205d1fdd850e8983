from intake.questions import LABELS, SECTIONS, answer_sections
from tests.triage_cases import case_data
from triage.case import CASE_FIELDS


def test_every_canonical_answer_the_form_asks_has_a_question_and_a_section():
    listed = {name.split(".")[0] for _, fields in SECTIONS for name in fields}

    assert set(CASE_FIELDS) - listed == {"startback", "odi_sections"}
    assert all(name in LABELS for _, fields in SECTIONS for name in fields)


def test_answer_sections_read_back_the_answers_in_plain_words():
    sections = answer_sections(case_data(mechanism="bending_or_lifting", fever=None, leg_pain="one_leg"))

    answers = {answer.field: answer for section in sections for answer in section.answers}
    assert answers["mechanism"].value == "Bending or lifting"
    assert answers["leg_pain"].value == "Yes, one leg"
    assert (answers["fever"].value, answers["fever"].answered) == ("Not answered", False)
    assert answers["saddle_anesthesia"].label.startswith("Have you noticed new numbness")


def test_the_kind_of_injury_reads_in_plain_words():
    sections = answer_sections(
        case_data(trauma={"occurred": True, "type": "fall_from_height", "severity": None})
    )

    answers = {answer.field: answer.value for section in sections for answer in section.answers}
    assert answers["trauma.type"] == "A fall from a height of about 3 m (10 ft) or more"


def answered_fields(case):
    return {answer.field for section in answer_sections(case) for answer in section.answers}


def test_a_follow_up_that_was_never_asked_is_left_out():
    fields = answered_fields(case_data(trauma={"occurred": False}, cancer_history=False, sex="male"))

    assert {"trauma.type", "cancer_type", "pregnant", "prior_spine_surgery_years_ago"}.isdisjoint(fields)
    assert {"trauma.occurred", "cancer_history", "sex"} <= fields


def test_a_follow_up_that_was_asked_but_not_answered_is_shown_as_not_answered():
    sections = answer_sections(case_data(cancer_history=True, cancer_type=None, sex=None, pregnant=None))

    answers = {answer.field: answer.value for section in sections for answer in section.answers}
    assert answers["cancer_type"] == "Not answered"
    assert answers["pregnant"] == "Not answered"


def test_an_injury_energy_is_shown_only_when_a_client_gave_it():
    told = case_data(trauma={"occurred": True, "type": "other", "severity": "high"})
    untold = case_data(trauma={"occurred": True, "type": "other", "severity": None})

    assert "trauma.severity" in answered_fields(told)
    assert "trauma.severity" not in answered_fields(untold)
