import datetime as dt
import json
from unittest import mock

import pytest
from django.utils import timezone
from fhir.resources.R4B import get_fhir_model_class

from audit.models import AuditAction, AuditEvent
from interop import questionnaire
from interop.bundle import submission_bundle
from tests.factories import make_clinic, make_submission, make_user
from tests.test_triage_reference_examples import WORKED_EXAMPLES
from tests.triage_cases import STARTBACK

pytestmark = pytest.mark.django_db

# Required bindings of R4 that fhir.resources does not enforce.
OBSERVATION_STATUSES = {
    "registered", "preliminary", "final", "amended", "corrected", "cancelled", "entered-in-error", "unknown",
}  # fmt: skip
BOUND_STATUSES = {
    "QuestionnaireResponse": {"in-progress", "completed", "amended", "entered-in-error", "stopped"},
    "Observation": OBSERVATION_STATUSES,
    "RiskAssessment": OBSERVATION_STATUSES,
    "Flag": {"active", "inactive", "entered-in-error"},
}
ANSWER_TYPES = {
    "boolean": {"valueBoolean"},
    "integer": {"valueInteger"},
    "decimal": {"valueDecimal"},
    "choice": {"valueCoding"},
    "open-choice": {"valueCoding", "valueString"},
    "string": {"valueString"},
    "text": {"valueString"},
}
EXAMPLE_CASES = [example[1] for example in WORKED_EXAMPLES]
EXAMPLE_IDS = [example[0][:40] for example in WORKED_EXAMPLES]


def checked(bundle):
    """Validate the bundle and each resource with fhir.resources R4B; check what it does not."""
    get_fhir_model_class("Bundle").model_validate(bundle)
    assert bundle["type"] == "collection"
    full_urls = [entry["fullUrl"] for entry in bundle["entry"]]
    assert len(set(full_urls)) == len(full_urls)
    assert all(url.startswith("urn:uuid:") for url in full_urls)
    by_type = {}
    for entry in bundle["entry"]:
        resource = entry["resource"]
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
        if resource["resourceType"] in BOUND_STATUSES:
            assert resource["status"] in BOUND_STATUSES[resource["resourceType"]]
        for reference in references(resource):
            assert reference in full_urls
        by_type.setdefault(resource["resourceType"], []).append(resource)
    return by_type


def references(data):
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "reference":
                yield value
            else:
                yield from references(value)
    elif isinstance(data, list):
        for value in data:
            yield from references(value)


def answered(response):
    for group in response["item"]:
        yield from group["item"]


def bundle_for(clinic=None, **case):
    submission = make_submission(clinic or make_clinic(), **case)
    return submission, checked(submission_bundle(submission))


def test_the_bundle_and_every_resource_validate_as_fhir_r4():
    _, resources = bundle_for(cancer_history=True, age=63, startback=STARTBACK, odi_sections=[2] * 10)

    assert set(resources) == {"Patient", "QuestionnaireResponse", "RiskAssessment", "Flag", "Observation"}


@pytest.mark.parametrize("case", EXAMPLE_CASES, ids=EXAMPLE_IDS)
def test_every_answered_linkid_exists_and_its_answer_has_the_items_type(case):
    items = questionnaire.link_ids()

    _, resources = bundle_for(**case)

    for item in answered(resources["QuestionnaireResponse"][0]):
        question = items[item["linkId"]]
        assert item["text"] == question["text"]
        for answer in item["answer"]:
            (value_type,) = answer
            assert value_type in ANSWER_TYPES[question["type"]]
            if value_type == "valueCoding" and question["type"] == "choice":
                assert answer["valueCoding"] in [o["valueCoding"] for o in question["answerOption"]]


@pytest.mark.parametrize("case", EXAMPLE_CASES, ids=EXAMPLE_IDS)
def test_answers_are_only_given_to_questions_their_conditions_enable(case):
    items = questionnaire.link_ids()
    _, resources = bundle_for(**case)
    answers = {i["linkId"]: i["answer"] for i in answered(resources["QuestionnaireResponse"][0])}

    def holds(condition):
        given = answers.get(condition["question"], [])
        if condition["operator"] == "exists":
            return bool(given) == condition["answerBoolean"]
        wanted = {k: v for k, v in condition.items() if k.startswith("answer")}
        return any(
            answer == {"value" + k.removeprefix("answer"): v for k, v in wanted.items()} for answer in given
        )

    for link_id in answers:
        conditions = items[link_id].get("enableWhen", [])
        assert not conditions or any(holds(c) for c in conditions), link_id


def test_the_response_points_at_the_questionnaire_url_and_version():
    _, resources = bundle_for()

    response = resources["QuestionnaireResponse"][0]
    assert response["questionnaire"] == f"{questionnaire.url()}|{questionnaire.version()}"
    assert response["status"] == "completed"


