import re

import pytest
from playwright.sync_api import Page, expect

from accounts.models import Role
from intake.models import Submission
from tests.attack_support import XSS
from tests.dashboard_support import make_case
from tests.e2e.intake_pages import fill_step, press_next
from tests.e2e.test_e2e_dashboard import log_in
from tests.factories import make_clinic, make_user
from tests.intake_steps import STEP_DATA, step_data
from triage import services

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
SCRIPT_LINKS = '[href^="javascript:" i], [src^="javascript:" i], [action^="javascript:" i]'


class Watch:
    """What a page did from now on: dialogs opened, CSP violations reported, URLs requested."""

    def __init__(self, page: Page) -> None:
        self.dialogs: list[str] = []
        self.csp_reports: list[str] = []
        self.requests: list[str] = []
        page.on("dialog", self.dialog)
        page.on("console", lambda message: self.console(message.text))
        page.on("request", lambda request: self.requests.append(request.url))

    def dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def console(self, text: str) -> None:
        if "Content Security Policy" in text:
            self.csp_reports.append(text)

    def foreign_requests(self, origin: str) -> list[str]:
        return [url for url in self.requests if not url.startswith((origin, "data:"))]


def store_payloads_everywhere(clinic, author) -> list:
    """One case per payload, with the payload in every free-text field staff or patients fill."""
    cases = []
    for payload in XSS:
        case = make_case(clinic, payload, narrative=payload, cancer_history=True, cancer_type=payload)
        services.add_note(case, author, payload)
        services.log_contact(case, author, "phone", "reached", payload)
        decision = services.DecisionInput(
            outcome="override", category=case.category, urgency="emergency", imaging=case.imaging,
            reason="other", reason_text=payload, next_step="no_action",
        )  # fmt: skip
        services.record_decision(case, author, case.version, decision)
        cases.append(case)
    return cases


def test_stored_script_payloads_never_run_on_the_queue_or_the_case_page(live_server, page):
    clinic = make_clinic("north")
    alice = make_user("alice", clinic)
    cases = store_payloads_everywhere(clinic, alice)
    watch = Watch(page)

    log_in(page, live_server, "alice")
    page.goto(live_server.url + "/dashboard/?status=all")
    expect(page.get_by_role("cell", name=XSS[1])).to_be_visible()
    shown = []
    for case, payload in zip(cases, XSS, strict=True):
        page.goto(f"{live_server.url}/dashboard/cases/{case.pk}/")
        expect(page.locator("blockquote.narrative")).to_have_text(payload)
        shown.append(page.get_by_text(payload, exact=True).count())
        assert page.locator(SCRIPT_LINKS).count() == 0

    assert shown == [5] * len(XSS)  # narrative, cancer type, decision reason, contact, note
    assert watch.dialogs == []
    assert watch.csp_reports == []
    assert watch.foreign_requests(live_server.url) == []
    assert not [url for url in watch.requests if url.endswith("/x")]


def answer_in_browser(page: Page, overrides: dict, steps: tuple[str, ...] = tuple(STEP_DATA)) -> None:
    for step in steps:
        fill_step(page, step_data(step, **overrides.get(step, {})))
        press_next(page)
        if page.url.endswith("/emergency/"):
            page.get_by_role("link", name="Continue the questionnaire").click()


