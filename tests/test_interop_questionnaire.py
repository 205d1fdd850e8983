import json

import pytest
from fhir.resources.R4B.codesystem import CodeSystem
from fhir.resources.R4B.questionnaire import Questionnaire

from interop import catalogue, codes, questionnaire
from tests.triage_cases import case_data
from triage import case as canonical
from triage.case import CaseError, parse_case
from triage.rules import TRAUMA_TYPE_SEVERITY

# Required bindings of R4 that fhir.resources does not enforce.
ITEM_TYPES = {
    "group", "display", "boolean", "decimal", "integer", "date", "dateTime", "time", "string", "text",
    "url", "choice", "open-choice", "attachment", "reference", "quantity",
}  # fmt: skip
OPERATORS = {"exists", "=", "!=", ">", "<", ">=", "<="}
PUBLICATION_STATUSES = {"draft", "active", "retired", "unknown"}


def expected_link_ids() -> set[str]:
    nested = {
        "trauma": canonical.Trauma,
        "prior_lumbar_imaging": canonical.PriorImaging,
        "startback": canonical.StartBackAnswers,
    }
    names = set()
    for name in canonical.CASE_FIELDS:
        if name in nested:
            names |= {f"{name}.{child}" for child in nested[name].__dataclass_fields__}
        elif name == "odi_sections":
            names |= {f"odi_sections[{i}]" for i in range(canonical.ODI_SECTION_COUNT)}
        else:
            names.add(name)
    return names


def questions(tree):
    for item in tree:
        if item["type"] == "group":
            yield from questions(item["item"])
        else:
            yield item


def test_the_questionnaire_is_a_valid_r4_resource_with_bound_codes_in_range():
    resource = questionnaire.questionnaire()

    Questionnaire.model_validate(resource)
    assert resource["status"] in PUBLICATION_STATUSES
    for item in questionnaire.link_ids(resource["item"]).values():
        assert item["type"] in ITEM_TYPES
        assert item.get("enableBehavior", "any") in {"all", "any"}
        assert all(condition["operator"] in OPERATORS for condition in item.get("enableWhen", []))


def test_every_canonical_field_is_exactly_one_question_named_after_it():
    link_ids = [item["linkId"] for item in questions(questionnaire.items())]

    assert len(link_ids) == len(set(link_ids))
    assert set(link_ids) == expected_link_ids()


def test_every_question_the_intake_lists_is_a_canonical_field():
    listed = {name for _, fields in catalogue.questions.SECTIONS for name in fields}

    assert listed <= set(catalogue.FIELDS)


def test_every_linkid_is_unique_across_groups_and_questions():
    every = []

    def walk(tree):
        for item in tree:
            every.append(item["linkId"])
            walk(item.get("item", []))

    walk(questionnaire.items())

    assert len(every) == len(set(every))


def test_conditional_questions_depend_on_an_earlier_question_and_one_of_its_answers():
    items = list(questions(questionnaire.items()))
    position = {item["linkId"]: index for index, item in enumerate(items)}
    by_id = {item["linkId"]: item for item in items}

    for item in items:
        for condition in item.get("enableWhen", []):
            source = by_id[condition["question"]]
            assert position[source["linkId"]] < position[item["linkId"]]
            if "answerCoding" in condition:
                assert condition["answerCoding"] in [o["valueCoding"] for o in source["answerOption"]]
            else:
                assert "answerBoolean" in condition


@pytest.mark.parametrize(
    ("link_id", "depends_on"),
    [
        ("trauma.type", "trauma.occurred"),
        ("trauma.severity", "trauma.occurred"),
        ("cancer_type", "cancer_history"),
        ("prior_spine_surgery_years_ago", "prior_spine_surgery"),
        ("new_or_worsening_since_surgery", "prior_spine_surgery"),
        ("prior_lumbar_imaging.modality", "prior_lumbar_imaging.done"),
        ("prior_lumbar_imaging.weeks_ago", "prior_lumbar_imaging.done"),
        ("prior_lumbar_imaging.change_since", "prior_lumbar_imaging.done"),
    ],
)
def test_a_follow_up_question_is_enabled_only_by_a_yes_to_its_parent(link_id, depends_on):
    item = questionnaire.link_ids()[link_id]

    assert item["enableWhen"] == [{"question": depends_on, "operator": "=", "answerBoolean": True}]


def test_pregnancy_is_asked_unless_the_patient_said_male():
    item = questionnaire.link_ids()["pregnant"]

    assert item["enableBehavior"] == "any"
    conditions = {
        (c["question"], c["operator"], c.get("answerCoding", {}).get("code")) for c in item["enableWhen"]
    }
    assert conditions == {("sex", "exists", None), ("sex", "=", "female"), ("sex", "=", "other")}


def test_answer_options_are_the_values_triage_case_accepts():
    items = questionnaire.link_ids()

    def codes_of(link_id):
        return [option["valueCoding"]["code"] for option in items[link_id]["answerOption"]]

    assert codes_of("sex") == list(canonical.SEXES)
    assert codes_of("mechanism") == list(canonical.MECHANISMS)
    assert codes_of("leg_pain") == codes_of("numbness") == codes_of("weakness") == list(canonical.LEG_EXTENTS)
    assert codes_of("pain_location") == list(canonical.PAIN_LOCATIONS)
    assert items["pain_location"]["repeats"] is True
    assert codes_of("startback.q9_bothersome") == list(canonical.BOTHERSOME_ANSWERS)
    assert codes_of("trauma.type") == list(TRAUMA_TYPE_SEVERITY)
    assert items["trauma.type"]["type"] == "open-choice"


