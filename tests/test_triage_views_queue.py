import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, Role
from intake.models import Status, Submission
from tests.dashboard_support import (
    EMERGENCY,
    RADICULAR,
    URGENT,
    make_case,
    make_failed_case,
    make_staff,
    make_team,
)
from tests.queries import page_queries
from triage.queue import Cursor

pytestmark = pytest.mark.django_db


def references(response) -> list[str]:
    return [row.reference for row in response.context["page"].rows]


def queue(client, **params):
    return client.get(reverse("dashboard:queue", query=params))


def test_the_queue_lists_emergency_then_urgent_then_routine_then_the_longest_waiting(client):
    team = make_team()
    routine_old = make_case(team.clinic, hours_ago=30)
    routine_new = make_case(team.clinic, hours_ago=2)
    urgent = make_case(team.clinic, hours_ago=1, **URGENT)
    emergency_new = make_case(team.clinic, hours_ago=0.5, **EMERGENCY)
    emergency_old = make_case(team.clinic, hours_ago=3, **EMERGENCY)
    client.force_login(team.clinician)

    response = queue(client)

    assert references(response) == [
        c.reference for c in (emergency_old, emergency_new, urgent, routine_old, routine_new)
    ]


def test_the_default_view_shows_open_cases_only(client):
    team = make_team()
    new = make_case(team.clinic)
    in_review = make_case(team.clinic, status=Status.IN_REVIEW)
    make_case(team.clinic, status=Status.REVIEWED)
    make_case(team.clinic, status=Status.CLOSED)
    client.force_login(team.clinician)

    response = queue(client)

    assert set(references(response)) == {new.reference, in_review.reference}
    assert b"Open (new and in review)" in response.content


@pytest.mark.parametrize(
    ("status", "expected"),
    [("new", {"new"}), ("in_review", {"in_review"}), ("reviewed", {"reviewed"}), ("closed", {"closed"})],
)
def test_the_status_filter_shows_only_that_status(client, status, expected):
    team = make_team()
    for each in Status.values:
        make_case(team.clinic, status=each)
    client.force_login(team.clinician)

    response = queue(client, status=status)

    assert {row.status for row in response.context["page"].rows} == expected


def test_status_all_shows_every_case(client):
    team = make_team()
    for each in Status.values:
        make_case(team.clinic, status=each)
    client.force_login(team.clinician)

    assert len(references(queue(client, status="all"))) == 4


@pytest.mark.parametrize(
    ("params", "matching"),
    [
        ({"urgency": "emergency"}, ["emergency"]),
        ({"urgency": "urgent"}, ["urgent"]),
        ({"urgency": "routine"}, ["radicular", "routine"]),
        ({"category": "radicular"}, ["radicular"]),
        ({"category": "red_flag_urgent"}, ["urgent"]),
        ({"category": "non_traumatic_mechanical"}, ["routine"]),
        ({"imaging": "indicated_emergency"}, ["emergency"]),
        ({"imaging": "indicated_urgent"}, ["urgent"]),
        ({"imaging": "not_indicated"}, ["radicular", "routine"]),
        ({"flag": "cauda_equina_suspected"}, ["emergency"]),
        ({"flag": "cancer_history"}, ["urgent"]),
    ],
)
def test_each_filter_selects_only_matching_cases(client, params, matching):
    team = make_team()
    cases = {
        "emergency": make_case(team.clinic, hours_ago=4, **EMERGENCY),
        "urgent": make_case(team.clinic, hours_ago=3, **URGENT),
        "radicular": make_case(team.clinic, hours_ago=2, **RADICULAR),
        "routine": make_case(team.clinic, hours_ago=1),
    }
    client.force_login(team.clinician)

    response = queue(client, **params)

    assert references(response) == [cases[name].reference for name in matching]


def test_the_category_filter_finds_cases_the_rules_could_not_triage(client):
    team = make_team()
    failed = make_failed_case(team.clinic)
    make_case(team.clinic)
    client.force_login(team.clinician)

    response = queue(client, category="failed")

    assert references(response) == [failed.reference]
    assert b"Triage failed" in response.content


def test_the_date_filter_keeps_cases_received_within_the_range(client):
    team = make_team()
    make_case(team.clinic, hours_ago=24 * 10)
    inside = make_case(team.clinic, hours_ago=24 * 3)
    make_case(team.clinic, hours_ago=0.1)
    today = timezone.localdate()
    client.force_login(team.clinician)

    response = queue(
        client,
        received_from=(today - dt.timedelta(days=5)).isoformat(),
        received_to=(today - dt.timedelta(days=2)).isoformat(),
    )

    assert references(response) == [inside.reference]


def test_a_reversed_date_range_is_reported_and_ignored(client):
    team = make_team()
    make_case(team.clinic)
    client.force_login(team.clinician)

    response = queue(client, received_from="2026-05-02", received_to="2026-05-01")

    assert response.context["form"].errors["received_to"][0] == "Must be on or after the start date."
    assert len(references(response)) == 1


