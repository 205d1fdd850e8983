"""One stored submission as a FHIR R4 Bundle of type `collection`.

The bundle holds a minimal Patient (name and birth date only: an EHR needs no
more to match the person, so telecom and address stay behind), the
QuestionnaireResponse rebuilt from the stored canonical case, the RiskAssessment
(category and urgency as predictions, flags and answers as basis, imaging as
mitigation, the rules version in `method`), one Flag per raised flag and an
Observation each for the pain rating, the STarT Back total and the Oswestry
percent. Entries are addressed by `urn:uuid:` full URLs derived from the
submission id, so exporting a case twice gives the same ids.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import timezone

from intake.models import Submission
from interop import catalogue, codes, questionnaire
from interop.catalogue import BOOLEAN, CHOICE, DECIMAL, INTEGER, OPEN_CHOICE
from triage import rules
from triage.case import case_to_dict, parse_case

UCUM = "http://unitsofmeasure.org"


def reference_system() -> str:
    """Identifier namespace of the reference code patients quote (`ABCD-2345`)."""
    return f"{settings.SITE_URL}/fhir/sid/submission-reference"


DISCLAIMER = (
    "This summary was generated automatically from the patient's answers. It is not a "
    "diagnosis; a clinician reviews every case."
)


@dataclass(frozen=True)
class Form:
    """The current Questionnaire, computed once per export run."""

    canonical: str = field(default_factory=questionnaire.canonical)
    tree: list[dict[str, Any]] = field(default_factory=questionnaire.items)


def canonical_case(submission: Submission) -> dict[str, Any]:
    """The stored case as the rules read it: normalised, every field present.

    A duration given as an onset date is counted to the day the case arrived, as
    it was when it was triaged, not to the day of the export.
    """
    data = dict(submission.case)
    if data.get("onset_date") and not data.get("intake_date"):
        data["intake_date"] = timezone.localdate(submission.received_at).isoformat()
    return case_to_dict(parse_case(data))


def submission_bundle(submission: Submission, form: Form | None = None) -> dict[str, Any]:
    """The bundle for one submission. Raises `CaseError` if its case no longer parses."""
    form = form or Form()
    build = _Builder(submission, canonical_case(submission), form)
    return build.bundle()


def response_items(case: dict[str, Any], tree: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """QuestionnaireResponse items: answered questions only, in the Questionnaire's groups."""
    groups = []
    for group in tree:
        answered = [item for q in group["item"] if (item := answered_item(case, q))]
        if answered:
            groups.append({"linkId": group["linkId"], "text": group["text"], "item": answered})
    return groups


def answered_item(case: dict[str, Any], question: dict[str, Any]) -> dict[str, Any] | None:
    value = catalogue.value_of(case, question["linkId"])
    if value is None or value == []:
        return None
    values = value if isinstance(value, list) else [value]
    return {
        "linkId": question["linkId"],
        "text": question["text"],
        "answer": [answer(question, v) for v in values],
    }


def answer(question: dict[str, Any], value: Any) -> dict[str, Any]:
    kind = question["type"]
    if kind == BOOLEAN:
        return {"valueBoolean": bool(value)}
    if kind == INTEGER:
        return {"valueInteger": int(value)}
    if kind == DECIMAL:
        return {"valueDecimal": float(value)}
    if kind in (CHOICE, OPEN_CHOICE):
        for option in question["answerOption"]:
            if option["valueCoding"]["code"] == value:
                return {"valueCoding": option["valueCoding"]}
    if kind == CHOICE:
        raise ValueError(f"{question['linkId']}: {value!r} is not one of its answer options")
    return {"valueString": str(value)}


