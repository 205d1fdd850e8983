import datetime as dt
import hashlib
import re

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.test import Client

from audit.models import AuditAction, AuditEvent
from intake.models import Draft, Submission
from tests.factories import make_clinic
from tests.intake_steps import STEP_DATA, browser_draft, step_data

pytestmark = pytest.mark.django_db

STEPS = list(STEP_DATA)


@pytest.fixture
def clinic():
    return make_clinic("demo", emergency_number="112")


def begin(client, clinic):
    client.post(f"/intake/{clinic.slug}/begin/")
    return browser_draft(client)


def post_step(client, step, action="next", slug="demo", **overrides):
    return client.post(f"/intake/{slug}/{step}/", {**step_data(step, **overrides), "action": action})


def answer_all(client, until=None, **overrides):
    for step in STEPS:
        if step == until:
            return
        post_step(client, step, **overrides.get(step.replace("-", "_"), {}))


def submit(client, draft):
    return client.post("/intake/demo/submit/", {"idempotency_key": draft.idempotency_key})


def test_the_start_page_serves_the_default_clinic(client, clinic):
    response = client.get("/")

    assert response.status_code == 200
    assert clinic.name in response.text


def test_a_named_clinic_has_its_own_start_page(client, clinic):
    other = make_clinic("south")

    response = client.get("/intake/south/")

    assert other.name in response.text


def test_an_unknown_clinic_gets_a_friendly_404(client, clinic):
    response = client.get("/intake/nowhere/")

    assert response.status_code == 404
    assert "could not find this page" in response.text


def test_an_unknown_step_gets_a_404(client, clinic):
    begin(client, clinic)

    assert client.get("/intake/demo/not-a-step/").status_code == 404


