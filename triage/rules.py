"""The triage rules: thresholds, red flags and the ordered decision, as data.

Everything clinical that the software decides lives here, transcribed from
clinical/REFERENCE.md (sections 3, 5, 6 and 7). Each flag and each decision rule
carries a permanent id, a rationale a clinician can read and a source. `evaluate`
returns a `TriageResult` that records the flags raised, the decision rules that
fired and which rule set each output, under `RULES_VERSION`.

Conventions: a yes/no answer counts only when it is `True` (`x is True`); `None`
(not answered) never satisfies a positive test, and "not x" holds for `False` and
`None` alike, as REFERENCE section 5 specifies. Unanswered emergency questions are
caught by their own flag, `emergency_answer_missing`.

Pure Python, no Django imports; checked with `mypy --strict`.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field

from triage.case import TRAUMATIC_MECHANISMS, Case
from triage.scoring import OdiScore, StartBackScore, score_odi, score_startback

# Change on every change to a flag, threshold, decision rule or scoring rule, so a
# stored result can always be explained by the rules that produced it.
RULES_VERSION = "2026.11-ref1.0"


class Tier(enum.StrEnum):
    EMERGENCY = "emergency"  # same day, emergency department
    URGENT = "urgent"  # clinician contact within 1 working day
    SOFT = "soft"  # no change to urgency; lowers the threshold for later imaging
    INFO = "info"  # shown to the reviewer; changes nothing by itself


CATEGORIES = ("emergency", "traumatic", "red_flag_urgent", "radicular", "non_traumatic_mechanical")
URGENCIES = ("emergency", "urgent", "routine")
# Ordered lowest to highest, for "take the highest" (REFERENCE 6.3).
IMAGING = (
    "not_indicated",
    "consider_if_persistent",
    "indicated_routine",
    "radiography_first",
    "indicated_urgent",
    "indicated_emergency",
)


@dataclass(frozen=True, slots=True)
class Threshold:
    value: int
    source: str


# The numbers the rules compare against, each with where it comes from (REFERENCE 3, 5, 15).
AGE_OLDER = Threshold(50, "ACP 2007/2011 and NASS Choosing Wisely: age > 50 (policy P1)")
AGE_ELDERLY = Threshold(70, "ACR LBP 2011 'age > 70'; policy P2")
AGE_ADULT = Threshold(18, "ACR Back Pain-Child; NICE NG59 covers 16 and over")
PAEDIATRIC_LONG_DAYS = Threshold(28, "Pediatric red flag: pain beyond 4 weeks (ACR Back Pain-Child)")
ACUTE_MAX_DAYS = Threshold(27, "ACP 2017 (Qaseem), ICSI 2018: acute < 4 weeks")
SUBACUTE_MAX_DAYS = Threshold(84, "ACP 2017 (Qaseem), ICSI 2018: subacute 4 to 12 weeks")
SIX_WEEKS_DAYS = Threshold(42, "Choosing Wisely (AAFP, NASS, ACA, AMSSM): first six weeks")
CES_BILATERAL_MAX_DAYS = Threshold(84, "BASS 2018 targets new or progressing bilateral symptoms; P5")
OPTIMAL_CARE_WEEKS = Threshold(6, "ACR LBP 2021 Variant 3: 6 weeks of optimal management")
TRIAL_OF_CARE_WEEKS = Threshold(4, "ACP 2007/2011: defer imaging until after a 1-month trial")
PRIOR_IMAGING_RECENT_WEEKS = Threshold(52, "ACP 2011: prior imaging, no clinical change")


# --- derived values (REFERENCE 7.1); each is one named, tested idea ---


def has_leg(value: str | None) -> bool:
    return value in ("one_leg", "both_legs")


def infection_risk(c: Case) -> bool:
    return (
        c.iv_drug_use is True or c.immunosuppression is True or c.recent_infection_or_spinal_procedure is True
    )


def fragility_risk(c: Case) -> bool:
    return (
        c.osteoporosis is True or c.steroid_use is True or (c.age is not None and c.age >= AGE_ELDERLY.value)
    )


def sudden_strain(c: Case) -> bool:
    return c.onset_type == "sudden" and c.mechanism in ("bending_or_lifting", "twisting")


def trauma_occurred(c: Case) -> bool:
    """An external force event caused the pain.

    An unanswered trauma question is not read as "no" when the reported mechanism
    is itself a fall, collision or blow (safer reading; see README "Clinical choices").
    """
    if c.trauma.occurred is None:
        return c.mechanism in TRAUMATIC_MECHANISMS
    return c.trauma.occurred


# REFERENCE 7.3: trauma.type -> severity. Types not listed here are "not placed".
TRAUMA_TYPE_SEVERITY = {
    "motor_vehicle_collision_high_speed": "high",
    "pedestrian_or_cyclist_struck": "high",
    "fall_from_height": "high",
    "fall_down_stairs": "high",
    "ski_fall_high_speed": "high",
    "sports_collision_high_speed": "high",
    "motor_vehicle_collision_low_speed": "low",
    "fall_from_standing": "low",
    "minor_knock": "low",
}
TRAUMA_SEVERITY_SOURCE = (
    "REFERENCE 7.3: EAST 2012 high-energy mechanisms; Frankel 1994 (crash >= 50 mph, "
    "fall >= 10 ft); ACR LBP 2021 Variant 6 low-velocity trauma; NICE CKS minor trauma"
)


def neurological_symptom(c: Case) -> bool:
    return (
        has_leg(c.numbness)
        or has_leg(c.weakness)
        or c.leg_pain_below_knee is True
        or c.saddle_anesthesia is True
        or c.bladder_dysfunction is True
        or c.bowel_incontinence is True
    )


def trauma_severity(c: Case) -> str | None:
    """`high`, `low`, or None when the mechanism could not be placed (7.3).

    An explicit severity wins. An unplaced mechanism is never guessed "low": it is
    `high` with any neurological symptom, otherwise None, which routes the case to
    urgent clinician review (R-22) with the question unresolved.
    """
    if not trauma_occurred(c):
        return None
    if c.trauma.severity is not None:
        return c.trauma.severity
    placed = TRAUMA_TYPE_SEVERITY.get(c.trauma.type or "")
    if placed is not None:
        return placed
    return "high" if neurological_symptom(c) else None


def low_energy_trauma(c: Case) -> bool:
    return trauma_occurred(c) and trauma_severity(c) == "low"


def fragility_pattern(c: Case) -> bool:
    return fragility_risk(c) and (low_energy_trauma(c) or sudden_strain(c))


def bilateral_leg_symptoms(c: Case) -> bool:
    return "both_legs" in (c.leg_pain, c.numbness, c.weakness)


def recent_or_progressing_bilateral(c: Case) -> bool:
    """Pain or numbness in both legs that is recent, getting worse, or of unknown age."""
    if "both_legs" not in (c.leg_pain, c.numbness):
        return False
    days = c.leg_symptoms_duration_days
    return days is None or days <= CES_BILATERAL_MAX_DAYS.value or c.leg_symptoms_worsening is True


def one_leg_nerve_root_pattern(c: Case) -> bool:
    return (
        (c.leg_pain == "one_leg" and c.leg_pain_below_knee is True)
        or c.numbness == "one_leg"
        or c.weakness == "one_leg"
    )


def missing_emergency_answers(c: Case) -> tuple[str, ...]:
    """The emergency questions left unanswered (REFERENCE section 1)."""
    return tuple(name for name in EMERGENCY_QUESTIONS if getattr(c, name) is None)


EMERGENCY_QUESTIONS = ("saddle_anesthesia", "bladder_dysfunction", "bowel_incontinence", "weakness", "fever")


def any_emergency_flag(c: Case) -> bool:
    return any(flag.condition(c) for flag in FLAGS if flag.tier is Tier.EMERGENCY)


def phase(days: int | None) -> str | None:
    """acute, subacute or chronic (REFERENCE 3); None when the duration is unknown."""
    if days is None:
        return None
    if days <= ACUTE_MAX_DAYS.value:
        return "acute"
    return "subacute" if days <= SUBACUTE_MAX_DAYS.value else "chronic"


# --- red flags (REFERENCE 5) ---


@dataclass(frozen=True, slots=True)
class Flag:
    id: str  # permanent; never reused for another meaning
    tier: Tier
    condition: Callable[[Case], bool]
    rationale: str  # what a clinician reads on the case page
    source: str  # guideline, year, section


FLAGS: tuple[Flag, ...] = (
    Flag(
        id="cauda_equina_suspected",
        tier=Tier.EMERGENCY,
        condition=lambda c: (
            c.saddle_anesthesia is True
            or c.bladder_dysfunction is True
            or c.bowel_incontinence is True
            or c.sexual_dysfunction_new is True
            or c.weakness == "both_legs"
            or recent_or_progressing_bilateral(c)
        ),
        rationale=(
            "Saddle or genital numbness, new bladder, bowel or sexual changes, weakness in "
            "both legs, or recent or worsening pain or numbness in both legs: treat as "
            "threatened cauda equina syndrome and send to the emergency department."
        ),
        source=(
            "BASS 2018 standard (NHS pathways); ACP 2007; ACR LBP 2021 Variant 4; "
            "GIRFT suspected CES pathway and RCR 2023"
        ),
    ),
    Flag(
        id="progressive_neurological_deficit",
        tier=Tier.EMERGENCY,
        condition=lambda c: has_leg(c.weakness) and c.weakness_worsening is True,
        rationale="Leg weakness that is getting worse is a same-day problem; MRI without delay.",
        source="ACP 2007/2011 (severe or progressive motor deficit); ACR LBP 2016",
    ),
    Flag(
        id="spinal_infection_suspected",
        tier=Tier.EMERGENCY,
        condition=lambda c: c.fever is True and infection_risk(c),
        rationale=(
            "Fever with a risk factor for spinal infection (injection drug use, "
            "immunosuppression, recent infection or spinal procedure)."
        ),
        source="ACP 2011; IDSA 2015 vertebral osteomyelitis; Michigan Medicine 2018; ACR LBP 2021 Variant 7",
    ),
    Flag(
        id="mscc_suspected",
        tier=Tier.EMERGENCY,
        condition=lambda c: c.cancer_history is True and neurological_symptom(c),
        rationale=(
            "History of cancer with back pain and neurological symptoms (leg pain below the "
            "knee, numbness, weakness, bladder, bowel or saddle changes): possible malignant "
            "spinal cord compression, an oncological emergency (policy P6)."
        ),
        source="NICE CG75 2008 (replaced by NG234, 2023)",
    ),
    Flag(
        id="high_energy_trauma",
        tier=Tier.EMERGENCY,
        condition=lambda c: trauma_severity(c) == "high",
        rationale=(
            "Pain began with a high-energy injury (road crash at speed, fall from a height, "
            "high-speed sports crash): emergency CT screening however mild the pain feels."
        ),
        source="EAST 2012 thoracolumbar screening; ACR Suspected Spine Trauma; Frankel 1994",
    ),
    Flag(
        id="cancer_history",
        tier=Tier.URGENT,
        condition=lambda c: c.cancer_history is True,
        rationale=(
            "A history of cancer is the one single red flag that clearly raises the chance of "
            "spinal malignancy; image without the usual wait."
        ),
        source="ACP 2007/2011; Cochrane 2013 (Henschke); NICE CG75; ACR LBP 2021 Variant 7",
    ),
    Flag(
        id="cancer_suspected",
        tier=Tier.URGENT,
        condition=lambda c: (
            c.cancer_history is not True
            and c.weight_loss_unexplained is True
            and ((c.age is not None and c.age > AGE_OLDER.value) or c.night_pain is True)
        ),
        rationale=(
            "Unexplained weight loss with age over 50 or night pain: several weaker cancer factors together."
        ),
        source="ACP 2007/2011 (multiple risk factors for cancer); ACR LBP 2021 Variant 7",
    ),
    Flag(
        id="infection_risk_factor",
        tier=Tier.URGENT,
        condition=lambda c: infection_risk(c) and c.fever is not True,
        rationale=(
            "Immunosuppression, injection drug use or a recent infection or spinal procedure, without fever."
        ),
        source="ACR LBP 2021 Variant 7; NICE CKS red flags for infection",
    ),
    Flag(
        id="fever_without_risk_factor",
        tier=Tier.URGENT,
        condition=lambda c: c.fever is True and not infection_risk(c),
        rationale=(
            "Fever with back pain needs same-day or next-day medical review, also for causes "
            "outside the spine such as kidney infection."
        ),
        source="IDSA 2015 vertebral osteomyelitis; AAFP Choosing Wisely rationale",
    ),
    Flag(
        id="fragility_fracture_suspected",
        tier=Tier.URGENT,
        condition=fragility_pattern,
        rationale=(
            "Osteoporosis, long-term steroids or age 70 or over, with a minor injury or a "
            "sudden onset while bending, lifting or twisting: possible fragility fracture."
        ),
        source=(
            "ACR LBP 2021 Variant 6; AHCPR 1994 red-flag table; NICE CKS; Cochrane 2013/2023 fracture reviews"
        ),
    ),
    Flag(
        id="low_energy_trauma",
        tier=Tier.URGENT,
        condition=lambda c: low_energy_trauma(c) and not fragility_risk(c),
        rationale=(
            "Minor injury without fragility risk: prompt examination; radiographs first if "
            "the examining clinician finds midline bony tenderness (policy P3)."
        ),
        source="ACR LBP 2021 Variant 6 (low-velocity trauma); NICE CKS",
    ),
    Flag(
        id="post_surgical_new_symptoms",
        tier=Tier.URGENT,
        condition=lambda c: c.prior_spine_surgery is True and c.new_or_worsening_since_surgery is True,
        rationale="New or progressing back or leg symptoms after previous lumbar surgery.",
        source="ACR LBP 2021 Variant 5",
    ),
    Flag(
        id="paediatric_red_flag",
        tier=Tier.URGENT,
        condition=lambda c: (
            c.age is not None
            and c.age < AGE_ADULT.value
            and (
                c.night_pain is True
                or c.fever is True
                or c.weight_loss_unexplained is True
                or (
                    c.symptom_duration_days is not None
                    and c.symptom_duration_days > PAEDIATRIC_LONG_DAYS.value
                )
                or has_leg(c.numbness)
                or has_leg(c.weakness)
                or c.leg_pain_below_knee is True
            )
        ),
        rationale=(
            "A child or adolescent with night pain, systemic symptoms, pain beyond 4 weeks, "
            "abnormal neurology or radicular pain."
        ),
        source="ACR Back Pain-Child (Variant 2); AAFP/AMSSM pediatric LBP reviews 2020",
    ),
    Flag(
        id="emergency_answer_missing",
        tier=Tier.URGENT,
        condition=lambda c: bool(missing_emergency_answers(c)) and not any_emergency_flag(c),
        rationale=(
            "An emergency question (saddle numbness, bladder, bowel, leg weakness or fever) "
            "was not answered. A missing answer is never read as 'no': a clinician must ask "
            "it within 1 working day."
        ),
        source="REFERENCE section 1 (missing answers); HSIB 2021 CES investigation on safety-netting",
    ),
    Flag(
        id="age_over_50",
        tier=Tier.SOFT,
        condition=lambda c: c.age is not None and c.age > AGE_OLDER.value,
        rationale="Age over 50 is a weaker cancer risk factor: defer imaging until after a trial of care.",
        source="ACP 2007/2011; NASS Choosing Wisely; NICE CKS (policy P1)",
    ),
    Flag(
        id="age_70_or_over",
        tier=Tier.SOFT,
        condition=lambda c: c.age is not None and c.age >= AGE_ELDERLY.value,
        rationale="Older age raises fracture risk.",
        source="ACR LBP 2011 'age > 70'; Cochrane fracture review (policy P2)",
    ),
    Flag(
        id="unexplained_weight_loss",
        tier=Tier.SOFT,
        condition=lambda c: c.weight_loss_unexplained is True,
        rationale="Unexplained weight loss is a weaker cancer factor on its own.",
        source="ACP 2007/2011",
    ),
    Flag(
        id="night_pain",
        tier=Tier.SOFT,
        condition=lambda c: c.night_pain is True,
        rationale="Night or rest pain not eased by changing position; poor diagnostic accuracy alone.",
        source="NICE CKS; Verhagen 2016; Henschke 2013",
    ),
    Flag(
        id="thoracic_pain",
        tier=Tier.SOFT,
        condition=lambda c: c.pain_location is not None and "thoracic" in c.pain_location,
        rationale="Thoracic (mid-back) pain is a soft flag; it matters more with a cancer history.",
        source="NICE CG75",
    ),
    Flag(
        id="fracture_risk_factor",
        tier=Tier.SOFT,
        condition=lambda c: (c.osteoporosis is True or c.steroid_use is True) and not fragility_pattern(c),
        rationale="Osteoporosis or long-term steroids without a triggering event (policy P2).",
        source="ACR LBP 2021 Variant 6",
    ),
    Flag(
        id="stable_unilateral_weakness",
        tier=Tier.SOFT,
        condition=lambda c: c.weakness == "one_leg" and c.weakness_worsening is not True,
        rationale=(
            "Weakness in one leg that is not getting worse needs a prompt examination to grade "
            "the deficit; raises urgency to urgent without changing the category (policy P4)."
        ),
        source="ACP 2007/2011; REFERENCE policy P4",
    ),
    Flag(
        id="paediatric_patient",
        tier=Tier.INFO,
        condition=lambda c: c.age is not None and c.age < AGE_ADULT.value,
        rationale="Under 18: pediatric criteria apply.",
        source="ACR Back Pain-Child; NICE NG59 (16 and over)",
    ),
    Flag(
        id="pregnancy",
        tier=Tier.INFO,
        condition=lambda c: c.pregnant is True,
        rationale="If imaging is ever indicated, prefer MRI without gadolinium and avoid ionising radiation.",
        source="ACR Manual on Contrast Media (pregnancy)",
    ),
    Flag(
        id="prior_imaging_no_change",
        tier=Tier.INFO,
        condition=lambda c: (
            c.prior_lumbar_imaging.done is True
            and c.prior_lumbar_imaging.weeks_ago is not None
            and c.prior_lumbar_imaging.weeks_ago <= PRIOR_IMAGING_RECENT_WEEKS.value
            and c.prior_lumbar_imaging.change_since is not True
        ),
        rationale="Lumbar imaging in the last year with no change since: repeating it adds nothing.",
        source="ACP 2011 (previous imaging, no change in clinical status)",
    ),
)
FLAGS_BY_ID = {flag.id: flag for flag in FLAGS}


# --- decision rules (REFERENCE 7.2, 7.4) ---


@dataclass(frozen=True, slots=True)
class DecisionRule:
    id: str
    summary: str
    rationale: str
    source: str


DECISION_RULES: tuple[DecisionRule, ...] = (
    DecisionRule(
        "R-10",
        "Emergency flag: emergency department now, same-day MRI.",
        "Suspected cauda equina, progressive deficit, spinal infection and malignant compression "
        "are time-critical; delay worsens permanent deficits.",
        "HSIB 2021 CES investigation; NICE CG75; ACR LBP 2021 Variants 4 and 7",
    ),
    DecisionRule(
        "R-20",
        "Pain began with an injury: traumatic pathway.",
        "Trauma is a separate pathway from non-traumatic back pain.",
        "EAST 2012; ACR Suspected Spine Trauma; ACR LBP 2021 Variant 6",
    ),
    DecisionRule(
        "R-21",
        "High-energy injury: emergency department, CT.",
        "High-energy mechanisms go to emergency CT however mild the pain feels.",
        "EAST 2012; ACR Suspected Spine Trauma (thoracolumbar: CT without contrast)",
    ),
    DecisionRule(
        "R-22",
        "Low-energy or unplaced injury: urgent review, radiographs first.",
        "Low-velocity trauma follows ACR Variant 6; the examining clinician may decide no film "
        "is needed. An injury that could not be placed is never assumed minor.",
        "ACR LBP 2021 Variant 6; REFERENCE 7.3 and policy P3",
    ),
    DecisionRule(
        "R-23",
        "Injury with a cancer, infection or post-surgical flag: MRI rather than radiographs.",
        "MRI also answers the fracture question.",
        "ACR LBP 2021 Variants 5 and 7",
    ),
    DecisionRule(
        "R-30",
        "Urgent red flag: clinician contact within 1 working day.",
        "A single strong or combined risk factor justifies prompt imaging without the 6-week wait.",
        "ACP 2011 'immediate imaging' rows; ACR LBP 2021 Variants 5 to 7; NICE CG75",
    ),
    DecisionRule(
        "R-40",
        "No emergency or urgent flag, no injury: radicular or mechanical back pain.",
        "Uncomplicated back pain, with or without nerve-root leg pain, is usually benign and "
        "self-limiting; stable weakness in one leg is examined promptly (policy P4).",
        "ACR LBP 2021 Variants 1-2; NICE NG59; REFERENCE policies P4 and P5",
    ),
    DecisionRule(
        "R-41",
        "Recent imaging and no change since: no repeat imaging.",
        "Repeating imaging without clinical change adds nothing.",
        "ACP 2011",
    ),
    DecisionRule(
        "R-42",
        "Six weeks of care without improvement, would consider a procedure: MRI may help planning.",
        "Persistent symptoms after at least 6 weeks of optimal care in someone who would act on "
        "the result are the only route to MRI for uncomplicated back pain or radiculopathy.",
        "ACR LBP 2021 Variant 3; ACP 2011; NICE NG59 1.1.6",
    ),
    DecisionRule(
        "R-43",
        "Osteoporosis or long-term steroids: radiographs first.",
        "Bone fragility is a stronger fracture predictor than age alone.",
        "ACR LBP 2021 Variant 6; REFERENCE policy P2",
    ),
    DecisionRule(
        "R-44",
        "Soft risk factor: no imaging now, review at about 4 weeks.",
        "Weaker risk factors defer imaging until after a trial of therapy.",
        "ACP 2007/2011; REFERENCE policies P1 and P2",
    ),
    DecisionRule(
        "R-45",
        "No red flags: no imaging.",
        "Routine imaging without red flags does not improve outcomes and causes harm: "
        "radiation, incidental findings, labelling and worry.",
        "ACR LBP 2021 Variants 1-2; Choosing Wisely; NICE NG59 1.1.4",
    ),
)
DECISION_RULES_BY_ID = {rule.id: rule for rule in DECISION_RULES}

# the imaging each urgent flag calls for (REFERENCE 7.2).
TRAUMA_MRI_FLAGS = frozenset(
    {
        "cancer_history",
        "cancer_suspected",
        "infection_risk_factor",
        "fever_without_risk_factor",
        "post_surgical_new_symptoms",
    }
)
URGENT_FLAG_IMAGING = {
    "cancer_history": "indicated_urgent",
    "cancer_suspected": "indicated_urgent",
    "infection_risk_factor": "indicated_urgent",
    "fever_without_risk_factor": "indicated_urgent",
    "post_surgical_new_symptoms": "indicated_urgent",
    "fragility_fracture_suspected": "radiography_first",
    "paediatric_red_flag": "radiography_first",
    "emergency_answer_missing": "not_indicated",
}
R30_FLAGS = frozenset(URGENT_FLAG_IMAGING)
R10_FLAGS = frozenset(
    {
        "cauda_equina_suspected",
        "progressive_neurological_deficit",
        "spinal_infection_suspected",
        "mscc_suspected",
    }
)
R44_SOFT_FLAGS = frozenset(
    {"age_over_50", "age_70_or_over", "unexplained_weight_loss", "night_pain", "thoracic_pain"}
)


# --- evaluation ---


@dataclass(frozen=True, slots=True)
class TriageResult:
    rules_version: str
    category: str
    urgency: str
    imaging: str
    flags: tuple[str, ...]
    rules_fired: tuple[str, ...]
    decided_by: dict[str, str]  # output name -> the rule that set it
    startback: StartBackScore | None
    odi: OdiScore | None
    patient_message: str
    missing_answers: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, object]:
        """The result in the `triage_case` contract's shape (DESIGN.md)."""
        return {
            "rules_version": self.rules_version,
            "category": self.category,
            "urgency": self.urgency,
            "imaging": self.imaging,
            "flags": list(self.flags),
            "rules_fired": list(self.rules_fired),
            "startback": self.startback.as_dict() if self.startback else None,
            "odi": self.odi.as_dict() if self.odi else None,
            "patient_message": self.patient_message,
        }


