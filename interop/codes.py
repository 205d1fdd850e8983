"""Code systems: the few standard codes the FHIR export uses, and the app's own.

Standard codes are used only where verified against published material: LOINC
72514-3 (pain severity, 0-10 verbal numeric rating, reported), the HL7
observation-category `survey`, flag-category `clinical` and the flag-priority
extension codes. Everything else the export codes (answer values of the canonical
case, triage category, urgency, imaging suggestion, flag and rule ids, STarT Back
and Oswestry scores) belongs to a local code system at
`{SITE_URL}/fhir/CodeSystem/<id>`, generated from `triage/` and `interop.catalogue`
so it lists exactly the values the rules and the parser know, and served as a FHIR
CodeSystem at that address.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from interop import catalogue
from triage import rules, scoring

LOINC = "http://loinc.org"
LOINC_PAIN_NPRS = "72514-3"
LOINC_PAIN_NPRS_DISPLAY = "Pain severity - 0-10 verbal numeric rating [Score] - Reported"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
FLAG_CATEGORY = "http://terminology.hl7.org/CodeSystem/flag-category"
FLAG_PRIORITY_EXTENSION = "http://hl7.org/fhir/StructureDefinition/flag-priority"
FLAG_PRIORITY = "http://hl7.org/fhir/flag-priority-code"
# Flag tier -> HL7 flag priority (PH high, PM medium, PL low, PN no alarm).
TIER_PRIORITY = {
    rules.Tier.EMERGENCY: ("PH", "High priority"),
    rules.Tier.URGENT: ("PM", "Medium priority"),
    rules.Tier.SOFT: ("PL", "Low priority"),
    rules.Tier.INFO: ("PN", "No alarm"),
}

# Codes of the `lbp-triage` system: what the export's resources are about.
TRIAGE = "triage"
RULESET = "ruleset"
STARTBACK_TOTAL = "startback-total"
STARTBACK_PSYCHOSOCIAL = "startback-psychosocial"
STARTBACK_RISK = "startback-risk"
ODI_PERCENT = "odi-percent"
ODI_BAND = "odi-band"
TRIAGE_CODES = (
    (TRIAGE, "Low back pain intake triage", "Category, urgency and imaging suggestion of the rules module."),
    (RULESET, "Low back pain triage rules", "The rule set; the coding's version is the rules version."),
    (STARTBACK_TOTAL, "STarT Back total score", "Sum of the nine items, 0 to 9 (Keele 9-item version)."),
    (STARTBACK_PSYCHOSOCIAL, "STarT Back psychosocial subscore", "Items 5 to 9, 0 to 5."),
    (STARTBACK_RISK, "STarT Back risk group", "Low, medium or high risk of persistent disabling pain."),
    (ODI_PERCENT, "Oswestry Disability Index (percent)", "ODI v2.1a over the answered sections."),
    (ODI_BAND, "Oswestry disability band", "Fairbank interpretation band of the ODI percent."),
)

CATEGORY_DISPLAY = {
    "emergency": "Emergency",
    "traumatic": "Traumatic back pain",
    "red_flag_urgent": "Red flag, urgent",
    "radicular": "Radicular (nerve-root) pain",
    "non_traumatic_mechanical": "Non-traumatic mechanical back pain",
}
IMAGING_DISPLAY = {
    "not_indicated": "Imaging not indicated now",
    "consider_if_persistent": "No imaging now; reconsider if symptoms persist",
    "indicated_routine": "Imaging may help planning (routine)",
    "radiography_first": "Radiographs first",
    "indicated_urgent": "Imaging indicated, urgent",
    "indicated_emergency": "Imaging indicated, emergency",
}


@dataclass(frozen=True)
class LocalCodeSystem:
    id: str
    title: str
    description: str
    concepts: tuple[tuple[str, str, str], ...]  # (code, display, definition)

    @property
    def version(self) -> str:
        return content_hash(self.concepts)

    def display(self, code: str) -> str | None:
        return next((display for c, display, _ in self.concepts if c == code), None)


def content_hash(data: Any) -> str:
    """A short, stable fingerprint of JSON-like data: changes whenever the data does."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def system_url(system_id: str) -> str:
    return f"{settings.SITE_URL}/fhir/CodeSystem/{system_id}"


