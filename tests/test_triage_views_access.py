import uuid

import pytest
from django.urls import reverse

from accounts.models import Membership
from audit.models import AuditAction, AuditEvent
from intake.models import Status, Submission
from tests.dashboard_support import EMERGENCY, make_case, make_team
from triage.models import CaseNote, ContactAttempt, Decision

pytestmark = pytest.mark.django_db

CASE_ACTIONS = {
    "dashboard:claim": {"version": "1"},
    "dashboard:assign": {"version": "1", "assignee": ""},
    "dashboard:status": {"version": "1", "status": "closed"},
    "dashboard:decide": {"version": "1", "outcome": "agree", "next_step": "no_action"},
    "dashboard:note": {"text": "seen"},
    "dashboard:contact": {"method": "phone", "result": "reached"},
    "dashboard:printed": {},
}
STAFF_PAGES = (
    "dashboard:queue",
    "dashboard:updates",
    "dashboard:export",
    "dashboard:overview",
    "audit:log",
)


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_anonymous_visitors_are_sent_to_the_login_page(client, name):
    response = client.get(reverse(name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_anonymous_visitors_cannot_open_a_case(client):
    team = make_team()
    case = make_case(team.clinic)

    response = client.get(reverse("dashboard:case", args=[case.pk]))

    assert response.status_code == 302
    assert case.patient_name.encode() not in response.content


def test_the_clinician_and_the_colleague_open_their_clinics_case(client):
    team = make_team()
    case = make_case(team.clinic)

    for user in (team.clinician, team.colleague):
        client.force_login(user)
        assert client.get(reverse("dashboard:case", args=[case.pk])).status_code == 200


def test_the_outsider_gets_404_for_the_other_clinics_case_page(client):
    team = make_team()
    case = make_case(team.clinic)
    client.force_login(team.outsider)

    response = client.get(reverse("dashboard:case", args=[case.pk]))

    assert response.status_code == 404
    assert case.patient_name.encode() not in response.content


@pytest.mark.parametrize("name", CASE_ACTIONS)
def test_the_outsider_gets_404_for_every_case_action_and_nothing_changes(client, name):
    team = make_team()
    case = make_case(team.clinic)
    client.force_login(team.outsider)

    response = client.post(reverse(name, args=[case.pk]), CASE_ACTIONS[name])

    assert response.status_code == 404
    case.refresh_from_db()
    assert (case.status, case.assignee_id, case.version) == (Status.NEW, None, 1)
    assert (
        not Decision.objects.exists()
        and not CaseNote.objects.exists()
        and not ContactAttempt.objects.exists()
    )
    assert not AuditEvent.objects.filter(
        action__in=[AuditAction.CASE_CHANGED, AuditAction.CASE_EXPORTED]
    ).exists()


def test_an_unknown_case_id_is_404(client):
    team = make_team()
    client.force_login(team.clinician)

    response = client.get(reverse("dashboard:case", args=[uuid.uuid4()]))

    assert response.status_code == 404


def test_a_refused_case_is_audited_for_the_owning_clinic_without_patient_data(client):
    team = make_team()
    case = make_case(team.clinic, "Zelda Secret")
    client.force_login(team.outsider)

    client.post(reverse("dashboard:claim", args=[case.pk]), {"version": "1"})

    event = AuditEvent.objects.get(action=AuditAction.ACCESS_DENIED)
    assert event.actor == team.outsider
    assert event.clinic == team.clinic
    assert event.submission is None
    assert event.detail == {"case_id": str(case.pk), "method": "POST"}


def test_a_refused_case_is_logged_without_patient_data(client, caplog):
    team = make_team()
    case = make_case(team.clinic, "Zelda Secret")
    client.force_login(team.outsider)

    client.get(reverse("dashboard:case", args=[case.pk]))

    assert "Staff access denied" in caplog.text
    assert "Zelda" not in caplog.text


def test_the_outsider_never_sees_the_other_clinics_cases_in_queue_counts_or_export(client):
    team = make_team()
    make_case(team.clinic, "Zelda Secret", **EMERGENCY)
    make_case(team.other_clinic, "Own Patient")
    client.force_login(team.outsider)

    queue = client.get(reverse("dashboard:queue", query={"status": "all"}))
    updates = client.get(reverse("dashboard:updates", query={"status": "all"})).json()
    export = b"".join(client.get(reverse("dashboard:export", query={"status": "all"})).streaming_content)

    assert b"Own Patient" in queue.content and b"Zelda" not in queue.content
    assert queue.context["page"].counts["emergency"] == 0
    assert updates["emergency"] == 0 and updates["routine"] == 1
    assert b"Own Patient" in export and b"Zelda" not in export


def test_claim_next_never_hands_out_another_clinics_case(client):
    team = make_team()
    make_case(team.clinic, **EMERGENCY)
    client.force_login(team.outsider)

    client.post(reverse("dashboard:claim_next"))

    assert not Submission.objects.filter(assignee=team.outsider).exists()


def test_removing_a_membership_takes_effect_on_the_next_request(client):
    team = make_team()
    case = make_case(team.clinic)
    client.force_login(team.clinician)
    assert client.get(reverse("dashboard:case", args=[case.pk])).status_code == 200

    Membership.objects.filter(user=team.clinician).delete()

    assert client.get(reverse("dashboard:case", args=[case.pk])).status_code == 404


def test_a_clinician_cannot_open_the_clinic_settings(client):
    team = make_team()
    client.force_login(team.clinician)

    response = client.get(reverse("dashboard:clinic_settings", args=[team.clinic.slug]))

    assert response.status_code == 404
    assert AuditEvent.objects.filter(action=AuditAction.ACCESS_DENIED, actor=team.clinician).exists()


def test_a_clinic_admin_cannot_open_another_clinics_settings(client):
    team = make_team()
    client.force_login(team.outsider)

    response = client.post(
        reverse("dashboard:clinic_settings", args=[team.clinic.slug]),
        {"emergency_target_minutes": 999, "urgent_target_working_days": 9, "routine_target_working_days": 9},
    )

    assert response.status_code == 404
    team.clinic.refresh_from_db()
    assert team.clinic.emergency_target_minutes == 15