@dataclass(slots=True)
class _Decision:
    category: str = ""
    urgency: str = ""
    imaging: str = ""
    fired: list[str] = field(default_factory=list)
    decided_by: dict[str, str] = field(default_factory=dict)

    def set(self, rule: str, **outputs: str) -> None:
        if rule not in self.fired:
            self.fired.append(rule)
        for name, value in outputs.items():
            setattr(self, name, value)
            self.decided_by[name] = rule


def highest_imaging(levels: list[str]) -> str:
    return max(levels, key=IMAGING.index, default="not_indicated")


def decide(c: Case, flags: frozenset[str]) -> _Decision:
    """The ordered decision of REFERENCE 7.2: the first matching block sets category and urgency."""
    d = _Decision()
    if flags & R10_FLAGS:
        d.set("R-10", category="emergency", urgency="emergency", imaging="indicated_emergency")
    elif trauma_occurred(c):
        d.set("R-20", category="traumatic")
        if "high_energy_trauma" in flags:
            d.set("R-21", urgency="emergency", imaging="indicated_emergency")
        else:
            d.set("R-22", urgency="urgent", imaging="radiography_first")
            if flags & TRAUMA_MRI_FLAGS:
                d.set("R-23", imaging="indicated_urgent")
    elif flags & R30_FLAGS:
        d.set(
            "R-30",
            category="red_flag_urgent",
            urgency="urgent",
            imaging=highest_imaging([URGENT_FLAG_IMAGING[f] for f in flags if f in URGENT_FLAG_IMAGING]),
        )
    else:
        _decide_without_red_flags(c, flags, d)
    return d


