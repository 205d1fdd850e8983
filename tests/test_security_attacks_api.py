import gzip
import json

import pytest
from django.conf import settings
from django.urls import reverse

from intake.models import Submission
from interop.services import create_api_key
from tests.attack_support import PAYLOADS, shown_literally
from tests.dashboard_support import make_case, make_team
from tests.test_interop_api import URL, body, fields, get, post

pytestmark = pytest.mark.django_db

PLACEHOLDER = '"@value@"'


@pytest.fixture
def team():
    return make_team()


@pytest.fixture
def key(team):
    return create_api_key(team.clinic, "Kiosk")[1]


def with_raw(field: str, token: str) -> str:
    """A valid body whose case `field` is the raw JSON text `token` (which may not be JSON at all)."""
    return json.dumps(body(**{field: "@value@"})).replace(PLACEHOLDER, token)


# --- 6: mass assignment ---


def test_fields_beside_case_and_patient_are_refused_by_name_and_nothing_is_stored(client, key):
    data = body()
    extras = {
        "clinic": "south",
        "status": "reviewed",
        "result": {"urgency": "routine"},
        "reference": "AAAA-AAAA",
    }
    data.update(extras, id="6f1c0a52-3e1b-4c8e-9a7d-2b5e8f0c4d11", source="web", assignee=1)

    response = post(client, key, data)

    assert response.status_code == 400
    assert fields(response) == {name: "unknown_field" for name in [*extras, "id", "source", "assignee"]}
    assert not Submission.objects.exists()


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("urgency", "routine"),
        ("category", "non_specific"),
        ("red_flag", False),
        ("triage", "low"),
        ("flags", []),
    ],
)
def test_triage_outputs_sent_inside_the_case_are_refused_not_trusted(client, key, name, value):
    data = body(saddle_anesthesia=True)
    data["case"][name] = value

    response = post(client, key, data)

    assert response.status_code == 400
    assert fields(response) == {f"case.{name}": "invalid"}
    assert not Submission.objects.exists()


def test_patient_fields_that_are_not_patient_details_are_refused(client, key):
    data = body()
    data["patient"].update(is_staff=True, clinic="south")

    response = post(client, key, data)

    assert response.status_code == 400
    assert fields(response) == {"patient.is_staff": "unknown_field", "patient.clinic": "unknown_field"}


def test_a_lone_red_flag_with_every_other_answer_missing_is_still_an_emergency(client, key):
    data = {"case": {"saddle_anesthesia": True}, "patient": {"name": "Pat Example"}}

    response = post(client, key, data)

    assert response.status_code == 201
    assert response.json()["result"]["urgency"] == "emergency"


# --- 7, 8: numeric abuse, repeated keys, arrays for scalars ---


@pytest.mark.parametrize(
    "token",
    [
        "-1",
        "11",
        "1e309",
        "-1e309",
        "NaN",
        "Infinity",
        "-Infinity",
        "10.5",
        "true",
        '"7"',
        '"١٠"',
        "[3, 9]",
        "{}",
    ],
)
def test_abusive_pain_scores_in_valid_json_are_refused_with_the_field(client, key, token):
    response = post(client, key, with_raw("pain_now_nprs", token))

    assert response.status_code == 400
    assert fields(response) == {"case.pain_now_nprs": "invalid"}
    assert not Submission.objects.exists()


@pytest.mark.parametrize("token", ["0x10", "١٠", "1_0", "+5", ".5", "1e", "01", "9" * 5000])
def test_numbers_json_does_not_allow_are_refused_as_invalid_json(client, key, token):
    response = post(client, key, with_raw("pain_now_nprs", token))

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_json"


@pytest.mark.parametrize(("age", "status"), [(0, 201), (120, 201), (121, 400), (200, 400), (-1, 400)])
def test_ages_from_0_to_120_are_accepted_and_others_refused(client, key, age, status):
    response = post(client, key, body(age=age))

    assert response.status_code == status
    assert Submission.objects.filter(case__age=age).exists() is (status == 201)


@pytest.mark.parametrize("token", ["NaN", "Infinity", "1e309", "-0.5", "121"])
def test_abusive_years_since_surgery_are_refused(client, key, token):
    response = post(client, key, with_raw("prior_spine_surgery_years_ago", token))

    assert response.status_code == 400
    assert fields(response) == {"case.prior_spine_surgery_years_ago": "invalid"}


def test_a_repeated_key_is_read_deterministically_as_its_last_value(client, key):
    raw = with_raw("pain_now_nprs", "3, " + '"pain_now_nprs": 9')

    response = post(client, key, raw)

    assert response.status_code == 201
    assert Submission.objects.get().case["pain_now_nprs"] == 9


def test_a_nested_answer_given_twice_is_refused(client, key):
    data = body()
    data["case"]["trauma.occurred"] = True

    response = post(client, key, data)

    assert response.status_code == 400
    assert fields(response) == {"case.trauma.occurred": "invalid"}


# --- 9, 12, 13: content types, compressed and deeply nested bodies ---


@pytest.mark.parametrize(
    ("data", "headers", "status"),
    [
        (json.dumps(body()), {"content_type": "multipart/form-data; boundary=x"}, 415),
        (json.dumps(body()), {"content_type": ""}, 415),
        (json.dumps(body()), {"content_type": "application/x-json"}, 415),
        (json.dumps(body()).encode("utf-16"), {}, 400),
        (gzip.compress(json.dumps(body()).encode(), mtime=0), {"HTTP_CONTENT_ENCODING": "gzip"}, 400),
    ],
    ids=["multipart", "none", "x-json", "utf-16", "gzip"],
)
def test_a_body_in_another_format_or_encoding_is_refused_and_never_inflated(
    client, key, data, headers, status
):
    response = post(client, key, data, **{"content_type": "application/json", **headers})

    assert response.status_code == status
    assert not Submission.objects.exists()


