"""The intake as a canonical FHIR R4 Questionnaire (SDC), generated from the catalogue.

`questionnaire()` returns the resource served at `/fhir/Questionnaire/lbp-intake`.
Its `url` is that address under SITE_URL; its `version` is a fingerprint of the
generated items, so any change to a question, its wording, its answers or its
conditions gives a new version, and a QuestionnaireResponse that names
`url|version` always points at the questions the patient actually saw.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from intake import questions
from interop import catalogue, codes
from interop.catalogue import DECIMAL, INTEGER, Field

QUESTIONNAIRE_ID = "lbp-intake"
SDC_PROFILE = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire|3.0.0"
MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"
COPYRIGHT = (
    "Question wording is the intake's own. The STarT Back items (Keele University) and the "
    "Oswestry Disability Index v2.1a sections (J. Fairbank; Mapi Research Trust) appear here as "
    "concept labels only, to code the answers; administer them with the licensed wording."
)


def url() -> str:
    return f"{settings.SITE_URL}/fhir/Questionnaire/{QUESTIONNAIRE_ID}"


def items() -> list[dict[str, Any]]:
    """The item tree: one group per intake step, one question per canonical field."""
    return [
        {
            "linkId": group.link_id,
            "text": group.title,
            "type": "group",
            "item": [question(field, text) for field, text in group.fields],
        }
        for group in catalogue.groups()
    ]


def question(field: Field, text: str) -> dict[str, Any]:
    item: dict[str, Any] = {"linkId": field.name, "text": text, "type": field.kind}
    if field.name == "pain_now_nprs":
        item["code"] = [
            {"system": codes.LOINC, "code": codes.LOINC_PAIN_NPRS, "display": codes.LOINC_PAIN_NPRS_DISPLAY}
        ]
    conditions = questions.ASKED_WHEN.get(field.name, [])
    if conditions:
        item["enableWhen"] = [enable_when(*condition) for condition in conditions]
        if len(conditions) > 1:
            item["enableBehavior"] = "any"
    if field.repeats:
        item["repeats"] = True
    if field.max_length is not None:
        item["maxLength"] = field.max_length
    if field.choices:
        item["answerOption"] = [{"valueCoding": codes.coding(field.code_system, c)} for c in field.choices]
    item.update(bounds(field))
    return item


def enable_when(question: str, operator: str, answer: Any) -> dict[str, Any]:
    if operator == "exists" or isinstance(answer, bool):
        return {"question": question, "operator": operator, "answerBoolean": answer}
    field = catalogue.FIELDS[question]
    return {
        "question": question,
        "operator": operator,
        "answerCoding": codes.coding(field.code_system, answer),
    }


def bounds(field: Field) -> dict[str, Any]:
    if field.kind not in (INTEGER, DECIMAL) or field.minimum is None or field.maximum is None:
        return {}
    key = "valueInteger" if field.kind == INTEGER else "valueDecimal"
    number = int if field.kind == INTEGER else float
    return {
        "extension": [
            {"url": MIN_VALUE, key: number(field.minimum)},
            {"url": MAX_VALUE, key: number(field.maximum)},
        ]
    }


def version(tree: list[dict[str, Any]] | None = None) -> str:
    """Fingerprint of the item tree, independent of the deployment's SITE_URL."""
    tree = items() if tree is None else tree
    return codes.content_hash(_without_site(tree))  # the tree holds URLs under SITE_URL


def _without_site(data: Any) -> Any:
    if isinstance(data, dict):
        return {key: _without_site(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_without_site(value) for value in data]
    if isinstance(data, str):
        return data.replace(settings.SITE_URL, "")
    return data


def canonical() -> str:
    """`url|version`, the reference a QuestionnaireResponse gives."""
    return f"{url()}|{version()}"


def questionnaire() -> dict[str, Any]:
    tree = items()
    return {
        "resourceType": "Questionnaire",
        "id": QUESTIONNAIRE_ID,
        "meta": {"profile": [SDC_PROFILE]},
        "url": url(),
        "version": version(tree),
        "name": "LowBackPainIntake",
        "title": "Low back pain intake",
        "status": "active",
        "subjectType": ["Patient"],
        "description": (
            "Intake for adults with low back pain: onset, injury, leg symptoms, warning signs, "
            "health history and questionnaires. Each linkId is the field name of the canonical "
            "case read by the triage rules; an unanswered question means 'not answered', never 'no'."
        ),
        "copyright": COPYRIGHT,
        "item": tree,
    }


def link_ids(tree: list[dict[str, Any]] | None = None) -> dict[str, dict[str, Any]]:
    """Every item of the tree by linkId (groups and questions)."""
    found: dict[str, dict[str, Any]] = {}
    for item in items() if tree is None else tree:
        found[item["linkId"]] = item
        found.update(link_ids(item.get("item", [])))
    return found
