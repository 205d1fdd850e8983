import pytest
from django.contrib.admin.sites import site
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.models import Membership
from audit.models import AuditAction, AuditEvent
from intake.models import Submission
from tests.dashboard_support import make_case, make_staff, make_team

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.org", None))
    return client


def test_clinic_submission_membership_and_audit_event_are_in_the_admin():
    registered = {model._meta.label for model in site._registry}

    assert {"intake.Clinic", "intake.Submission", "accounts.Membership", "audit.AuditEvent"} <= registered


def test_the_submission_list_shows_25_per_page(superuser_client):
    team = make_team()
    for _ in range(26):
        make_case(team.clinic)

    response = superuser_client.get(reverse("admin:intake_submission_changelist"))

    assert len(response.context["cl"].result_list) == 25


def test_a_submission_is_read_only_in_the_admin_and_opening_it_is_audited(superuser_client):
    case = make_case(make_team().clinic)

    page = superuser_client.get(reverse("admin:intake_submission_change", args=[case.pk]))
    change = superuser_client.post(
        reverse("admin:intake_submission_change", args=[case.pk]), {"urgency": "routine", "status": "closed"}
    )

    assert page.status_code == 200 and b'name="urgency"' not in page.content
    assert change.status_code == 403
    case.refresh_from_db()
    assert case.status == "new"
    assert AuditEvent.objects.filter(
        action=AuditAction.CASE_VIEWED, submission=case, detail={"via": "admin"}
    ).exists()
    assert Submission.objects.count() == 1


def test_granting_and_removing_a_membership_in_the_admin_is_audited(superuser_client):
    team = make_team()
    newcomer = make_staff("newcomer")

    superuser_client.post(
        reverse("admin:accounts_membership_add"),
        {"user": newcomer.pk, "clinic": team.clinic.pk, "role": "clinician"},
    )
    membership = Membership.objects.get(user=newcomer)
    superuser_client.post(reverse("admin:accounts_membership_delete", args=[membership.pk]), {"post": "yes"})

    changes = AuditEvent.objects.filter(action=AuditAction.ADMIN_CHANGE).order_by("id")
    assert [e.detail["change"] for e in changes] == ["membership_added", "membership_removed"]
    assert all(e.clinic == team.clinic for e in changes)
    assert not Membership.objects.filter(user=newcomer).exists()
