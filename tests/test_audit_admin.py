import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from audit.models import AuditAction, AuditEvent
from audit.services import record

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.org", None))
    return client


def test_the_admin_lists_and_shows_audit_events(superuser_client):
    event = record(AuditAction.LOGIN, user=get_user_model().objects.get())

    listing = superuser_client.get(reverse("admin:audit_auditevent_changelist"))
    detail = superuser_client.get(reverse("admin:audit_auditevent_change", args=[event.pk]))

    assert listing.status_code == 200 and detail.status_code == 200
    assert b"Save" not in detail.content


def test_the_admin_cannot_add_change_or_delete_audit_events(superuser_client):
    event = record(AuditAction.LOGIN, user=get_user_model().objects.get())
    before = AuditEvent.objects.count()

    add = superuser_client.get(reverse("admin:audit_auditevent_add"))
    change = superuser_client.post(
        reverse("admin:audit_auditevent_change", args=[event.pk]), {"action": "logout"}
    )
    delete = superuser_client.post(reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"})
    bulk = superuser_client.post(
        reverse("admin:audit_auditevent_changelist"),
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )

    assert (add.status_code, change.status_code, delete.status_code) == (403, 403, 403)
    assert bulk.status_code in (200, 302)
    event.refresh_from_db()
    assert event.action == AuditAction.LOGIN
    assert AuditEvent.objects.count() == before
