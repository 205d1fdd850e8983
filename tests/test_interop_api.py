import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from audit.models import AuditAction, AuditEvent
from intake.models import Source, Submission
from interop.models import ApiKey
from interop.schema import intake_schema
from interop.services import create_api_key, revoke_api_key
from tests.factories import make_clinic, make_submission
from tests.test_triage_reference_examples import WORKED_EXAMPLES
from tests.triage_cases import case_data
from triage.case import MECHANISMS

pytestmark = pytest.mark.django_db

URL = "/api/v1/intakes"


def body(**case):
    return {"case": case_data(**case), "patient": {"name": "Pat Example", "date_of_birth": "1990-05-17"}}


def post(client, key, data, idempotency_key="retry-1", content_type="application/json", **headers):
    if key is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    if idempotency_key is not None:
        headers["HTTP_IDEMPOTENCY_KEY"] = idempotency_key
    payload = data if isinstance(data, str | bytes) else json.dumps(data)
    return client.post(URL, payload, content_type=content_type, **headers)


def get(client, key, submission_id):
    return client.get(f"{URL}/{submission_id}", HTTP_AUTHORIZATION=f"Bearer {key}")


@pytest.fixture
def clinic():
    return make_clinic("north")


@pytest.fixture
def key(clinic):
    return create_api_key(clinic, "Kiosk")[1]


def fields(response):
    found = {}
    for error in response.json()["errors"]:
        found.setdefault(error["field"], error["code"])
    return found


# --- 201 and idempotent replays ---


def test_the_api_needs_no_csrf_token_or_session(key):
    strict = Client(enforce_csrf_checks=True)

    response = post(strict, key, body())

    assert response.status_code == 201


def test_a_valid_intake_is_stored_for_the_keys_clinic_and_answers_201(client, clinic, key):
    response = post(client, key, body(cancer_history=True, age=63))

    assert response.status_code == 201
    data = response.json()
    submission = Submission.objects.get()
    assert data == {"id": str(submission.pk), "reference": submission.reference, "result": submission.result}
    assert data["result"]["category"] == "red_flag_urgent"
    assert (submission.clinic, submission.source) == (clinic, Source.API)
    assert submission.patient_name == "Pat Example"
    assert submission.date_of_birth == dt.date(1990, 5, 17)
    assert response["Location"] == f"{URL}/{submission.pk}"


def test_the_result_is_the_triage_case_contract(client, key):
    response = post(client, key, body())

    assert set(response.json()["result"]) == {
        "rules_version", "category", "urgency", "imaging", "flags", "rules_fired", "startback", "odi",
        "patient_message",
    }  # fmt: skip


def test_the_same_idempotency_key_again_answers_200_with_the_same_body(client, key):
    first = post(client, key, body())

    again = post(client, key, body())

    assert again.status_code == 200
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Submission.objects.count() == 1


def test_a_different_body_with_the_same_idempotency_key_returns_the_first_submission(client, key):
    first = post(client, key, body())

    again = post(client, key, body(saddle_anesthesia=True))

    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["result"]["urgency"] == "routine"
    assert Submission.objects.count() == 1


def test_a_new_idempotency_key_stores_a_second_intake(client, key):
    post(client, key, body(), idempotency_key="one")

    response = post(client, key, body(), idempotency_key="two")

    assert response.status_code == 201
    assert Submission.objects.count() == 2


def test_the_idempotency_key_is_scoped_to_the_clinic(client, key):
    other_key = create_api_key(make_clinic("south"), "Kiosk")[1]
    post(client, key, body(), idempotency_key="same")

    response = post(client, other_key, body(), idempotency_key="same")

    assert response.status_code == 201
    assert Submission.objects.count() == 2


def test_an_api_idempotency_key_never_matches_a_web_form_submission(client, clinic, key):
    web = make_submission(clinic, key="draft-key")

    response = post(client, key, body(), idempotency_key="draft-key")

    assert response.status_code == 201
    assert response.json()["id"] != str(web.pk)


def test_an_emergency_intake_answers_with_the_emergency_result(client, key):
    response = post(client, key, body(saddle_anesthesia=True))

    assert response.json()["result"]["patient_message"] == "emergency_cauda_equina"


# --- 400: field-level errors ---


def test_a_case_error_names_the_case_field_and_the_problem(client, key):
    response = post(client, key, body(age=130))

    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["field"] == "case.age"
    assert "between 0 and 120" in error["message"]
    assert not Submission.objects.exists()


def test_a_nested_case_error_names_the_dotted_field(client, key):
    response = post(client, key, body(trauma={"occurred": "yes"}))

    assert fields(response) == {"case.trauma.occurred": "invalid"}


