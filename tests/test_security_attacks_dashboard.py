import datetime as dt
import re
import time
import uuid

import pytest
import time_machine
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditAction, AuditEvent
from audit.services import record
from intake.models import Clinic, Status
from interop.models import ApiKey
from interop.services import create_api_key
from tests.attack_support import FOREIGN_ORIGINS, PAYLOADS, csrf_token, shown_literally
from tests.auth_helpers import SETUP_URL, current_code
from tests.dashboard_support import EMERGENCY, URGENT, make_case, make_staff, make_team
from tests.factories import make_user
from tests.test_audit_views import audit_log, shown
from tests.test_security_url_walk import routes
from tests.test_triage_review import post
from tests.test_triage_views_access import CASE_ACTIONS
from tests.test_triage_views_export import export
from tests.test_triage_views_queue import queue, references
from triage.models import CaseNote, ContactAttempt, Decision

pytestmark = pytest.mark.django_db

CASE_ID = "<uuid:case_id>"
ANY_ACTION = {key: value for data in CASE_ACTIONS.values() for key, value in data.items()}
OVERRIDE = {"outcome": "override", "urgency": "emergency", "reason": "other", "next_step": "no_action"}


def case_routes() -> list[str]:
    """Every route that takes a case id, read from the URLconf, so a new case URL is covered too."""
    return ["/" + route for route in routes(lambda route, view: CASE_ID in route)]


def nothing_changed(*cases) -> bool:
    for case in cases:
        case.refresh_from_db()
    untouched = all((c.status, c.assignee_id, c.version) == (Status.NEW, None, 1) for c in cases)
    no_rows = not (Decision.objects.exists() or CaseNote.objects.exists() or ContactAttempt.objects.exists())
    no_events = AuditEvent.objects.filter(action__in=[AuditAction.CASE_CHANGED, AuditAction.CASE_EXPORTED])
    return untouched and no_rows and not no_events.exists()


