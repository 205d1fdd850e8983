import base64
import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditAction, AuditEvent
from tests.auth_helpers import (
    SETUP_URL,
    VERIFY_URL,
    add_backup_codes,
    add_totp_device,
    current_code,
    post_login,
    session_key,
    verify,
)
from tests.factories import PASSWORD, make_clinic, make_submission, make_user

pytestmark = pytest.mark.django_db

START = datetime(2026, 11, 27, 9, 0, 10, tzinfo=UTC)


@pytest.fixture(autouse=True)
def mfa_required(settings):
    settings.MFA_REQUIRED = True


@pytest.fixture
def alice():
    user = make_user("alice", make_clinic("north"))
    add_totp_device(user)
    return user


def staff_urls(clinic_case_id: uuid.UUID) -> list[str]:
    return [
        "/dashboard/",
        f"/dashboard/cases/{clinic_case_id}/",
        "/admin/",
        "/admin/auth/user/",
        "/accounts/password/",
        "/accounts/two-factor/backup-codes/",
    ]


def test_a_password_alone_reaches_no_staff_page(client, alice):
    case = make_submission(alice.memberships.get().clinic)
    post_login(client, "alice")

    responses = {url: client.get(url) for url in staff_urls(case.pk)}

    for url, response in responses.items():
        assert response.status_code == 302, url
        assert response.url.startswith(VERIFY_URL + "?next="), url
    assert case.reference.encode() not in b"".join(r.content for r in responses.values())


def test_the_password_step_leads_to_verification(client, alice):
    login = post_login(client, "alice")

    response = client.get(login.url)

    assert response.status_code == 302
    assert response.url == f"{VERIFY_URL}?next=/dashboard/"


def test_a_user_without_a_device_is_sent_to_set_up(client):
    make_user("bob")
    post_login(client, "bob")

    response = client.get(VERIFY_URL + "?next=/dashboard/")

    assert response.status_code == 302
    assert response.url == f"{SETUP_URL}?next=%2Fdashboard%2F"


def test_public_patient_pages_stay_public_for_a_half_logged_in_user(client, alice):
    make_clinic("demo")
    post_login(client, "alice")

    response = client.get("/")

    assert response.status_code == 200


def test_a_valid_authenticator_code_completes_the_login(client, alice):
    post_login(client, "alice")

    response = verify(client, current_code(alice.totpdevice_set.get()), next_url="/dashboard/")

    assert response.status_code == 302
    assert response.url == "/dashboard/"
    assert client.get("/dashboard/").status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN, detail__factor="totp").count() == 1


def test_verification_never_redirects_to_another_site(client, alice):
    post_login(client, "alice")

    response = verify(client, current_code(alice.totpdevice_set.get()), next_url="https://evil.example/")

    assert response.url == "/dashboard/"


def test_verification_issues_a_new_session_id(client, alice):
    post_login(client, "alice")
    before = session_key(client)

    verify(client, current_code(alice.totpdevice_set.get()))

    assert session_key(client) != before


def test_an_authenticator_code_cannot_be_used_twice(client, alice):
    device = alice.totpdevice_set.get()
    with time_machine.travel(START, tick=False):
        post_login(client, "alice")
        code = current_code(device)
        verify(client, code)
        client.post("/accounts/logout/")
        post_login(client, "alice")
        replay = verify(client, code)
        dashboard = client.get("/dashboard/")

    assert replay.status_code == 200
    assert "That code is not valid" in replay.content.decode()
    assert dashboard.status_code == 302


def test_a_wrong_code_is_refused_and_audited(client, alice):
    post_login(client, "alice")

    response = verify(client, "000000" if current_code(alice.totpdevice_set.get()) != "000000" else "111111")

    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["code"][0].code == "invalid_code"
    event = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert event.detail == {"factor": "otp", "reason": "invalid_code"}
    assert event.actor == alice


def test_repeated_wrong_codes_are_slowed_down(client, alice):
    device = alice.totpdevice_set.get()
    with time_machine.travel(START, tick=False) as traveller:
        post_login(client, "alice")
        wrong = "000000" if current_code(device) != "000000" else "111111"
        verify(client, wrong)
        throttled = verify(client, current_code(device))
        traveller.shift(timedelta(seconds=2))
        after_waiting = verify(client, current_code(device))

    assert "Too many incorrect codes" in throttled.content.decode()
    assert after_waiting.status_code == 302


def test_a_backup_code_works_once(client, alice):
    add_backup_codes(alice, "abcd2345", "efgh6723")
    post_login(client, "alice")

    first = verify(client, "ABCD 2345")
    client.post("/accounts/logout/")
    post_login(client, "alice")
    second = verify(client, "abcd2345")

    assert first.status_code == 302
    assert second.status_code == 200
    assert list(StaticToken.objects.values_list("token", flat=True)) == ["efgh6723"]