def _decide_without_red_flags(c: Case, flags: frozenset[str], d: _Decision) -> None:
    radicular = one_leg_nerve_root_pattern(c) or bilateral_leg_symptoms(c)
    d.set(
        "R-40",
        category="radicular" if radicular else "non_traumatic_mechanical",
        urgency="urgent" if "stable_unilateral_weakness" in flags else "routine",
    )
    care = c.conservative_care_weeks
    not_improving = c.improving is not True
    if "prior_imaging_no_change" in flags:
        d.set("R-41", imaging="not_indicated")
    elif (
        c.symptom_duration_days is not None
        and c.symptom_duration_days >= SIX_WEEKS_DAYS.value
        and care is not None
        and care >= OPTIMAL_CARE_WEEKS.value
        and not_improving
        and c.wants_procedure_or_surgery is True
    ):
        d.set("R-42", imaging="indicated_routine")
    elif "fracture_risk_factor" in flags:
        d.set("R-43", imaging="radiography_first")
    elif flags & R44_SOFT_FLAGS:
        trial_done = care is not None and care >= TRIAL_OF_CARE_WEEKS.value and not_improving
        d.set("R-44", imaging="indicated_routine" if trial_done else "consider_if_persistent")
    else:
        d.set("R-45", imaging="not_indicated")


