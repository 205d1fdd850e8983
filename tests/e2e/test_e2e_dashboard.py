import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from accounts.models import Role
from intake.models import Status
from tests.dashboard_support import EMERGENCY, URGENT, make_case
from tests.factories import PASSWORD, make_clinic, make_user
from triage.models import Decision

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, live_server, username):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/dashboard/")


def violations(page) -> list[str]:
    result = Axe().run(page)
    return [violation["id"] for violation in result.response["violations"]]


def same_origin_only(requests, live_server) -> bool:
    return all(url.startswith(live_server.url) or url.startswith("data:") for url in requests)


def test_a_clinician_logs_in_finds_the_case_in_the_queue_and_opens_it(live_server, page):
    clinic = make_clinic("north")
    make_user("alice", clinic)
    case = make_case(clinic, "Ana Garcia", **EMERGENCY)
    make_case(clinic, "Ben Lee", **URGENT)
    requests = []
    page.on("request", lambda request: requests.append(request.url))

    log_in(page, live_server, "alice")
    expect(page.get_by_role("heading", name="Queue", level=1)).to_be_visible()
    queue_violations = violations(page)
    page.get_by_role("link", name=case.reference).click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Case {case.reference}")
    expect(page.get_by_text("Cauda equina suspected").first).to_be_visible()
    assert queue_violations == []
    assert violations(page) == []
    assert same_origin_only(requests, live_server)


def test_a_clinician_overrides_the_triage_with_a_reason(live_server, page):
    clinic = make_clinic("north")
    make_user("alice", clinic)
    case = make_case(clinic, "Ana Garcia", **URGENT)
    log_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/dashboard/cases/{case.pk}/")
    reason = page.get_by_label("Reason for the override")
    expect(reason).to_be_hidden()

    page.get_by_label("Override the triage").check()
    page.get_by_label("Urgency", exact=True).select_option("routine")
    reason.select_option("examined_in_person")
    page.get_by_label("Next step").select_option("book_pt_evaluation")
    page.get_by_role("button", name="Save decision").click()

    expect(page.get_by_role("status").filter(has_text="Decision saved.")).to_be_visible()
    expect(page.get_by_text("Reason: Examined in person")).to_be_visible()
    decision = Decision.objects.get()
    assert (decision.outcome, decision.urgency) == ("override", "routine")
    assert decision.reviewer.username == "alice"


def test_claim_next_then_close_the_case_by_keyboard(live_server, page):
    clinic = make_clinic("north")
    make_user("alice", clinic)
    case = make_case(clinic, **EMERGENCY)
    log_in(page, live_server, "alice")

    page.get_by_role("button", name="Claim next case").focus()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_contain_text(case.reference)
    case.refresh_from_db()
    assert (case.status, case.assignee.username) == (Status.IN_REVIEW, "alice")


def test_the_overview_and_the_audit_log_pass_axe(live_server, page):
    clinic = make_clinic("north")
    make_user("carol", clinic, role=Role.CLINIC_ADMIN)
    make_case(clinic, **EMERGENCY)
    make_case(clinic)
    log_in(page, live_server, "carol")

    page.get_by_role("link", name="Overview").click()
    expect(page.get_by_role("img", name="Submissions per week by category, last 12 weeks")).to_be_visible()
    overview_violations = violations(page)
    page.get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("heading", name="Audit log")).to_be_visible()

    assert overview_violations == []
    assert violations(page) == []


@pytest.mark.parametrize("path", ["/dashboard/", "case"])
def test_dashboard_pages_fit_a_360_pixel_phone(live_server, page, path):
    clinic = make_clinic("north")
    make_user("alice", clinic)
    case = make_case(clinic, "Maximiliana Featherstonehaugh-Worthington", **EMERGENCY)
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page, live_server, "alice")

    page.goto(live_server.url + (f"/dashboard/cases/{case.pk}/" if path == "case" else path))

    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert violations(page) == []


def test_a_new_submission_appears_in_the_queue_without_a_reload(live_server, page, settings):
    settings.DASHBOARD_POLL_SECONDS = 1
    clinic = make_clinic("north")
    make_user("alice", clinic)
    make_case(clinic, "Ana Garcia")
    log_in(page, live_server, "alice")
    expect(page.get_by_text("Ana Garcia")).to_be_visible()

    arrived = make_case(clinic, "Ben Lee", hours_ago=0, **EMERGENCY)

    expect(page.get_by_role("link", name=arrived.reference)).to_be_visible(timeout=10_000)
    expect(page.locator(".count-emergency .count-n")).to_have_text("1")
    expect(page.locator("#queue-live")).to_contain_text("New cases have arrived")
