"""Questionnaire scoring: STarT Back (REFERENCE 11) and Oswestry ODI v2.1a (12.1).

Scores are prognostic and descriptive. They never change the triage category,
urgency or imaging suggestion. Pure Python, checked with `mypy --strict`.
"""

from __future__ import annotations

from dataclasses import dataclass

from triage.case import STARTBACK_ITEMS, StartBackAnswers

STARTBACK_SOURCE = "Hill JC et al., Arthritis Rheum 2008; STarT Back trial, Lancet 2011"
ODI_SOURCE = "Fairbank JCT, Pynsent PB, Spine 2000 (ODI v2.1a)"

STARTBACK_PSYCHOSOCIAL_ITEMS = STARTBACK_ITEMS[4:]  # items 5 to 8
BOTHERSOME_SCORING_ONE = frozenset({"very_much", "extremely"})
STARTBACK_LOW_MAX_TOTAL = 3
STARTBACK_MEDIUM_MAX_PSYCHOSOCIAL = 3

# Matched care from the STarT Back trial, shown to the reviewer beside the risk group.
STARTBACK_MATCHED_CARE = {
    "low": "Advice, reassurance and support to self-manage.",
    "medium": "Physiotherapy.",
    "high": "Psychologically informed physiotherapy.",
}

ODI_MAX_MISSING_SECTIONS = 2  # project convention: more missing means "incomplete"
# Upper bound (inclusive) of each Fairbank band, in percent.
ODI_BANDS = (
    (20.0, "minimal"),
    (40.0, "moderate"),
    (60.0, "severe"),
    (80.0, "very_severe"),
    (100.0, "bed_bound"),
)
ODI_INCOMPLETE = "incomplete"


@dataclass(frozen=True, slots=True)
class StartBackScore:
    total: int
    psychosocial: int
    risk: str

    def as_dict(self) -> dict[str, int | str]:
        return {"total": self.total, "psychosocial": self.psychosocial, "risk": self.risk}


@dataclass(frozen=True, slots=True)
class OdiScore:
    percent: float | None  # unrounded; None when too many sections are missing
    band: str
    answered_sections: int

    def as_dict(self) -> dict[str, float | str | None]:
        return {"percent": self.percent, "band": self.band}


def score_startback(answers: StartBackAnswers | None) -> StartBackScore | None:
    """The 9-item score, or None unless all nine items are answered."""
    if answers is None or answers.q9_bothersome is None:
        return None
    agreed = [getattr(answers, item) for item in STARTBACK_ITEMS]
    if any(a is None for a in agreed):
        return None
    item9 = 1 if answers.q9_bothersome in BOTHERSOME_SCORING_ONE else 0
    total = sum(1 for a in agreed if a) + item9
    psychosocial = sum(1 for item in STARTBACK_PSYCHOSOCIAL_ITEMS if getattr(answers, item)) + item9
    if total <= STARTBACK_LOW_MAX_TOTAL:
        risk = "low"
    elif psychosocial <= STARTBACK_MEDIUM_MAX_PSYCHOSOCIAL:
        risk = "medium"
    else:
        risk = "high"
    return StartBackScore(total=total, psychosocial=psychosocial, risk=risk)


def score_odi(sections: tuple[int | None, ...] | None) -> OdiScore | None:
    """ODI percent over the answered sections; None when no ODI was given at all."""
    if sections is None:
        return None
    answered = [s for s in sections if s is not None]
    if len(sections) - len(answered) > ODI_MAX_MISSING_SECTIONS or not answered:
        return OdiScore(percent=None, band=ODI_INCOMPLETE, answered_sections=len(answered))
    percent = sum(answered) / (5 * len(answered)) * 100
    return OdiScore(percent=percent, band=odi_band(percent), answered_sections=len(answered))


def odi_band(percent: float) -> str:
    for upper, band in ODI_BANDS:
        if percent <= upper:
            return band
    return ODI_BANDS[-1][1]