def test_payloads_typed_by_a_patient_stay_text_on_every_page_and_nothing_loads_from_elsewhere(
    live_server, page
):
    clinic = make_clinic("demo", emergency_number="112")
    make_user("carol", clinic, role=Role.CLINIC_ADMIN)
    watch = Watch(page)
    page.set_viewport_size(PHONE)
    typed = {
        "about": {"name": XSS[1]},
        "back-pain": {"narrative": f"{XSS[0]} {XSS[2]}"},
        "warning-signs": {"saddle_anesthesia": "yes"},
        "history": {"cancer_history": "yes", "cancer_type": XSS[3]},
    }

    page.goto(live_server.url + "/")
    page.get_by_role("button", name="Start").click()
    fill_step(page, step_data("about", **typed["about"]))
    page.get_by_role("button", name="Save and finish later").click()
    link = page.locator("#resume-link").input_value()
    page.goto(link)
    answer_in_browser(page, typed, steps=tuple(STEP_DATA)[1:])
    expect(page.get_by_text(XSS[1], exact=True)).to_be_visible()
    expect(page.get_by_text(XSS[3], exact=True)).to_be_visible()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", name="Go to an emergency department now")).to_be_visible()
    page.goto(link)
    expect(page.get_by_text("This link no longer works")).to_be_visible()
    page.goto(live_server.url + "/intake/nowhere/")
    case = Submission.objects.get()
    log_in(page, live_server, "carol")
    staff_pages = [
        f"/dashboard/cases/{case.pk}/",
        "/dashboard/overview/",
        "/dashboard/audit/",
        "/dashboard/api-keys/",
        "/dashboard/clinics/demo/settings/",
        "/accounts/password/",
        "/accounts/two-factor/backup-codes/",
    ]
    for url in staff_pages:
        page.goto(live_server.url + url)
        assert page.locator(SCRIPT_LINKS).count() == 0, url

    assert case.patient_name == XSS[1] and case.case["cancer_type"] == XSS[3]
    assert watch.dialogs == []
    assert watch.csp_reports == []
    assert watch.foreign_requests(live_server.url) == []
    assert len({url for url in watch.requests if "/static/" not in url}) >= 20


@pytest.mark.parametrize("path", ["/", "/intake/demo/", "/accounts/login/", "/dashboard/"])
def test_no_page_can_be_framed_by_another_site(live_server, page, path):
    clinic = make_clinic("demo")
    make_user("alice", clinic)
    log_in(page, live_server, "alice")

    page.set_content(f'<iframe title="embedded" src="{live_server.url}{path}"></iframe>', wait_until="load")

    frame = page.frames[1]
    assert not frame.url.startswith(live_server.url)
    assert 'name="robots"' not in frame.content()  # every page of the app carries this tag


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_long_and_combining_text_never_widens_the_queue_or_the_case_page(live_server, page, viewport):
    clinic = make_clinic("north")
    make_user("alice", clinic)
    names = ["W" * 200, "a" + "\u0301" * 199, "Zalgo" + "\u0301\u0316\u0354" * 65]
    cases = [make_case(clinic, name, narrative="Zalgo" + "\u0301\u0316\u0354" * 665) for name in names]
    log_in(page, live_server, "alice")
    page.set_viewport_size(viewport)

    widths = {}
    for url in ["/dashboard/", *(f"/dashboard/cases/{case.pk}/" for case in cases)]:
        page.goto(live_server.url + url)
        widths[url] = page.evaluate("document.documentElement.scrollWidth")

    assert max(widths.values()) <= viewport["width"], widths


def test_a_right_to_left_override_typed_in_a_name_cannot_reverse_the_age_shown_after_it(live_server, page):
    clinic = make_clinic("demo")
    make_user("alice", clinic)
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="Start").click()

    answer_in_browser(page, {"about": {"name": "Ana\u202eairaM", "date_of_birth": "1981-01-15"}})
    page.get_by_role("button", name="Send my answers").click()
    log_in(page, live_server, "alice")
    page.get_by_role("link", name=re.compile(r"^[0-9A-Z]{4}-[0-9A-Z]{4}$")).click()

    expect(page.locator(".case-patient")).to_have_text(re.compile(r"^AnaairaM, \d+$"))
    assert Submission.objects.get().patient_name == "AnaairaM"


def test_the_watch_sees_dialogs_and_the_policy_blocks_injected_handlers(live_server, page):
    watch = Watch(page)
    page.goto(live_server.url + "/accounts/login/")

    page.evaluate("alert('a dialog the watch must see')")
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<img src=x onerror=alert(2)>')")
    page.wait_for_timeout(500)

    assert watch.dialogs == ["a dialog the watch must see"]
    assert any("inline event handler" in report for report in watch.csp_reports)
