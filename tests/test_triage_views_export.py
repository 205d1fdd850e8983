import csv
import io

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse

from intake.models import Status
from tests.dashboard_support import EMERGENCY, URGENT, make_case, make_team
from triage.export import neutralise

pytestmark = pytest.mark.django_db


def export(client, **params) -> tuple[StreamingHttpResponse, list[list[str]]]:
    response = client.get(reverse("dashboard:export", query=params))
    text = b"".join(response.streaming_content).decode("utf-8")
    return response, list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def test_the_export_streams_the_filtered_queue_in_queue_order_as_csv(client):
    team = make_team()
    urgent = make_case(team.clinic, "Ana Garcia", hours_ago=3, age=58, **URGENT)
    emergency = make_case(team.clinic, "Ben Lee", hours_ago=1, **EMERGENCY)
    make_case(team.clinic, "Cy Closed", status=Status.CLOSED, **URGENT)
    client.force_login(team.clinician)

    response, rows = export(client)

    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="queue-')
    assert rows[0][:4] == ["Reference", "Received (UTC)", "Name", "Age"]
    assert [row[0] for row in rows[1:]] == [emergency.reference, urgent.reference]
    assert rows[2][2:8] == [
        "Ana Garcia", "58", "Red flag, urgent", "Urgent", "Indicated, urgent", "Cancer history; Age over 50",
    ]  # fmt: skip


def test_the_export_follows_the_filters_and_every_page(client):
    team = make_team()
    for hours in range(30):
        make_case(team.clinic, hours_ago=hours + 1, **URGENT)
    make_case(team.clinic, **EMERGENCY)
    client.force_login(team.clinician)

    _, rows = export(client, urgency="urgent", size=10)

    assert len(rows) == 31
    assert {row[5] for row in rows[1:]} == {"Urgent"}


def test_the_export_follows_the_search_kept_in_the_session(client):
    team = make_team()
    make_case(team.clinic, "Ana Garcia")
    make_case(team.clinic, "Ben Lee")
    client.force_login(team.clinician)
    client.post(reverse("dashboard:search"), {"q": "ben"})

    _, rows = export(client)

    assert [row[2] for row in rows[1:]] == ["Ben Lee"]


def test_cells_a_spreadsheet_would_run_as_formulas_are_neutralised(client):
    team = make_team()
    make_case(team.clinic, '=HYPERLINK("http://x","click")')
    make_case(team.clinic, "+cmd|' /C calc'!A0")
    make_case(team.clinic, "@SUM(1+1)")
    make_case(team.clinic, "-2+3")
    client.force_login(team.clinician)

    _, rows = export(client)

    names = sorted(row[2] for row in rows[1:])
    assert names == ["'+cmd|' /C calc'!A0", "'-2+3", '\'=HYPERLINK("http://x","click")', "'@SUM(1+1)"]


@pytest.mark.parametrize(
    ("cell", "written"),
    [("=1+1", "'=1+1"), ("\tx", "'\tx"), ("\rx", "'\rx"), ("Ana", "Ana"), (58, "58"), (None, "")],
)
def test_neutralise_prefixes_only_formula_starts(cell, written):
    assert neutralise(cell) == written
