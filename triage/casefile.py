"""What the case page shows about a stored submission, explained from the rules' own data.

`case_file(submission)` turns the stored case and result into plain objects for the
template: every flag with its tier, rationale and source; each output with the
decision rule that produced it; the emergency questions left unanswered; the STarT
Back and Oswestry scores with their item answers; every answer as the patient saw
it (from `intake.questions.answer_sections`). Nothing here queries the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from intake.models import Submission
from intake.questions import Section, answer_sections
from triage import labels, rules
from triage.case import STARTBACK_ITEMS
from triage.scoring import STARTBACK_MATCHED_CARE


@dataclass(frozen=True)
class FlagView:
    id: str
    label: str
    tier: str
    tier_label: str
    rationale: str
    source: str


@dataclass(frozen=True)
class OutputView:
    name: str
    code: str | None
    label: str
    rule: rules.DecisionRule | None
    rule_id: str


@dataclass(frozen=True)
class ItemAnswer:
    label: str
    value: str
    answered: bool


@dataclass(frozen=True)
class StartBackView:
    total: int | None
    psychosocial: int | None
    risk: str | None
    risk_label: str
    matched_care: str
    items: list[ItemAnswer]


@dataclass(frozen=True)
class OdiView:
    percent: int | None
    band_label: str
    items: list[ItemAnswer]


@dataclass(frozen=True)
class CaseFile:
    flags: list[FlagView]
    outputs: list[OutputView]
    rules_fired: list[tuple[str, str]]
    missing_emergency_answers: list[str]
    startback: StartBackView | None
    odi: OdiView | None
    sections: list[Section]
    narrative: str
    prior_imaging: list[ItemAnswer] = field(default_factory=list)


def answer(label: str, value: Any, shown: str | None = None) -> ItemAnswer:
    if value is None:
        return ItemAnswer(label, "Not answered", False)
    if shown is None:
        shown = "Yes" if value is True else "No" if value is False else str(value)
    return ItemAnswer(label, shown, True)


def flag_views(flag_ids: list[str]) -> list[FlagView]:
    views = []
    for flag_id in flag_ids:
        flag = rules.FLAGS_BY_ID.get(flag_id)
        if flag is None:  # a flag retired since this case was triaged: still shown
            views.append(FlagView(flag_id, labels.flag_label(flag_id), "", "Unknown", "", ""))
            continue
        views.append(
            FlagView(
                flag.id, labels.flag_label(flag.id), flag.tier.value, labels.TIER_LABELS[flag.tier],
                flag.rationale, flag.source,
            )
        )  # fmt: skip
    order = {tier.value: index for index, tier in enumerate(rules.Tier)}
    return sorted(views, key=lambda view: order.get(view.tier, len(order)))


def output_views(submission: Submission) -> list[OutputView]:
    decided_by: dict[str, str] = submission.decided_by or {}
    views = []
    for name in ("category", "urgency", "imaging"):
        code = getattr(submission, name)
        rule_id = decided_by.get(name, "")
        views.append(
            OutputView(
                name=name.title(), code=code, label=labels.label(name, code),
                rule=rules.DECISION_RULES_BY_ID.get(rule_id), rule_id=rule_id,
            )
        )  # fmt: skip
    return views


def missing_emergency_answers(case: dict[str, Any], sections: list[Section]) -> list[str]:
    """Labels of the emergency questions left unanswered (REFERENCE section 1)."""
    by_field = {a.field: a.label for section in sections for a in section.answers}
    return [
        by_field.get(name, labels.humanise(name))
        for name in rules.EMERGENCY_QUESTIONS
        if case.get(name) is None
    ]


def startback_view(case: dict[str, Any], result: dict[str, Any]) -> StartBackView | None:
    given = case.get("startback")
    score = result.get("startback")
    if not given and not score:
        return None
    given = given or {}
    items = [answer(labels.STARTBACK_ITEM_LABELS[item], given.get(item)) for item in STARTBACK_ITEMS]
    bothersome = given.get("q9_bothersome")
    items.append(
        answer(
            labels.STARTBACK_ITEM_LABELS["q9_bothersome"], bothersome,
            labels.BOTHERSOME_LABELS.get(bothersome or "", bothersome),
        )
    )  # fmt: skip
    if not score:
        return StartBackView(None, None, None, "Not scored: not all nine items were answered", "", items)
    risk = score["risk"]
    return StartBackView(
        score["total"], score["psychosocial"], risk, labels.label("startback", risk),
        STARTBACK_MATCHED_CARE.get(risk, ""), items,
    )  # fmt: skip


def odi_view(case: dict[str, Any], result: dict[str, Any]) -> OdiView | None:
    sections = case.get("odi_sections")
    score = result.get("odi")
    if not sections and not score:
        return None
    sections = list(sections or [None] * len(labels.ODI_SECTION_LABELS))
    items = [
        answer(label, value, f"{value} of 5" if value is not None else None)
        for label, value in zip(labels.ODI_SECTION_LABELS, sections, strict=False)
    ]
    percent = (score or {}).get("percent")
    band = (score or {}).get("band")
    return OdiView(
        percent=round(percent) if percent is not None else None,
        band_label=labels.label("odi", band),
        items=items,
    )


MODALITY_LABELS = {"mri": "MRI", "radiograph": "X-ray", "ct": "CT"}


def prior_imaging(case: dict[str, Any]) -> list[ItemAnswer]:
    imaging = case.get("prior_lumbar_imaging") or {}
    modality = imaging.get("modality")
    weeks = imaging.get("weeks_ago")
    return [
        answer("Back scan or X-ray for this problem", imaging.get("done")),
        answer("Kind", modality, MODALITY_LABELS.get(modality or "", modality)),
        answer("Weeks ago", weeks),
        answer("Symptoms changed since", imaging.get("change_since")),
    ]


def case_file(submission: Submission) -> CaseFile:
    case: dict[str, Any] = submission.case or {}
    result: dict[str, Any] = submission.result or {}
    sections = answer_sections(case)
    fired = [
        (rule_id, rule.summary if (rule := rules.DECISION_RULES_BY_ID.get(rule_id)) else "")
        for rule_id in result.get("rules_fired", [])
    ]
    return CaseFile(
        flags=flag_views(list(result.get("flags", []))),
        outputs=output_views(submission),
        rules_fired=fired,
        missing_emergency_answers=missing_emergency_answers(case, sections),
        startback=startback_view(case, result),
        odi=odi_view(case, result),
        sections=sections,
        narrative=case.get("narrative") or "",
        prior_imaging=prior_imaging(case),
    )
