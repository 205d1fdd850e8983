import hashlib
import json
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Role
from audit.models import AuditAction, AuditEvent
from interop.models import ApiKey
from interop.services import authenticate, create_api_key
from tests.factories import make_clinic, make_user

pytestmark = pytest.mark.django_db

LIST = "/dashboard/api-keys/"


def run_create(*args):
    out = StringIO()
    call_command("create_api_key", *args, stdout=out)
    return out.getvalue().splitlines()


def test_the_command_prints_a_new_key_on_its_last_line_and_stores_only_its_hash():
    clinic = make_clinic("north")

    lines = run_create("north", "--name", "Reception kiosk")

    key = lines[-1]
    stored = ApiKey.objects.get()
    assert (stored.clinic, stored.name) == (clinic, "Reception kiosk")
    assert stored.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in json.dumps(list(ApiKey.objects.values()), default=str)
    assert key.startswith(stored.prefix)
    assert authenticate(key) == stored


def test_a_key_carries_at_least_128_random_bits():
    make_clinic("north")

    key = run_create("north")[-1]

    assert re.fullmatch(r"lbp_[A-Za-z0-9_-]{43}", key)  # 43 base64url characters = 256 bits


def test_two_keys_are_never_the_same():
    make_clinic("north")

    assert run_create("north")[-1] != run_create("north")[-1]


def test_the_command_refuses_an_unknown_clinic_with_status_2():
    with pytest.raises(CommandError) as raised:
        run_create("nowhere")

    assert raised.value.returncode == 2
    assert "nowhere" in str(raised.value)


def test_creating_a_key_from_the_command_is_audited():
    make_clinic("north")

    run_create("north")

    event = AuditEvent.objects.get(action=AuditAction.ADMIN_CHANGE)
    assert event.detail["change"] == "api_key_created"
    assert event.detail["key_prefix"] == ApiKey.objects.get().prefix


# --- dashboard pages: clinic admins only, scoped to their clinics ---


@pytest.fixture
def north():
    return make_clinic("north")


@pytest.fixture
def admin(client, north):
    user = make_user("ada", north, role=Role.CLINIC_ADMIN)
    client.force_login(user)
    return user


def test_an_admin_sees_the_keys_of_their_clinics_only(client, north, admin):
    create_api_key(north, "North kiosk")
    create_api_key(make_clinic("south"), "South kiosk")

    response = client.get(LIST)

    assert response.status_code == 200
    page = response.content.decode()
    assert "North kiosk" in page
    assert "South kiosk" not in page


def test_an_admin_creates_a_key_and_sees_it_once(client, north, admin):
    response = client.post(LIST, {"clinic": north.pk, "name": "Website"})

    stored = ApiKey.objects.get()
    key = re.search(r'value="(lbp_[^"]+)"', response.content.decode()).group(1)
    assert stored.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert (stored.clinic, stored.created_by) == (north, admin)
    assert "no-store" in response["Cache-Control"]
    assert key not in client.get(LIST).content.decode()


def test_creating_a_key_in_the_dashboard_is_audited_with_the_admin(client, north, admin):
    client.post(LIST, {"clinic": north.pk, "name": "Website"})

    event = AuditEvent.objects.get(action=AuditAction.ADMIN_CHANGE)
    assert (event.actor, event.clinic, event.detail["change"]) == (admin, north, "api_key_created")


def test_an_admin_cannot_create_a_key_for_a_clinic_they_do_not_administer(client, admin):
    south = make_clinic("south")

    response = client.post(LIST, {"clinic": south.pk, "name": "Sneaky"})

    assert response.status_code == 200
    assert "clinic" in response.context["form"].errors
    assert not ApiKey.objects.exists()


def test_an_admin_revokes_a_key_and_it_stops_working(client, north, admin):
    api_key, secret = create_api_key(north, "Kiosk")

    response = client.post(f"{LIST}{api_key.pk}/revoke/")

    assert response.status_code == 302
    api_key.refresh_from_db()
    assert api_key.revoked_at is not None
    assert authenticate(secret) is None
    event = AuditEvent.objects.filter(action=AuditAction.ADMIN_CHANGE).latest("id")
    assert (event.actor, event.detail["change"]) == (admin, "api_key_revoked")


def test_revoking_twice_records_one_revocation(client, north, admin):
    api_key, _ = create_api_key(north, "Kiosk")

    client.post(f"{LIST}{api_key.pk}/revoke/")
    client.post(f"{LIST}{api_key.pk}/revoke/")

    assert AuditEvent.objects.filter(detail__change="api_key_revoked").count() == 1


def test_an_admin_cannot_revoke_another_clinics_key(client, admin):
    api_key, secret = create_api_key(make_clinic("south"), "South kiosk")

    response = client.post(f"{LIST}{api_key.pk}/revoke/")

    assert response.status_code == 404
    assert authenticate(secret) is not None


def test_revoking_needs_a_post(client, north, admin):
    api_key, _ = create_api_key(north, "Kiosk")

    response = client.get(f"{LIST}{api_key.pk}/revoke/")

    assert response.status_code == 405


def test_a_clinician_who_is_not_an_admin_is_refused_and_audited(client, north):
    create_api_key(north, "Kiosk")
    client.force_login(make_user("bob", north, role=Role.CLINICIAN))

    response = client.get(LIST)

    assert response.status_code == 403
    assert AuditEvent.objects.filter(action=AuditAction.ACCESS_DENIED).exists()


def test_a_clinician_cannot_revoke_a_key(client):
    south = make_clinic("south")
    api_key, _ = create_api_key(south, "South kiosk")
    client.force_login(make_user("eve", make_clinic("north"), role=Role.CLINICIAN))

    assert client.post(f"{LIST}{api_key.pk}/revoke/").status_code == 403
    assert ApiKey.objects.get().revoked_at is None


def test_the_pages_need_a_login(client):
    response = client.get(LIST)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