def test_unanswered_questions_are_left_out_and_answered_ones_kept():
    _, resources = bundle_for(fever=None, cancer_type=None, narrative="Bent over to lift a box.")

    answers = {i["linkId"]: i["answer"] for i in answered(resources["QuestionnaireResponse"][0])}
    assert "fever" not in answers
    assert "cancer_type" not in answers
    assert answers["narrative"] == [{"valueString": "Bent over to lift a box."}]
    assert answers["bladder_dysfunction"] == [{"valueBoolean": False}]


def test_every_answered_canonical_field_appears_in_the_response():
    _, resources = bundle_for(startback=STARTBACK, odi_sections=[1, 2, None, 3, 4, 5, 0, 1, 2, 3])

    link_ids = {i["linkId"] for i in answered(resources["QuestionnaireResponse"][0])}
    assert {f"startback.{name}" for name in STARTBACK} <= link_ids
    assert "odi_sections[2]" not in link_ids
    assert len([i for i in link_ids if i.startswith("odi_sections[")]) == 9
    assert {"age", "sex", "trauma.occurred", "prior_lumbar_imaging.done", "pain_now_nprs"} <= link_ids


def test_several_pain_locations_are_several_answers_to_one_item():
    _, resources = bundle_for(pain_location=["lower_back", "buttock", "leg"])

    (item,) = [i for i in answered(resources["QuestionnaireResponse"][0]) if i["linkId"] == "pain_location"]
    assert [a["valueCoding"]["code"] for a in item["answer"]] == ["lower_back", "buttock", "leg"]


def test_an_unplaced_trauma_type_is_answered_as_text_a_known_one_as_a_code():
    _, known = bundle_for(mechanism="fall", trauma={"occurred": True, "type": "fall_from_height"})
    _, unknown = bundle_for(make_clinic("south"), trauma={"occurred": True, "type": "fell off a horse"})

    def trauma_type(resources):
        items = answered(resources["QuestionnaireResponse"][0])
        return next(i["answer"][0] for i in items if i["linkId"] == "trauma.type")

    assert trauma_type(known)["valueCoding"]["code"] == "fall_from_height"
    assert trauma_type(unknown) == {"valueString": "fell off a horse"}


def test_a_duration_given_as_an_onset_date_is_counted_to_the_day_the_case_arrived():
    submission = make_submission(make_clinic(), symptom_duration_days=None, onset_date="2026-01-01")
    submission.received_at = dt.datetime(2026, 1, 11, 12, tzinfo=dt.UTC)

    resources = checked(submission_bundle(submission))

    items = {i["linkId"]: i["answer"] for i in answered(resources["QuestionnaireResponse"][0])}
    assert items["symptom_duration_days"] == [{"valueInteger": 10}]


def test_the_patient_is_minimal_name_and_birth_date_only():
    submission = make_submission(make_clinic(), name="Ada Lovelace")
    submission.date_of_birth = dt.date(1990, 5, 17)
    submission.phone, submission.email = "555-0100", "ada@example.org"

    (patient,) = checked(submission_bundle(submission))["Patient"]

    assert patient == {
        "resourceType": "Patient",
        "name": [{"text": "Ada Lovelace"}],
        "birthDate": "1990-05-17",
    }


def test_one_flag_per_raised_flag_with_its_tier_priority_and_rationale():
    submission, resources = bundle_for(cancer_history=True, age=63)

    flags = {f["code"]["coding"][0]["code"]: f for f in resources["Flag"]}
    assert set(flags) == set(submission.result["flags"]) == {"cancer_history", "age_over_50"}
    cancer = flags["cancer_history"]
    assert cancer["status"] == "active"
    assert cancer["extension"][0]["valueCodeableConcept"]["coding"][0]["code"] == "PM"
    assert {c["coding"][0]["code"] for c in cancer["category"]} == {"clinical", "urgent"}
    assert "cancer" in cancer["code"]["text"].lower()


def test_an_emergency_flag_has_high_priority():
    _, resources = bundle_for(saddle_anesthesia=True)

    (flag,) = [f for f in resources["Flag"] if f["code"]["coding"][0]["code"] == "cauda_equina_suspected"]
    assert flag["extension"][0]["valueCodeableConcept"]["coding"][0]["code"] == "PH"


def test_the_risk_assessment_predicts_category_and_urgency_and_cites_rules_and_flags():
    submission, resources = bundle_for(cancer_history=True, age=63)

    (risk,) = resources["RiskAssessment"]
    assert risk["status"] == "final"
    outcomes = [p["outcome"]["coding"][0]["code"] for p in risk["prediction"]]
    assert outcomes == ["red_flag_urgent", "urgent"]
    assert risk["prediction"][0]["rationale"].startswith("R-30")
    assert risk["method"]["coding"][0]["version"] == submission.result["rules_version"]
    flag_urls = {
        e["fullUrl"]
        for e in submission_bundle(submission)["entry"]
        if e["resource"]["resourceType"] == "Flag"
    }
    assert flag_urls <= {b["reference"] for b in risk["basis"]}
    assert "R-30" in risk["note"][0]["text"]
    assert "indicated_urgent" in risk["mitigation"]


