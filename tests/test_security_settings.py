import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
PROFILE_VARIABLES = (
    "DEBUG",
    "SECRET_KEY",
    "SECRET_KEY_FALLBACKS",
    "ALLOWED_HOSTS",
    "MFA_REQUIRED",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "TRUSTED_PROXY_COUNT",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by conftest for Playwright; check --deploy rightly refuses it
)
SHOWN = (
    "DEBUG",
    "MFA_REQUIRED",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_PROXY_SSL_HEADER",
    "SESSION_COOKIE_NAME",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_NAME",
    "INTAKE_COOKIE_NAME",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "LANGUAGE_COOKIE_SECURE",
    "SECRET_KEY_FALLBACKS",
    "SESSION_COOKIE_AGE",
    "STAFF_SESSION_MAX_AGE",
)


def environment(**overrides: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in PROFILE_VARIABLES}
    return env | overrides


def production(**overrides: str) -> dict[str, str]:
    profile = {"DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "intake.example.org"}
    return environment(**profile | overrides)


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def settings_in(env: dict[str, str]) -> dict[str, object]:
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name, None) for name in {SHOWN!r}}}))"
    )
    result = run(["-c", script], env | {"DJANGO_SETTINGS_MODULE": "config.settings"})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_check_deploy_passes_with_the_production_profile():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production())

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_with_a_weak_secret_key():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production(SECRET_KEY="short")
    )

    assert result.returncode != 0
    assert "security.W009" in result.stderr


def test_check_deploy_passes_when_the_proxy_does_the_https_redirect():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production(SECURE_SSL_REDIRECT="0")
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_the_production_profile_is_https_only_with_host_only_cookies():
    shown = settings_in(production())

    assert shown["DEBUG"] is False
    assert shown["MFA_REQUIRED"] is True
    assert shown["SECURE_SSL_REDIRECT"] is True
    assert shown["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert shown["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert shown["SECURE_PROXY_SSL_HEADER"] is None
    assert shown["SESSION_COOKIE_NAME"] == "__Host-sessionid"
    assert shown["CSRF_COOKIE_NAME"] == "__Host-csrftoken"
    assert shown["INTAKE_COOKIE_NAME"] == "__Host-intake"
    assert shown["SESSION_COOKIE_SECURE"] and shown["CSRF_COOKIE_SECURE"] and shown["LANGUAGE_COOKIE_SECURE"]
    assert shown["SESSION_COOKIE_HTTPONLY"] and shown["CSRF_COOKIE_HTTPONLY"]
    assert (shown["SESSION_COOKIE_AGE"], shown["STAFF_SESSION_MAX_AGE"]) == (1800, 43200)


def test_turning_off_the_ssl_redirect_leaves_the_rest_of_the_profile():
    shown = settings_in(production(SECURE_SSL_REDIRECT="0"))

    assert shown["SECURE_SSL_REDIRECT"] is False
    assert shown["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert shown["SESSION_COOKIE_SECURE"] is True


def test_the_forwarded_proto_header_is_trusted_only_when_the_operator_says_so():
    shown = settings_in(production(SECURE_PROXY_SSL_HEADER="1"))

    assert shown["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


@pytest.mark.parametrize(
    ("variables", "required"),
    [({"DEBUG": "0"}, True), ({"DEBUG": "0", "MFA_REQUIRED": "0"}, False), ({"DEBUG": "1"}, False)],
)
def test_mfa_is_required_unless_debugging_or_switched_off(variables, required):
    env = production(**variables) if variables["DEBUG"] == "0" else environment(**variables)

    shown = settings_in(env)

    assert shown["MFA_REQUIRED"] is required


def test_old_secret_keys_are_read_from_the_environment():
    old = [secrets.token_urlsafe(50), secrets.token_urlsafe(50)]

    shown = settings_in(production(SECRET_KEY_FALLBACKS=",".join(old)))

    assert shown["SECRET_KEY_FALLBACKS"] == old


def test_production_refuses_to_start_without_a_secret_key():
    result = run(["manage.py", "check"], environment(DEBUG="0", ALLOWED_HOSTS="intake.example.org"))

    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr
