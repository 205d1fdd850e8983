"""clinical/REFERENCE.md section 14, reproduced exactly through the triage_case command."""

import json

import pytest
from django.core.management import call_command

WORKED_EXAMPLES = [
    (
        "33-year-old, 5 days, sudden pain lifting a crate, back only",
        {
            "age": 33,
            "symptom_duration_days": 5,
            "onset_type": "sudden",
            "mechanism": "bending_or_lifting",
            "trauma": {"occurred": False},
            "pain_location": ["lower_back"],
            "leg_pain": "none",
            "numbness": "none",
            "weakness": "none",
            "bladder_dysfunction": False,
            "bowel_incontinence": False,
            "saddle_anesthesia": False,
            "sexual_dysfunction_new": False,
            "fever": False,
            "weight_loss_unexplained": False,
            "night_pain": False,
            "cancer_history": False,
        },
        ("non_traumatic_mechanical", "routine", "not_indicated"),
        [],
        ["R-40", "R-45"],
    ),
    (
        "47-year-old, 3 weeks, pain down one leg to the ankle with foot tingling, no weakness",
        {
            "age": 47,
            "symptom_duration_days": 21,
            "onset_type": "gradual",
            "mechanism": "no_clear_cause",
            "trauma": {"occurred": False},
            "pain_location": ["lower_back", "leg"],
            "leg_pain": "one_leg",
            "leg_pain_below_knee": True,
            "numbness": "one_leg",
            "weakness": "none",
            "bladder_dysfunction": False,
            "bowel_incontinence": False,
            "saddle_anesthesia": False,
            "fever": False,
        },
        ("radicular", "routine", "not_indicated"),
        [],
        ["R-40", "R-45"],
    ),
    (
        "39-year-old, 11 weeks, sciatica, 7 weeks of PT, not improving, would consider an injection",
        {
            "age": 39,
            "symptom_duration_days": 77,
            "trauma": {"occurred": False},
            "leg_pain": "one_leg",
            "leg_pain_below_knee": True,
            "numbness": "none",
            "weakness": "none",
            "bladder_dysfunction": False,
            "bowel_incontinence": False,
            "saddle_anesthesia": False,
            "fever": False,
            "conservative_care_weeks": 7,
            "improving": False,
            "wants_procedure_or_surgery": True,
        },
        ("radicular", "routine", "indicated_routine"),
        [],
        ["R-42"],
    ),
    (
        "63-year-old with treated bowel cancer, 2 weeks of new back pain, no leg symptoms",
        {
            "age": 63,
            "symptom_duration_days": 14,
            "trauma": {"occurred": False},
            "leg_pain": "none",
            "numbness": "none",
            "weakness": "none",
            "bladder_dysfunction": False,
            "bowel_incontinence": False,
            "saddle_anesthesia": False,
            "fever": False,
            "cancer_history": True,
            "cancer_type": "bowel",
        },
        ("red_flag_urgent", "urgent", "indicated_urgent"),
        ["cancer_history", "age_over_50"],
        ["R-30"],
    ),
    (
        "29-year-old, 4 days, today numbness when wiping and difficulty starting to urinate",
        {
            "age": 29,
            "symptom_duration_days": 4,
            "trauma": {"occurred": False},
            "leg_pain": "none",
            "numbness": "none",
            "weakness": "none",
            "saddle_anesthesia": True,
            "bladder_dysfunction": True,
            "bowel_incontinence": False,
            "fever": False,
        },
        ("emergency", "emergency", "indicated_emergency"),
        ["cauda_equina_suspected"],
        ["R-10"],
    ),
    (
        "80-year-old on alendronate, tripped on a rug, back pain since",
        {
            "age": 80,
            "osteoporosis": True,
            "symptom_duration_days": 6,
            "mechanism": "fall",
            "trauma": {"occurred": True, "type": "fall_from_standing"},
            "leg_pain": "none",
            "numbness": "none",
            "weakness": "none",
            "bladder_dysfunction": False,
            "bowel_incontinence": False,
            "saddle_anesthesia": False,
            "fever": False,
        },
        ("traumatic", "urgent", "radiography_first"),
        ["fragility_fracture_suspected", "age_over_50", "age_70_or_over"],
        ["R-22"],
    ),
]


def run_triage_case(tmp_path, payload, capsys):
    path = tmp_path / "cases.json"
    path.write_text(json.dumps(payload))
    call_command("triage_case", str(path))
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(
    ("case", "outputs", "flags", "rules"),
    [example[1:] for example in WORKED_EXAMPLES],
    ids=[example[0] for example in WORKED_EXAMPLES],
)
def test_worked_example(case, outputs, flags, rules, tmp_path, capsys):
    result = run_triage_case(tmp_path, case, capsys)

    assert (result["category"], result["urgency"], result["imaging"]) == outputs
    assert sorted(result["flags"]) == sorted(flags)
    assert set(rules) <= set(result["rules_fired"])


def test_all_worked_examples_as_one_list_come_back_in_order(tmp_path, capsys):
    results = run_triage_case(tmp_path, [example[1] for example in WORKED_EXAMPLES], capsys)

    assert [r["category"] for r in results] == [example[2][0] for example in WORKED_EXAMPLES]
