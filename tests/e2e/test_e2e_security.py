import base64
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django_otp.oath import totp
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def mfa_required(settings):
    settings.MFA_REQUIRED = True


def assert_accessible(page: Page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def log_in(page: Page, base_url: str, username: str, password: str = PASSWORD) -> None:
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def code_for(setup_key: str) -> str:
    key = base64.b32decode(setup_key.replace(" ", "") + "=" * (-len(setup_key.replace(" ", "")) % 8))
    return f"{totp(key):06d}"


def test_a_clinician_enrols_an_app_then_logs_in_with_a_backup_code(live_server, page, mfa_required):
    make_user("alice")
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))

    page.goto(live_server.url + "/accounts/login/")
    assert_accessible(page)
    log_in(page, live_server.url, "alice")

    expect(page).to_have_url(re.compile(r"/accounts/two-factor/setup/"))
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Code from your app").fill(code_for(page.locator("#setup-key").inner_text()))
    page.get_by_role("button", name="Turn on two-step verification").click()

    expect(page.get_by_role("heading", name="Your backup codes")).to_be_visible()
    assert_accessible(page)
    codes = page.locator("#backup-codes li").all_inner_texts()
    page.get_by_role("link", name="I have saved my codes, continue").click()
    expect(page.get_by_role("heading", name="Queue")).to_be_visible()

    page.goto(live_server.url + "/accounts/two-factor/backup-codes/")
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You have been logged out.")).to_be_visible()
    log_in(page, live_server.url, "alice")
    expect(page.get_by_role("heading", name="Enter your verification code")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Verification code").fill(codes[0])
    page.get_by_role("button", name="Verify").click()

    expect(page.get_by_role("heading", name="Queue")).to_be_visible()
    assert len(codes) == 10
    assert all(url.startswith(live_server.url) or url.startswith("data:") for url in requests)


def test_the_lockout_page_is_accessible(live_server, page):
    make_user("alice")

    for _ in range(5):
        log_in(page, live_server.url, "alice", password="not-the-right-password")

    expect(page.get_by_role("heading", name="Too many login attempts")).to_be_visible()
    assert_accessible(page)


@pytest.mark.urls("tests.security_urls")
def test_the_rate_limit_page_is_accessible_and_shows_the_emergency_advice(live_server, page):
    response = page.goto(live_server.url + "/test-only/limited/")

    assert response.status == 429
    expect(page.get_by_role("heading", name="If you need help now")).to_be_visible()
    assert_accessible(page)
