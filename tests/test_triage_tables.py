"""Every flag and decision rule is data with an id, a rationale and a source."""

import re
from pathlib import Path

from triage import rules


def test_every_flag_has_an_id_a_rationale_and_a_source():
    for flag in rules.FLAGS:
        assert re.fullmatch(r"[a-z0-9_]+", flag.id)
        assert len(flag.rationale) > 20
        assert len(flag.source) > 5


def test_flag_ids_are_unique():
    ids = [flag.id for flag in rules.FLAGS]

    assert len(ids) == len(set(ids))


def test_every_reference_flag_is_implemented():
    reference_flags = {
        "cauda_equina_suspected",
        "progressive_neurological_deficit",
        "spinal_infection_suspected",
        "mscc_suspected",
        "high_energy_trauma",
        "cancer_history",
        "cancer_suspected",
        "infection_risk_factor",
        "fever_without_risk_factor",
        "fragility_fracture_suspected",
        "low_energy_trauma",
        "post_surgical_new_symptoms",
        "paediatric_red_flag",
        "emergency_answer_missing",
        "age_over_50",
        "age_70_or_over",
        "unexplained_weight_loss",
        "night_pain",
        "thoracic_pain",
        "fracture_risk_factor",
        "stable_unilateral_weakness",
        "paediatric_patient",
        "pregnancy",
        "prior_imaging_no_change",
    }

    assert set(rules.FLAGS_BY_ID) == reference_flags


def test_every_decision_rule_has_an_id_a_rationale_and_a_source():
    for rule in rules.DECISION_RULES:
        assert re.fullmatch(r"R-\d\d", rule.id)
        assert rule.summary
        assert len(rule.rationale) > 20
        assert rule.source


def test_decision_rule_ids_are_unique():
    ids = [rule.id for rule in rules.DECISION_RULES]

    assert len(ids) == len(set(ids))


def test_every_threshold_names_its_source():
    thresholds = [value for value in vars(rules).values() if isinstance(value, rules.Threshold)]

    assert len(thresholds) >= 10
    assert all(t.source for t in thresholds)


def test_every_urgent_flag_maps_to_an_imaging_level_or_to_the_trauma_pathway():
    urgent = {flag.id for flag in rules.FLAGS if flag.tier is rules.Tier.URGENT}

    assert urgent - set(rules.URGENT_FLAG_IMAGING) == {"low_energy_trauma"}
    assert set(rules.URGENT_FLAG_IMAGING.values()) <= set(rules.IMAGING)


def test_the_rules_module_imports_nothing_from_django():
    for module in ("triage/rules.py", "triage/case.py", "triage/scoring.py"):
        source = Path(module).read_text()

        assert "django" not in source.lower().replace("no django imports", "")
