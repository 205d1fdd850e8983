"""Test set-up shared by the suite: browser launch for e2e tests and database markers."""

import os
import shutil

import pytest
from django.core.cache import cache
from django.db import connection

# Playwright's sync API runs an event loop in the test thread; the ORM calls in
# browser tests are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


def pytest_collection_modifyitems(config, items):
    has_chromium = os.path.exists(CHROMIUM)
    if not has_chromium and os.environ.get("CI"):
        raise pytest.UsageError(f"Chromium is required in CI for the browser tests; not found at {CHROMIUM}.")
    skip_e2e = pytest.mark.skip(reason=f"Chromium not installed at {CHROMIUM} (apt-get install chromium)")
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            if not has_chromium:
                item.add_marker(skip_e2e)


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    # PBKDF2 at 1,000,000 iterations costs ~0.3 s per login; tests check behaviour, not cost.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty process cache (clinics, blank intake steps)."""
    cache.clear()


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://... (CI does)")


@pytest.fixture(scope="session", autouse=True)
def no_stray_connections_at_teardown(django_db_setup, django_db_blocker):
    """End connections a browser or threaded test left open, so the test database can be dropped."""
    yield
    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