class _Builder:
    def __init__(self, submission: Submission, case: dict[str, Any], form: Form) -> None:
        self.s = submission
        self.case = case
        self.form = form
        self.result: dict[str, Any] = submission.result
        self.when = submission.received_at.isoformat()
        self.entries: list[dict[str, Any]] = []

    def url(self, name: str) -> str:
        return f"urn:uuid:{uuid.uuid5(self.s.id, name)}"

    def ref(self, name: str) -> dict[str, str]:
        return {"reference": self.url(name)}

    def add(self, name: str, resource: dict[str, Any]) -> None:
        self.entries.append({"fullUrl": self.url(name), "resource": resource})

    def bundle(self) -> dict[str, Any]:
        self.add("Patient", self.patient())
        self.add("QuestionnaireResponse", self.response())
        flags = list(self.result.get("flags") or [])
        self.add("RiskAssessment", self.risk_assessment(flags))
        for flag_id in flags:
            self.add(f"Flag/{flag_id}", self.flag(flag_id))
        for name, observation in self.observations():
            self.add(f"Observation/{name}", observation)
        return {
            "resourceType": "Bundle",
            "identifier": {"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{self.s.id}"},
            "type": "collection",
            "timestamp": timezone.now().isoformat(),
            "entry": self.entries,
        }

    def patient(self) -> dict[str, Any]:
        patient: dict[str, Any] = {"resourceType": "Patient"}
        if self.s.patient_name.strip():
            patient["name"] = [{"text": self.s.patient_name.strip()}]
        if self.s.date_of_birth is not None:
            patient["birthDate"] = self.s.date_of_birth.isoformat()
        return patient

    def response(self) -> dict[str, Any]:
        return {
            "resourceType": "QuestionnaireResponse",
            "identifier": {"system": reference_system(), "value": self.s.reference},
            "questionnaire": self.form.canonical,
            "status": "completed",
            "subject": self.ref("Patient"),
            "authored": self.when,
            "source": self.ref("Patient"),
            "item": response_items(self.case, self.form.tree),
        }

    def risk_assessment(self, flags: list[str]) -> dict[str, Any]:
        version = self.result.get("rules_version") or self.s.rules_version
        fired = ", ".join(self.result.get("rules_fired") or []) or "none (the rules module failed)"
        return {
            "resourceType": "RiskAssessment",
            "status": "preliminary" if self.s.triage_failed else "final",
            "method": {
                "coding": [{**codes.coding("lbp-triage", codes.RULESET), "version": version}],
                "text": f"Low back pain triage rules, version {version}",
            },
            "code": codes.concept("lbp-triage", codes.TRIAGE),
            "subject": self.ref("Patient"),
            "occurrenceDateTime": self.when,
            "basis": [self.ref("QuestionnaireResponse"), *(self.ref(f"Flag/{f}") for f in flags)],
            "prediction": self.predictions(),
            "mitigation": self.imaging_text(),
            "note": [{"text": f"Decision rules fired: {fired}. Rules version {version}. {DISCLAIMER}"}],
        }

    def predictions(self) -> list[dict[str, Any]]:
        out = []
        for output, system in (("category", "lbp-triage-category"), ("urgency", "lbp-urgency")):
            value = self.result.get(output)
            if value is None:
                continue
            prediction: dict[str, Any] = {"outcome": codes.concept(system, value)}
            rule = self.s.decided_by.get(output)
            if rule in rules.DECISION_RULES_BY_ID:
                prediction["rationale"] = f"{rule}: {rules.DECISION_RULES_BY_ID[rule].summary}"
            out.append(prediction)
        return out

    def imaging_text(self) -> str:
        imaging = self.result.get("imaging")
        if imaging is None:
            return "No imaging suggestion: the rules module failed; a clinician decides after review."
        rule = self.s.decided_by.get("imaging")
        by = f" (decision rule {rule})" if rule else ""
        return f"Imaging suggestion: {codes.IMAGING_DISPLAY.get(imaging, imaging)} [{imaging}]{by}."

    def flag(self, flag_id: str) -> dict[str, Any]:
        known = rules.FLAGS_BY_ID.get(flag_id)
        categories = [
            {"coding": [{"system": codes.FLAG_CATEGORY, "code": "clinical", "display": "Clinical"}]}
        ]
        flag: dict[str, Any] = {"resourceType": "Flag", "status": "active"}
        if known is not None:
            code, display = codes.TIER_PRIORITY[known.tier]
            priority = {"coding": [{"system": codes.FLAG_PRIORITY, "code": code, "display": display}]}
            flag["extension"] = [{"url": codes.FLAG_PRIORITY_EXTENSION, "valueCodeableConcept": priority}]
            categories.append(codes.concept("lbp-flag-tier", known.tier.value))
        flag["category"] = categories
        flag["code"] = {
            "coding": [codes.coding("lbp-flag", flag_id)],
            "text": known.rationale if known else flag_id,
        }
        flag["subject"] = self.ref("Patient")
        flag["period"] = {"start": self.when}
        return flag

    def observations(self) -> list[tuple[str, dict[str, Any]]]:
        out = []
        pain = self.case.get("pain_now_nprs")
        if pain is not None:
            loinc = {
                "system": codes.LOINC,
                "code": codes.LOINC_PAIN_NPRS,
                "display": codes.LOINC_PAIN_NPRS_DISPLAY,
            }
            out.append(
                ("pain", self.observation({"coding": [loinc], "text": "Pain now (0-10)"}, valueInteger=pain))
            )
        startback = self.result.get("startback")
        if startback:
            out.append(("startback", self.startback(startback)))
        odi = self.result.get("odi")
        if odi and odi.get("percent") is not None:
            out.append(("odi", self.odi(odi)))
        return out

    def observation(self, code: dict[str, Any], **value: Any) -> dict[str, Any]:
        return {
            "resourceType": "Observation",
            "status": "final",
            "category": [
                {"coding": [{"system": codes.OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}]}
            ],
            "code": code,
            "subject": self.ref("Patient"),
            "effectiveDateTime": self.when,
            "derivedFrom": [self.ref("QuestionnaireResponse")],
            **value,
        }

    def startback(self, score: dict[str, Any]) -> dict[str, Any]:
        observation = self.observation(
            codes.concept("lbp-triage", codes.STARTBACK_TOTAL), valueInteger=int(score["total"])
        )
        observation["component"] = [
            {
                "code": codes.concept("lbp-triage", codes.STARTBACK_PSYCHOSOCIAL),
                "valueInteger": int(score["psychosocial"]),
            },
            {
                "code": codes.concept("lbp-triage", codes.STARTBACK_RISK),
                "valueCodeableConcept": codes.concept("lbp-startback-risk", score["risk"]),
            },
        ]
        return observation

    def odi(self, score: dict[str, Any]) -> dict[str, Any]:
        percent = {"value": float(score["percent"]), "unit": "%", "system": UCUM, "code": "%"}
        observation = self.observation(codes.concept("lbp-triage", codes.ODI_PERCENT), valueQuantity=percent)
        observation["component"] = [
            {
                "code": codes.concept("lbp-triage", codes.ODI_BAND),
                "valueCodeableConcept": codes.concept("lbp-odi-band", score["band"]),
            }
        ]
        return observation
