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
