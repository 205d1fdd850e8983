import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditAction, AuditEvent
from audit.services import record
from tests.dashboard_support import make_case, make_team

pytestmark = pytest.mark.django_db


def audit_log(client, **params):
    return client.get(reverse("audit:log", query=params))


def shown(response) -> list[AuditEvent]:
    return list(response.context["events"])


def event(action, user, case=None, clinic=None, days_ago=0):
    with time_machine.travel(timezone.now() - dt.timedelta(days=days_ago)):
        return record(action, user=user, submission=case, clinic=clinic)


def test_a_clinic_admin_sees_their_clinics_events_and_no_other(client):
    team = make_team()
    mine = make_case(team.clinic)
    theirs = make_case(team.other_clinic)
    client.force_login(team.admin)

    response = audit_log(client)

    cases = {e.submission_id for e in shown(response)}
    assert mine.pk in cases and theirs.pk not in cases
    assert all(e.clinic_id == team.clinic.pk for e in shown(response))


def test_a_clinician_who_is_not_an_admin_is_refused_and_the_refusal_is_audited(client):
    team = make_team()
    client.force_login(team.clinician)

    response = audit_log(client)

    assert response.status_code == 403
    assert AuditEvent.objects.filter(action=AuditAction.ACCESS_DENIED, actor=team.clinician).exists()


def test_the_log_filters_by_user_action_and_case_reference(client):
    team = make_team()
    case, other = make_case(team.clinic), make_case(team.clinic)
    event(AuditAction.CASE_VIEWED, team.clinician, case)
    event(AuditAction.CASE_VIEWED, team.colleague, case)
    event(AuditAction.CASE_VIEWED, team.clinician, other)
    client.force_login(team.admin)

    response = audit_log(client, user="alice", action="case_viewed", case=case.reference.lower())

    assert [(e.actor_username, e.submission_id) for e in shown(response)] == [("alice", case.pk)]


def test_the_log_filters_by_date_range(client):
    team = make_team()
    old = event(AuditAction.QUEUE_EXPORTED, team.clinician, clinic=team.clinic, days_ago=10)
    event(AuditAction.QUEUE_EXPORTED, team.clinician, clinic=team.clinic)
    today = timezone.localdate()
    client.force_login(team.admin)

    response = audit_log(
        client,
        date_from=(today - dt.timedelta(days=12)).isoformat(),
        date_to=(today - dt.timedelta(days=8)).isoformat(),
    )

    assert [e.pk for e in shown(response)] == [old.pk]


@pytest.mark.parametrize(
    ("sort", "key"),
    [
        ("user", lambda e: e.actor_username),
        ("-user", lambda e: e.actor_username),
        ("action", lambda e: e.action),
        ("-at", lambda e: e.at),
    ],
)
def test_the_log_sorts_by_a_column_from_the_allow_list(client, sort, key):
    team = make_team()
    for user in (team.colleague, team.clinician, team.admin):
        event(AuditAction.QUEUE_EXPORTED, user, clinic=team.clinic)
        event(AuditAction.CASE_VIEWED, user, make_case(team.clinic))
    client.force_login(team.admin)

    events = shown(audit_log(client, sort=sort))

    values = [key(e) for e in events]
    assert values == sorted(values, reverse=sort.startswith("-"))


def test_an_unknown_sort_is_ignored(client):
    team = make_team()
    make_case(team.clinic)
    client.force_login(team.admin)

    response = audit_log(client, sort="actor__password")

    assert response.status_code == 200
    assert response.context["sort"] == "-at"


def test_each_column_heading_links_to_sorting_by_it(client):
    team = make_team()
    make_case(team.clinic)
    client.force_login(team.admin)

    response = audit_log(client, sort="user")

    columns = {c["title"]: c for c in response.context["columns"]}
    assert columns["User"]["sort"] == "ascending" and "sort=-user" in columns["User"]["url"]
    assert columns["Action"]["url"].endswith("sort=action")
    assert 'aria-sort="ascending"' in response.content.decode()


def test_a_malformed_case_reference_is_reported(client):
    team = make_team()
    client.force_login(team.admin)

    response = audit_log(client, case="<script>")

    assert response.context["form"].errors["case"] == ["A reference looks like ABCD-EFGH."]


def test_the_log_pages_without_counting_the_whole_table(client):
    team = make_team()
    case = make_case(team.clinic)
    for _ in range(60):
        event(AuditAction.CASE_VIEWED, team.clinician, case)
    client.force_login(team.admin)

    first = audit_log(client)
    second = client.get(reverse("audit:log") + first.context["next_url"])

    assert len(shown(first)) == 50
    assert len(shown(second)) == 11  # 60 views + the submission event
    assert second.context["next_url"] == ""


def test_viewing_changing_and_exporting_all_leave_events_in_the_log(client):
    team = make_team()
    case = make_case(team.clinic)
    client.force_login(team.clinician)
    client.get(reverse("dashboard:case", args=[case.pk]))
    client.post(reverse("dashboard:claim", args=[case.pk]), {"version": 1})
    b"".join(client.get(reverse("dashboard:export")).streaming_content)
    client.force_login(team.admin)

    actions = {e.action for e in shown(audit_log(client, user="alice"))}

    assert actions == {AuditAction.CASE_VIEWED, AuditAction.CASE_CHANGED, AuditAction.QUEUE_EXPORTED}


def test_the_export_event_names_the_filters_but_never_the_search_term(client):
    team = make_team()
    make_case(team.clinic, "Ana Garcia")
    client.force_login(team.clinician)
    client.post(reverse("dashboard:search"), {"q": "Ana"})

    b"".join(client.get(reverse("dashboard:export", query={"urgency": "routine"})).streaming_content)

    export = AuditEvent.objects.get(action=AuditAction.QUEUE_EXPORTED)
    assert export.detail == {"format": "csv", "filters": {"urgency": "routine"}, "search": True}
    assert export.clinic == team.clinic
