"""The clinic overview: what came in over the last 12 weeks and how the review kept up.

Every figure is one aggregate query in the database, so the page costs the same
number of queries (six) whatever the table size: submissions per week by category
(drawn as an inline SVG bar chart, with the same numbers as a table), the share of
cases where imaging was not indicated, the override rate overall and per decision
rule, the median time from arrival to the first decision per urgency, and the open
cases past their review target.

The median is PERCENTILE_CONT on PostgreSQL; on SQLite a small Python aggregate
called MEDIAN is registered on each connection (`triage.apps`).
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Aggregate, Count, DurationField, ExpressionWrapper, F, Q
from django.db.models.functions import TruncWeek
from django.utils import timezone

from intake.models import Clinic, Status, Submission
from triage import labels, rules
from triage.models import Decision, Outcome, RuleOutcome

WEEKS = 12
CHART_WIDTH = 720
CHART_HEIGHT = 260
PLOT_LEFT = 44
PLOT_TOP = 12
PLOT_BOTTOM = 36
FAILED = "failed"
SERIES = (*rules.CATEGORIES, FAILED)
SERIES_LABELS = {**labels.CATEGORY_LABELS, FAILED: "Triage failed"}


class Median(Aggregate):
    """The median of a column or expression (50th percentile, interpolated)."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    allow_distinct = False

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, function="MEDIAN", template="%(function)s(%(expressions)s)")


class SqliteMedian:
    """The MEDIAN aggregate for SQLite connections (see `triage.apps`)."""

    def __init__(self) -> None:
        self.values: list[float] = []

    def step(self, value: float | None) -> None:
        if value is not None:
            self.values.append(value)

    def finalize(self) -> float | None:
        return statistics.median(self.values) if self.values else None


@dataclass(frozen=True)
class Segment:
    series: str
    label: str
    count: int
    y: float
    height: float


@dataclass
class WeekBar:
    start: dt.date
    counts: dict[str, int]
    total: int = 0
    x: float = 0.0
    width: float = 0.0
    segments: list[Segment] = field(default_factory=list)

    @property
    def cells(self) -> list[int]:
        return [self.counts[series] for series in SERIES]


@dataclass(frozen=True)
class RuleRate:
    rule_id: str
    summary: str
    decisions: int
    overridden: int

    @property
    def percent(self) -> int:
        return round(100 * self.overridden / self.decisions) if self.decisions else 0


@dataclass
class Overview:
    clinic: Clinic
    since: dt.datetime
    weeks: list[WeekBar]
    y_max: int
    series: list[tuple[str, str]]
    total: int
    imaging_not_indicated: int
    decisions: int
    overrides: int
    rule_rates: list[RuleRate]
    median_review: list[tuple[str, dt.timedelta | None, int]]
    overdue: list[tuple[str, int]]

    @property
    def imaging_not_indicated_percent(self) -> int:
        return round(100 * self.imaging_not_indicated / self.total) if self.total else 0

    @property
    def override_percent(self) -> int:
        return round(100 * self.overrides / self.decisions) if self.decisions else 0


def week_starts(now: dt.datetime) -> list[dt.date]:
    """Mondays of the last WEEKS weeks, oldest first, in the current time zone."""
    today = timezone.localdate(now)
    monday = today - dt.timedelta(days=today.weekday())
    return [monday - dt.timedelta(weeks=n) for n in range(WEEKS - 1, -1, -1)]


