import uuid

import pytest
from django.test import Client

from tests.factories import make_clinic, make_submission, make_user

pytestmark = pytest.mark.django_db

PUBLIC_URLS = ["/", "/accounts/login/", "/dashboard/", "/healthz", "/robots.txt", "/no-such-page/"]


def csp_directives(header: str) -> dict[str, str]:
    return {part.split()[0]: " ".join(part.split()[1:]) for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_every_response_carries_the_security_headers(client, url):
    make_clinic("demo")

    response = client.get(url)

    assert response["Cache-Control"] == "no-store"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    assert len(response["X-Request-ID"]) == 12


def test_staff_pages_are_never_cached(client):
    clinic = make_clinic("north")
    case = make_submission(clinic)
    client.force_login(make_user("alice", clinic))

    responses = [client.get("/dashboard/"), client.get(f"/dashboard/cases/{case.pk}/")]

    assert [r.status_code for r in responses] == [200, 200]
    assert {r["Cache-Control"] for r in responses} == {"no-store"}


def test_the_content_security_policy_allows_nothing_inline_or_foreign(client):
    response = client.get("/accounts/login/")

    policy = csp_directives(response["Content-Security-Policy"])
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["form-action"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["base-uri"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert "unsafe" not in response["Content-Security-Policy"]


def test_robots_txt_disallows_everything(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode().splitlines() == ["User-agent: *", "Disallow: /"]


@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/healthz"])
def test_trace_is_refused(client, url):
    make_clinic("demo")

    response = client.generic("TRACE", url)

    assert response.status_code == 405


def test_a_foreign_host_header_gets_a_plain_400(client):
    response = client.get("/accounts/login/", HTTP_HOST="evil.example")

    body = response.content.decode()
    assert response.status_code == 400
    assert "ALLOWED_HOSTS" not in body
    assert "evil.example" not in body
    assert "we could not process that request" in body


def test_a_body_over_the_size_limit_gets_400_not_500(client):
    body = "username=alice&password=" + "x" * (300 * 1024)

    response = client.post("/accounts/login/", body, content_type="application/x-www-form-urlencoded")

    assert response.status_code == 400


def test_too_many_form_fields_get_400_not_500(client):
    body = "&".join(f"field{number}=1" for number in range(400))

    response = client.post("/accounts/login/", body, content_type="application/x-www-form-urlencoded")

    assert response.status_code == 400


def test_a_small_form_is_within_the_limits(client):
    body = "&".join(f"field{number}=1" for number in range(250))

    response = client.post("/accounts/login/", body, content_type="application/x-www-form-urlencoded")

    assert response.status_code == 200


def test_the_404_page_is_the_same_for_a_missing_case_and_another_clinics_case(client):
    north, south = make_clinic("north"), make_clinic("south")
    foreign = make_submission(south)
    client.force_login(make_user("alice", north))

    other_clinics = client.get(f"/dashboard/cases/{foreign.pk}/")
    missing = client.get(f"/dashboard/cases/{uuid.uuid4()}/")

    assert other_clinics.status_code == missing.status_code == 404
    assert other_clinics.content == missing.content
    assert str(foreign.pk) not in other_clinics.content.decode()
    assert "We could not find that page" in missing.content.decode()


def test_the_404_page_shows_no_internals(client):
    response = client.get("/dashboard/../etc/passwd%00")

    body = response.content.decode()
    assert response.status_code == 404
    assert "urlpatterns" not in body
    assert "Traceback" not in body
    assert "passwd" not in body


@pytest.mark.urls("tests.security_urls")
def test_a_500_page_shows_a_reference_and_the_emergency_advice_but_no_internals():
    client = Client(raise_request_exception=False)

    response = client.get("/test-only/boom/")

    body = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, something went wrong on our side" in body
    assert response["X-Request-ID"] in body
    assert "emergency department" in body
    assert "Traceback" not in body
    assert "Pat Example" not in body
    assert "hunter2" not in body
    assert response["Cache-Control"] == "no-store"


def test_a_csrf_failure_shows_a_calm_page_without_the_reason():
    client = Client(enforce_csrf_checks=True)

    response = client.post("/accounts/login/", {"username": "alice", "password": "x"})

    body = response.content.decode()
    assert response.status_code == 403
    assert "This page has expired" in body
    assert "CSRF" not in body
    assert "emergency department" in body


def test_a_clinician_opening_the_admin_gets_the_plain_403_page(client):
    client.force_login(make_user("alice"))

    response = client.get("/admin/login/")

    assert response.status_code == 403
    assert "This page is not available to you" in response.content.decode()


def test_static_files_are_never_indexed_but_stay_cacheable(settings):
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    client = Client()

    response = client.get("/static/css/app.css")

    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" not in response.get("Cache-Control", "")
