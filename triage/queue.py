"""The clinician queue: filtering, counts and keyset pagination over the user's cases.

Order is fixed: urgency (emergency, urgent, routine), then time waiting (oldest
first), then id, which is exactly the column order of the indexes `queue_order`
(clinic, urgency_rank, received_at, id) and `queue_by_status` (clinic, status, ...).
Pages are found by keyset, never OFFSET: the opaque cursor holds the last row's
(urgency_rank, received_at, id) and the next page is the rows after it, compared as
a row value so PostgreSQL uses it as an index condition.

A page must read about as many rows as it shows, whatever the table size. One index
range serves one (clinic, status) pair, so on PostgreSQL the page is a UNION ALL of
one small ordered, limited scan per pair (a user in two clinics looking at "open"
cases gives four scans of at most page-size + 1 rows each), merged and cut to the
page. SQLite cannot order and limit inside a compound query; there the same filter
runs as one query (SQLite is for development; EXPLAIN is checked on PostgreSQL).

Filters come only from `QueueFilters` (built by `triage.forms.QueueFilterForm`), never
from request parameters directly. The search term never reaches a URL: the view
keeps it in the session.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.fields.json import KT
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan
from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timesince

from intake.models import URGENCY_RANK, Status, Submission, SubmissionFlag
from triage import labels

OPEN_STATUSES = (Status.NEW, Status.IN_REVIEW)
STATUS_FILTERS: dict[str, tuple[str, ...] | None] = {
    "open": OPEN_STATUSES,
    Status.NEW: (Status.NEW,),
    Status.IN_REVIEW: (Status.IN_REVIEW,),
    Status.REVIEWED: (Status.REVIEWED,),
    Status.CLOSED: (Status.CLOSED,),
    "all": None,
}
DEFAULT_STATUS = "open"
PAGE_SIZES = (10, 25, 50)
DEFAULT_PAGE_SIZE = 25
TRIAGE_FAILED = "failed"  # the category filter value for cases the rules could not triage
ORDER = ("urgency_rank", "received_at", "id")
REVERSE_ORDER = ("-urgency_rank", "-received_at", "-id")
# Columns the queue table reads; the large JSON columns stay in the database.
LIST_COLUMNS = (
    "id",
    "reference",
    "clinic__name",
    "received_at",
    "patient_name",
    "category",
    "urgency",
    "urgency_rank",
    "imaging",
    "startback_risk",
    "triage_failed",
    "status",
    "review_due_at",
    "version",
    "assignee__username",
    "assignee__first_name",
    "assignee__last_name",
)
REFERENCE_PATTERN = re.compile(r"^[0-9A-Z]{4}-?[0-9A-Z]{4}$")


@dataclass(frozen=True)
class QueueFilters:
    status: str = DEFAULT_STATUS
    urgency: str = ""
    category: str = ""
    imaging: str = ""
    flag: str = ""
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    mine: bool = False
    clinic_id: int | None = None
    size: int = DEFAULT_PAGE_SIZE

    def statuses(self) -> tuple[str, ...] | None:
        return STATUS_FILTERS[self.status]


@dataclass(frozen=True)
class Cursor:
    urgency_rank: int
    received_at: dt.datetime
    id: uuid.UUID

    def encode(self) -> str:
        raw = f"{self.urgency_rank}|{self.received_at.isoformat()}|{self.id.hex}"
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str) -> Cursor | None:
        """The cursor in `token`, or None when it is not one of ours."""
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
            rank, received, ident = raw.split("|")
            received_at = dt.datetime.fromisoformat(received)
            cursor = cls(int(rank), received_at, uuid.UUID(hex=ident))
        except (ValueError, binascii.Error, UnicodeDecodeError):
            return None
        if cursor.urgency_rank not in URGENCY_RANK.values() or received_at.tzinfo is None:
            return None
        return cursor

    @classmethod
    def of(cls, row: Submission) -> Cursor:
        return cls(row.urgency_rank, row.received_at, row.pk)


@dataclass
class QueuePage:
    rows: list[Submission]
    next_cursor: str | None = None
    previous_cursor: str | None = None
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class QueueRow:
    """One line of the queue table with every cell already worded: the template only prints.

    Building the cells in Python costs a few microseconds a row; the same work in the
    template (URL reversing, date filters, label look-ups) was most of the page's time.
    """

    url: str
    reference: str
    overdue: bool
    received_iso: str
    received_title: str
    received_ago: str
    patient: str
    triage_failed: bool
    category: str
    urgency: str
    urgency_label: str
    imaging: str
    key_flags: list[dict[str, str]]
    other_flags: int
    startback: str
    status: str
    assignee: str
    clinic: str


def present(rows: list[Submission], now: dt.datetime) -> list[QueueRow]:
    placeholder = uuid.UUID(int=0)
    url = reverse("dashboard:case", args=[placeholder])
    return [_present_row(row, now, url.replace(str(placeholder), str(row.pk))) for row in rows]


def _present_row(row: Submission, now: dt.datetime, url: str) -> QueueRow:
    received = timezone.localtime(row.received_at)
    age = getattr(row, "age", None)
    key, others = labels.key_flags(row.flag_ids)  # type: ignore[attr-defined]
    assignee = row.assignee
    return QueueRow(
        url=url,
        reference=row.reference,
        overdue=bool(getattr(row, "overdue", False)),
        received_iso=received.isoformat(),
        received_title=received.strftime("%Y-%m-%d %H:%M ") + str(received.tzname()),
        received_ago=timesince(received, now),
        patient=f"{row.patient_name}, {age}" if age else row.patient_name,
        triage_failed=row.triage_failed,
        category=labels.label("category", row.category),
        urgency=row.urgency,
        urgency_label=labels.label("urgency", row.urgency),
        imaging=labels.label("imaging", row.imaging),
        key_flags=key,
        other_flags=others,
        startback=labels.label("startback", row.startback_risk),
        status=row.get_status_display(),
        assignee=(assignee.get_full_name() or assignee.username) if assignee else "",
        clinic=row.clinic.name,
    )


def normalise_reference(term: str) -> str | None:
    """`abcd efgh`, `ABCD-EFGH` ... as a stored reference, or None if it cannot be one."""
    compact = re.sub(r"[\s-]", "", term.upper())
    if not REFERENCE_PATTERN.match(compact):
        return None
    return f"{compact[:4]}-{compact[4:]}"


def search_condition(term: str) -> Q:
    condition = Q(patient_name__icontains=term)
    reference = normalise_reference(term)
    if reference is not None:
        condition |= Q(reference=reference)
    return condition


def filtered(
    user: Any, filters: QueueFilters, search: str = "", clinic_ids: list[int] | None = None
) -> QuerySet[Submission]:
    """The user's cases matching every filter except status and urgency.

    Status and urgency are left out because the page applies status one index range
    at a time (`keys_query`) and the counts group by urgency. `clinic_ids` (the user's
    clinics, already read for the page) repeats the scope as a plain condition, so the
    planner can start from the clinic column of the queue indexes.
    """
    cases = Submission.objects.for_user(user)
    if clinic_ids is not None:
        cases = cases.filter(clinic_id__in=clinic_ids)
    if filters.clinic_id is not None:
        cases = cases.filter(clinic_id=filters.clinic_id)
    if filters.category == TRIAGE_FAILED:
        cases = cases.filter(triage_failed=True)
    elif filters.category:
        cases = cases.filter(category=filters.category)
    if filters.imaging:
        cases = cases.filter(imaging=filters.imaging)
    if filters.flag:
        flagged = SubmissionFlag.objects.filter(submission=OuterRef("pk"), flag=filters.flag)
        cases = cases.filter(Exists(flagged))
    if filters.received_from is not None:
        cases = cases.filter(received_at__gte=start_of_day(filters.received_from))
    if filters.received_to is not None:
        cases = cases.filter(received_at__lt=start_of_day(filters.received_to + dt.timedelta(days=1)))
    if filters.mine:
        cases = cases.filter(assignee_id=user.pk)
    if search:
        cases = cases.filter(search_condition(search))
    return cases


def with_status(cases: QuerySet[Submission], filters: QueueFilters) -> QuerySet[Submission]:
    statuses = filters.statuses()
    return cases.filter(status__in=statuses) if statuses is not None else cases


def with_urgency(cases: QuerySet[Submission], filters: QueueFilters) -> QuerySet[Submission]:
    if filters.urgency:
        return cases.filter(urgency_rank=URGENCY_RANK[filters.urgency])
    return cases


def matching(
    user: Any, filters: QueueFilters, search: str = "", clinic_ids: list[int] | None = None
) -> QuerySet[Submission]:
    """Every case the filters select (for the export), in queue order."""
    cases = with_urgency(with_status(filtered(user, filters, search, clinic_ids), filters), filters)
    return cases.order_by(*ORDER)


def start_of_day(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def counts(cases: QuerySet[Submission], now: dt.datetime | None = None) -> dict[str, int]:
    """Cases per urgency, open ones past their review target, and a newer-than marker; one query.

    `newest` is when the newest new case arrived (microseconds since the epoch, 0 for
    none): the page's script polls it and refreshes the list when it grows.
    """
    now = now or timezone.now()
    totals = cases.aggregate(
        emergency=Count("pk", filter=Q(urgency_rank=URGENCY_RANK["emergency"])),
        urgent=Count("pk", filter=Q(urgency_rank=URGENCY_RANK["urgent"])),
        routine=Count("pk", filter=Q(urgency_rank=URGENCY_RANK["routine"])),
        overdue=Count("pk", filter=Q(status__in=OPEN_STATUSES, review_due_at__lt=now)),
        newest=Max("received_at", filter=Q(status=Status.NEW)),
    )
    newest = totals.pop("newest")
    result = {name: int(value or 0) for name, value in totals.items()}
    result["newest"] = int(newest.timestamp() * 1_000_000) if newest is not None else 0
    return result


def keys_query(
    cases: QuerySet[Submission],
    clinic_ids: list[int],
    statuses: tuple[str, ...] | None,
    cursor: Cursor | None,
    backwards: bool,
    size: int,
) -> QuerySet[Any]:
    """The query for (urgency_rank, received_at, id) of up to size + 1 rows after (or before) the cursor.

    `cases` carries no status filter: each arm adds `status = s`, an equality the
    index range can serve in order (an IN list would make PostgreSQL sort every
    open case instead).
    """
    order = REVERSE_ORDER if backwards else ORDER
    if cursor is not None:
        compare = TupleLessThan if backwards else TupleGreaterThan
        key = (cursor.urgency_rank, cursor.received_at, cursor.id)
        cases = cases.filter(compare(Tuple(F("urgency_rank"), F("received_at"), F("id")), key))
    pairs = [(clinic, status) for clinic in clinic_ids for status in (statuses or (None,))]
    if len(pairs) > 1 and connection.features.supports_slicing_ordering_in_compound:
        arms = [_ordered_keys(_one_range(cases, clinic, status), order, size) for clinic, status in pairs]
        return arms[0].union(*arms[1:], all=True).order_by(*order)[: size + 1]
    if statuses is not None:
        cases = cases.filter(status__in=statuses)
    return _ordered_keys(cases, order, size)


def _one_range(cases: QuerySet[Submission], clinic_id: int, status: str | None) -> QuerySet[Submission]:
    cases = cases.filter(clinic_id=clinic_id)
    return cases.filter(status=status) if status is not None else cases


def _ordered_keys(cases: QuerySet[Submission], order: tuple[str, ...], size: int) -> QuerySet[Any]:
    return cases.order_by(*order).values_list(*ORDER)[: size + 1]


def load_rows(cases: QuerySet[Submission], ids: list[uuid.UUID]) -> list[Submission]:
    """The page's rows in `ids` order, with assignee and flag ids; two queries."""
    overdue = Q(status__in=OPEN_STATUSES, review_due_at__lt=timezone.now())
    rows = (
        cases.filter(pk__in=ids)
        .select_related("assignee", "clinic")
        .only(*LIST_COLUMNS)
        .annotate(age=KT("case__age"), overdue=ExpressionWrapper(overdue, output_field=BooleanField()))
    )
    flags: dict[uuid.UUID, list[str]] = {pk: [] for pk in ids}
    rows_flags = SubmissionFlag.objects.filter(submission_id__in=ids).order_by("id")
    for submission_id, flag in rows_flags.values_list("submission_id", "flag"):
        flags[submission_id].append(flag)
    by_id = {row.pk: row for row in rows}
    for row in by_id.values():
        row.flag_ids = flags[row.pk]  # type: ignore[attr-defined]
    return [by_id[pk] for pk in ids if pk in by_id]


def build_page(
    user: Any,
    filters: QueueFilters,
    clinic_ids: list[int],
    *,
    search: str = "",
    after: Cursor | None = None,
    before: Cursor | None = None,
) -> QueuePage:
    """One page of the queue and the counts above it, in a fixed number of queries."""
    base = filtered(user, filters, search, clinic_ids)
    cases = with_urgency(base, filters)
    if filters.clinic_id is not None:
        clinic_ids = [filters.clinic_id] if filters.clinic_id in clinic_ids else []
    cursor = before or after
    keys = list(keys_query(cases, clinic_ids, filters.statuses(), cursor, before is not None, filters.size))
    more = len(keys) > filters.size
    keys = keys[: filters.size]
    if before is not None:
        keys.reverse()
    rows = load_rows(cases, [key[2] for key in keys]) if keys else []
    page = QueuePage(rows=rows, counts=counts(with_status(base, filters)))
    if rows:
        first, last = Cursor.of(rows[0]).encode(), Cursor.of(rows[-1]).encode()
        page.next_cursor = last if (more or before is not None) else None
        page.previous_cursor = first if (more if before is not None else after is not None) else None
    return page