def test_case_and_patient_errors_are_reported_together(client, key):
    data = body(sex="robot")
    data["patient"] = {"name": "", "email": "not-an-email"}

    response = post(client, key, data)

    assert fields(response) == {"case.sex": "invalid", "patient.name": "required", "patient.email": "invalid"}


@pytest.mark.parametrize(
    ("patient", "field", "code"),
    [
        ({}, "patient.name", "required"),
        ({"name": "   "}, "patient.name", "required"),
        ({"name": 42}, "patient.name", "invalid_type"),
        ({"name": "x" * 201}, "patient.name", "max_length"),
        ({"name": "Pat\x00"}, "patient.name", "control_characters"),
        ({"name": "Pat\x1b[31m"}, "patient.name", "control_characters"),
        ({"name": "Pat\u2028Example"}, "patient.name", "control_characters"),
        ({"name": "Pat", "date_of_birth": "17/05/1990"}, "patient.date_of_birth", "invalid_date"),
        ({"name": "Pat", "date_of_birth": "19900517"}, "patient.date_of_birth", "invalid_date"),
        ({"name": "Pat", "date_of_birth": "1990-02-30"}, "patient.date_of_birth", "invalid_date"),
        ({"name": "Pat", "date_of_birth": "1899-12-31"}, "patient.date_of_birth", "too_early"),
        ({"name": "Pat", "email": "pat@"}, "patient.email", "invalid"),
        ({"name": "Pat", "email": "p" * 250 + "@x.org"}, "patient.email", "max_length"),
        ({"name": "Pat", "phone": "call me"}, "patient.phone", "invalid_phone"),
        ({"name": "Pat", "phone": "1" * 41}, "patient.phone", "max_length"),
        ({"name": "Pat", "nickname": "P"}, "patient.nickname", "unknown_field"),
    ],
)
def test_bad_patient_fields_are_refused_with_their_code(client, key, patient, field, code):
    data = body()
    data["patient"] = patient

    response = post(client, key, data)

    assert response.status_code == 400
    assert fields(response) == {field: code}


def test_a_birth_date_in_the_future_is_refused(client, key):
    data = body()
    data["patient"]["date_of_birth"] = (timezone.localdate() + dt.timedelta(days=1)).isoformat()

    response = post(client, key, data)

    assert fields(response) == {"patient.date_of_birth": "future_date"}


def test_a_full_patient_block_is_stored(client, key):
    data = body()
    data["patient"] = {
        "name": " Pat ",
        "date_of_birth": None,
        "phone": "+1 (555) 010-0100",
        "email": "p@x.org",
    }

    post(client, key, data)

    submission = Submission.objects.get()
    assert (submission.patient_name, submission.phone, submission.email) == (
        "Pat",
        "+1 (555) 010-0100",
        "p@x.org",
    )
    assert submission.date_of_birth is None


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"case": case_data()}, {"patient": "required"}),
        ({"patient": {"name": "Pat"}}, {"case": "required"}),
        ({**body(), "clinic": "south"}, {"clinic": "unknown_field"}),
        ({"case": "a case", "patient": {"name": "Pat"}}, {"case": "invalid"}),
        ({"case": case_data(), "patient": "Pat"}, {"patient": "invalid"}),
        (
            {"case": {**case_data(), "favourite_colour": "blue"}, "patient": {"name": "Pat"}},
            {"case.favourite_colour": "invalid"},
        ),
    ],
)
def test_a_badly_shaped_body_is_refused_field_by_field(client, key, data, expected):
    response = post(client, key, data)

    assert response.status_code == 400
    assert fields(response) == expected


def test_a_body_that_is_not_an_object_is_refused(client, key):
    response = post(client, key, [body()])

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_body"


def test_text_with_a_lone_surrogate_is_refused_not_stored(client, key):
    raw = json.dumps(body()).replace('"narrative": null', '"narrative": "pain \\ud800"')

    response = post(client, key, raw)

    assert response.status_code == 400
    assert fields(response) == {"case.narrative": "invalid_text"}


def test_invalid_json_is_refused(client, key):
    response = post(client, key, "{not json")

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_json"


def test_a_missing_idempotency_key_is_refused(client, key):
    response = post(client, key, body(), idempotency_key=None)

    assert response.status_code == 400
    assert response.json()["error"] == "missing_idempotency_key"
    assert not Submission.objects.exists()


@pytest.mark.parametrize("bad", ["x" * 61, "has space", "naïve"])
def test_an_unusable_idempotency_key_is_refused(client, key, bad):
    response = post(client, key, body(), idempotency_key=bad)

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_idempotency_key"