def weekly_counts(clinic: Clinic, since: dt.datetime, starts: list[dt.date]) -> list[WeekBar]:
    bars = {start: WeekBar(start=start, counts=dict.fromkeys(SERIES, 0)) for start in starts}
    rows = (
        Submission.objects.filter(clinic=clinic, received_at__gte=since)
        .annotate(week=TruncWeek("received_at"))
        .values("week", "category")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        bar = bars.get(timezone.localdate(row["week"]))
        if bar is not None:
            bar.counts[row["category"] or FAILED] += row["n"]
    for bar in bars.values():
        bar.total = sum(bar.counts.values())
    return list(bars.values())


def lay_out_chart(bars: list[WeekBar]) -> int:
    """Place each bar and its stacked segments in the SVG's coordinates; returns the y maximum."""
    y_max = max([bar.total for bar in bars] + [1])
    plot_height = CHART_HEIGHT - PLOT_TOP - PLOT_BOTTOM
    slot = (CHART_WIDTH - PLOT_LEFT) / max(len(bars), 1)
    for index, bar in enumerate(bars):
        bar.x = round(PLOT_LEFT + index * slot + slot * 0.15, 1)
        bar.width = round(slot * 0.7, 1)
        base = float(CHART_HEIGHT - PLOT_BOTTOM)
        for series in SERIES:
            count = bar.counts[series]
            if not count:
                continue
            height = round(count / y_max * plot_height, 1)
            base -= height
            bar.segments.append(Segment(series, SERIES_LABELS[series], count, round(base, 1), height))
    return y_max


def build_overview(clinic: Clinic, now: dt.datetime | None = None) -> Overview:
    now = now or timezone.now()
    starts = week_starts(now)
    since = timezone.make_aware(dt.datetime.combine(starts[0], dt.time.min))
    bars = weekly_counts(clinic, since, starts)
    y_max = lay_out_chart(bars)
    window = Submission.objects.filter(clinic=clinic, received_at__gte=since)
    totals = window.aggregate(total=Count("pk"), not_indicated=Count("pk", filter=Q(imaging="not_indicated")))
    current = Decision.objects.filter(
        current=True, submission__clinic=clinic, submission__received_at__gte=since
    )
    decided = current.aggregate(total=Count("pk"), overrides=Count("pk", filter=Q(outcome=Outcome.OVERRIDE)))
    return Overview(
        clinic=clinic,
        since=since,
        weeks=bars,
        y_max=y_max,
        series=[(series, SERIES_LABELS[series]) for series in SERIES],
        total=totals["total"],
        imaging_not_indicated=totals["not_indicated"],
        decisions=decided["total"],
        overrides=decided["overrides"],
        rule_rates=rule_rates(clinic, since),
        median_review=median_review(window),
        overdue=overdue(clinic, now),
    )


def rule_rates(clinic: Clinic, since: dt.datetime) -> list[RuleRate]:
    rows = (
        RuleOutcome.objects.filter(
            decision__current=True,
            decision__submission__clinic=clinic,
            decision__submission__received_at__gte=since,
        )
        .values("rule")
        .annotate(n=Count("pk"), overridden=Count("pk", filter=Q(overridden=True)))
        .order_by("rule")
    )
    return [
        RuleRate(
            row["rule"], rule.summary if (rule := rules.DECISION_RULES_BY_ID.get(row["rule"])) else "",
            row["n"], row["overridden"],
        )
        for row in rows
    ]  # fmt: skip


def median_review(window: Any) -> list[tuple[str, dt.timedelta | None, int]]:
    waited = ExpressionWrapper(F("reviewed_at") - F("received_at"), output_field=DurationField())
    rows = (
        window.filter(reviewed_at__isnull=False)
        .values("urgency")
        .annotate(median=Median(waited, output_field=DurationField()), n=Count("pk"))
        .order_by()
    )
    found = {row["urgency"]: (row["median"], row["n"]) for row in rows}
    return [(urgency, *found.get(urgency, (None, 0))) for urgency in rules.URGENCIES]


def overdue(clinic: Clinic, now: dt.datetime) -> list[tuple[str, int]]:
    rows = (
        Submission.objects.filter(
            clinic=clinic, status__in=(Status.NEW, Status.IN_REVIEW), review_due_at__lt=now
        )
        .values("urgency")
        .annotate(n=Count("pk"))
        .order_by()
    )
    found = {row["urgency"]: row["n"] for row in rows}
    return [(urgency, found.get(urgency, 0)) for urgency in rules.URGENCIES]
