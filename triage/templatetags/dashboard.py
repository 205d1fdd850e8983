"""Template filters for staff pages: vocabulary labels, flag badges and durations."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django import template

from triage import labels

register = template.Library()


@register.filter
def vocab(code: str | None, vocabulary: str) -> str:
    """`{{ case.category|vocab:"category" }}` -> "Non-traumatic mechanical"."""
    return labels.label(vocabulary, code)


@register.filter
def flag_label(flag_id: str) -> str:
    return labels.flag_label(flag_id)


@register.filter
def duration(value: dt.timedelta | None) -> str:
    """A review time as "2 d 4 h", "3 h 20 min" or "12 min"."""
    if value is None:
        return "—"
    minutes = int(value.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min"


@register.filter
def detail_items(detail: dict[str, Any]) -> list[tuple[str, str]]:
    """An audit event's detail as (key, value) text pairs, in key order."""
    return [
        (key, value if isinstance(value, str) else json.dumps(value, sort_keys=True))
        for key, value in sorted((detail or {}).items())
    ]