def test_the_pain_question_carries_the_loinc_pain_severity_code_and_its_range():
    item = questionnaire.link_ids()["pain_now_nprs"]

    assert item["code"][0]["system"] == "http://loinc.org"
    assert item["code"][0]["code"] == "72514-3"
    assert {e["url"].rsplit("/", 1)[1]: e["valueInteger"] for e in item["extension"]} == {
        "minValue": 0,
        "maxValue": 10,
    }


def test_the_instruments_are_there_nine_startback_items_and_ten_oswestry_sections():
    link_ids = questionnaire.link_ids()

    startback = [i for i in link_ids if i.startswith("startback.")]
    odi = [i for i in link_ids if i.startswith("odi_sections[")]
    assert len(startback) == 9
    assert len(odi) == 10
    assert all(link_ids[i]["type"] == "integer" for i in odi)


def test_changing_a_question_changes_the_version(monkeypatch):
    before = questionnaire.version()

    monkeypatch.setitem(catalogue.questions.LABELS, "age", "Your age in whole years")

    assert questionnaire.version() != before


def test_changing_a_condition_changes_the_version(monkeypatch):
    before = questionnaire.version()

    monkeypatch.setitem(catalogue.questions.ASKED_WHEN, "cancer_type", [("cancer_history", "exists", True)])

    assert questionnaire.version() != before


def test_the_version_does_not_depend_on_the_site_url(settings):
    settings.SITE_URL = "https://one.example.org"
    first = questionnaire.version()

    settings.SITE_URL = "https://two.example.org"

    assert questionnaire.version() == first


def test_the_questionnaire_is_served_publicly_as_fhir_json(client, settings):
    settings.SITE_URL = "https://intake.example.org"

    response = client.get("/fhir/Questionnaire/lbp-intake")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json"
    body = json.loads(response.content)
    assert body["url"] == "https://intake.example.org/fhir/Questionnaire/lbp-intake"
    assert body["version"] == questionnaire.version()


def test_every_local_code_system_is_served_and_holds_every_code_the_questionnaire_uses(client):
    used = [
        option["valueCoding"]
        for item in questions(questionnaire.items())
        for option in item.get("answerOption", [])
    ]

    for coding in used:
        system_id = coding["system"].rsplit("/", 1)[1]
        response = client.get(f"/fhir/CodeSystem/{system_id}")
        served = json.loads(response.content)
        CodeSystem.model_validate(served)
        assert served["url"] == coding["system"]
        assert coding["code"] in [c["code"] for c in served["concept"]]


def test_an_unknown_code_system_is_a_fhir_not_found(client):
    response = client.get("/fhir/CodeSystem/no-such-system")

    assert response.status_code == 404
    assert json.loads(response.content)["resourceType"] == "OperationOutcome"


def test_every_code_system_is_a_valid_r4_resource_with_bound_codes():
    for system in codes.code_systems().values():
        resource = codes.code_system_resource(system)

        CodeSystem.model_validate(resource)
        assert resource["status"] in PUBLICATION_STATUSES
        assert resource["content"] == "complete"
        assert len({c["code"] for c in resource["concept"]}) == len(resource["concept"])


# --- the catalogue agrees with the parser the rules read ---

NUMERIC = [f for f in catalogue.FIELDS.values() if f.kind in ("integer", "decimal")]
CHOICES = [f for f in catalogue.FIELDS.values() if f.kind == "choice"]
TEXTS = [f for f in catalogue.FIELDS.values() if f.max_length is not None]


def case_with(link_id, value):
    data = case_data(startback=None, odi_sections=None)
    name, bracket, index = link_id.partition("[")
    if bracket:
        sections = [None] * canonical.ODI_SECTION_COUNT
        sections[int(index.rstrip("]"))] = value
        data["odi_sections"] = sections
    elif "." in name:
        parent, child = name.split(".")
        data[parent] = {**(data.get(parent) or {}), child: value}
    else:
        data[name] = [value] if catalogue.FIELDS[name].repeats else value
    return data


@pytest.mark.parametrize("field", NUMERIC, ids=lambda f: f.name)
def test_the_catalogue_range_of_each_number_is_the_parsers(field):
    parse_case(case_with(field.name, field.minimum))
    parse_case(case_with(field.name, field.maximum))

    with pytest.raises(CaseError):
        parse_case(case_with(field.name, field.maximum + 1))
    with pytest.raises(CaseError):
        parse_case(case_with(field.name, field.minimum - 1))


@pytest.mark.parametrize("field", CHOICES, ids=lambda f: f.name)
def test_the_catalogue_choices_of_each_field_are_the_parsers(field):
    for choice in field.choices:
        parse_case(case_with(field.name, choice))

    with pytest.raises(CaseError):
        parse_case(case_with(field.name, "not_a_value"))


@pytest.mark.parametrize("field", TEXTS, ids=lambda f: f.name)
def test_the_catalogue_length_of_each_text_is_the_parsers(field):
    parse_case(case_with(field.name, "x" * field.max_length))

    with pytest.raises(CaseError):
        parse_case(case_with(field.name, "x" * (field.max_length + 1)))
