"""Benchmark of the rules engine (`make bench-triage`); a measurement, not a test.

Generates 100,000 varied canonical cases (fixed seed), then in the same run times:
  build    - parse_case(dict) -> Case: validating and constructing the cases only;
  evaluate - rules.evaluate(Case): flags, decision and scores.
It prints cases per second for each and the ratio evaluate / build, which is the
figure that survives a noisy, shared machine. Targets: >= 20,000 evaluations per
second on one core, and evaluate costing no more than 5x build. Best of 3 rounds.
"""

import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from triage import case as c
from triage.rules import TRAUMA_TYPE_SEVERITY, evaluate

N = int(os.environ.get("BENCH_CASES", "100000"))
ROUNDS = 3


def maybe(rng: random.Random, value: object, p_none: float = 0.05) -> object:
    return None if rng.random() < p_none else value


def random_case(rng: random.Random) -> dict:
    yes = lambda p: maybe(rng, rng.random() < p)  # noqa: E731
    return {
        "age": rng.randint(12, 95),
        "sex": rng.choice(c.SEXES),
        "pregnant": yes(0.02),
        "symptom_duration_days": rng.randint(0, 400),
        "onset_type": rng.choice(c.ONSET_TYPES),
        "mechanism": rng.choice(c.MECHANISMS),
        "trauma": {
            "occurred": yes(0.1),
            "type": rng.choice([*TRAUMA_TYPE_SEVERITY, "other", None]),
            "severity": None,
        },
        "pain_location": rng.sample(c.PAIN_LOCATIONS, rng.randint(1, 3)),
        "leg_pain": rng.choice(c.LEG_EXTENTS),
        "leg_pain_below_knee": yes(0.3),
        "numbness": rng.choice(c.LEG_EXTENTS),
        "weakness": maybe(rng, rng.choice(("none", "none", "none", "one_leg", "both_legs"))),
        "weakness_worsening": yes(0.05),
        "leg_symptoms_duration_days": maybe(rng, rng.randint(0, 400), 0.3),
        "leg_symptoms_worsening": yes(0.1),
        "bladder_dysfunction": yes(0.01),
        "bowel_incontinence": yes(0.01),
        "saddle_anesthesia": yes(0.01),
        "sexual_dysfunction_new": yes(0.01),
        "fever": yes(0.03),
        "weight_loss_unexplained": yes(0.03),
        "night_pain": yes(0.1),
        "cancer_history": yes(0.05),
        "immunosuppression": yes(0.03),
        "iv_drug_use": yes(0.01),
        "recent_infection_or_spinal_procedure": yes(0.03),
        "steroid_use": yes(0.03),
        "osteoporosis": yes(0.05),
        "prior_spine_surgery": yes(0.05),
        "new_or_worsening_since_surgery": yes(0.3),
        "prior_lumbar_imaging": {"done": yes(0.2), "modality": "mri", "weeks_ago": rng.randint(0, 200)},
        "conservative_care_weeks": rng.randint(0, 12),
        "improving": yes(0.5),
        "wants_procedure_or_surgery": yes(0.3),
        "pain_now_nprs": rng.randint(0, 10),
        "startback": {item: rng.random() < 0.4 for item in c.STARTBACK_ITEMS}
        | {"q9_bothersome": rng.choice(c.BOTHERSOME_ANSWERS)},
        "odi_sections": [maybe(rng, rng.randint(0, 5)) for _ in range(10)],
    }


def timed(fn, items) -> float:
    best = float("inf")
    for _ in range(ROUNDS):
        start = time.perf_counter()
        for item in items:
            fn(item)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    rng = random.Random(20261127)
    data = [random_case(rng) for _ in range(N)]
    cases = [c.parse_case(d) for d in data]
    build = timed(c.parse_case, data)
    run = timed(evaluate, cases)
    print(f"cases: {N:,} (best of {ROUNDS} rounds, one process, one core)")
    print(f"build    (parse_case):  {N / build:>10,.0f} cases/s  {build * 1e6 / N:6.1f} us/case")
    print(f"evaluate (rules):       {N / run:>10,.0f} cases/s  {run * 1e6 / N:6.1f} us/case")
    print(f"ratio evaluate / build: {run / build:.2f}  (target <= 5)")
    print(f"target >= 20,000 evaluations/s: {'met' if N / run >= 20000 else 'NOT met'}")


if __name__ == "__main__":
    main()
