"""The intake cookie (intake/browser.py): what it opens, for how long, and what it saves."""

import datetime as dt
import re

import pytest
import time_machine
from django.conf import settings
from django.test import Client

from intake.models import Draft
from tests.factories import make_clinic
from tests.intake_steps import STEP_DATA, browser_draft, step_data

pytestmark = pytest.mark.django_db

COOKIE = settings.INTAKE_COOKIE_NAME


@pytest.fixture
def clinic():
    return make_clinic("demo", emergency_number="112")


def begin(client):
    client.post("/intake/demo/begin/")
    return browser_draft(client)


def post_step(client, step, action="next", **overrides):
    return client.post(f"/intake/demo/{step}/", {**step_data(step, **overrides), "action": action})


def later(seconds):
    return time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(seconds=seconds))


def test_a_step_not_yet_answered_is_served_without_reading_the_database(
    client, clinic, django_assert_num_queries
):
    begin(client)
    client.get("/intake/demo/about/")  # the clinic record is now cached

    with django_assert_num_queries(0):
        response = client.get("/intake/demo/legs/")

    assert response.status_code == 200
    assert 'name="leg_pain"' in response.text


def test_a_step_with_answers_reads_only_the_draft(client, clinic, django_assert_num_queries):
    begin(client)
    post_step(client, "about")

    with django_assert_num_queries(1):
        response = client.get("/intake/demo/about/")

    assert 'value="Sam Sock"' in response.text


def test_what_was_typed_on_a_step_left_with_back_comes_back_from_the_draft(client, clinic):
    begin(client)
    post_step(client, "about")
    post_step(client, "back-pain", action="back", pain_now="", narrative="It started on Sunday")

    page = client.get("/intake/demo/back-pain/").text

    assert "It started on Sunday" in page


def test_the_blank_first_step_offers_the_page_language(client, clinic):
    client.post("/intake/demo/language/", {"language": "es", "next": "/intake/demo/"})
    begin(client)

    page = client.get("/intake/demo/about/").text

    assert re.search(r'name="language" value="es"[^>]*checked', page)
    assert not re.search(r'name="language" value="en"[^>]*checked', page)


def test_the_cookie_ends_after_the_patient_idle_window(client, clinic):
    begin(client)
    post_step(client, "about")

    with later(settings.PATIENT_SESSION_AGE + 60):
        answered = client.get("/intake/demo/about/")
        blank = client.get("/intake/demo/legs/")

    assert answered.status_code == blank.status_code == 303
    assert answered["Location"] == blank["Location"] == "/intake/demo/"


def test_a_page_view_restarts_the_idle_window_at_most_once_a_minute(client, clinic):
    begin(client)

    soon = client.get("/intake/demo/about/")
    with later(settings.SESSION_REFRESH_SECONDS + 1):
        after_a_minute = client.get("/intake/demo/about/")
    with later(settings.PATIENT_SESSION_AGE + 60):
        still_open = client.get("/intake/demo/legs/")

    assert COOKIE not in soon.cookies
    assert after_a_minute.cookies[COOKIE]["max-age"] == settings.PATIENT_SESSION_AGE
    assert still_open.status_code == 200


def test_saving_a_step_records_it_in_the_cookie(client, clinic):
    begin(client)
    before = client.cookies[COOKIE].value

    response = post_step(client, "about")

    assert response.cookies[COOKIE].value != before


def test_an_expired_draft_is_not_opened_by_a_live_cookie(client, clinic):
    draft = begin(client)
    post_step(client, "about")
    Draft.objects.filter(pk=draft.pk).update(expires_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))

    response = client.get("/intake/demo/about/")

    assert response.status_code == 303 and response["Location"] == "/intake/demo/"


def test_opening_a_resume_link_moves_the_intake_to_that_browser(client, clinic):
    begin(client)
    post_step(client, "about")
    post_step(client, "back-pain", action="save")
    link = re.search(r'readonly value="([^"]+)"', client.get("/intake/demo/saved/").text).group(1)
    other_device = Client()

    other_device.get(link.replace(settings.SITE_URL, ""))

    assert "Sam Sock" in other_device.get("/intake/demo/about/").text
    assert client.get("/intake/demo/about/")["Location"] == "/intake/demo/"


def test_starting_again_discards_the_browsers_earlier_draft(client, clinic):
    first = begin(client)
    post_step(client, "about")

    second = begin(client)

    assert second.pk != first.pk
    assert not Draft.objects.filter(pk=first.pk).exists()


def test_submitting_removes_the_intake_cookie(client, clinic):
    draft = begin(client)
    for step in STEP_DATA:
        post_step(client, step)

    response = client.post("/intake/demo/submit/", {"idempotency_key": draft.idempotency_key})

    assert response.cookies[COOKIE].value == ""
    assert response.cookies[COOKIE]["max-age"] == 0


def test_in_production_the_cookie_is_secure_and_host_only(client, clinic, settings):
    settings.SESSION_COOKIE_SECURE = True
    settings.INTAKE_COOKIE_NAME = "__Host-intake"

    response = client.post("/intake/demo/begin/", secure=True)

    cookie = response.cookies["__Host-intake"]
    assert cookie["secure"] and cookie["httponly"] and cookie["path"] == "/"
