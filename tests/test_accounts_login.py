from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import ValidationError
from django.test import Client

from audit.models import AuditAction, AuditEvent
from tests.auth_helpers import LOGIN_URL, OFFICE_IP, post_login, session_key
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

WRONG = "not-the-right-password-1"
START = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def lock_out(client: Client, username: str, ip: str = OFFICE_IP):
    responses = [post_login(client, username, WRONG, ip=ip) for _ in range(settings.AXES_FAILURE_LIMIT)]
    return responses[-1]


def test_five_wrong_passwords_lock_the_account_on_that_address(client):
    make_user("alice")

    statuses = [post_login(client, "alice", WRONG).status_code for _ in range(5)]

    assert statuses == [200, 200, 200, 200, 429]


def test_the_correct_password_is_refused_while_locked_out(client):
    make_user("alice")
    lock_out(client, "alice")

    response = post_login(client, "alice", PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_page_is_generic_and_says_what_to_do(client):
    make_user("alice")

    response = lock_out(client, "alice")

    body = response.content.decode()
    assert response.status_code == 429
    assert "Too many login attempts" in body
    assert "20 minutes" in body
    assert "clinic administrator" in body
    assert "alice" not in body


def test_another_user_on_the_same_address_can_still_log_in(client):
    make_user("alice")
    make_user("bob")
    lock_out(client, "alice")

    response = post_login(client, "bob", PASSWORD)

    assert response.status_code == 302


def test_the_same_user_from_another_address_can_still_log_in(client):
    make_user("alice")
    lock_out(client, "alice", ip="198.51.100.66")

    response = post_login(client, "alice", PASSWORD, ip=OFFICE_IP)

    assert response.status_code == 302


def test_the_lock_holds_until_the_cool_off_ends(client):
    make_user("alice")
    with time_machine.travel(START, tick=False) as traveller:
        lock_out(client, "alice")
        traveller.shift(timedelta(minutes=19))
        still_locked = post_login(client, "alice", PASSWORD)
        traveller.shift(timedelta(minutes=2))
        after_cool_off = post_login(client, "alice", PASSWORD)

    assert still_locked.status_code == 429
    assert after_cool_off.status_code == 302


def test_unknown_and_known_usernames_get_the_same_error(client):
    make_user("alice")

    known = post_login(client, "alice", WRONG)
    unknown = post_login(client, "nobody-by-this-name", WRONG)

    assert known.status_code == unknown.status_code == 200
    assert known.context["form"].non_field_errors() == unknown.context["form"].non_field_errors()


def test_a_deactivated_user_with_the_right_password_gets_the_same_generic_error(client):
    user = make_user("alice")
    user.is_active = False
    user.save()

    response = post_login(client, "alice", PASSWORD)

    errors = response.context["form"].non_field_errors()
    assert response.status_code == 200
    assert "Please enter a correct username and password" in errors[0]


def test_logins_failures_lockouts_and_logouts_are_audited(client):
    make_user("alice")
    lock_out(client, "alice", ip="198.51.100.66")
    post_login(client, "alice", PASSWORD)

    client.post("/accounts/logout/", REMOTE_ADDR=OFFICE_IP)

    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions.count(AuditAction.LOGIN_FAILED) == 5
    assert actions.count(AuditAction.LOCKED_OUT) == 1
    assert actions[-2:] == [AuditAction.LOGIN, AuditAction.LOGOUT]


def test_a_failed_login_records_the_attempted_username_and_address_but_never_the_password(client):
    make_user("alice")

    post_login(client, "alice", "Typed-Secret-Password-7")

    event = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    attempts = "".join(AccessAttempt.objects.values_list("post_data", flat=True))
    assert event.detail["username"] == "alice"
    assert event.ip_address == OFFICE_IP
    assert "Typed-Secret-Password-7" not in str(event.detail)
    assert "Typed-Secret-Password-7" not in attempts


def test_a_new_session_id_is_issued_at_login(client):
    make_user("alice")
    planted = client.session
    planted["planted"] = "by an attacker"
    planted.save()
    before = session_key(client)

    post_login(client, "alice", PASSWORD)

    assert session_key(client) != before
    assert not SessionStore().exists(before)


def test_the_old_session_cookie_does_not_work_after_logout(client):
    make_user("alice")
    post_login(client, "alice", PASSWORD)
    stolen = session_key(client)

    client.post("/accounts/logout/")
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = stolen
    response = replay.get("/dashboard/")

    assert response.status_code == 302
    assert response.url.startswith(LOGIN_URL)


def test_logout_is_a_post_and_clears_cached_pages(client):
    make_user("alice")
    post_login(client, "alice", PASSWORD)

    by_get = client.get("/accounts/logout/")
    by_post = client.post("/accounts/logout/")

    assert by_get.status_code == 405
    assert by_post.status_code == 302
    assert by_post["Clear-Site-Data"] == '"cache", "storage"'


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example",
        "https:evil.example",
        "/\\evil.example",
        "javascript:alert(1)",
    ],
)
def test_login_never_redirects_to_another_site(client, next_url):
    make_user("alice")

    response = client.post(
        f"{LOGIN_URL}?next={quote(next_url)}",
        {"username": "alice", "password": PASSWORD},
        REMOTE_ADDR=OFFICE_IP,
    )

    assert response.status_code == 302
    assert response.url == "/dashboard/"