def test_assigned_to_me_shows_only_my_cases(client):
    team = make_team()
    mine = make_case(team.clinic, status=Status.IN_REVIEW, assignee=team.clinician)
    make_case(team.clinic, status=Status.IN_REVIEW, assignee=team.colleague)
    make_case(team.clinic)
    client.force_login(team.clinician)

    response = queue(client, mine="on")

    assert references(response) == [mine.reference]


def test_a_member_of_two_clinics_sees_both_and_can_filter_by_one(client):
    team = make_team()
    Membership.objects.create(user=team.clinician, clinic=team.other_clinic, role=Role.CLINICIAN)
    north = make_case(team.clinic, hours_ago=2)
    south = make_case(team.other_clinic, hours_ago=1)
    client.force_login(team.clinician)

    both = queue(client)
    only_south = queue(client, clinic=team.other_clinic.slug)

    assert references(both) == [north.reference, south.reference]
    assert references(only_south) == [south.reference]


def test_unknown_filter_values_and_parameters_are_ignored(client):
    team = make_team()
    case = make_case(team.clinic)
    client.force_login(team.clinician)

    response = queue(
        client,
        status="__all__",
        urgency="1 OR 1=1",
        category="x",
        clinic="south",
        size="1000",
        clinic__users__password__startswith="p",
        _connector="OR",
    )

    assert response.status_code == 200
    assert references(response) == [case.reference]
    assert response.context["form"].filters().size == 25


def test_search_by_name_is_posted_and_kept_out_of_the_url(client):
    team = make_team()
    wanted = make_case(team.clinic, "Ana Garcia")
    make_case(team.clinic, "Ben Lee")
    client.force_login(team.clinician)

    posted = client.post(reverse("dashboard:search"), {"q": "garc", "urgency": "routine"})
    response = client.get(posted["Location"])

    assert "garc" not in posted["Location"].lower()
    assert posted["Location"] == reverse("dashboard:queue", query={"urgency": "routine"})
    assert references(response) == [wanted.reference]
    assert b"Clear search" in response.content


def test_search_finds_a_reference_typed_in_lower_case_without_the_dash(client):
    team = make_team()
    wanted = make_case(team.clinic)
    make_case(team.clinic)
    client.force_login(team.clinician)

    client.post(reverse("dashboard:search"), {"q": wanted.reference.replace("-", "").lower()})

    assert references(queue(client)) == [wanted.reference]


def test_clearing_the_search_shows_every_case_again(client):
    team = make_team()
    make_case(team.clinic, "Ana Garcia")
    make_case(team.clinic, "Ben Lee")
    client.force_login(team.clinician)
    client.post(reverse("dashboard:search"), {"q": "Ana"})

    client.post(reverse("dashboard:search"), {"clear": "1"})

    assert len(references(queue(client))) == 2


def test_a_too_long_search_is_refused_with_a_message(client):
    team = make_team()
    client.force_login(team.clinician)

    response = client.post(reverse("dashboard:search"), {"q": "x" * 101}, follow=True)

    assert b"Ensure this value has at most 100 characters" in response.content
    assert "queue_search" not in client.session


def test_keyset_pages_follow_each_other_without_gaps_or_repeats(client):
    team = make_team()
    cases = [make_case(team.clinic, hours_ago=30 - i) for i in range(25)]
    client.force_login(team.clinician)

    first = client.get(reverse("dashboard:queue", query={"size": 10}))
    second = client.get(first.context["next_url"])
    third = client.get(second.context["next_url"])
    back = client.get(second.context["previous_url"])

    assert references(first) + references(second) + references(third) == [c.reference for c in cases]
    assert third.context["next_url"] == ""
    assert references(back) == references(first)
    assert first.context["previous_url"] == ""


def test_a_tampered_cursor_shows_the_first_page(client):
    team = make_team()
    case = make_case(team.clinic)
    client.force_login(team.clinician)

    response = queue(client, after="not-a-cursor';--")

    assert references(response) == [case.reference]


def test_the_cursor_holds_no_patient_data():
    cursor = Cursor(1, timezone.now(), Submission._meta.pk.to_python("12345678123456781234567812345678"))

    assert Cursor.decode(cursor.encode()) == cursor
    assert "Pat" not in cursor.encode()


def test_counts_per_urgency_ignore_the_urgency_filter_but_follow_the_others(client):
    team = make_team()
    make_case(team.clinic, **EMERGENCY)
    make_case(team.clinic, **URGENT)
    make_case(team.clinic, **URGENT)
    make_case(team.clinic, status=Status.CLOSED, **URGENT)
    client.force_login(team.clinician)

    counts = queue(client, urgency="emergency").context["page"].counts

    assert (counts["emergency"], counts["urgent"], counts["routine"]) == (1, 2, 0)


