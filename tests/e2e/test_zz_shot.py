import pytest
from tests.factories import make_clinic
from tests.intake_steps import STEP_DATA
from tests.e2e.intake_pages import fill_step, press_next
pytestmark = pytest.mark.django_db(transaction=True)

def test_shots(live_server, page):
    make_clinic("demo")
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(live_server.url + "/")
    page.screenshot(path="/tmp/intake/0start.png", full_page=True)
    page.get_by_role("button", name="Start").click()
    for i, (step, data) in enumerate(STEP_DATA.items(), 1):
        if step == "back-pain":
            press_next(page)
            page.screenshot(path=f"/tmp/intake/{i}err.png", full_page=True)
        fill_step(page, data)
        page.screenshot(path=f"/tmp/intake/{i}{step}.png", full_page=True)
        press_next(page)
    page.screenshot(path="/tmp/intake/7review.png", full_page=True)
    page.get_by_role("button", name="Send my answers").click()
    page.screenshot(path="/tmp/intake/8receipt.png", full_page=True)
