from unittest import mock

import pytest
from django.db.utils import OperationalError


def test_healthz_answers_without_touching_the_database(client):
    response = client.get("/healthz")  # no django_db mark: any query would raise

    assert response.status_code == 200


@pytest.mark.django_db
def test_readyz_answers_when_the_database_does(client):
    assert client.get("/readyz").status_code == 200


@pytest.mark.django_db
def test_readyz_reports_503_when_the_database_is_down(client):
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("down")):
        response = client.get("/readyz")

    assert response.status_code == 503


def test_robots_txt_disallows_everything(client):
    response = client.get("/robots.txt")

    assert response.content == b"User-agent: *\nDisallow: /\n"


@pytest.mark.django_db
def test_dashboard_sends_anonymous_visitors_to_login(client):
    response = client.get("/dashboard/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_login_page_renders(client):
    assert client.get("/accounts/login/").status_code == 200
