import re
from collections.abc import Callable, Iterator

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.auth_helpers import LOGIN_URL, VERIFY_URL, add_totp_device, post_login
from tests.factories import make_clinic, make_user

pytestmark = pytest.mark.django_db

SAMPLE_VALUES = {
    "uuid": "6f1c0a52-3e1b-4c8e-9a7d-2b5e8f0c4d11",
    "int": "1",
    "slug": "demo",
    "path": "x",
    "str": "x",
}
PARAMETER = re.compile(r"<(?:(\w+):)?\w+>")


def concrete_urls(patterns: list, prefix: str = "") -> Iterator[tuple[str, Callable]]:
    """Every path()-style URL of the project with sample values filled in (regex routes skipped)."""
    for entry in patterns:
        route = getattr(entry.pattern, "_route", None)
        if route is None:
            continue
        filled = PARAMETER.sub(lambda match: SAMPLE_VALUES.get(match.group(1) or "str", "x"), route)
        if isinstance(entry, URLResolver):
            yield from concrete_urls(entry.url_patterns, prefix + filled)
        elif isinstance(entry, URLPattern):
            yield "/" + prefix + filled, entry.callback


def staff_urls() -> list[str]:
    urls = {
        url
        for url, view in concrete_urls(get_resolver().url_patterns)
        if getattr(view, "login_required", True) and not getattr(view, "mfa_not_required", False)
    }
    return sorted(urls)


def test_the_walk_finds_the_dashboard_the_admin_and_the_account_pages():
    urls = staff_urls()

    assert "/dashboard/" in urls
    assert any(url.startswith("/dashboard/cases/") for url in urls)
    assert "/admin/" in urls
    assert "/accounts/password/" in urls
    assert "/" not in urls
    assert "/accounts/login/" not in urls


@pytest.mark.parametrize("url", staff_urls())
def test_anonymous_visitors_end_on_the_login_page_from_every_staff_url(client, url):
    response = client.get(url, follow=True)

    assert response.redirect_chain, url
    assert response.request["PATH_INFO"] == LOGIN_URL, url
    assert response.status_code == 200, url


@pytest.mark.parametrize("url", staff_urls())
def test_a_password_without_the_second_factor_opens_no_staff_url(client, settings, url):
    settings.MFA_REQUIRED = True
    make_clinic("demo")
    add_totp_device(make_user("alice"))
    post_login(client, "alice")

    get, post = client.get(url), client.post(url)

    assert (get.status_code, post.status_code) == (302, 302), url
    assert get.url.startswith(VERIFY_URL) and post.url.startswith(VERIFY_URL), url


def routes(
    keep: Callable[[str, Callable], bool], patterns: list | None = None, prefix: str = ""
) -> list[str]:
    """Every route of the URLconf, as written there, whose (route, view) passes `keep`."""
    found = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            found += routes(keep, entry.url_patterns, route)
        elif keep(route, entry.callback):
            found.append(route)
    return sorted(found)


def public_routes() -> list[str]:
    return routes(lambda route, view: not getattr(view, "login_required", True))


# Every public route, audited: a new public view fails the test below until it is added here.
PUBLIC_ROUTES = {
    "": "the default clinic's intake start page",
    "intake/<slug:clinic_slug>/": "a clinic's intake start page",
    "intake/<slug:clinic_slug>/begin/": "starts a draft held only by this browser's session",
    "intake/<slug:clinic_slug>/language/": "switches the page language (next checked by set_language)",
    "intake/<slug:clinic_slug>/emergency/": "emergency advice for this session's draft",
    "intake/<slug:clinic_slug>/review/": "this session's draft, read back to the patient",
    "intake/<slug:clinic_slug>/submit/": "submits this session's draft",
    "intake/<slug:clinic_slug>/receipt/": "the receipt of this session's submission",
    "intake/<slug:clinic_slug>/saved/": "the resume link of this session's draft, shown once",
    "intake/<slug:clinic_slug>/saved/new-link/": "a fresh resume link for this session's draft",
    "intake/<slug:clinic_slug>/resume/<str:token>/": "a 256-bit single-use resume token",
    "intake/<slug:clinic_slug>/link-expired/": "a page with no patient data",
    "intake/<slug:clinic_slug>/<slug:step>/": "a step of this session's draft",
    "accounts/login/": "the staff login page",
    "accounts/logout/": "ends whatever session there is",
    "admin/login/": "Django's admin login, which redirects to the staff login (MFA admin site)",
    "api/v1/intakes": "the clinic API: a bearer key instead of a login",
    "api/v1/intakes/<str:submission_id>": "the clinic API: a bearer key, scoped to its clinic",
    "api/v1/schema": "the JSON Schema of the API body; no patient data",
    "fhir/CodeSystem/<slug:system_id>": "FHIR code systems describing the intake; no patient data",
    "fhir/Questionnaire/lbp-intake": "the FHIR Questionnaire describing the intake; no patient data",
    "healthz": "process liveness for the load balancer",
    "readyz": "database readiness for the load balancer",
    "robots.txt": "tells crawlers to index nothing",
}


def test_the_public_routes_are_exactly_the_audited_list():
    assert public_routes() == sorted(PUBLIC_ROUTES)


@pytest.mark.parametrize("url", staff_urls())
def test_anonymous_posts_to_every_staff_url_end_on_the_login_page(client, url):
    response = client.post(url, {"version": "1", "text": "x"}, follow=True)

    assert response.redirect_chain, url
    assert response.request["PATH_INFO"] == LOGIN_URL, url
