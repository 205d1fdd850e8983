import re

import pytest
from playwright.sync_api import expect

from intake.models import Submission
from tests.e2e.intake_pages import PageRecorder, check_page, fill_step, press_next
from tests.factories import make_clinic
from tests.intake_steps import STEP_DATA, step_data

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def clinic():
    return make_clinic("demo", emergency_number="112")


def start(page, live_server):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/")
    page.get_by_role("button", name=re.compile("Start|Empezar")).click()


def answer_steps(page, overrides=None, check=None):
    for step in STEP_DATA:
        data = step_data(step, **(overrides or {}).get(step, {}))
        fill_step(page, data)
        if check:
            check()
        press_next(page)
        if page.url.endswith("/emergency/"):
            return step


def check_and_reset(page, recorder):
    check_page(page, recorder)
    recorder.start_page()


def test_the_sock_case_runs_end_to_end_with_every_page_accessible_local_and_light(live_server, page, clinic):
    recorder = PageRecorder(page, live_server.url)
    page.set_viewport_size(PHONE)

    page.goto(live_server.url + "/")
    check_and_reset(page, recorder)
    page.get_by_role("button", name="Start").click()
    for step in STEP_DATA:
        check_and_reset(page, recorder)
        fill_step(page, step_data(step))
        press_next(page)
    check_and_reset(page, recorder)
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_text("A scan is not recommended at this stage")).to_be_visible()
    check_page(page, recorder)

    assert page.url.endswith("/intake/demo/receipt/")
    expect(page.get_by_text(Submission.objects.get().reference)).to_be_visible()
    assert Submission.objects.get().result["imaging"] == "not_indicated"


def test_a_step_with_errors_has_an_accessible_error_summary_that_takes_the_focus(live_server, page, clinic):
    recorder = PageRecorder(page, live_server.url)
    start(page, live_server)
    fill_step(page, step_data("about"))
    press_next(page)

    recorder.start_page()
    press_next(page)

    expect(page.locator("#error-summary")).to_be_visible()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    check_page(page, recorder)


def test_saddle_numbness_shows_the_emergency_page_right_after_the_warning_signs(live_server, page, clinic):
    recorder = PageRecorder(page, live_server.url)
    start(page, live_server)

    stopped_after = answer_steps(page, {"warning-signs": {"saddle_anesthesia": "yes"}})

    assert stopped_after == "warning-signs"
    expect(page.get_by_role("heading", name="Go to an emergency department now")).to_be_visible()
    expect(page.get_by_text("new numbness around your bottom or genitals")).to_be_visible()
    check_page(page, recorder)
    page.get_by_role("link", name="Continue the questionnaire").click()
    assert page.url.endswith("/intake/demo/history/")
    for step in ("history", "questionnaires"):
        fill_step(page, step_data(step))
        press_next(page)
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", name="Go to an emergency department now")).to_be_visible()
    assert Submission.objects.get().urgency == "emergency"


def test_a_high_speed_crash_shows_the_emergency_page_right_after_step_two(live_server, page, clinic):
    start(page, live_server)
    crash = {"mechanism": "motor_vehicle_collision", "trauma_occurred": "yes",
             "trauma_type": "motor_vehicle_collision_high_speed"}  # fmt: skip

    stopped_after = answer_steps(page, {"back-pain": crash})

    assert stopped_after == "back-pain"
    expect(page.get_by_text("Because your pain started after a road crash at speed")).to_be_visible()
    expect(page.get_by_text("112").first).to_be_visible()


def test_injury_details_appear_only_after_yes_an_injury(live_server, page, clinic):
    start(page, live_server)
    fill_step(page, step_data("about"))
    press_next(page)
    injury_kind = page.locator('input[name="trauma_type"]').first

    expect(injury_kind).to_be_hidden()
    page.check('input[name="trauma_occurred"][value="yes"]')

    expect(injury_kind).to_be_visible()
    page.check('input[name="trauma_occurred"][value="no"]')
    expect(injury_kind).to_be_hidden()


def test_the_body_diagram_works_by_keyboard_and_stays_in_sync_with_the_boxes(live_server, page, clinic):
    start(page, live_server)
    fill_step(page, step_data("about"))
    press_next(page)
    buttock_box = page.locator('input[name="pain_location"][value="buttock"]')

    page.locator('.body-region[data-location="thoracic"]').focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")

    assert page.evaluate("document.activeElement.getAttribute('data-location')") == "buttock"
    assert buttock_box.is_checked()
    assert page.locator('.body-region[data-location="buttock"]').get_attribute("aria-checked") == "true"
    page.keyboard.press("Enter")
    assert not buttock_box.is_checked()
    page.locator('input[name="pain_location"][value="leg"]').check()
    assert page.locator('.body-region[data-location="leg"][aria-checked="true"]').count() == 2


def test_save_leave_and_resume_with_the_link(live_server, page, browser, clinic):
    start(page, live_server)
    fill_step(page, step_data("about"))
    press_next(page)
    page.locator("#id_narrative").fill("Half of my story")
    recorder = PageRecorder(page, live_server.url)
    page.get_by_role("button", name="Save and finish later").click()
    link = page.locator("#resume-link").input_value()
    expect(page.get_by_role("button", name="Copy the link")).to_be_visible()
    check_page(page, recorder)
    page.context.close()

    later = browser.new_context(viewport=PHONE)
    resumed = later.new_page()
    resumed.goto(link)

    assert resumed.url == live_server.url + "/intake/demo/back-pain/"
    assert resumed.locator("#id_narrative").input_value() == "Half of my story"
    recorder = PageRecorder(resumed, live_server.url)
    resumed.goto(link)
    expect(resumed.get_by_role("heading", name="This link no longer works")).to_be_visible()
    assert "Sam" not in resumed.content()
    check_page(resumed, recorder)
    later.close()


def test_an_unknown_clinic_gets_an_accessible_friendly_page(live_server, page, clinic):
    recorder = PageRecorder(page, live_server.url)
    page.set_viewport_size(PHONE)

    response = page.goto(live_server.url + "/intake/no-such-clinic/")

    assert response.status == 404
    expect(page.get_by_role("heading", name="We could not find this page")).to_be_visible()
    check_page(page, recorder)


def test_a_run_in_spanish(live_server, page, clinic):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="Español").click()

    assert page.locator("html").get_attribute("lang") == "es"
    page.get_by_role("button", name="Empezar").click()
    expect(page.get_by_text("Paso 1 de 7")).to_be_visible()
    recorder = PageRecorder(page, live_server.url)
    answer_steps(page, {"about": {"language": "es"}}, check=lambda: check_and_reset(page, recorder))
    page.get_by_role("button", name="Enviar mis respuestas").click()

    expect(page.get_by_text("No se recomienda hacer una prueba de imagen")).to_be_visible()
    assert Submission.objects.get().language == "es"


def test_the_whole_form_works_with_javascript_disabled(live_server, browser, clinic):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="Start").click()
    fill_step(page, step_data("about"))
    press_next(page)

    expect(page.locator('input[name="trauma_type"]').first).to_be_visible()
    assert not page.locator(".body-map").is_visible()
    for step in list(STEP_DATA)[1:]:
        fill_step(page, step_data(step))
        press_next(page)
    page.get_by_role("button", name="Send my answers").click()

    expect(page.get_by_text("A scan is not recommended at this stage")).to_be_visible()
    context.close()
