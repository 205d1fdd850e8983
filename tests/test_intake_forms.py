import datetime as dt

import pytest

from intake.forms import AboutForm, BackPainForm, HistoryForm, LegsForm, QuestionnairesForm, WarningSignsForm
from tests.intake_steps import step_data

TODAY = dt.date(2026, 11, 27)


def errors(form_class, step, **overrides):
    form = form_class(step_data(step, **overrides), today=TODAY)
    form.is_valid()
    return {name: [error.code for error in errs] for name, errs in form.errors.as_data().items()}


@pytest.mark.parametrize(
    ("form_class", "step"),
    [
        (AboutForm, "about"),
        (BackPainForm, "back-pain"),
        (LegsForm, "legs"),
        (WarningSignsForm, "warning-signs"),
        (HistoryForm, "history"),
        (QuestionnairesForm, "questionnaires"),
    ],
)
def test_the_example_answers_of_every_step_are_valid(form_class, step):
    assert errors(form_class, step) == {}


def test_a_date_of_birth_in_the_future_is_refused():
    assert errors(AboutForm, "about", date_of_birth="2026-11-28") == {"date_of_birth": ["future"]}


def test_an_impossible_date_is_refused_with_the_format_to_use():
    form = AboutForm(step_data("about", date_of_birth="1990-02-30"), today=TODAY)

    assert not form.is_valid()
    assert "Enter a real date" in form.errors["date_of_birth"][0]


def test_an_age_over_120_is_refused_and_120_is_accepted():
    assert errors(AboutForm, "about", date_of_birth="1905-11-26") == {"date_of_birth": ["too_old"]}
    assert errors(AboutForm, "about", date_of_birth="1906-11-27") == {}


def test_a_name_with_a_nul_byte_gets_a_clear_message():
    form = AboutForm(step_data("about", name="Sam\x00Sock"), today=TODAY)

    assert not form.is_valid()
    assert form.errors.as_data()["name"][0].code == "control_characters"
    assert "control" in form.errors["name"][0]


def test_a_narrative_with_a_control_character_is_refused():
    assert errors(BackPainForm, "back-pain", narrative="bell \x07 here") == {
        "narrative": ["control_characters"]
    }


def test_line_breaks_and_tabs_in_the_narrative_are_fine():
    assert errors(BackPainForm, "back-pain", narrative="first line\r\nsecond\tline") == {}


def test_a_narrative_over_2000_characters_is_refused_with_the_count():
    form = BackPainForm(step_data("back-pain", narrative="x" * 2001), today=TODAY)

    assert not form.is_valid()
    assert form.errors.as_data()["narrative"][0].code == "max_length"
    assert "2000" in form.errors["narrative"][0] and "2001" in form.errors["narrative"][0]


@pytest.mark.parametrize("pain", ["-1", "11", "4.5", "seven", "1e3"])
def test_pain_outside_0_to_10_or_not_a_whole_number_is_refused(pain):
    form = BackPainForm(step_data("back-pain", pain_now=pain), today=TODAY)

    assert not form.is_valid()
    assert form.errors["pain_now"] == ["Enter a whole number from 0 to 10."]


@pytest.mark.parametrize("pain", ["0", "10"])
def test_pain_0_and_10_are_accepted(pain):
    assert errors(BackPainForm, "back-pain", pain_now=pain) == {}


def test_an_onset_date_in_the_future_is_refused():
    found = errors(
        BackPainForm, "back-pain", onset_known="date", onset_date="2026-11-28", onset_ago_number=None
    )

    assert found == {"onset_date": ["future"]}


def test_the_onset_date_is_required_when_the_patient_says_they_know_it():
    assert errors(BackPainForm, "back-pain", onset_known="date") == {"onset_date": ["required"]}


def test_an_onset_more_than_100_years_ago_is_refused():
    found = errors(BackPainForm, "back-pain", onset_ago_number="5300", onset_ago_unit="weeks")

    assert found == {"onset_ago_number": ["max_value"]}


def test_the_injury_kind_is_required_only_after_yes_an_injury():
    assert errors(BackPainForm, "back-pain", trauma_occurred="yes") == {"trauma_type": ["required"]}
    assert errors(BackPainForm, "back-pain", trauma_occurred="no", trauma_type="not-a-type") == {}


def test_a_fall_as_the_cause_with_no_injury_is_questioned():
    found = errors(BackPainForm, "back-pain", mechanism="fall", trauma_occurred="no")

    assert found == {"trauma_occurred": ["contradicts_mechanism"]}


def test_at_least_one_painful_place_is_required():
    assert errors(BackPainForm, "back-pain", pain_location=[]) == {"pain_location": ["required"]}


def test_a_phone_number_or_an_email_address_is_required():
    assert errors(AboutForm, "about", phone="", email="") == {"phone": ["no_contact"]}
    assert errors(AboutForm, "about", phone="") == {}


def test_a_phone_number_with_letters_is_refused():
    assert errors(AboutForm, "about", phone="call me maybe") == {"phone": ["invalid_phone"]}


def test_consent_is_required():
    assert errors(AboutForm, "about", consent=None) == {"consent": ["required"]}


def test_pregnancy_is_asked_of_women_and_cleared_for_men():
    assert errors(AboutForm, "about", sex="female") == {"pregnant": ["required"]}

    form = AboutForm(step_data("about", sex="male", pregnant="yes"), today=TODAY)

    assert form.is_valid()
    assert form.answers()["pregnant"] is None


def test_every_warning_sign_needs_an_explicit_answer():
    found = errors(WarningSignsForm, "warning-signs", saddle_anesthesia=None, fever="maybe")

    assert found == {"saddle_anesthesia": ["required"], "fever": ["invalid_choice"]}


def test_a_leg_symptom_duration_needs_its_unit():
    found = errors(LegsForm, "legs", leg_pain="one_leg", leg_pain_below_knee="yes",
                   leg_symptoms_worsening="no", leg_duration_number="3")  # fmt: skip

    assert found == {"leg_duration_unit": ["required"]}


def test_leg_follow_up_questions_are_required_only_when_there_are_leg_symptoms():
    found = errors(LegsForm, "legs", weakness="one_leg")

    assert found == {"weakness_worsening": ["required"], "leg_symptoms_worsening": ["required"]}


def test_surgery_years_out_of_range_get_a_message():
    form = HistoryForm(
        step_data(
            "history", prior_spine_surgery="yes", new_or_worsening_since_surgery="no", surgery_years_ago="200"
        ),
        today=TODAY,
    )

    assert not form.is_valid()
    assert form.errors["surgery_years_ago"] == ["Enter a number of years from 0 to 120."]


def test_startback_items_are_required_and_odi_sections_are_optional():
    found = errors(QuestionnairesForm, "questionnaires", q5_unsafe_active=None, odi_8=None)

    assert found == {"q5_unsafe_active": ["required"]}


def test_raw_answers_keep_what_was_typed_without_control_characters():
    form = BackPainForm(step_data("back-pain", pain_now="12", narrative="sock\x00 story"), today=TODAY)

    assert form.raw_answers()["pain_now"] == "12"
    assert form.raw_answers()["narrative"] == "sock story"
    assert form.raw_answers()["pain_location"] == ["lower_back"]