def test_set_up_shows_the_qr_code_inline_and_the_key_as_text(client):
    make_user("bob")
    post_login(client, "bob")

    response = client.get(SETUP_URL)

    body = response.content.decode()
    device = TOTPDevice.objects.get(user__username="bob")
    data_uri = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', body)
    svg = base64.b64decode(data_uri.group(1)).decode()
    assert response.status_code == 200
    assert not device.confirmed
    assert svg.startswith("<?xml") and "<svg" in svg and "<script" not in svg
    assert base64.b32encode(device.bin_key).decode()[:4] in body
    assert "<script" not in body


def test_visiting_set_up_twice_keeps_the_same_pending_key(client):
    make_user("bob")
    post_login(client, "bob")

    client.get(SETUP_URL)
    client.get(SETUP_URL)

    assert TOTPDevice.objects.filter(user__username="bob").count() == 1


def test_set_up_confirms_the_app_and_shows_ten_backup_codes_once(client):
    make_user("bob")
    post_login(client, "bob")
    client.get(SETUP_URL)
    device = TOTPDevice.objects.get(user__username="bob")

    response = client.post(f"{SETUP_URL}?next=/dashboard/", {"code": current_code(device)})

    device.refresh_from_db()
    shown = re.findall(r"<li>([a-z2-7]{8})</li>", response.content.decode())
    assert response.status_code == 200
    assert device.confirmed
    assert sorted(shown) == sorted(StaticToken.objects.values_list("token", flat=True))
    assert len(shown) == 10
    assert client.get("/dashboard/").status_code == 200
    assert client.get("/accounts/two-factor/backup-codes/").content.decode().count("<li>") == 0


def test_set_up_with_a_wrong_code_leaves_the_app_unconfirmed(client):
    make_user("bob")
    post_login(client, "bob")
    client.get(SETUP_URL)
    device = TOTPDevice.objects.get(user__username="bob")
    wrong = "000000" if current_code(device) != "000000" else "111111"

    response = client.post(SETUP_URL, {"code": wrong})

    device.refresh_from_db()
    assert response.status_code == 200
    assert not device.confirmed
    assert client.get("/dashboard/").status_code == 302


def test_a_half_logged_in_user_cannot_replace_an_existing_app(client, alice):
    post_login(client, "alice")

    response = client.get(SETUP_URL)

    assert response.status_code == 302
    assert response.url.startswith(VERIFY_URL)


def test_a_verified_user_can_move_to_a_new_phone(client, alice):
    old = alice.totpdevice_set.get()
    post_login(client, "alice")
    verify(client, current_code(old))
    client.get(SETUP_URL)
    new = TOTPDevice.objects.get(user=alice, confirmed=False)

    client.post(SETUP_URL, {"password": PASSWORD, "code": current_code(new)})

    assert list(TOTPDevice.objects.filter(user=alice)) == [new]


def test_replacing_the_app_needs_the_current_password_and_keeps_the_code_unspent(client, alice):
    old = alice.totpdevice_set.get()
    post_login(client, "alice")
    verify(client, current_code(old))
    client.get(SETUP_URL)
    new = TOTPDevice.objects.get(user=alice, confirmed=False)

    response = client.post(SETUP_URL, {"password": "a guess at it", "code": current_code(new)})

    new.refresh_from_db()
    assert response.context["form"].errors.as_data()["password"][0].code == "wrong_password"
    assert not new.confirmed
    assert new.last_t == -1
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED, detail__factor="password").count() == 1


def test_new_backup_codes_replace_the_old_ones(client, alice):
    add_backup_codes(alice, "abcd2345")
    post_login(client, "alice")
    verify(client, current_code(alice.totpdevice_set.get()))

    response = client.post("/accounts/two-factor/backup-codes/", {"password": PASSWORD})

    tokens = set(StaticToken.objects.values_list("token", flat=True))
    assert response.status_code == 200
    assert len(tokens) == 10
    assert "abcd2345" not in tokens


def test_new_backup_codes_need_the_current_password(client, alice):
    add_backup_codes(alice, "abcd2345")
    post_login(client, "alice")
    verify(client, current_code(alice.totpdevice_set.get()))

    response = client.post("/accounts/two-factor/backup-codes/", {"password": "a guess at it"})

    assert response.context["form"].errors.as_data()["password"][0].code == "wrong_password"
    assert list(StaticToken.objects.values_list("token", flat=True)) == ["abcd2345"]


def test_the_admin_site_requires_the_second_factor(client):
    admin = make_user("root")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    device = add_totp_device(admin)
    post_login(client, "root")

    before = client.get("/admin/")
    verify(client, current_code(device))
    after = client.get("/admin/")

    assert before.status_code == 302
    assert before.url.startswith(VERIFY_URL)
    assert after.status_code == 200


def test_a_verified_clinician_is_refused_by_the_admin(client, alice):
    post_login(client, "alice")
    verify(client, current_code(alice.totpdevice_set.get()))

    response = client.get("/admin/", follow=True)

    assert response.status_code == 403


def test_the_admin_has_no_login_form_of_its_own(client):
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/admin/"


def test_a_password_is_enough_when_mfa_is_switched_off(client, settings, alice):
    settings.MFA_REQUIRED = False
    post_login(client, "alice")

    response = client.get("/dashboard/")

    assert response.status_code == 200