@pytest.mark.parametrize(
    "raw",
    [
        "[" * 60_000,
        '{"case": ' + "[" * 30_000 + "]" * 30_000 + ', "patient": {"name": "x"}}',
        with_raw("pain_location", "[" * 900 + "]" * 900),
        with_raw("narrative", '{"a": ' * 900 + "1" + "}" * 900),
    ],
    ids=["unclosed", "very deep", "deep list", "deep object"],
)
def test_deeply_nested_json_is_a_400_not_a_crash(client, key, raw):
    response = post(client, key, raw)

    assert response.status_code == 400
    assert response.json()["error"] in ("invalid_json", "invalid_body")
    assert not Submission.objects.exists()


def test_thousands_of_unknown_fields_get_one_400_naming_them(client, key):
    data = {**body(), **{f"field{n}": n for n in range(3000)}}

    response = post(client, key, data)

    assert response.status_code == 400
    assert len(fields(response)) == 3000


# --- 10, 11: NUL bytes, broken UTF-8, invisible and combining characters ---


@pytest.mark.parametrize(
    ("field", "text", "problem"),
    [
        ("narrative", "pain\u0000", "case.narrative"),
        ("cancer_type", "breast\u202e", "case.cancer_type"),
        ("narrative", "since \u2066Monday\u2069", "case.narrative"),
        ("narrative", "a" + "\u0301" * 10_000, "case.narrative"),
    ],
    ids=["nul", "override", "isolate", "10000 combining marks"],
)
def test_unstorable_or_deceptive_case_text_is_refused_with_the_field(client, key, field, text, problem):
    response = post(client, key, body(**{field: text}))

    assert response.status_code == 400
    assert problem in fields(response)
    assert not Submission.objects.exists()


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Pat\u0000", "control_characters"),
        ("Pat\u202eelpmaxE", "control_characters"),
        ("Pat\r\nX-Injected: 1", "control_characters"),
        ("Pat\u2028Example", "control_characters"),
        (["Pat", "Example"], "invalid_type"),
    ],
)
def test_unstorable_deceptive_or_non_text_names_are_refused(client, key, name, code):
    data = body()
    data["patient"]["name"] = name

    response = post(client, key, data)

    assert response.status_code == 400
    assert fields(response) == {"patient.name": code}


def test_invalid_utf8_bytes_are_refused_as_invalid_json(client, key):
    raw = json.dumps(body()).encode().replace(b'"Pat Example"', b'"Pat \xff\xfe"')

    response = post(client, key, raw)

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_json"


def test_joiners_and_characters_beyond_the_basic_plane_are_stored_as_sent(client, key):
    data = body(narrative="a" + "😀" * 1999, cancer_history=True, cancer_type="👩‍👩‍👧 می‌خواهم")
    data["patient"]["name"] = "😀" * 200

    response = post(client, key, data)

    submission = Submission.objects.get()
    assert response.status_code == 201
    assert submission.patient_name == "😀" * 200
    assert submission.case["narrative"] == "a" + "😀" * 1999
    assert submission.case["cancer_type"] == "👩‍👩‍👧 می‌خواهم"


# --- 15, 16, 17: payloads sent by an integration reach the dashboard as text ---


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_sent_through_the_api_are_stored_exactly_and_shown_literally_to_staff(
    client, team, key, payload
):
    data = body(narrative=payload, cancer_history=True, cancer_type=payload)
    data["patient"]["name"] = payload
    post(client, key, data)
    client.force_login(team.clinician)

    submission = Submission.objects.get()
    page = client.get(reverse("dashboard:case", args=[submission.pk])).content.decode()

    assert (
        submission.patient_name == submission.case["narrative"] == submission.case["cancer_type"] == payload
    )
    assert shown_literally(page, payload)
    assert settings.SECRET_KEY not in page


# --- 20, 23: Host header and methods ---


def test_a_foreign_host_header_gets_400_and_stores_nothing(client, key):
    response = post(client, key, body(), HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert not Submission.objects.exists()


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE", "TRACE"])
def test_an_intake_cannot_be_changed_or_deleted_through_the_api(client, key, method):
    submission_id = post(client, key, body()).json()["id"]

    response = client.generic(method, f"{URL}/{submission_id}", HTTP_AUTHORIZATION=f"Bearer {key}")

    assert response.status_code == 405
    assert response.json()["error"] == "method_not_allowed"
    assert Submission.objects.filter(pk=submission_id).exists()


def test_trace_on_the_collection_answers_405(client, key):
    response = client.generic("TRACE", URL, HTTP_AUTHORIZATION=f"Bearer {key}")

    assert response.status_code == 405


# --- 24, 32: another clinic's intake, and a staff session instead of a key ---


def test_a_key_of_another_clinic_gets_exactly_the_answer_for_an_unknown_id(client, team, key):
    foreign = make_case(team.other_clinic)

    response = get(client, key, foreign.pk)
    unknown = get(client, key, "6f1c0a52-3e1b-4c8e-9a7d-2b5e8f0c4d11")

    assert response.status_code == unknown.status_code == 404
    assert response.content == unknown.content


def test_a_logged_in_staff_session_does_not_open_the_api_without_a_key(client, team):
    case = make_case(team.clinic)
    client.force_login(team.clinician)

    read = client.get(f"{URL}/{case.pk}")
    write = client.post(URL, json.dumps(body()), content_type="application/json", HTTP_IDEMPOTENCY_KEY="k")

    assert (read.status_code, write.status_code) == (401, 401)
    assert Submission.objects.count() == 1