def staff_browser(user) -> tuple[Client, str]:
    """A logged-in client that checks CSRF like a browser, and the token of the queue page."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    return browser, csrf_token(browser.get(reverse("dashboard:queue")))


def clinic_targets(clinic: Clinic) -> tuple:
    clinic.refresh_from_db()
    return (clinic.name, clinic.slug, clinic.emergency_target_minutes, clinic.routine_target_working_days)


# --- 1, 2 on the staff side: CSRF and foreign origins on every dashboard action ---


@pytest.mark.parametrize("name", CASE_ACTIONS)
def test_every_case_action_without_a_csrf_token_is_refused_and_changes_nothing(name):
    team = make_team()
    case = make_case(team.clinic)
    browser, _ = staff_browser(team.clinician)

    response = browser.post(reverse(name, args=[case.pk]), CASE_ACTIONS[name])

    assert response.status_code == 403
    assert nothing_changed(case)


@pytest.mark.parametrize("origin", FOREIGN_ORIGINS)
@pytest.mark.parametrize("name", CASE_ACTIONS)
def test_every_case_action_from_a_foreign_origin_is_refused_even_with_a_valid_token(name, origin):
    team = make_team()
    case = make_case(team.clinic)
    browser, token = staff_browser(team.clinician)

    response = browser.post(
        reverse(name, args=[case.pk]),
        {**CASE_ACTIONS[name], "csrfmiddlewaretoken": token},
        HTTP_ORIGIN=origin,
    )

    assert response.status_code == 403
    assert nothing_changed(case)


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/dashboard/search/", {"q": "Ana"}),
        ("/dashboard/claim-next/", {}),
        (
            "/dashboard/clinics/north/settings/",
            {"emergency_target_minutes": "1", "urgent_target_working_days": "1"},
        ),
        ("/dashboard/api-keys/", {"clinic": "1", "name": "Forged"}),
        (
            "/accounts/password/",
            {"new_password1": "a-new-passphrase-9", "new_password2": "a-new-passphrase-9"},
        ),
        ("/accounts/two-factor/backup-codes/", {"password": "x"}),
        ("/accounts/logout/", {}),
    ],
)
def test_every_other_staff_post_without_a_csrf_token_is_refused_and_changes_nothing(url, data):
    team = make_team()
    case = make_case(team.clinic)
    browser, _ = staff_browser(team.admin)
    targets = clinic_targets(team.clinic)

    response = browser.post(url, data)

    assert response.status_code == 403
    assert nothing_changed(case)
    assert clinic_targets(team.clinic) == targets
    assert not ApiKey.objects.exists()
    assert browser.get(reverse("dashboard:queue")).status_code == 200
    assert "queue_search" not in browser.session


def test_the_same_note_with_the_pages_token_from_this_origin_is_saved():
    team = make_team()
    case = make_case(team.clinic)
    browser, token = staff_browser(team.clinician)

    response = browser.post(
        reverse("dashboard:note", args=[case.pk]),
        {"text": "Called back", "csrfmiddlewaretoken": token},
        HTTP_ORIGIN="http://testserver",
    )

    assert response.status_code == 302
    assert CaseNote.objects.get().text == "Called back"


# --- 6 on the staff side: mass assignment through the review forms ---


def test_a_decision_cannot_name_its_reviewer_clinic_or_another_case(client):
    team = make_team()
    case, other = make_case(team.clinic, **URGENT), make_case(team.clinic)
    client.force_login(team.clinician)
    extras = {
        "reviewer": team.colleague.pk,
        "clinic": team.other_clinic.pk,
        "submission": other.pk,
        "status": "closed",
        "current": "false",
        "triage_failed": "true",
        "created_at": "2000-01-01T00:00:00Z",
    }

    post(client, "dashboard:decide", case, {**OVERRIDE, "reason_text": "seen", **extras})

    decision = Decision.objects.get()
    case.refresh_from_db()
    assert (decision.reviewer, decision.submission, decision.current) == (team.clinician, case, True)
    assert (case.clinic, case.status, case.triage_failed) == (team.clinic, Status.REVIEWED, False)
    assert decision.created_at.year > 2000
    other.refresh_from_db()
    assert (other.status, other.version, other.decisions.count()) == (Status.NEW, 1, 0)


@pytest.mark.parametrize(
    ("name", "data", "model"),
    [
        ("dashboard:note", {"text": "seen"}, CaseNote),
        ("dashboard:contact", {"method": "phone", "result": "reached", "text": "seen"}, ContactAttempt),
    ],
)
def test_notes_and_contacts_cannot_name_their_author_or_case(client, name, data, model):
    team = make_team()
    case, other = make_case(team.clinic), make_case(team.other_clinic)
    client.force_login(team.clinician)
    extras = {"author": team.colleague.pk, "submission": other.pk, "created_at": "2000-01-01T00:00:00Z"}

    post(client, name, case, {**data, **extras})

    row = model.objects.get()
    assert (row.author, row.submission) == (team.clinician, case)
    assert row.created_at.year > 2000


def test_claiming_cannot_hand_the_case_to_someone_else(client):
    team = make_team()
    case = make_case(team.clinic)
    client.force_login(team.clinician)

    post(client, "dashboard:claim", case, {"assignee": team.outsider.pk, "status": "closed"})

    case.refresh_from_db()
    assert (case.assignee, case.status) == (team.clinician, Status.IN_REVIEW)


def test_the_clinic_settings_form_changes_only_the_review_targets(client):
    team = make_team()
    client.force_login(team.admin)
    extras = {"name": "Evil", "slug": "evil", "alert_email": "x@evil.example", "emergency_number": "0"}
    targets = {
        "emergency_target_minutes": "30",
        "urgent_target_working_days": "2",
        "routine_target_working_days": "4",
    }

    client.post("/dashboard/clinics/north/settings/", {**targets, **extras})

    clinic = Clinic.objects.get(pk=team.clinic.pk)
    assert (clinic.name, clinic.slug, clinic.alert_email) == ("North Physio", "north", "alerts@north.test")
    assert clinic.emergency_target_minutes == 30


# --- 15, 16, 17: stored payloads in every free-text field, on every staff view ---


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_in_every_free_text_field_are_shown_literally_on_the_case_page_and_queue(client, payload):
    team = make_team()
    case = make_case(team.clinic, payload, narrative=payload, cancer_history=True, cancer_type=payload)
    client.force_login(team.clinician)
    post(client, "dashboard:note", case, {"text": payload})
    post(client, "dashboard:contact", case, {"method": "phone", "result": "reached", "text": payload})
    post(client, "dashboard:decide", case, {**OVERRIDE, "reason_text": payload})

    page = client.get(reverse("dashboard:case", args=[case.pk])).content.decode()
    listing = queue(client, status="all").content.decode()

    assert shown_literally(page, payload) and shown_literally(listing, payload)
    assert page.count(escape(payload)) >= 6  # name, narrative, cancer type, note, contact, reason
    assert settings.SECRET_KEY not in page + listing


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_reach_the_csv_as_text_in_a_download_never_as_a_page(client, payload):
    team = make_team()
    make_case(team.clinic, payload)
    client.force_login(team.clinician)

    response, rows = export(client)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert rows[1][2] == payload


def test_sql_in_the_search_box_is_matched_as_text(client):
    team = make_team()
    make_case(team.clinic, "Ana Garcia")
    literal = make_case(team.clinic, "' OR '1'='1' --")
    client.force_login(team.clinician)

    found = {}
    for term in ("' OR '1'='1' --", "%", "_", "' OR 1=1; --"):
        client.post(reverse("dashboard:search"), {"q": term})
        found[term] = references(queue(client))

    assert found == {"' OR '1'='1' --": [literal.reference], "%": [], "_": [], "' OR 1=1; --": []}


def test_an_api_key_name_is_shown_literally_to_the_clinics_admins(client):
    team = make_team()
    create_api_key(team.clinic, PAYLOADS[0], created_by=team.admin)
    client.force_login(team.admin)

    keys_page = client.get("/dashboard/api-keys/").content.decode()
    log_page = audit_log(client).content.decode()

    assert shown_literally(keys_page, PAYLOADS[0])
    assert PAYLOADS[0] not in log_page


# --- 18: formulas in every CSV cell ---


def test_formulas_are_neutralised_in_every_cell_not_only_the_name(client):
    team = make_team()
    hacker = make_staff("=cmd|' /C calc'!A0", team.clinic)
    make_case(team.clinic, "@SUM(1)", assignee=hacker, status=Status.IN_REVIEW)
    client.force_login(team.clinician)

    _, rows = export(client)

    assert rows[1][2] == "'@SUM(1)"
    assert rows[1][10] == "'=cmd|' /C calc'!A0"
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows[1:] for cell in row)


# --- 32, 33: another clinic's case, on every case URL, by GET and POST ---


@pytest.mark.parametrize("route", case_routes())
def test_the_outsider_gets_the_same_answer_as_for_a_missing_case_on_every_case_url(client, route):
    team = make_team()
    case = make_case(team.clinic, **EMERGENCY)
    client.force_login(team.outsider)
    foreign, missing = route.replace(CASE_ID, str(case.pk)), route.replace(CASE_ID, str(uuid.uuid4()))

    answers = [client.get(foreign), client.post(foreign, ANY_ACTION)]
    expected = [client.get(missing), client.post(missing, ANY_ACTION)]

    assert [r.status_code for r in answers] == [r.status_code for r in expected]
    assert 404 in {r.status_code for r in answers} and {r.status_code for r in answers} <= {404, 405}
    assert all(a.content == e.content for a, e in zip(answers, expected, strict=True) if a.status_code == 404)
    assert case.patient_name not in "".join(r.content.decode() for r in answers)
    assert nothing_changed(case)
    refused = AuditEvent.objects.filter(action=AuditAction.ACCESS_DENIED, detail__case_id=str(case.pk))
    assert refused.exists()


def test_the_walk_finds_the_case_page_its_actions_and_the_fhir_export():
    routes = case_routes()

    assert "/dashboard/cases/<uuid:case_id>/" in routes
    assert "/dashboard/cases/<uuid:case_id>/fhir/" in routes
    assert len(routes) >= len(CASE_ACTIONS) + 2


# --- 35, 36: sort and filter injection ---

INJECTED_PARAMETERS = [
    {"sort": "created_at;select pg_sleep(5)"},
    {"sort": "-id,(select 1)"},
    {"sort": "clinic__memberships__user__password"},
    {"order": "patient_name"},
    {"order_by": "-urgency_rank"},
    {"o": "-1"},
    {"clinic__users__password__startswith": "p"},
    {"patient_name__regex": ".*"},
    {"status__in": "closed"},
    {"_connector": "OR"},
    {"_negated": "true"},
    {"urgency": "emergency' OR '1'='1"},
    {"flag": "cauda_equina_suspected;--"},
    {"clinic": "south"},
    {"size": "100000"},
    {"after": "' OR 1=1 --"},
    {"page": "-1"},
    {"page": "1e309"},
    {"status": ["new", "all"]},
]


@pytest.fixture
def two_clinics():
    team = make_team()
    make_case(team.clinic, "Ana Garcia", **EMERGENCY)
    make_case(team.clinic, "Ben Lee", hours_ago=3)
    make_case(team.other_clinic, "Other Clinic Patient")
    return team


@pytest.mark.parametrize("params", INJECTED_PARAMETERS, ids=lambda p: str(p))
def test_injected_queue_parameters_are_ignored_and_the_queue_keeps_its_order_and_scope(
    client, two_clinics, params
):
    client.force_login(two_clinics.clinician)
    expected = references(queue(client))

    response = queue(client, **params)
    _, rows = export(client, **params)
    counts = client.get(reverse("dashboard:updates", query=params)).json()

    assert response.status_code == 200
    assert references(response) == expected and len(expected) == 2
    assert [row[0] for row in rows[1:]] == expected
    assert counts["emergency"] + counts["routine"] == 2


@pytest.mark.parametrize("params", INJECTED_PARAMETERS, ids=lambda p: str(p))
def test_injected_audit_log_parameters_are_ignored_and_the_log_keeps_its_order_and_scope(
    client, two_clinics, params
):
    client.force_login(two_clinics.admin)
    expected = [event.pk for event in shown(audit_log(client))]

    response = audit_log(client, **params)

    assert response.status_code == 200
    assert [event.pk for event in shown(response)] == expected and expected


def test_a_sleep_injected_into_sort_or_filters_never_runs(client, two_clinics):
    client.force_login(two_clinics.admin)
    sleep = {"sort": "at;select pg_sleep(5)", "status": "new');select pg_sleep(5);--"}
    urls = ["dashboard:queue", "dashboard:export", "dashboard:updates", "audit:log"]

    started = time.monotonic()
    statuses = [client.get(reverse(name, query=sleep)).status_code for name in urls]
    elapsed = time.monotonic() - started

    assert statuses == [200, 200, 200, 200]
    assert elapsed < 4


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1899-12-31", "3000-01-01"])
@pytest.mark.parametrize(
    ("name", "field"),
    [
        ("dashboard:queue", "received_to"),
        ("dashboard:queue", "received_from"),
        ("dashboard:export", "received_to"),
        ("dashboard:updates", "received_to"),
        ("audit:log", "date_to"),
        ("audit:log", "date_from"),
    ],
)
def test_dates_at_the_edges_of_the_calendar_are_refused_not_a_500(client, two_clinics, name, field, day):
    client.force_login(two_clinics.admin)

    response = client.get(reverse(name, query={field: day}))

    assert response.status_code == 200
    if name in ("dashboard:queue", "audit:log"):
        assert "Enter a date from 1900-01-01 to 2999-12-31." in response.content.decode()


def test_dates_inside_the_range_still_filter(client, two_clinics):
    client.force_login(two_clinics.clinician)

    response = queue(client, received_from="2999-12-31")

    assert references(response) == []


# --- 23: methods a POST-only staff endpoint does not take ---


@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE", "TRACE"])
@pytest.mark.parametrize(
    "name", [*CASE_ACTIONS, "dashboard:search", "dashboard:claim_next", "revoke", "logout"]
)
def test_post_only_staff_endpoints_answer_405_to_other_methods_and_change_nothing(client, name, method):
    team = make_team()
    case = make_case(team.clinic)
    api_key, _ = create_api_key(team.clinic, "Kiosk")
    client.force_login(team.admin)
    url = {"revoke": reverse("api_keys:revoke", args=[api_key.pk]), "logout": reverse("logout")}.get(name)

    response = client.generic(
        method, url or reverse(name, **({"args": [case.pk]} if name in CASE_ACTIONS else {}))
    )

    api_key.refresh_from_db()
    assert response.status_code == 405
    assert nothing_changed(case)
    assert api_key.revoked_at is None
    assert client.get(reverse("dashboard:queue")).status_code == 200


# --- 48 beyond the login page: every `next` a staff page follows stays on this site ---


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example", "/\\evil.example", "javascript:alert(1)"]
)
def test_the_continue_link_after_setting_up_two_step_verification_stays_on_this_site(client, next_url):
    client.force_login(make_user("bob"))
    client.get(SETUP_URL)
    device = TOTPDevice.objects.get(user__username="bob")

    response = client.post(SETUP_URL + "?next=" + next_url, {"code": current_code(device)})

    continue_link = re.search(r'href="([^"]*)">I have saved my codes', response.content.decode())
    assert continue_link and continue_link.group(1) == "/dashboard/"


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example", "/\\evil.example"])
def test_a_logged_in_user_sent_to_the_login_page_is_never_redirected_away(client, next_url):
    client.force_login(make_user("alice"))

    response = client.get(f"/accounts/login/?next={next_url}")

    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"


def test_logout_ignores_a_next_url():
    client = Client()
    client.force_login(make_user("alice"))

    response = client.post("/accounts/logout/?next=https://evil.example/", {"next": "https://evil.example/"})

    assert response["Location"] == "/accounts/login/"


# --- 11 on the staff side: long, combining and joined text renders ---


def test_the_longest_and_strangest_names_and_narratives_render_on_the_case_page_and_queue(client):
    team = make_team()
    names = ["W" * 200, "Zalgo" + "\u0301\u0316\u0354" * 60, "👩‍👩‍👧 می‌خواهم", "x\u200b" * 100]
    cases = [make_case(team.clinic, name, narrative="a" + "\u0301" * 1999) for name in names]
    client.force_login(team.clinician)

    listing = queue(client).content.decode()
    pages = [client.get(reverse("dashboard:case", args=[case.pk])) for case in cases]

    assert all(escape(name) in listing for name in names)
    assert [page.status_code for page in pages] == [200] * len(names)
    assert all("a" + "\u0301" * 1999 in page.content.decode() for page in pages)


def test_typed_answers_are_shown_exactly_as_typed_in_the_answers_table(client):
    team = make_team()
    case = make_case(team.clinic, narrative="my_son's bike", cancer_history=True, cancer_type="other")
    client.force_login(team.clinician)

    answers = {
        answer.field: answer.value
        for section in client.get(reverse("dashboard:case", args=[case.pk])).context["file"].sections
        for answer in section.answers
    }

    assert (answers["narrative"], answers["cancer_type"]) == ("my_son's bike", "other")


# --- 42: an action posted after the idle timeout is not saved ---


def test_a_note_posted_after_31_idle_minutes_is_not_saved(client):
    team = make_team()
    case = make_case(team.clinic)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client.force_login(team.clinician)
        client.get(reverse("dashboard:case", args=[case.pk]))
        traveller.shift(dt.timedelta(minutes=31))

        response = post(client, "dashboard:note", case, {"text": "typed before lunch"})

    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not CaseNote.objects.exists()


# --- 47: audit events cannot be changed, by the app or in the database ---


def test_the_app_cannot_change_or_delete_an_audit_event():
    team = make_team()
    event = record(AuditAction.CASE_VIEWED, user=team.clinician, submission=make_case(team.clinic))
    attempts = [
        lambda: AuditEvent.objects.filter(pk=event.pk).update(action=AuditAction.LOGIN),
        lambda: AuditEvent.objects.filter(pk=event.pk).delete(),
        event.save,
        event.delete,
    ]

    refused = []
    for attempt in attempts:
        with pytest.raises(PermissionError):
            attempt()
        refused.append(attempt)

    assert len(refused) == 4
    assert AuditEvent.objects.get(pk=event.pk).action == AuditAction.CASE_VIEWED


@pytest.mark.parametrize(
    "sql",
    ["UPDATE audit_auditevent SET action = 'login'", "DELETE FROM audit_auditevent"],
    ids=["update", "delete"],
)
def test_the_database_itself_refuses_to_change_or_delete_audit_events(postgres_only, sql):
    team = make_team()
    record(AuditAction.CASE_VIEWED, user=team.clinician, submission=make_case(team.clinic))
    before = list(AuditEvent.objects.values_list("id", "action"))

    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)

    assert list(AuditEvent.objects.values_list("id", "action")) == before