def test_a_sixty_character_idempotency_key_is_accepted(client, key):
    response = post(client, key, body(), idempotency_key="k" * 60)

    assert response.status_code == 201


# --- 401, 405, 413, 415 ---


def test_a_missing_key_answers_401_with_a_bearer_challenge(client):
    response = post(client, None, body())

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["error"] == "missing_token"


@pytest.mark.parametrize("authorization", ["Bearer lbp_wrong", "Bearer ", "Basic dXNlcjpwYXNz", "lbp_x"])
def test_a_bad_key_answers_401(client, key, authorization):
    response = client.post(
        URL, json.dumps(body()), content_type="application/json",
        HTTP_AUTHORIZATION=authorization, HTTP_IDEMPOTENCY_KEY="k",
    )  # fmt: skip

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert not Submission.objects.exists()


def test_a_wrong_key_says_invalid_token_in_the_challenge(client, key):
    response = post(client, key + "x", body())

    assert response["WWW-Authenticate"] == 'Bearer realm="intake-api", error="invalid_token"'


def test_a_revoked_key_answers_401(client, clinic):
    api_key, secret = create_api_key(clinic, "Old kiosk")
    revoke_api_key(api_key)

    response = post(client, secret, body())

    assert response.status_code == 401
    assert not Submission.objects.exists()


def test_authentication_comes_before_looking_at_the_body(client):
    response = post(client, None, "{not json", content_type="text/plain")

    assert response.status_code == 401


def test_a_non_json_content_type_answers_415(client, key):
    response = post(client, key, json.dumps(body()), content_type="text/plain")

    assert response.status_code == 415


def test_a_form_encoded_body_answers_415(client, key):
    response = client.post(URL, {"case": "x"}, HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_IDEMPOTENCY_KEY="k")

    assert response.status_code == 415


def test_json_with_a_charset_is_accepted(client, key):
    response = post(client, key, body(), content_type="application/json; charset=utf-8")

    assert response.status_code == 201


def test_a_body_over_64_kilobytes_answers_413(client, key):
    data = body()
    data["padding"] = "x" * 70_000

    response = post(client, key, data)

    assert response.status_code == 413


@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
def test_other_methods_on_the_collection_answer_405_in_json(client, key, method):
    response = getattr(client, method)(URL, HTTP_AUTHORIZATION=f"Bearer {key}")

    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert response.json()["error"] == "method_not_allowed"


def test_post_on_an_intake_answers_405(client, key):
    submission_id = post(client, key, body()).json()["id"]

    response = client.post(f"{URL}/{submission_id}", HTTP_AUTHORIZATION=f"Bearer {key}")

    assert response.status_code == 405
    assert response["Allow"] == "GET"


# --- reading back, and the walls between clinics ---


def test_the_same_clinics_key_reads_the_stored_result(client, key):
    created = post(client, key, body(cancer_history=True)).json()

    response = get(client, key, created["id"])

    assert response.status_code == 200
    assert response.json() == created
    assert "no-store" in response["Cache-Control"]


def test_reading_a_result_is_audited_with_the_key_prefix(client, clinic, key):
    submission_id = post(client, key, body()).json()["id"]

    get(client, key, submission_id)

    event = AuditEvent.objects.get(action=AuditAction.CASE_VIEWED)
    assert str(event.submission_id) == submission_id
    assert event.detail == {"via": "api", "key_prefix": ApiKey.objects.get().prefix}


def test_a_key_of_clinic_a_cannot_read_clinic_bs_intake(client, key):
    other = make_submission(make_clinic("south"))

    response = get(client, key, other.pk)

    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


def test_a_key_of_clinic_a_cannot_write_into_clinic_b(client, clinic, key):
    south = make_clinic("south")
    data = body()
    data["clinic"] = "south"

    post(client, key, data)
    post(client, key, body())

    assert not Submission.objects.filter(clinic=south).exists()
    assert Submission.objects.get().clinic == clinic


def test_an_unknown_or_malformed_id_is_404(client, key):
    assert get(client, key, "00000000-0000-0000-0000-000000000000").status_code == 404
    assert get(client, key, "not-a-uuid").status_code == 404


def test_reading_needs_a_valid_key(client, key):
    submission_id = post(client, key, body()).json()["id"]

    response = client.get(f"{URL}/{submission_id}")

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_key_can_no_longer_read(client, clinic):
    api_key, secret = create_api_key(clinic, "Kiosk")
    submission_id = post(client, secret, body()).json()["id"]
    revoke_api_key(api_key)

    assert get(client, secret, submission_id).status_code == 401


def test_using_a_key_records_when_it_was_last_used(client, key):
    post(client, key, body())

    assert ApiKey.objects.get().last_used_at is not None