def test_a_routine_case_says_imaging_is_not_indicated():
    _, resources = bundle_for()

    (risk,) = resources["RiskAssessment"]
    assert "not_indicated" in risk["mitigation"]
    assert "R-45" in risk["mitigation"]
    assert "Flag" not in resources


def test_a_failed_triage_is_a_preliminary_assessment_with_urgency_only():
    with mock.patch("triage.rules.evaluate", side_effect=RuntimeError("bug")):
        _, resources = bundle_for()

    (risk,) = resources["RiskAssessment"]
    assert risk["status"] == "preliminary"
    assert [p["outcome"]["coding"][0]["code"] for p in risk["prediction"]] == ["urgent"]
    assert "failed" in risk["mitigation"]


def test_observations_hold_pain_startback_total_with_risk_and_oswestry_percent():
    _, resources = bundle_for(
        pain_now_nprs=7, startback=STARTBACK, odi_sections=[1, 2, 3, 4, 5, 0, 1, 2, None, 3]
    )

    observations = {o["code"]["coding"][0]["code"]: o for o in resources["Observation"]}
    assert observations["72514-3"]["valueInteger"] == 7
    startback = observations["startback-total"]
    assert startback["valueInteger"] == 7
    components = {c["code"]["coding"][0]["code"]: c for c in startback["component"]}
    assert components["startback-psychosocial"]["valueInteger"] == 4
    assert components["startback-risk"]["valueCodeableConcept"]["coding"][0]["code"] == "high"
    odi = observations["odi-percent"]
    assert odi["valueQuantity"]["value"] == pytest.approx(21 / 45 * 100)
    assert odi["valueQuantity"]["code"] == "%"


def test_no_score_observation_without_a_score():
    _, resources = bundle_for(pain_now_nprs=None, odi_sections=[None] * 10)

    assert "Observation" not in resources


def test_every_local_code_in_the_bundle_is_served_by_its_code_system(client):
    submission, _ = bundle_for(cancer_history=True, age=63, startback=STARTBACK, odi_sections=[2] * 10)
    bundle = submission_bundle(submission)
    site = questionnaire.url().split("/fhir/")[0]

    codings = [c for c in codings_in(bundle) if c["system"].startswith(f"{site}/fhir/CodeSystem/")]

    assert codings
    for coding in codings:
        served = json.loads(client.get(coding["system"].removeprefix(site)).content)
        assert coding["code"] in {c["code"] for c in served["concept"]}


def codings_in(data):
    if isinstance(data, dict):
        if "system" in data and "code" in data:
            yield data
        for value in data.values():
            yield from codings_in(value)
    elif isinstance(data, list):
        for value in data:
            yield from codings_in(value)


def test_exporting_twice_gives_the_same_entries():
    submission, _ = bundle_for(cancer_history=True)

    first, second = submission_bundle(submission), submission_bundle(submission)

    assert first["entry"] == second["entry"]


# --- the case download on the dashboard ---


def test_a_clinician_downloads_the_bundle_of_a_case_of_their_clinic(client):
    clinic = make_clinic()
    submission = make_submission(clinic)
    client.force_login(make_user("alice", clinic))

    response = client.get(f"/dashboard/cases/{submission.pk}/fhir/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json"
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    checked(json.loads(response.content))


def test_each_download_is_audited_as_a_fhir_export(client):
    clinic = make_clinic()
    submission = make_submission(clinic)
    user = make_user("alice", clinic)
    client.force_login(user)

    client.get(f"/dashboard/cases/{submission.pk}/fhir/")

    event = AuditEvent.objects.get(action=AuditAction.CASE_EXPORTED)
    assert (event.actor, event.submission, event.detail) == (user, submission, {"format": "fhir"})


def test_a_case_of_another_clinic_is_not_found(client):
    submission = make_submission(make_clinic("south"))
    client.force_login(make_user("alice", make_clinic("north")))

    response = client.get(f"/dashboard/cases/{submission.pk}/fhir/")

    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.CASE_EXPORTED).exists()


def test_the_download_needs_a_login(client):
    submission = make_submission(make_clinic())

    response = client.get(f"/dashboard/cases/{submission.pk}/fhir/")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_case_whose_answers_no_longer_parse_is_refused_without_a_server_error(client):
    clinic = make_clinic()
    submission = make_submission(clinic)
    type(submission).objects.filter(pk=submission.pk).update(case={"age": "forty"})
    client.force_login(make_user("alice", clinic))

    response = client.get(f"/dashboard/cases/{submission.pk}/fhir/")

    assert response.status_code == 409
    assert "forty" not in response.content.decode()


def test_received_at_is_the_authored_time():
    submission, resources = bundle_for()

    authored = dt.datetime.fromisoformat(resources["QuestionnaireResponse"][0]["authored"])
    assert authored == submission.received_at
    assert submission.received_at <= timezone.now()
