from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditAction, AuditEvent
from tests.auth_helpers import LOGIN_URL, post_login
from tests.factories import make_clinic, make_submission, make_user

pytestmark = pytest.mark.django_db

START = datetime(2026, 11, 27, 7, 0, tzinfo=UTC)


def test_a_staff_session_ends_after_30_minutes_idle(client):
    user = make_user("alice")
    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(user)
        first = client.get("/dashboard/")
        traveller.shift(timedelta(minutes=31))
        after_idle = client.get("/dashboard/")

    assert first.status_code == 200
    assert after_idle.status_code == 302
    assert after_idle.url.startswith(LOGIN_URL)


def test_activity_keeps_a_staff_session_alive_past_30_minutes(client):
    user = make_user("alice")
    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(user)
        statuses = []
        for _ in range(3):
            traveller.shift(timedelta(minutes=25))
            statuses.append(client.get("/dashboard/").status_code)

    assert statuses == [200, 200, 200]


def test_page_views_within_a_minute_do_not_write_the_session(client):
    user = make_user("alice")
    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(user)
        client.get("/dashboard/")
        traveller.shift(timedelta(seconds=30))
        with CaptureQueriesContext(connection) as soon:
            client.get("/dashboard/")
        traveller.shift(timedelta(seconds=31))
        with CaptureQueriesContext(connection) as later:
            client.get("/dashboard/")

    assert not [q for q in soon.captured_queries if q["sql"].startswith('UPDATE "django_session"')]
    assert [q for q in later.captured_queries if q["sql"].startswith('UPDATE "django_session"')]


def test_a_staff_session_ends_12_hours_after_login_even_when_active(client):
    user = make_user("alice")
    with time_machine.travel(START, tick=False) as traveller:
        post_login(client, "alice")
        statuses = []
        for _ in range(29):
            traveller.shift(timedelta(minutes=25))
            statuses.append(client.get("/dashboard/").status_code)

    assert set(statuses[:28]) == {200}
    assert statuses[28] == 302
    assert AuditEvent.objects.filter(action=AuditAction.LOGOUT, actor=user).get().detail == {
        "reason": "absolute_timeout"
    }


def test_the_login_page_explains_an_absolute_timeout(client):
    make_user("alice")
    with time_machine.travel(START, tick=False) as traveller:
        post_login(client, "alice")
        for _ in range(29):
            traveller.shift(timedelta(minutes=25))
            response = client.get("/dashboard/", follow=True)

    assert "Your session reached its time limit" in response.content.decode()


def test_a_patient_session_outlives_the_staff_idle_limit(client):
    make_clinic("demo")
    with time_machine.travel(START, tick=False) as traveller:
        session = client.session
        session["draft"] = "in progress"
        session.save()
        client.get("/")
        traveller.shift(timedelta(minutes=90))
        client.get("/")
        kept = client.session.get("draft")

    assert kept == "in progress"


def test_a_patient_session_ends_after_its_own_idle_limit(client):
    make_clinic("demo")
    with time_machine.travel(START, tick=False) as traveller:
        session = client.session
        session["draft"] = "in progress"
        session.save()
        client.get("/")
        traveller.shift(timedelta(seconds=settings.PATIENT_SESSION_AGE + 60))
        client.get("/")
        kept = client.session.get("draft")

    assert kept is None


def test_logging_in_replaces_the_longer_patient_lifetime_with_the_staff_one(client):
    make_clinic("demo")
    make_user("alice")
    session = client.session
    session["draft"] = "in progress"
    session.save()
    client.get("/")

    post_login(client, "alice")

    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE == 1800


def test_an_empty_anonymous_visit_stores_no_session(client):
    make_clinic("demo")

    response = client.get("/")

    assert settings.SESSION_COOKIE_NAME not in response.cookies


def test_a_deactivated_user_loses_access_on_the_next_request(client):
    user = make_user("alice")
    client.force_login(user)
    assert client.get("/dashboard/").status_code == 200

    user.is_active = False
    user.save()
    response = client.get("/dashboard/")

    assert response.status_code == 302
    assert response.url.startswith(LOGIN_URL)


def test_removing_a_clinic_membership_takes_effect_on_the_next_request(client):
    clinic = make_clinic("north")
    user = make_user("alice", clinic)
    case = make_submission(clinic)
    client.force_login(user)
    assert client.get(f"/dashboard/cases/{case.pk}/").status_code == 200

    user.memberships.all().delete()
    detail = client.get(f"/dashboard/cases/{case.pk}/")
    queue = client.get("/dashboard/")

    assert detail.status_code == 404
    assert case.reference not in queue.content.decode()


def test_the_session_cookie_is_http_only_and_same_site(client):
    make_user("alice")

    response = post_login(client, "alice")

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == 1800