# --- the schema ---


def validate(schema, value, path="body"):
    """A small JSON Schema checker for the keywords the intake schema uses."""
    problems = []
    types = schema.get("type")
    if types is not None:
        allowed = types if isinstance(types, list) else [types]
        kinds = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if not any(
            (t == "integer" and number and float(value).is_integer())
            or (t == "number" and number)
            or (t in kinds and isinstance(value, kinds[t]))
            for t in allowed
        ):
            return [f"{path}: type"]
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"{path}: enum")
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    if is_number and not schema.get("minimum", value) <= value <= schema.get("maximum", value):
        problems.append(f"{path}: range")
    if isinstance(value, str) and not schema.get("minLength", 0) <= len(value) <= schema.get(
        "maxLength", 10**6
    ):
        problems.append(f"{path}: length")
    if isinstance(value, list):
        if not schema.get("minItems", 0) <= len(value) <= schema.get("maxItems", len(value)):
            problems.append(f"{path}: items")
        for index, item in enumerate(value):
            problems += validate(schema.get("items", {}), item, f"{path}[{index}]")
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        problems += [f"{path}.{k}: required" for k in schema.get("required", []) if k not in value]
        if schema.get("additionalProperties") is False:
            problems += [f"{path}.{k}: unknown" for k in value if k not in properties]
        for name, item in value.items():
            if name in properties:
                problems += validate(properties[name], item, f"{path}.{name}")
    return problems


def test_the_schema_is_served_publicly_as_json_schema_2020_12(client):
    response = client.get("/api/v1/schema")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/schema+json"
    assert response.json()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("example", WORKED_EXAMPLES, ids=[e[0][:40] for e in WORKED_EXAMPLES])
def test_the_schema_accepts_the_reference_example_cases(example):
    assert validate(intake_schema(), {"case": example[1], "patient": {"name": "Pat"}}) == []


def test_the_schema_accepts_a_fully_answered_case_with_instruments():
    case = case_data(
        startback={"q1_leg_pain": True, "q9_bothersome": "slightly"},
        odi_sections=[0, 1, 2, 3, 4, 5, None, 0, 1, 2],
        onset_date="2026-01-01",
    )

    assert validate(intake_schema(), {"case": case, "patient": {"name": "Pat", "email": None}}) == []


@pytest.mark.parametrize(
    ("case", "patient", "problem"),
    [
        ({"age": 121}, {"name": "Pat"}, "body.case.age: range"),
        ({"sex": "robot"}, {"name": "Pat"}, "body.case.sex: enum"),
        ({"trauma": {"occurred": "yes"}}, {"name": "Pat"}, "body.case.trauma.occurred: type"),
        ({"odi_sections": [1] * 9}, {"name": "Pat"}, "body.case.odi_sections: items"),
        ({"favourite_colour": "blue"}, {"name": "Pat"}, "body.case.favourite_colour: unknown"),
        ({}, {"name": ""}, "body.patient.name: length"),
        ({}, {}, "body.patient.name: required"),
    ],
)
def test_the_schema_rejects_what_the_api_rejects(client, key, case, patient, problem):
    data = {"case": case, "patient": patient}

    response = post(client, key, data)

    assert problem in validate(intake_schema(), data)
    assert response.status_code == 400


def test_the_schema_lists_every_value_range_of_the_parser():
    case = intake_schema()["properties"]["case"]["properties"]

    assert case["age"]["maximum"] == 120
    assert case["pain_now_nprs"]["maximum"] == 10
    assert case["mechanism"]["enum"][:-1] == list(MECHANISMS)
    assert case["trauma"]["properties"]["severity"]["enum"] == ["high", "low", None]
    assert case["startback"]["properties"]["q9_bothersome"]["enum"][-1] is None
    assert case["narrative"]["maxLength"] == 2000
    assert intake_schema()["properties"]["patient"]["properties"]["name"]["maxLength"] == 200


# --- rate limits shared with the web form ---


def test_the_api_is_rate_limited_per_address_like_the_form(client, key, settings):
    settings.INTAKE_RATE_PER_IP = "2/h"

    statuses = [post(client, key, body(), idempotency_key=f"k{i}").status_code for i in range(3)]

    assert statuses == [201, 201, 429]
    assert Submission.objects.count() == 2


def test_a_rate_limited_api_call_says_when_to_retry(client, key, settings):
    settings.INTAKE_RATE_PER_IP = "1/h"
    post(client, key, body(), idempotency_key="first")

    response = post(client, key, body(), idempotency_key="second")

    assert response.json()["error"] == "rate_limited"
    assert int(response["Retry-After"]) > 0
