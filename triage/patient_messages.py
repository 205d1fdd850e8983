"""What the patient reads after the intake: the messages of clinical/REFERENCE.md section 10.

One translatable text per message key of `triage.rules.PATIENT_MESSAGE_KEYS`, the
safety-net list every patient gets, and the mappings that fill in the bracketed
part of a message ("Some of your answers, [new numbness around your bottom ...]")
from the case and its flags. Principles (section 10): name symptoms, never a
diagnosis or a flag id; no threat words for non-emergency outcomes; say what to do,
where and how fast.

`patient_message(key, case, flags)` returns a `PatientMessage` ready for a page or
an e-mail. It is used by the emergency page during the intake and by the receipt.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from triage.rules import PATIENT_MESSAGE_KEYS

# --- emergency messages ---

EMERGENCY_HEADING = _("Go to an emergency department now")

# Which answers the cauda equina message names (REFERENCE 10, first message).
CAUDA_EQUINA_REASONS = (
    (lambda c: c.get("saddle_anesthesia") is True, _("new numbness around your bottom or genitals")),
    (
        lambda c: c.get("bladder_dysfunction") is True or c.get("bowel_incontinence") is True,
        _("new trouble passing urine or controlling your bladder or bowel"),
    ),
    (lambda c: c.get("sexual_dysfunction_new") is True, _("new changes in sexual feeling or function")),
    (
        lambda c: "both_legs" in (c.get("leg_pain"), c.get("numbness"), c.get("weakness")),
        _("pain, numbness or weakness in both legs"),
    ),
)
# Which flags the "other emergency" message names.
OTHER_EMERGENCY_REASONS = {
    "spinal_infection_suspected": _("fever together with a higher risk of infection"),
    "progressive_neurological_deficit": _("leg weakness that is getting worse"),
    "mscc_suspected": _("back pain with new leg symptoms and a history of cancer"),
}
# How the high-energy injury message names the injury (REFERENCE 7.3 trauma types).
INJURY_WORDS = {
    "motor_vehicle_collision_high_speed": _("a road crash at speed"),
    "pedestrian_or_cyclist_struck": _("being hit by a vehicle"),
    "fall_from_height": _("a fall from a height"),
    "fall_down_stairs": _("a fall down a flight of stairs"),
    "ski_fall_high_speed": _("a high-speed fall or collision"),
    "sports_collision_high_speed": _("a high-speed fall or collision"),
}
INJURY_DEFAULT = _("an injury with a lot of force")
REASONS_DEFAULT = _("the symptoms you reported")

EMERGENCY_TEXTS = {
    "emergency_cauda_equina": (
        _(
            "Some of your answers ({reasons}) can mean the nerves at the base of the spine are being "
            "squeezed. This is rare, but it must be checked by a doctor today; early treatment protects "
            "bladder, bowel, sexual and leg function."
        ),
        _(
            "Go to the nearest emergency department now. If you cannot get there safely, call "
            "{emergency_number}. Do not wait for your physiotherapy appointment. Show this message to the "
            "staff and tell them you were advised to be checked for possible cauda equina syndrome. "
            "We have alerted our team."
        ),
    ),
    "emergency_other": (
        _("Your answers ({reasons}) need a doctor's assessment today."),
        _(
            "Please go to the nearest emergency department now, or call {emergency_number} if you are "
            "very unwell. Show this message to the staff."
        ),
    ),
    "emergency_high_energy_trauma": (
        _(
            "Because your pain started after {reasons}, you should be checked in an emergency department "
            "today, even if you can walk."
        ),
        _(
            "If you notice numbness, weakness or tingling in your legs, or problems with your bladder or "
            "bowel, call {emergency_number}."
        ),
    ),
}

# --- urgent ---

URGENT_HEADING = _("A clinician will contact you within one working day")
# Flag -> how the urgent message names it. Order = order of mention.
URGENT_REASONS = {
    "cancer_history": _("a past cancer"),
    "cancer_suspected": _("weight loss you cannot explain"),
    "infection_risk_factor": _("something that can make infections more likely"),
    "fever_without_risk_factor": _("a fever"),
    "fragility_fracture_suspected": _(
        "osteoporosis, long-term steroid medicine or older age, with pain that started suddenly "
        "or after a fall"
    ),
    "low_energy_trauma": _("pain that started after a fall or knock"),
    "post_surgical_new_symptoms": _("an earlier back operation with new symptoms since"),
    "paediatric_red_flag": _("your age together with some of your symptoms"),
    "stable_unilateral_weakness": _("weakness in one leg"),
    "emergency_answer_missing": _("some questions about warning signs that were not answered"),
}
URGENT_WITH_REASONS = _("Thank you. Your answers include {reasons}.")
URGENT_WITHOUT_REASONS = _("Thank you. We need to look at your answers more closely.")
URGENT_TEXT = _(
    "A clinician will contact you within one working day to arrange a check, which may include a scan or "
    "an X-ray. Most people in this situation do not have a serious problem, but it is important to look. "
    "If before then you develop any of the warning signs below, go to an emergency department straight away."
)

# --- routine ---

ROUTINE_HEADING = _("Thank you: your physical therapist will be in touch")
ROUTINE_NO_SCAN = _(
    "Your answers do not show signs of a serious cause. A scan is not recommended at this stage: most back "
    "pain like yours improves a lot within a few weeks, and scans commonly show changes such as disc bulges "
    "that are also found in many people with no pain at all. These findings rarely change treatment now and "
    "can cause needless worry. Keeping gently active, rather than resting in bed, usually helps recovery."
)
ROUTINE_REVIEW_AT_SIX_WEEKS = _(
    "Your physical therapist will review your answers and be in touch. If you are not improving after about "
    "six weeks, your care plan, including whether a scan would help, will be reviewed."
)
# Soft flag -> how the "consider if persistent" message names it.
PERSISTENT_REASONS = {
    "age_over_50": _("your age"),
    "age_70_or_over": _("your age"),
    "unexplained_weight_loss": _("the weight loss you mentioned"),
    "night_pain": _("the pain you have at night"),
    "thoracic_pain": _("the pain in your mid or upper back"),
}
ROUTINE_CHECK_AT_FOUR_WEEKS = _(
    "Because of {reasons}, your physical therapist will check your progress after about four weeks, and a "
    "test may be arranged if you are not getting better."
)
ROUTINE_MRI_MAY_HELP = _(
    "Because your symptoms have continued despite at least six weeks of treatment and you would like to "
    "discuss options such as an injection or surgery, an MRI scan may now help with planning. Your clinician "
    "will talk it through with you. Remember that many scan findings are common in people without pain; your "
    "clinician will explain which ones matter for you."
)
# osteoporosis or long-term steroids, no trigger event (policy P2).
ROUTINE_XRAY_FIRST = _(
    "Your answers do not show signs of an emergency. Because of {reasons}, your physical therapist may "
    "arrange an X-ray of your lower back first, to check the bones. Keeping gently active, rather than "
    "resting in bed, usually helps recovery. Your physical therapist will review your answers and be "
    "in touch."
)
XRAY_REASONS = {
    "osteoporosis": _("osteoporosis"),
    "steroid_use": _("long-term steroid medicine"),
}
XRAY_DEFAULT = _("your bone health")

# --- safety net for every patient (REFERENCE 10, adapted from NHS CES cue cards) ---

SAFETY_NET_INTRO = _("Go to an emergency department immediately if you develop:")
SAFETY_NET = (
    _("numbness or tingling around your bottom, genitals or inner thighs"),
    _("new difficulty passing urine, or leaking urine, or not feeling when your bladder is full"),
    _("loss of bowel control"),
    _("new changes in sexual sensation or function"),
    _("pain, numbness or weakness in both legs"),
    _("leg weakness that is getting worse"),
)
SAFETY_NET_FEVER = _(
    "Seek same-day medical advice if you develop a fever or feel generally unwell with your back pain."
)

AND = _("and")


@dataclass(frozen=True)
class PatientMessage:
    key: str
    heading: Any
    paragraphs: list[Any] = field(default_factory=list)

    @property
    def is_emergency(self) -> bool:
        return self.key.startswith("emergency_")


def join_reasons(reasons: Iterable[Any]) -> Any:
    """'a, b and c' in the active language; duplicates dropped, order kept."""
    unique = list(dict.fromkeys(str(reason) for reason in reasons))
    if len(unique) <= 1:
        return "".join(unique)
    return format_lazy("{} {} {}", ", ".join(unique[:-1]), AND, unique[-1])


def _emergency_reasons(key: str, case: Mapping[str, Any], flags: Iterable[str]) -> Any:
    if key == "emergency_cauda_equina":
        return join_reasons(text for test, text in CAUDA_EQUINA_REASONS if test(case))
    if key == "emergency_other":
        return join_reasons(OTHER_EMERGENCY_REASONS[f] for f in flags if f in OTHER_EMERGENCY_REASONS)
    trauma_type = (case.get("trauma") or {}).get("type")
    return INJURY_WORDS.get(trauma_type, INJURY_DEFAULT)


def _urgent(flags: Iterable[str]) -> list[Any]:
    flags = set(flags)
    reasons = [text for flag, text in URGENT_REASONS.items() if flag in flags]
    first = (
        format_lazy(URGENT_WITH_REASONS, reasons=join_reasons(reasons)) if reasons else URGENT_WITHOUT_REASONS
    )
    return [first, URGENT_TEXT]


def _routine(key: str, case: Mapping[str, Any], flags: Iterable[str]) -> list[Any]:
    flags = set(flags)
    if key == "routine_indicated_routine":
        return [ROUTINE_MRI_MAY_HELP, ROUTINE_REVIEW_AT_SIX_WEEKS]
    if key == "routine_radiography_first":
        reasons = [text for name, text in XRAY_REASONS.items() if case.get(name) is True] or [XRAY_DEFAULT]
        return [format_lazy(ROUTINE_XRAY_FIRST, reasons=join_reasons(reasons))]
    paragraphs = [ROUTINE_NO_SCAN, ROUTINE_REVIEW_AT_SIX_WEEKS]
    if key == "routine_consider_if_persistent":
        reasons = [text for flag, text in PERSISTENT_REASONS.items() if flag in flags]
        if reasons:
            paragraphs.append(format_lazy(ROUTINE_CHECK_AT_FOUR_WEEKS, reasons=join_reasons(reasons)))
    return paragraphs


def patient_message(
    key: str, case: Mapping[str, Any], flags: Iterable[str], emergency_number: str = "911"
) -> PatientMessage:
    """The message for `key` (a `PATIENT_MESSAGE_KEYS` value), filled in from the case and flags."""
    if key not in PATIENT_MESSAGE_KEYS:
        key = "urgent_review"  # an unknown key must never read as routine
    flags = list(flags)
    if key in EMERGENCY_TEXTS:
        reasons = _emergency_reasons(key, case, flags) or REASONS_DEFAULT
        return PatientMessage(
            key,
            EMERGENCY_HEADING,
            [
                format_lazy(text, reasons=reasons, emergency_number=emergency_number)
                for text in EMERGENCY_TEXTS[key]
            ],
        )
    if key == "urgent_review":
        return PatientMessage(key, URGENT_HEADING, _urgent(flags))
    return PatientMessage(key, ROUTINE_HEADING, _routine(key, case, flags))
