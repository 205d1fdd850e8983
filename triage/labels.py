"""Display labels for the triage vocabulary on staff pages (English only).

The rules speak in codes (`non_traumatic_mechanical`, `indicated_urgent`, flag ids);
clinicians read these labels. Unknown codes (say, from an older rules version) fall
back to the code with spaces, so nothing is ever hidden.
"""

from __future__ import annotations

from triage import rules
from triage.scoring import ODI_INCOMPLETE

CATEGORY_LABELS = {
    "emergency": "Emergency",
    "traumatic": "Traumatic",
    "red_flag_urgent": "Red flag, urgent",
    "radicular": "Radicular",
    "non_traumatic_mechanical": "Non-traumatic mechanical",
}
URGENCY_LABELS = {"emergency": "Emergency", "urgent": "Urgent", "routine": "Routine"}
IMAGING_LABELS = {
    "not_indicated": "Not indicated",
    "consider_if_persistent": "Consider if persistent",
    "indicated_routine": "Indicated, routine",
    "radiography_first": "Radiographs first",
    "indicated_urgent": "Indicated, urgent",
    "indicated_emergency": "Indicated, emergency",
}
TIER_LABELS = {
    rules.Tier.EMERGENCY: "Emergency",
    rules.Tier.URGENT: "Urgent",
    rules.Tier.SOFT: "Soft",
    rules.Tier.INFO: "Information",
}
STARTBACK_RISK_LABELS = {"low": "Low risk", "medium": "Medium risk", "high": "High risk"}
ODI_BAND_LABELS = {
    "minimal": "Minimal disability",
    "moderate": "Moderate disability",
    "severe": "Severe disability",
    "very_severe": "Very severe disability",
    "bed_bound": "Bed-bound or symptom magnification",
    ODI_INCOMPLETE: "Incomplete (more than 2 sections unanswered)",
}
# STarT Back items as concepts (REFERENCE 11); the licensed item wording is not reproduced.
STARTBACK_ITEM_LABELS = {
    "q1_leg_pain": "1. Back pain has spread down the leg(s)",
    "q2_shoulder_neck": "2. Pain in the shoulder or neck",
    "q3_walk_short": "3. Only walked short distances because of back pain",
    "q4_dress_slowly": "4. Dressed more slowly than usual because of back pain",
    "q5_unsafe_active": "5. Not really safe to be physically active",
    "q6_worry": "6. Worrying thoughts a lot of the time",
    "q7_terrible_never_better": "7. Back pain is terrible and will never get better",
    "q8_no_enjoyment": "8. Not enjoyed things I used to enjoy",
    "q9_bothersome": "9. Overall bothersomeness",
}
BOTHERSOME_LABELS = {
    "not_at_all": "Not at all",
    "slightly": "Slightly",
    "moderately": "Moderately",
    "very_much": "Very much",
    "extremely": "Extremely",
}
# Oswestry v2.1a sections in order (REFERENCE 12.1); each answer scores 0 (least) to 5.
ODI_SECTION_LABELS = (
    "Pain intensity",
    "Personal care",
    "Lifting",
    "Walking",
    "Sitting",
    "Standing",
    "Sleeping",
    "Sex life",
    "Social life",
    "Travelling",
)
FLAG_ABBREVIATIONS = {"mscc": "MSCC"}

VOCABULARIES = {
    "category": CATEGORY_LABELS,
    "urgency": URGENCY_LABELS,
    "imaging": IMAGING_LABELS,
    "startback": STARTBACK_RISK_LABELS,
    "odi": ODI_BAND_LABELS,
}


def humanise(code: str) -> str:
    words = [FLAG_ABBREVIATIONS.get(word, word) for word in code.split("_")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def label(vocabulary: str, code: str | None) -> str:
    """The label of `code` in one of VOCABULARIES; an em dash for None."""
    if code is None or code == "":
        return "—"
    return VOCABULARIES[vocabulary].get(code) or humanise(code)


def flag_label(flag_id: str) -> str:
    return humanise(flag_id)


TIER_ORDER = {tier: index for index, tier in enumerate(rules.Tier)}
KEY_TIERS = frozenset({rules.Tier.EMERGENCY, rules.Tier.URGENT})


def flag_tier(flag_id: str) -> rules.Tier | None:
    flag = rules.FLAGS_BY_ID.get(flag_id)
    return flag.tier if flag is not None else None


def key_flags(flag_ids: list[str]) -> tuple[list[dict[str, str]], int]:
    """The emergency and urgent flags as badges (emergency first), and how many others there are."""
    key = [
        {"id": flag_id, "label": flag_label(flag_id), "tier": tier.value}
        for flag_id in flag_ids
        if (tier := flag_tier(flag_id)) in KEY_TIERS
    ]
    key.sort(key=lambda flag: 0 if flag["tier"] == "emergency" else 1)
    return key, len(flag_ids) - len(key)