def test_an_overdue_case_stands_out_in_words_and_in_the_count(client):
    team = make_team()
    overdue = make_case(team.clinic, hours_ago=1, **EMERGENCY)  # emergency target: 15 minutes
    make_case(team.clinic, hours_ago=1)
    client.force_login(team.clinician)

    response = queue(client)

    assert response.context["page"].counts["overdue"] == 1
    assert [row.overdue for row in response.context["page"].rows] == [True, False]
    assert b'badge-overdue">Overdue</span>' in response.content
    assert overdue.reference.encode() in response.content


def test_rows_show_name_age_flags_and_assignee(client):
    team = make_team()
    make_case(
        team.clinic, "Ana Garcia", status=Status.IN_REVIEW, assignee=team.colleague, age=61, **EMERGENCY
    )
    client.force_login(team.clinician)

    html = queue(client).content.decode()

    assert "Ana Garcia, 61" in html
    assert "Cauda equina suspected" in html
    assert "+1 other" in html  # age_over_50 is a soft flag, counted but not a badge
    assert "Bob" in html


QUEUE_TABLES = ('"intake_submission"', '"intake_submissionflag"', '"accounts_membership"')


def capture_queue_queries(client, **params) -> int:
    return len(page_queries(client, reverse("dashboard:queue"), **params))


def queue_queries(client, **params) -> list[str]:
    """The queries the queue itself runs (sessions, users and devices left out)."""
    with CaptureQueriesContext(connection) as queries:
        assert queue(client, **params).status_code == 200
    return [q["sql"] for q in queries if any(table in q["sql"] for table in QUEUE_TABLES)]


def test_the_queue_runs_the_same_number_of_queries_at_page_sizes_10_and_50(client):
    team = make_team()
    for i in range(60):
        make_case(team.clinic, hours_ago=100 - i, **(URGENT if i % 3 == 0 else {}))
    client.force_login(team.clinician)

    small, large = capture_queue_queries(client, size=10), capture_queue_queries(client, size=50)

    assert small == large
    assert len(queue_queries(client, size=50)) == 5  # memberships, counts, page keys, rows, flags


def test_the_queue_runs_the_same_number_of_queries_with_10_and_1000_cases(client):
    call_command("seed_demo", cases=10, clinics=2)
    user = make_staff("reader")
    for clinic in Submission.objects.values_list("clinic", flat=True).distinct():
        Membership.objects.create(user=user, clinic_id=clinic)
    client.force_login(user)
    few = capture_queue_queries(client, status="all", size=50)

    call_command("seed_demo", cases=1000, clinics=2)
    many = capture_queue_queries(client, status="all", size=50)

    assert few == many


def test_the_live_update_returns_counts_and_a_newer_than_marker_without_patient_data(client):
    team = make_team()
    make_case(team.clinic, "Ana Garcia", **URGENT)
    client.force_login(team.clinician)
    before = client.get(reverse("dashboard:updates")).json()

    make_case(team.clinic, "Ben Lee", hours_ago=0)
    after = client.get(reverse("dashboard:updates")).json()

    assert set(after) == {"emergency", "urgent", "routine", "overdue", "newest"}
    assert (before["urgent"], after["routine"]) == (1, 1)
    assert after["newest"] > before["newest"]
    assert "Ana" not in str(after) and "Ben" not in str(after)


def test_the_list_alone_is_served_to_the_page_script(client):
    team = make_team()
    case = make_case(team.clinic)
    client.force_login(team.clinician)

    response = client.get(reverse("dashboard:queue"), headers={"X-Queue-Partial": "1"})

    assert case.reference.encode() in response.content
    assert b"<html" not in response.content


def test_claim_next_takes_the_most_urgent_longest_waiting_unclaimed_case(client):
    team = make_team()
    make_case(team.clinic, hours_ago=5)
    make_case(team.clinic, hours_ago=1, status=Status.IN_REVIEW, assignee=team.colleague, **EMERGENCY)
    make_case(team.clinic, hours_ago=1, **EMERGENCY)
    wanted = make_case(team.clinic, hours_ago=2, **EMERGENCY)
    client.force_login(team.clinician)

    response = client.post(reverse("dashboard:claim_next"))

    wanted.refresh_from_db()
    assert response["Location"] == reverse("dashboard:case", args=[wanted.pk])
    assert (wanted.assignee, wanted.status, wanted.version) == (team.clinician, Status.IN_REVIEW, 2)


def test_claim_next_with_nothing_left_says_so(client):
    team = make_team()
    make_case(team.clinic, status=Status.REVIEWED)
    client.force_login(team.clinician)

    response = client.post(reverse("dashboard:claim_next"), follow=True)

    assert b"There is no unclaimed new case in your clinics." in response.content