def test_starting_creates_a_draft_that_the_browser_holds_by_a_token_only(client, clinic):
    draft = begin(client, clinic)

    assert draft.expires_at > draft.created_at + dt.timedelta(hours=71)
    assert len(draft.idempotency_key) >= 43
    assert len(draft.access_token_hash) == 64
    assert settings.SESSION_COOKIE_NAME not in client.cookies  # no server session for patients
    cookie = client.cookies[settings.INTAKE_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert cookie["max-age"] == settings.PATIENT_SESSION_AGE


def test_a_step_without_a_draft_goes_back_to_the_start_page(client, clinic):
    response = client.get("/intake/demo/legs/")

    assert response.status_code == 303
    assert response["Location"] == "/intake/demo/"


def test_next_saves_the_step_and_goes_to_the_next_one(client, clinic):
    draft = begin(client, clinic)

    response = post_step(client, "about")

    assert response.status_code == 303
    assert response["Location"] == "/intake/demo/back-pain/"
    draft.refresh_from_db()
    assert draft.answers["about"]["name"] == "Sam Sock"


def test_a_step_shows_its_progress(client, clinic):
    begin(client, clinic)

    assert "Step 3 of 7" in client.get("/intake/demo/legs/").text


def test_an_invalid_step_is_shown_again_with_the_typed_values_an_error_summary_and_linked_errors(
    client, clinic
):
    begin(client, clinic)

    response = post_step(client, "back-pain", pain_now="11", narrative="still here")

    assert response.status_code == 200
    assert 'value="11"' in response.text and "still here" in response.text
    assert 'id="error-summary"' in response.text and 'href="#id_pain_now"' in response.text
    assert re.search(r'aria-describedby="[^"]*id_pain_now_error', response.text)
    assert 'id="id_pain_now_error"' in response.text


@pytest.mark.parametrize("step", STEPS)
def test_nul_bytes_and_control_characters_in_any_field_never_give_a_500(client, clinic, step):
    begin(client, clinic)
    data = {name: "\x00\x07" for name in step_data(step)}

    response = client.post(f"/intake/demo/{step}/", {**data, "action": "next"})
    back = client.post(f"/intake/demo/{step}/", {**data, "action": "back"})

    assert response.status_code == 200
    assert "error-summary" in response.text
    assert back.status_code == 303


def test_back_keeps_unvalidated_typed_answers_and_shows_them_again(client, clinic):
    draft = begin(client, clinic)
    post_step(client, "about")

    response = post_step(client, "back-pain", action="back", pain_now="eleven", narrative="my \x00sock story")

    assert response["Location"] == "/intake/demo/about/"
    page = client.get("/intake/demo/back-pain/").text
    assert 'value="eleven"' in page and "my sock story" in page
    draft.refresh_from_db()
    assert "back-pain" not in draft.answers


def test_back_on_a_valid_step_saves_it(client, clinic):
    draft = begin(client, clinic)

    post_step(client, "about", action="back")

    draft.refresh_from_db()
    assert draft.answers["about"]["sex"] == "male"


def test_changing_a_parent_answer_clears_its_dependent_answer(client, clinic):
    draft = begin(client, clinic)
    post_step(client, "back-pain", trauma_occurred="yes", trauma_type="minor_knock")

    post_step(client, "back-pain", trauma_occurred="no", trauma_type="minor_knock")

    draft.refresh_from_db()
    assert draft.answers["back-pain"]["trauma_type"] is None


def test_the_review_lists_every_answer_with_change_links(client, clinic):
    begin(client, clinic)
    answer_all(client)

    page = client.get("/intake/demo/review/").text

    assert "Sam Sock" in page and "Bending or lifting" in page and "I bent over to pick up a sock" in page
    for step in STEPS:
        assert f'href="/intake/demo/{step}/?return=review"' in page


def test_a_change_from_the_review_returns_to_the_review(client, clinic):
    begin(client, clinic)
    answer_all(client)

    response = client.post("/intake/demo/legs/?return=review", {**step_data("legs"), "action": "next"})

    assert response["Location"] == "/intake/demo/review/"


def test_the_review_of_an_incomplete_draft_goes_to_the_first_missing_step(client, clinic):
    begin(client, clinic)
    answer_all(client, until="history")

    assert client.get("/intake/demo/review/")["Location"] == "/intake/demo/history/"


def test_a_final_submit_is_refused_while_a_step_is_incomplete(client, clinic):
    draft = begin(client, clinic)
    answer_all(client, until="warning-signs")

    response = submit(client, draft)

    assert response.status_code == 303
    assert response["Location"] == "/intake/demo/warning-signs/"
    assert not Submission.objects.exists()


def test_a_step_left_unvalidated_counts_as_incomplete(client, clinic):
    draft = begin(client, clinic)
    answer_all(client)
    post_step(client, "legs", action="back", leg_pain="sideways")

    assert submit(client, draft)["Location"] == "/intake/demo/legs/"


def test_the_sock_case_submits_once_and_shows_a_routine_no_scan_receipt(client, clinic):
    draft = begin(client, clinic)
    answer_all(client)

    response = submit(client, draft)
    receipt = client.get(response["Location"])

    submission = Submission.objects.get()
    assert response.status_code == 303 and response["Location"] == "/intake/demo/receipt/"
    assert submission.result["patient_message"] == "routine_not_indicated"
    assert submission.patient_name == "Sam Sock" and submission.email == "sam@example.com"
    assert submission.answers["about"]["name"] == "Sam Sock"
    assert submission.reference in receipt.text
    assert "A scan is not recommended" in receipt.text
    assert "Go to an emergency department immediately if you develop" in receipt.text
    assert "Sam Sock" not in receipt.text and "sam@example.com" not in receipt.text
    assert not Draft.objects.exists()


def test_a_double_submit_gives_one_submission_and_the_same_receipt(client, clinic):
    draft = begin(client, clinic)
    answer_all(client)

    first = submit(client, draft)
    first_receipt = client.get(first["Location"]).text
    second = submit(client, draft)
    second_receipt = client.get(second["Location"]).text

    assert Submission.objects.count() == 1
    assert second.status_code == 303
    reference = Submission.objects.get().reference
    assert reference in first_receipt and reference in second_receipt


def test_a_second_tab_submitting_after_the_first_gets_the_same_receipt(client, clinic):
    draft = begin(client, clinic)
    answer_all(client)
    review_in_tab_two = client.get("/intake/demo/review/").text

    submit(client, draft)
    key = re.search(r'name="idempotency_key" value="([^"]+)"', review_in_tab_two).group(1)
    again = client.post("/intake/demo/submit/", {"idempotency_key": key})

    assert again["Location"] == "/intake/demo/receipt/"
    assert Submission.objects.get().reference in client.get("/intake/demo/receipt/").text


def test_the_receipt_belongs_to_the_browser_session(client, clinic):
    draft = begin(client, clinic)
    answer_all(client)
    submit(client, draft)

    stranger = client.__class__()

    assert stranger.get("/intake/demo/receipt/")["Location"] == "/intake/demo/"


def test_warning_sign_answers_that_imply_an_emergency_interrupt_with_the_emergency_page(client, clinic):
    draft = begin(client, clinic)
    answer_all(client, until="warning-signs")

    response = post_step(client, "warning-signs", saddle_anesthesia="yes")
    page = client.get(response["Location"])

    assert response["Location"] == "/intake/demo/emergency/"
    assert "Go to an emergency department now" in page.text
    assert "new numbness around your bottom or genitals" in page.text
    assert "112" in page.text
    assert 'href="/intake/demo/history/"' in page.text
    draft.refresh_from_db()
    assert draft.emergency_advice_shown_at is not None
    event = AuditEvent.objects.get(action=AuditAction.EMERGENCY_ADVICE_SHOWN)
    assert event.detail["draft"] == str(draft.id) and event.clinic == clinic


def test_the_emergency_page_is_shown_once_per_message(client, clinic):
    begin(client, clinic)
    answer_all(client, until="warning-signs")
    client.get(post_step(client, "warning-signs", saddle_anesthesia="yes")["Location"])

    response = post_step(client, "history")

    assert response["Location"] == "/intake/demo/questionnaires/"
    assert AuditEvent.objects.filter(action=AuditAction.EMERGENCY_ADVICE_SHOWN).count() == 1


def test_a_high_speed_crash_interrupts_right_after_the_back_pain_step(client, clinic):
    begin(client, clinic)
    post_step(client, "about")

    response = post_step(client, "back-pain", mechanism="motor_vehicle_collision", trauma_occurred="yes",
                         trauma_type="motor_vehicle_collision_high_speed")  # fmt: skip
    page = client.get(response["Location"]).text

    assert response["Location"] == "/intake/demo/emergency/"
    assert "a road crash at speed" in page and "even if you can walk" in page


def test_routine_answers_do_not_interrupt(client, clinic):
    begin(client, clinic)
    post_step(client, "about")

    assert post_step(client, "back-pain")["Location"] == "/intake/demo/legs/"
    assert client.get("/intake/demo/emergency/")["Location"].startswith("/intake/demo/")


def test_the_receipt_repeats_the_emergency_message(client, clinic):
    draft = begin(client, clinic)
    answer_all(client, warning_signs={"bladder_dysfunction": "yes"})

    receipt = client.get(submit(client, draft)["Location"]).text

    submission = Submission.objects.get()
    assert submission.result["patient_message"] == "emergency_cauda_equina"
    assert submission.emergency_advice_shown_at is not None
    assert "Go to an emergency department now" in receipt and "112" in receipt


def test_not_sure_about_a_warning_sign_is_stored_as_unanswered_and_escalates(client, clinic):
    draft = begin(client, clinic)
    answer_all(client, warning_signs={"fever": "not_sure"})

    client.get(submit(client, draft)["Location"])

    submission = Submission.objects.get()
    assert submission.case["fever"] is None
    assert "emergency_answer_missing" in submission.result["flags"]
    assert submission.urgency == "urgent"


def save_for_later(client, clinic, **overrides):
    begin(client, clinic)
    post_step(client, "about")
    post_step(client, "back-pain", action="save", **overrides)
    page = client.get("/intake/demo/saved/").text
    return re.search(r'id="resume-link" type="text" readonly value="([^"]+)"', page).group(1)


def test_save_and_finish_later_shows_a_link_once_and_stores_only_its_hash(client, clinic):
    link = save_for_later(client, clinic)

    token = link.rstrip("/").rsplit("/", 1)[1]
    draft = Draft.objects.get()
    assert len(token) >= 43
    assert draft.resume_token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(draft.answers)
    assert "resume-link" not in client.get("/intake/demo/saved/").text


def test_the_resume_link_is_emailed_when_an_address_was_given(client, clinic):
    link = save_for_later(client, clinic)

    assert mail.outbox[0].to == ["sam@example.com"]
    assert link in mail.outbox[0].body
    assert "Sam" not in mail.outbox[0].body


def test_the_resume_link_points_at_the_public_site_address(client, clinic, settings):
    settings.SITE_URL = "https://intake.example-clinic.org"

    link = save_for_later(client, clinic)

    assert link.startswith("https://intake.example-clinic.org/intake/demo/resume/")


def test_the_resume_link_opens_the_draft_in_a_new_browser_and_leaves_the_url(client, clinic):
    link = save_for_later(client, clinic, pain_now="12", narrative="half typed")
    other = client.__class__()

    response = other.get(link)

    assert response.status_code == 303
    assert response["Location"] == "/intake/demo/back-pain/"
    page = other.get(response["Location"]).text
    assert 'value="12"' in page and "half typed" in page


def test_a_used_resume_link_gets_a_clear_page_without_patient_data(client, clinic):
    link = save_for_later(client, clinic)
    client.__class__().get(link)

    response = client.__class__().get(link, follow=True)

    assert response.status_code == 410
    assert "This link no longer works" in response.text
    assert "Sam" not in response.text


def test_an_expired_resume_link_gets_the_same_clear_page(client, clinic):
    link = save_for_later(client, clinic)

    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(hours=73)):
        response = client.__class__().get(link, follow=True)

    assert response.status_code == 410


