import io
import logging
import sys
import uuid

import pytest
from django.test import Client

from config.logging import KeyValueFormatter, RedactFilter, log_access_denied
from tests.auth_helpers import post_login
from tests.factories import make_user


def formatted(message: str, *args: object, exc_info: object = None, **extra: object) -> str:
    record = logging.getLogger("test").makeRecord(
        "test", logging.INFO, "x.py", 1, message, args, exc_info, extra=extra
    )
    RedactFilter().filter(record)
    return KeyValueFormatter().format(record)


@pytest.fixture
def log_output():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(KeyValueFormatter())
    handler.addFilter(RedactFilter())
    loggers = [logging.getLogger(), logging.getLogger("django")]
    for logger in loggers:
        logger.addHandler(handler)
    yield stream.getvalue
    for logger in loggers:
        logger.removeHandler(handler)


def test_a_log_line_is_key_value_with_a_utc_timestamp():
    line = formatted("login.failed", fields={"user_id": 7, "reason": "bad code"})

    assert line.startswith("ts=")
    assert "+00:00 level=INFO logger=test msg=login.failed user_id=7" in line
    assert 'reason="bad code"' in line


def test_crlf_in_a_field_cannot_forge_a_second_line():
    line = formatted("request from %s", "curl\r\nts=0 level=INFO msg=forged", fields={"agent": "a\nb"})

    assert "\n" not in line and "\r" not in line
    assert "\\u000d\\u000a" in line
    assert "agent=a\\u000ab" in line


def test_bidi_and_zero_width_characters_are_escaped():
    line = formatted("name \u202eevil\u200b")

    assert "\u202e" not in line
    assert "\\u202e" in line


def test_query_strings_are_removed_from_messages():
    line = formatted('"GET /intake/resume/?token=abc123secret&lang=es HTTP/1.1" 200 512')

    assert "abc123secret" not in line
    assert "/intake/resume/?[redacted]" in line


def test_secret_pairs_and_bearer_tokens_are_masked():
    line = formatted("password=hunter2 sessionid=k2j3h4 Authorization: Bearer eyJhbGciOi.x.y")

    assert "hunter2" not in line
    assert "k2j3h4" not in line
    assert "eyJhbGciOi" not in line


def test_token_like_path_segments_are_masked_but_case_uuids_are_kept():
    case_id = uuid.uuid4()

    line = formatted(f"Not Found: /intake/resume/Xq3vT9kLmN0pQr7sUv2wYz/ then /dashboard/cases/{case_id}/")

    assert "Xq3vT9kLmN0pQr7sUv2wYz" not in line
    assert str(case_id) in line


def test_extra_fields_named_like_patient_data_or_secrets_are_dropped():
    line = formatted(
        "event",
        fields={
            "patient_name": "Pat Example",
            "answers": "leg numb",
            "password": "x1",
            "username": "al",
            "user_id": 3,
        },
    )

    assert "Pat Example" not in line
    assert "leg numb" not in line
    assert "x1" not in line
    assert "al" not in line.split("msg=")[1].replace("user_id", "")
    assert "user_id=3" in line


def test_a_request_on_a_record_becomes_method_path_and_id_only(rf):
    request = rf.get("/dashboard/?q=Smith", HTTP_COOKIE="sessionid=k2j3h4", HTTP_USER_AGENT="agent-x")
    request.request_id = "abc123abc123"

    line = formatted("Not Found: %s", request.path, request=request, status_code=404)

    assert "method=GET path=/dashboard/ request_id=abc123abc123" in line
    assert "status_code=404" in line
    assert "Smith" not in line
    assert "k2j3h4" not in line
    assert "agent-x" not in line


def test_exceptions_are_logged_as_type_and_frames_without_their_message():
    try:
        raise ValueError("Pat Example answered yes to saddle numbness")
    except ValueError:
        line = formatted("failed", exc_info=sys.exc_info())

    assert "exc_type=ValueError" in line
    assert "test_security_logging.py:" in line
    assert "Pat Example" not in line


@pytest.mark.django_db
def test_a_failed_login_is_logged_without_the_username_or_password(client, log_output):
    make_user("alice")

    post_login(client, "alice", "Typed-Secret-Password-7")

    output = log_output()
    assert "msg=login.failed" in output
    assert "Typed-Secret-Password-7" not in output
    assert "alice" not in output


@pytest.mark.django_db
def test_a_successful_login_logs_the_user_id_not_the_session(client, log_output):
    user = make_user("alice")

    post_login(client, "alice")

    output = log_output()
    assert "msg=login.succeeded" in output
    assert f"user_id={user.pk}" in output
    assert client.cookies["sessionid"].value not in output


@pytest.mark.django_db
def test_access_denied_is_logged_with_ids_only(rf, log_output):
    user = make_user("alice")
    request = rf.post("/dashboard/cases/x/review/", {"note": "Pat Example"}, REMOTE_ADDR="198.51.100.4")
    request.user = user
    case_id = uuid.uuid4()

    log_access_denied(request, resource="submission", object_id=case_id)

    line = log_output().strip()
    assert "level=WARNING logger=security msg=authz.denied" in line
    assert f"resource=submission object_id={case_id} user_id={user.pk} ip=198.51.100.4" in line
    assert "Pat Example" not in line


@pytest.mark.django_db
@pytest.mark.urls("tests.security_urls")
def test_a_500_is_logged_once_with_its_request_id_and_without_its_message(log_output):
    client = Client(raise_request_exception=False)

    response = client.get("/test-only/boom/?token=abc")

    lines = [line for line in log_output().splitlines() if "logger=django.request" in line]
    assert len(lines) == 1
    assert f"request_id={response['X-Request-ID']}" in lines[0]
    assert "exc_type=RuntimeError" in lines[0]
    assert "hunter2" not in lines[0]
    assert "Pat Example" not in lines[0]
    assert "token=abc" not in lines[0]