def patient_message_key(flags: frozenset[str], d: _Decision) -> str:
    """Which patient message of REFERENCE section 10 the result calls for."""
    if d.urgency == "emergency":
        if "cauda_equina_suspected" in flags:
            return "emergency_cauda_equina"
        if d.decided_by.get("urgency") == "R-21":
            return "emergency_high_energy_trauma"
        return "emergency_other"
    if d.urgency == "urgent":
        return "urgent_review"
    return f"routine_{d.imaging}"


PATIENT_MESSAGE_KEYS = (
    "emergency_cauda_equina",
    "emergency_other",
    "emergency_high_energy_trauma",
    "urgent_review",
    *(f"routine_{level}" for level in IMAGING[:4]),
)


def raised_flags(c: Case) -> tuple[str, ...]:
    """R-01: every flag whose condition holds, in table order, independently of the others."""
    return tuple(flag.id for flag in FLAGS if flag.condition(c))


def evaluate(c: Case) -> TriageResult:
    flags = raised_flags(c)
    flag_set = frozenset(flags)
    d = decide(c, flag_set)
    return TriageResult(
        rules_version=RULES_VERSION,
        category=d.category,
        urgency=d.urgency,
        imaging=d.imaging,
        flags=flags,
        rules_fired=tuple(d.fired),
        decided_by=dict(d.decided_by),
        startback=score_startback(c.startback),
        odi=score_odi(c.odi_sections),
        patient_message=patient_message_key(flag_set, d),
        missing_answers=missing_emergency_answers(c),
    )