def test_a_made_up_token_gets_the_clear_page(client, clinic):
    response = client.get("/intake/demo/resume/" + "x" * 43 + "/", follow=True)

    assert response.status_code == 410


def test_the_language_switch_shows_spanish_and_the_draft_keeps_the_language(client, clinic):
    draft = begin(client, clinic)

    response = client.post("/intake/demo/language/", {"language": "es", "next": "/intake/demo/about/"})
    page = client.get(response["Location"])

    draft.refresh_from_db()
    assert draft.language == "es"
    assert '<html lang="es">' in page.text
    assert "Sobre usted" in page.text


def test_the_submission_keeps_the_language_chosen_in_step_one(client, clinic):
    draft = begin(client, clinic)
    answer_all(client, about={"language": "es"})

    submit(client, draft)

    assert Submission.objects.get().language == "es"


def test_a_malformed_idempotency_key_is_ignored_not_a_500(client, clinic):
    begin(client, clinic)

    response = client.post("/intake/demo/submit/", {"idempotency_key": "bad\x00key"})

    assert response.status_code == 303
    assert not Submission.objects.exists()


def test_the_language_question_starts_on_the_page_language(client, clinic):
    begin(client, clinic)
    client.post("/intake/demo/language/", {"language": "es", "next": "/intake/demo/about/"})

    page = client.get("/intake/demo/about/").text

    assert re.search(r'name="language" value="es"[^>]*checked', page)


