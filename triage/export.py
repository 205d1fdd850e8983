"""The queue as CSV for spreadsheets, streamed row by row.

Cells that a spreadsheet would read as a formula (starting with = + - @, a tab or a
carriage return) get a leading apostrophe, so a patient who types `=HYPERLINK(...)`
as their name cannot make a clinician's spreadsheet run it (OWASP "CSV injection").
A byte-order mark lets Excel read the UTF-8 names correctly.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from intake.models import Status, Submission
from triage import labels

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADER = (
    "Reference",
    "Received (UTC)",
    "Name",
    "Age",
    "Category",
    "Urgency",
    "Imaging",
    "Flags",
    "STarT Back risk",
    "Status",
    "Assigned to",
    "Review due (UTC)",
    "Overdue",
)
COLUMNS = (
    "reference",
    "received_at",
    "patient_name",
    "case__age",
    "category",
    "urgency",
    "imaging",
    "result__flags",
    "startback_risk",
    "status",
    "assignee__username",
    "review_due_at",
)
CHUNK = 2000


def neutralise(cell: object) -> str:
    text = "" if cell is None else str(cell)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Line:
    """A file-like object whose write() hands the line back to the csv writer's caller."""

    def write(self, value: str) -> str:
        return value


def rows(cases: QuerySet[Submission]) -> Iterator[list[Any]]:
    now = timezone.now()
    open_statuses = (Status.NEW, Status.IN_REVIEW)
    for case in cases.values(*COLUMNS).iterator(chunk_size=CHUNK):
        category, risk, status, due = (
            case["category"],
            case["startback_risk"],
            case["status"],
            case["review_due_at"],
        )
        yield [
            case["reference"],
            utc(case["received_at"]),
            case["patient_name"],
            "" if case["case__age"] is None else case["case__age"],
            labels.label("category", category) if category else "Triage failed",
            labels.label("urgency", case["urgency"]),
            labels.label("imaging", case["imaging"]),
            "; ".join(labels.flag_label(str(flag)) for flag in case["result__flags"] or []),
            labels.label("startback", risk) if risk else "",
            Status(status).label,
            case["assignee__username"] or "",
            utc(due),
            "yes" if status in open_statuses and due < now else "no",
        ]


def utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M")


def csv_lines(cases: QuerySet[Submission]) -> Iterable[str]:
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow(HEADER)
    for row in rows(cases):
        yield writer.writerow([neutralise(cell) for cell in row])