def test_login_follows_a_next_url_on_this_site(client):
    make_user("alice")

    response = client.post(
        f"{LOGIN_URL}?next=/dashboard/%3Fstatus%3Dnew", {"username": "alice", "password": PASSWORD}
    )

    assert response.url == "/dashboard/?status=new"


def test_login_without_a_csrf_token_is_refused():
    make_user("alice")
    client = Client(enforce_csrf_checks=True)

    response = post_login(client, "alice", PASSWORD)

    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_login_from_a_foreign_origin_is_refused_even_with_a_valid_token():
    make_user("alice")
    client = Client(enforce_csrf_checks=True)
    client.get(LOGIN_URL)
    token = client.cookies[settings.CSRF_COOKIE_NAME].value

    response = client.post(
        LOGIN_URL,
        {"username": "alice", "password": PASSWORD, "csrfmiddlewaretoken": token},
        HTTP_ORIGIN="https://evil.example",
    )

    assert response.status_code == 403


def test_login_with_the_forms_csrf_token_works():
    make_user("alice")
    client = Client(enforce_csrf_checks=True)
    client.get(LOGIN_URL)
    token = client.cookies[settings.CSRF_COOKIE_NAME].value

    response = client.post(
        LOGIN_URL, {"username": "alice", "password": PASSWORD, "csrfmiddlewaretoken": token}
    )

    assert response.status_code == 302


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("Tr4il-m1x-9", "password_too_short"),
        ("qwerty123456", "password_too_common"),
        ("1q2w3e4r5t6y", "password_too_common"),
        ("384756102938", "password_entirely_numeric"),
    ],
)
def test_weak_passwords_are_refused(password, code):
    user = make_user("alice")

    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)

    assert code in [error.code for error in refused.value.error_list]


def test_a_long_uncommon_passphrase_is_accepted():
    user = make_user("alice")

    validate_password("lantern orbit velvet cactus", user)


def test_changing_the_password_keeps_this_session_and_ends_the_others():
    user = make_user("alice")
    this_browser, other_browser = Client(), Client()
    this_browser.force_login(user)
    other_browser.force_login(user)
    new = "lantern orbit velvet cactus"

    response = this_browser.post(
        "/accounts/password/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )

    assert response.status_code == 302
    assert this_browser.get("/dashboard/").status_code == 200
    assert other_browser.get("/dashboard/").status_code == 302
    assert AuditEvent.objects.filter(detail__change="password_changed").count() == 1


def test_changing_the_password_needs_the_current_one(client):
    user = make_user("alice")
    client.force_login(user)
    new = "lantern orbit velvet cactus"

    response = client.post(
        "/accounts/password/", {"old_password": "a guess at it", "new_password1": new, "new_password2": new}
    )

    user.refresh_from_db()
    assert response.status_code == 200
    assert user.check_password(PASSWORD)


def test_changing_the_password_applies_the_password_rules(client):
    user = make_user("alice")
    client.force_login(user)

    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "short1", "new_password2": "short1"},
    )

    assert response.status_code == 200
    assert "password_too_short" in [
        error.code for error in response.context["form"].errors.as_data()["new_password2"]
    ]


def test_one_password_tried_against_many_usernames_is_stopped_for_that_address(client, settings):
    settings.LOGIN_FAILURES_PER_IP = "10/h"
    make_user("alice")
    statuses = [post_login(client, f"user{i}", "Summer2026!").status_code for i in range(10)]

    refused = post_login(client, "alice")
    elsewhere = post_login(Client(), "alice", ip="198.51.100.7")

    assert statuses == [200] * 10  # the login form again, with the generic error
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session
    assert elsewhere.status_code == 302


def test_a_few_failed_logins_from_a_shared_address_do_not_block_it(client, settings):
    settings.LOGIN_FAILURES_PER_IP = "10/h"
    make_user("alice")
    for i in range(9):
        post_login(client, f"user{i}", "wrong-password-123")

    assert post_login(client, "alice").status_code == 302