def test_the_language_switch_names_each_language_in_its_own_words(client, clinic):
    client.post("/intake/demo/language/", {"language": "es", "next": "/"})

    page = client.get("/").text

    assert 'lang="en"' in page and ">English</button>" in page


def test_worsening_weakness_interrupts_right_after_the_leg_step(client, clinic):
    begin(client, clinic)
    answer_all(client, until="legs")

    response = post_step(
        client, "legs", weakness="one_leg", weakness_worsening="yes", leg_symptoms_worsening="yes"
    )
    page = client.get(response["Location"]).text

    assert response["Location"] == "/intake/demo/emergency/"
    assert "leg weakness that is getting worse" in page
    assert 'href="/intake/demo/warning-signs/"' in page


def test_over_the_rate_limit_a_patient_sees_the_emergency_advice_and_keeps_the_draft(
    client, clinic, settings
):
    settings.INTAKE_RATE_PER_IP = "1/h"
    for name in ("First", "Second"):
        client.cookies.clear()
        draft = begin(client, clinic)
        answer_all(client, about={"name": name})
        response = submit(client, draft)

    assert response.status_code == 429
    assert "112" in response.text
    assert "emergency department" in response.text
    assert Submission.objects.count() == 1
    assert Draft.objects.filter(pk=draft.pk).exists()


def test_a_resubmitted_receipt_is_not_counted_against_the_rate_limit(client, clinic, settings):
    settings.INTAKE_RATE_PER_IP = "1/h"
    draft = begin(client, clinic)
    answer_all(client)
    submit(client, draft)

    again = submit(client, draft)

    assert again.status_code == 303


def csrf_token(page):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]


def test_a_blank_step_served_from_the_cache_carries_each_patients_own_csrf_token(clinic):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    tokens = []
    for patient in (first, second):
        start = patient.get("/intake/demo/").text
        patient.post("/intake/demo/begin/", {"csrfmiddlewaretoken": csrf_token(start)})
        tokens.append(csrf_token(patient.get("/intake/demo/about/").text))

    responses = [
        patient.post(
            "/intake/demo/about/", {**step_data("about"), "action": "next", "csrfmiddlewaretoken": token}
        )
        for patient, token in zip((first, second), tokens, strict=True)
    ]

    assert [r.status_code for r in responses] == [303, 303]


def test_a_step_with_saved_answers_is_never_the_cached_blank_one(client, clinic):
    other = Client()
    begin(other, clinic)
    other.get("/intake/demo/about/")  # fills the blank-step cache
    begin(client, clinic)
    post_step(client, "about", name="Unique Patient Name")

    mine, theirs = client.get("/intake/demo/about/").text, other.get("/intake/demo/about/").text

    assert "Unique Patient Name" in mine
    assert "Unique Patient Name" not in theirs


def test_the_clinic_is_read_once_and_then_served_from_the_cache(client, clinic, django_assert_num_queries):
    client.get("/intake/demo/")

    with django_assert_num_queries(0):
        client.get("/intake/demo/")


def test_a_change_to_the_clinic_shows_on_its_pages_at_once(client, clinic):
    client.get("/intake/demo/")
    clinic.emergency_number = "999"
    clinic.save()

    assert "999" in client.get("/intake/demo/").text
