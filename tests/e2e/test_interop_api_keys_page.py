import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client

from accounts.models import Role
from interop.models import ApiKey
from tests.factories import make_clinic, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    page.context.add_cookies([{"name": name, "value": client.cookies[name].value, "url": live_server.url}])


def test_an_admin_creates_a_key_sees_it_once_and_revokes_it_and_axe_passes(live_server, page):
    clinic = make_clinic("north")
    page.set_default_timeout(10_000)
    log_in(page, live_server, make_user("ada", clinic, role=Role.CLINIC_ADMIN))
    page.goto(live_server.url + "/dashboard/api-keys/")
    assert Axe().run(page).violations_count == 0

    page.get_by_label("Name").fill("Reception kiosk")
    page.get_by_role("button", name="Create key").click()

    key = page.get_by_label(re.compile("Key .Reception kiosk.")).input_value()
    assert key.startswith(ApiKey.objects.get().prefix)
    assert Axe().run(page).violations_count == 0
    page.get_by_role("link", name="Back to API keys").click()
    page.get_by_role("button", name="Revoke Reception kiosk").click()
    assert page.get_by_role("status").is_visible()
    assert ApiKey.objects.get().revoked_at is not None
