import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.factories import make_clinic

pytestmark = pytest.mark.django_db(transaction=True)


def test_start_page_loads_only_from_its_own_origin_and_passes_axe(live_server, page):
    make_clinic("demo")
    requests = []
    page.on("request", lambda request: requests.append(request.url))

    page.goto(live_server.url + "/")

    assert page.get_by_role("heading", level=1).is_visible()
    assert all(url.startswith(live_server.url) or url.startswith("data:") for url in requests)
    assert Axe().run(page).violations_count == 0
