import json

import pytest
from django.core.management import call_command
from django.db import connection

from accounts.models import Membership
from intake.models import Clinic
from tests.dashboard_support import make_staff
from triage.queue import Cursor, QueueFilters, filtered, keys_query, with_urgency

pytestmark = pytest.mark.django_db

PAGE = 25


def plan_nodes(plan: dict) -> list[dict]:
    nodes = [plan]
    for child in plan.get("Plans", []):
        nodes.extend(plan_nodes(child))
    return nodes


def explain(user, filters: QueueFilters, clinics: list[int], cursor: Cursor | None = None) -> list[dict]:
    cases = with_urgency(filtered(user, filters), filters)
    query = keys_query(cases, clinics, filters.statuses(), cursor, False, PAGE)
    return plan_nodes(json.loads(query.explain(format="json", analyze=True))[0]["Plan"])


@pytest.fixture
def seeded(postgres_only):
    call_command("seed_demo", cases=2000, clinics=2)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE intake_submission")
    user = make_staff("reader")
    clinics = list(Clinic.objects.order_by("pk").values_list("pk", flat=True))
    for clinic in clinics:
        Membership.objects.create(user=user, clinic_id=clinic)
    return user, clinics


@pytest.mark.parametrize("status", ["open", "new", "all"])
def test_the_queue_page_is_read_from_the_queue_indexes_no_further_than_the_page(seeded, status):
    user, clinics = seeded

    nodes = explain(user, QueueFilters(status=status), clinics)

    scans = [node for node in nodes if node.get("Relation Name") == "intake_submission"]
    assert scans and all(node["Index Name"] in ("queue_order", "queue_by_status") for node in scans)
    assert all(node["Actual Rows"] <= PAGE + 1 for node in scans)
    assert not [node for node in nodes if node["Node Type"] == "Sort"]


def test_a_later_page_starts_at_the_cursor_inside_the_index(seeded):
    user, clinics = seeded
    filters = QueueFilters(status="open")
    first = list(
        keys_query(
            with_urgency(filtered(user, filters), filters), clinics, filters.statuses(), None, False, PAGE
        )
    )

    nodes = explain(user, filters, clinics, Cursor(*first[PAGE - 1]))

    scans = [node for node in nodes if node.get("Relation Name") == "intake_submission"]
    assert all("ROW(urgency_rank, received_at, id) >" in node["Index Cond"] for node in scans)
    assert all(node["Actual Rows"] <= PAGE + 1 for node in scans)
