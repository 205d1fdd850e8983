"""Properties that hold for every well-typed case, checked with Hypothesis."""

from hypothesis import given, settings
from hypothesis import strategies as st

from triage import case as c
from triage import rules
from triage.rules import CATEGORIES, IMAGING, URGENCIES, Tier, evaluate

maybe_bool = st.none() | st.booleans()


def maybe(values):
    return st.none() | st.sampled_from(values)


def maybe_int(low, high):
    return st.none() | st.integers(low, high)


cases = st.builds(
    c.Case,
    age=maybe_int(0, 120),
    sex=maybe(c.SEXES),
    pregnant=maybe_bool,
    symptom_duration_days=maybe_int(0, 4000),
    onset_type=maybe(c.ONSET_TYPES),
    mechanism=maybe(c.MECHANISMS),
    trauma=st.builds(
        c.Trauma,
        occurred=maybe_bool,
        type=st.none() | st.sampled_from([*rules.TRAUMA_TYPE_SEVERITY, "other", "odd text"]),
        severity=maybe(c.TRAUMA_SEVERITIES),
    ),
    pain_location=st.none()
    | st.sets(st.sampled_from(c.PAIN_LOCATIONS)).map(
        lambda chosen: tuple(p for p in c.PAIN_LOCATIONS if p in chosen)
    ),
    leg_pain=maybe(c.LEG_EXTENTS),
    leg_pain_below_knee=maybe_bool,
    numbness=maybe(c.LEG_EXTENTS),
    weakness=maybe(c.LEG_EXTENTS),
    weakness_worsening=maybe_bool,
    leg_symptoms_duration_days=maybe_int(0, 4000),
    leg_symptoms_worsening=maybe_bool,
    bladder_dysfunction=maybe_bool,
    bowel_incontinence=maybe_bool,
    saddle_anesthesia=maybe_bool,
    sexual_dysfunction_new=maybe_bool,
    fever=maybe_bool,
    weight_loss_unexplained=maybe_bool,
    night_pain=maybe_bool,
    cancer_history=maybe_bool,
    immunosuppression=maybe_bool,
    iv_drug_use=maybe_bool,
    recent_infection_or_spinal_procedure=maybe_bool,
    steroid_use=maybe_bool,
    osteoporosis=maybe_bool,
    prior_spine_surgery=maybe_bool,
    new_or_worsening_since_surgery=maybe_bool,
    prior_lumbar_imaging=st.builds(
        c.PriorImaging,
        done=maybe_bool,
        modality=maybe(c.IMAGING_MODALITIES),
        weeks_ago=maybe_int(0, 600),
        change_since=maybe_bool,
    ),
    conservative_care_weeks=maybe_int(0, 200),
    improving=maybe_bool,
    wants_procedure_or_surgery=maybe_bool,
    pain_now_nprs=maybe_int(0, 10),
    startback=st.none()
    | st.builds(
        c.StartBackAnswers,
        **{item: maybe_bool for item in c.STARTBACK_ITEMS},
        q9_bothersome=maybe(c.BOTHERSOME_ANSWERS),
    ),
    odi_sections=st.none() | st.lists(maybe_int(0, 5), min_size=10, max_size=10).map(tuple),
)

EMERGENCY_FLAGS = {flag.id for flag in rules.FLAGS if flag.tier is Tier.EMERGENCY}
URGENT_FLAGS = {flag.id for flag in rules.FLAGS if flag.tier is Tier.URGENT}


@settings(max_examples=400, deadline=None)
@given(cases)
def test_outputs_always_come_from_the_vocabulary(case):
    result = evaluate(case)

    assert result.category in CATEGORIES
    assert result.urgency in URGENCIES
    assert result.imaging in IMAGING
    assert result.patient_message in rules.PATIENT_MESSAGE_KEYS
    assert set(result.flags) <= set(rules.FLAGS_BY_ID)
    assert set(result.rules_fired) <= set(rules.DECISION_RULES_BY_ID)


@settings(max_examples=400, deadline=None)
@given(cases)
def test_an_emergency_flag_is_never_routine(case):
    result = evaluate(case)

    if EMERGENCY_FLAGS & set(result.flags):
        assert result.urgency == "emergency"
        assert result.patient_message.startswith("emergency_")


@settings(max_examples=400, deadline=None)
@given(cases)
def test_an_urgent_flag_is_never_routine(case):
    result = evaluate(case)

    if URGENT_FLAGS & set(result.flags):
        assert result.urgency in ("emergency", "urgent")


@settings(max_examples=400, deadline=None)
@given(cases)
def test_an_unanswered_emergency_question_is_never_routine(case):
    result = evaluate(case)

    if rules.missing_emergency_answers(case):
        assert result.urgency != "routine"


@settings(max_examples=200, deadline=None)
@given(cases)
def test_a_case_survives_its_json_form(case):
    assert c.parse_case(c.case_to_dict(case)) == case