def coding(system_id: str, code: str) -> dict[str, str]:
    """A Coding in one of the local systems, with its display when the code is known."""
    out = {"system": system_url(system_id), "code": code}
    display = code_systems()[system_id].display(code)
    if display is not None:
        out["display"] = display
    return out


def concept(system_id: str, code: str) -> dict[str, Any]:
    """A CodeableConcept holding one local coding."""
    one = coding(system_id, code)
    return {"coding": [one], "text": one.get("display", code)}


def _answer_systems() -> list[LocalCodeSystem]:
    seen: dict[str, tuple[str, ...]] = {}
    for field in catalogue.FIELDS.values():
        if field.code_system:
            seen.setdefault(field.code_system, field.choices)
    return [
        LocalCodeSystem(
            id=system_id,
            title=f"Intake answers: {system_id.removeprefix('lbp-').replace('-', ' ')}",
            description="Allowed values of a canonical intake field (triage/case.py).",
            concepts=tuple((code, catalogue.display(code), "") for code in choices),
        )
        for system_id, choices in seen.items()
    ]


def _output_systems() -> list[LocalCodeSystem]:
    odi_bands = [band for _, band in scoring.ODI_BANDS] + [scoring.ODI_INCOMPLETE]
    return [
        LocalCodeSystem(
            "lbp-triage", "Triage concepts", "What the exported resources are about.", TRIAGE_CODES
        ),
        LocalCodeSystem(
            "lbp-triage-category",
            "Triage category",
            "The pathway a case belongs to (REFERENCE section 6).",
            tuple((c, CATEGORY_DISPLAY.get(c, c), "") for c in rules.CATEGORIES),
        ),
        LocalCodeSystem(
            "lbp-urgency",
            "Triage urgency",
            "How soon a clinician must act.",
            tuple((u, u.capitalize(), "") for u in rules.URGENCIES),
        ),
        LocalCodeSystem(
            "lbp-imaging",
            "Imaging suggestion",
            "Imaging appropriateness following the ACR Appropriateness Criteria.",
            tuple((i, IMAGING_DISPLAY.get(i, i), "") for i in rules.IMAGING),
        ),
        LocalCodeSystem(
            "lbp-flag",
            "Red flags",
            "Flags the rules raise, with their rationale (triage/rules.py).",
            tuple((f.id, f.id.replace("_", " ").capitalize(), f.rationale) for f in rules.FLAGS),
        ),
        LocalCodeSystem(
            "lbp-flag-tier",
            "Red flag tiers",
            "Emergency, urgent, soft or informational.",
            tuple((t.value, t.value.capitalize(), "") for t in rules.Tier),
        ),
        LocalCodeSystem(
            "lbp-rule",
            "Triage decision rules",
            "The ordered decision rules (REFERENCE section 7).",
            tuple((r.id, r.summary, r.rationale) for r in rules.DECISION_RULES),
        ),
        LocalCodeSystem(
            "lbp-startback-risk",
            "STarT Back risk groups",
            "Risk of persistent disabling back pain, with the matched care of the trial.",
            tuple((r, r.capitalize(), care) for r, care in scoring.STARTBACK_MATCHED_CARE.items()),
        ),
        LocalCodeSystem(
            "lbp-odi-band",
            "Oswestry disability bands",
            "Fairbank interpretation bands of the ODI percent.",
            tuple((b, b.replace("_", " ").capitalize(), "") for b in odi_bands),
        ),
    ]


@functools.cache
def code_systems() -> dict[str, LocalCodeSystem]:
    return {system.id: system for system in _answer_systems() + _output_systems()}


def code_system_resource(system: LocalCodeSystem) -> dict[str, Any]:
    """The FHIR R4 CodeSystem resource for one local system."""
    return {
        "resourceType": "CodeSystem",
        "id": system.id,
        "url": system_url(system.id),
        "version": system.version,
        "name": "".join(part.capitalize() for part in system.id.split("-")),
        "title": system.title,
        "status": "active",
        "description": system.description,
        "caseSensitive": True,
        "content": "complete",
        "count": len(system.concepts),
        "concept": [
            {"code": code, "display": display, **({"definition": definition} if definition else {})}
            for code, display, definition in system.concepts
        ],
    }
