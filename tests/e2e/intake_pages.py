"""Browser helpers for the intake tests: fill a step from form data, check a page's quality bars."""

import gzip
from typing import Any

from axe_playwright_python.sync_playwright import Axe

PAGE_BUDGET_BYTES = 100 * 1024
ASSETS = "[...document.querySelectorAll('link[href], script[src], img[src]')].map(e => e.href || e.src)"


def fill_step(page: Any, data: dict[str, Any]) -> None:
    """Answer a step from the same data the form tests post (radios, boxes, text)."""
    form = page.locator("form.intake-form")
    for name, value in data.items():
        inputs = form.locator(f'[name="{name}"]')
        kind = inputs.first.get_attribute("type")
        if kind == "radio":
            form.locator(f'input[name="{name}"][value="{value}"]').check()
        elif kind == "checkbox" and name == "consent":
            inputs.check()
        elif kind == "checkbox":
            for box in inputs.all():
                box.set_checked(box.get_attribute("value") in value)
        else:
            inputs.first.fill(str(value))


def press_next(page: Any) -> None:
    with page.expect_navigation():
        page.locator('button[name="action"][value="next"]').click()


class PageRecorder:
    """Every URL the page requests, to prove nothing comes from another origin."""

    def __init__(self, page: Any, origin: str) -> None:
        self.origin = origin
        self.urls: list[str] = []
        page.on("request", lambda request: self.urls.append(request.url))

    def start_page(self) -> None:
        self.urls.clear()

    def foreign_requests(self) -> list[str]:
        return [url for url in self.urls if not (url.startswith(self.origin) or url.startswith("data:"))]


def compressed_weight(page: Any) -> int:
    """The page and every stylesheet, script and image it references, gzip-compressed, in bytes."""
    total = len(gzip.compress(page.content().encode()))
    for url in set(page.evaluate(ASSETS)):
        total += len(gzip.compress(page.request.get(url).body()))
    return total


def check_page(page: Any, recorder: PageRecorder) -> None:
    """Zero axe violations, nothing from another origin, under 100 KB compressed, no sideways scroll."""
    page.wait_for_load_state("load")
    violations = Axe().run(page)
    assert violations.violations_count == 0, violations.generate_report()
    assert recorder.foreign_requests() == []
    assert all(url.startswith(recorder.origin) for url in page.evaluate(ASSETS))
    assert compressed_weight(page) < PAGE_BUDGET_BYTES
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
