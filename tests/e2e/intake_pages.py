"""Browser helpers for the intake tests: fill a step from form data, check a page's weight."""

import gzip
from typing import Any

from axe_playwright_python.sync_playwright import Axe

PAGE_BUDGET_BYTES = 100 * 1024


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
    page.locator('button[name="action"][value="next"]').click()


class PageRecorder:
    """Every response a page loads: its origin and its compressed size."""

    def __init__(self, page: Any, origin: str) -> None:
        self.origin = origin
        self.urls: list[str] = []
        self.sizes: dict[str, int] = {}
        page.on("request", lambda request: self.urls.append(request.url))
        page.on("response", self._record)

    def _record(self, response: Any) -> None:
        try:
            body = response.body()
        except Exception:  # redirects have no body
            body = b""
        self.sizes[response.url] = len(gzip.compress(body))

    def start_page(self) -> None:
        self.urls.clear()
        self.sizes.clear()

    def foreign_requests(self) -> list[str]:
        return [url for url in self.urls if not (url.startswith(self.origin) or url.startswith("data:"))]

    def compressed_total(self) -> int:
        return sum(self.sizes.values())


def check_page(page: Any, recorder: PageRecorder) -> None:
    """The page passes axe, loads nothing from another origin and stays under 100 KB compressed."""
    page.wait_for_load_state("load")
    violations = Axe().run(page)
    assert violations.violations_count == 0, violations.generate_report()
    assert recorder.foreign_requests() == []
    assert recorder.compressed_total() < PAGE_BUDGET_BYTES
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
