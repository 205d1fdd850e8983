import pytest

from triage.case import StartBackAnswers
from triage.scoring import odi_band, score_odi, score_startback

ITEMS = [
    "q1_leg_pain",
    "q2_shoulder_neck",
    "q3_walk_short",
    "q4_dress_slowly",
    "q5_unsafe_active",
    "q6_worry",
    "q7_terrible_never_better",
    "q8_no_enjoyment",
]


def startback(agreed=(), bothersome="slightly"):
    return StartBackAnswers(**{item: item in agreed for item in ITEMS}, q9_bothersome=bothersome)


@pytest.mark.parametrize(
    ("agreed", "bothersome", "total", "psychosocial", "risk"),
    [
        ((), "not_at_all", 0, 0, "low"),
        (("q1_leg_pain", "q2_shoulder_neck", "q3_walk_short"), "moderately", 3, 0, "low"),
        (("q1_leg_pain", "q2_shoulder_neck", "q3_walk_short", "q4_dress_slowly"), "slightly", 4, 0, "medium"),
        (("q1_leg_pain", "q2_shoulder_neck", "q3_walk_short"), "very_much", 4, 1, "medium"),
        (
            ("q1_leg_pain", "q5_unsafe_active", "q6_worry", "q7_terrible_never_better"),
            "slightly",
            4,
            3,
            "medium",
        ),
        (("q5_unsafe_active", "q6_worry", "q7_terrible_never_better"), "extremely", 4, 4, "high"),
        (
            ("q5_unsafe_active", "q6_worry", "q7_terrible_never_better", "q8_no_enjoyment"),
            "slightly",
            4,
            4,
            "high",
        ),
        (tuple(ITEMS), "extremely", 9, 5, "high"),
    ],
)
def test_startback_scoring_and_risk_boundaries(agreed, bothersome, total, psychosocial, risk):
    score = score_startback(startback(agreed, bothersome))

    assert (score.total, score.psychosocial, score.risk) == (total, psychosocial, risk)


def test_startback_is_not_scored_with_an_item_unanswered():
    answers = StartBackAnswers(
        **{item: True for item in ITEMS[:-1]}, q8_no_enjoyment=None, q9_bothersome="slightly"
    )

    assert score_startback(answers) is None


def test_startback_is_not_scored_without_the_bothersomeness_item():
    assert score_startback(startback(bothersome=None)) is None


def test_startback_absent_is_null():
    assert score_startback(None) is None


@pytest.mark.parametrize(
    ("sections", "percent", "band"),
    [
        ([0] * 10, 0.0, "minimal"),
        ([2, 2, 2, 2, 2, 2, 1, 1, 1, 2], 34.0, "moderate"),
        ([2, 2, 2, 2, 2, 2, 2, 1, 1, None], 16 / 45 * 100, "moderate"),
        ([2, 2, 2, 2, 2, 2, 1, 1, None, None], 14 / 40 * 100, "moderate"),
        ([5] * 10, 100.0, "bed_bound"),
    ],
    ids=["none missing, zero", "none missing", "one missing", "two missing", "maximum"],
)
def test_odi_percent_over_answered_sections(sections, percent, band):
    score = score_odi(tuple(sections))

    assert score.percent == pytest.approx(percent)
    assert score.band == band


def test_odi_reference_example_sixteen_points_over_ten_sections_is_32_percent():
    assert score_odi((2, 2, 2, 2, 2, 2, 1, 1, 1, 1)).percent == pytest.approx(32.0)


def test_odi_with_three_missing_sections_is_incomplete():
    score = score_odi((2, 2, 2, 2, 2, 2, 2, None, None, None))

    assert score.percent is None
    assert score.band == "incomplete"


def test_odi_absent_is_null():
    assert score_odi(None) is None


@pytest.mark.parametrize(
    ("percent", "band"),
    [
        (20, "minimal"),
        (20.1, "moderate"),
        (40, "moderate"),
        (40.5, "severe"),
        (60, "severe"),
        (61, "very_severe"),
        (80, "very_severe"),
        (80.1, "bed_bound"),
    ],
)
def test_odi_band_boundaries(percent, band):
    assert odi_band(percent) == band
