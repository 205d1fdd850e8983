import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from intake.models import Status, Submission
from tests.dashboard_support import EMERGENCY, RADICULAR, URGENT, make_case, make_staff, make_team
from tests.queries import page_queries
from triage import services
from triage.models import Decision
from triage.overview import build_overview, week_starts
from triage.services import DecisionInput

pytestmark = pytest.mark.django_db


def decide(case, user, **outputs):
    final = {"category": case.category, "urgency": case.urgency, "imaging": case.imaging, **outputs}
    overriding = final != {"category": case.category, "urgency": case.urgency, "imaging": case.imaging}
    decision = DecisionInput(
        outcome="override" if overriding else "agree",
        reason="examined_in_person" if overriding else "",
        reason_text="",
        next_step="book_pt_evaluation",
        **final,
    )
    services.record_decision(case, user, case.version, decision)


@time_machine.travel(dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC))  # a Wednesday: "2 hours ago" is this week
def test_submissions_are_counted_per_week_and_category(client):
    team = make_team()
    make_case(team.clinic, hours_ago=1)
    make_case(team.clinic, hours_ago=2, **RADICULAR)
    make_case(team.clinic, hours_ago=24 * 7 * 3, **EMERGENCY)
    make_case(team.clinic, hours_ago=24 * 7 * 20)  # older than the 12 weeks
    make_case(team.other_clinic, hours_ago=1)

    overview = build_overview(team.clinic)

    assert len(overview.weeks) == 12
    assert overview.total == 3
    this_week = overview.weeks[-1].counts
    assert (this_week["non_traumatic_mechanical"], this_week["radicular"]) == (1, 1)
    assert sum(bar.counts["emergency"] for bar in overview.weeks) == 1


def test_the_weeks_start_on_monday_and_end_with_the_current_week():
    starts = week_starts(timezone.make_aware(dt.datetime(2026, 11, 26, 12)))  # a Thursday

    assert starts[-1] == dt.date(2026, 11, 23)
    assert starts[0] == dt.date(2026, 9, 7)
    assert all(start.weekday() == 0 for start in starts)


def test_the_share_of_cases_where_imaging_was_not_indicated(client):
    team = make_team()
    make_case(team.clinic)
    make_case(team.clinic, **RADICULAR)
    make_case(team.clinic, **URGENT)
    make_case(team.clinic, **EMERGENCY)

    overview = build_overview(team.clinic)

    assert (overview.imaging_not_indicated, overview.total, overview.imaging_not_indicated_percent) == (
        2,
        4,
        50,
    )


def test_the_override_rate_is_reported_per_decision_rule(client):
    team = make_team()
    routine = [make_case(team.clinic) for _ in range(3)]
    urgent = make_case(team.clinic, **URGENT)
    decide(routine[0], team.clinician, imaging="consider_if_persistent")
    decide(routine[1], team.clinician)
    decide(routine[2], team.clinician)
    decide(urgent, team.clinician, urgency="routine")

    overview = build_overview(team.clinic)

    rates = {rate.rule_id: (rate.decisions, rate.overridden, rate.percent) for rate in overview.rule_rates}
    assert rates == {"R-30": (1, 1, 100), "R-40": (3, 0, 0), "R-45": (3, 1, 33)}
    assert (overview.decisions, overview.overrides, overview.override_percent) == (4, 2, 50)


def test_the_median_time_to_review_per_urgency(client):
    team = make_team()
    for hours in (1, 3, 8):
        case = make_case(team.clinic, hours_ago=10)
        Submission.objects.filter(pk=case.pk).update(reviewed_at=case.received_at + dt.timedelta(hours=hours))
    make_case(team.clinic, **URGENT)

    medians = {urgency: (median, n) for urgency, median, n in build_overview(team.clinic).median_review}

    assert medians["routine"] == (dt.timedelta(hours=3), 3)
    assert medians["urgent"] == (None, 0)


def test_overdue_open_cases_are_counted_per_urgency(client):
    team = make_team()
    make_case(team.clinic, hours_ago=1, **EMERGENCY)
    make_case(team.clinic, hours_ago=1, status=Status.REVIEWED, **EMERGENCY)
    make_case(team.clinic, hours_ago=0.01, **EMERGENCY)

    assert dict(build_overview(team.clinic).overdue) == {"emergency": 1, "urgent": 0, "routine": 0}


def test_the_page_draws_an_accessible_chart_with_a_data_table(client):
    team = make_team()
    make_case(team.clinic)
    client.force_login(team.clinician)

    html = client.get(reverse("dashboard:overview")).content.decode()

    assert (
        '<svg class="chart" viewBox="0 0 720 260" role="img" aria-labelledby="chart-title chart-desc"' in html
    )
    assert '<title id="chart-title">' in html and '<desc id="chart-desc">' in html
    assert '<rect class="series-non_traumatic_mechanical"' in html
    assert "Submissions per week by category (data of the chart)" in html


def test_a_member_of_two_clinics_chooses_which_overview_to_see(client):
    team = make_team()
    Membership.objects.create(user=team.clinician, clinic=team.other_clinic)
    client.force_login(team.clinician)

    default = client.get(reverse("dashboard:overview"))
    south = client.get(reverse("dashboard:overview", query={"clinic": "south"}))
    unknown = client.get(reverse("dashboard:overview", query={"clinic": "elsewhere"}))

    assert default.context["overview"].clinic == team.clinic
    assert south.context["overview"].clinic == team.other_clinic
    assert unknown.context["overview"].clinic == team.clinic


def test_the_outsider_sees_only_their_own_clinics_overview(client):
    team = make_team()
    make_case(team.clinic)
    client.force_login(team.outsider)

    response = client.get(reverse("dashboard:overview", query={"clinic": team.clinic.slug}))

    assert response.context["overview"].clinic == team.other_clinic
    assert response.context["overview"].total == 0


def test_the_overview_runs_the_same_number_of_queries_with_10_and_1000_cases(client):
    call_command("seed_demo", cases=10)
    user = make_staff("reader")
    Membership.objects.create(user=user, clinic=Submission.objects.first().clinic)
    client.force_login(user)
    few = page_queries(client, reverse("dashboard:overview"))

    call_command("seed_demo", cases=1000)
    many = page_queries(client, reverse("dashboard:overview"))

    assert len(few) == len(many)
    assert Decision.objects.exists()  # the seeded history reaches the override queries
