"""Rate limits for anonymous intake submissions, shared by every worker (ASVS 2.4.1).

Counts live in the database (`RateCounter`), one row per key and fixed window, bumped
with a single `INSERT ... ON CONFLICT DO UPDATE ... RETURNING` statement, which is
atomic on PostgreSQL and SQLite alike, so concurrent workers never lose a count.
Two limits apply, from settings:

* INTAKE_RATE_PER_IP (default 20/h) per client address (IPv6 counted per /64, since
  one household or phone holds a whole /64). A patient submits once; a clinic's
  waiting-room Wi-Fi puts several patients behind one address; 20 an hour leaves room
  for both and for retries, while stopping a script from one address.
* INTAKE_RATE_GLOBAL (default 600/h) for everyone together. A clinic network sees
  hundreds of intakes a day, so ten a minute is far above real peaks, yet it caps a
  flood from many addresses. A request refused by its own address's limit does not
  count towards the global one, so one noisy address cannot lock everyone out.

A refused patient gets `rate_limited_response`: status 429, Retry-After, and the
emergency safety-net advice, because the person being limited may be the one who
needs it. If the counter store fails, intake stays open (fail-open, logged): losing
a patient's questionnaire is worse than letting a burst through. Staff login does not
use this module; django-axes locks it, and fails closed.

Old windows are pruned whenever the global counter opens a new window.
"""

from __future__ import annotations

import ipaddress
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from audit.services import client_ip
from config.logging import log_event
from intake.models import RateCounter

if TYPE_CHECKING:
    from intake.models import Clinic

logger = logging.getLogger(__name__)

GLOBAL_KEY = "intake:all"
PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    limit: int
    period: int  # seconds


def parse_rate(text: str) -> Rate:
    """'20/h' -> Rate(20, 3600). Units: s, m, h, d."""
    count, _, unit = text.strip().partition("/")
    if not count.strip().isdigit() or unit.strip() not in PERIODS:
        raise ImproperlyConfigured(f"A rate looks like '20/h' (per s, m, h or d), not {text!r}.")
    return Rate(int(count), PERIODS[unit.strip()])


def check_intake_rate(request: HttpRequest) -> bool:
    """Count this submission; False when the client's or everyone's limit is used up."""
    per_ip, overall = parse_rate(settings.INTAKE_RATE_PER_IP), parse_rate(settings.INTAKE_RATE_GLOBAL)
    try:
        for scope, key, rate in (("ip", client_key(request), per_ip), ("global", GLOBAL_KEY, overall)):
            if hit(key, rate) > rate.limit:
                request.rate_limit_retry_after = seconds_left(rate)  # type: ignore[attr-defined]
                log_event("ratelimit.refused", request=request, level=logging.WARNING, scope=scope)
                return False
    except DatabaseError:
        logger.error("ratelimit.store_failed action=allowed", exc_info=True)
        return True
    return True


def client_key(request: HttpRequest, scope: str = "intake") -> str:
    address = ipaddress.ip_address(client_ip(request) or "0.0.0.0")  # noqa: S104 (a key, not a bind)
    if address.version == 6:
        return f"{scope}:ip:{ipaddress.ip_network(f'{address}/64', strict=False)}"
    return f"{scope}:ip:{address}"


def hit(key: str, rate: Rate, now: datetime | None = None) -> int:
    """Add one to `key`'s counter for the current window and return the new count."""
    window = window_start(now or timezone.now(), rate.period)
    table = connection.ops.quote_name(RateCounter._meta.db_table)
    key_col, window_col, count_col = (
        connection.ops.quote_name(name) for name in ("key", "window_start", "count")
    )
    sql = (
        f"INSERT INTO {table} ({key_col}, {window_col}, {count_col}) VALUES (%s, %s, 1) "  # noqa: S608
        f"ON CONFLICT ({key_col}, {window_col}) DO UPDATE SET {count_col} = {table}.{count_col} + 1 "
        f"RETURNING {count_col}"
    )
    with transaction.atomic(), connection.cursor() as cursor:  # a savepoint inside a caller's transaction
        cursor.execute(sql, [key, connection.ops.adapt_datetimefield_value(window)])
        count = int(cursor.fetchone()[0])
    if count == 1 and key == GLOBAL_KEY:
        prune(window - timedelta(seconds=longest_period()))
    return count


def current(key: str, rate: Rate, now: datetime | None = None) -> int:
    """`key`'s count in the current window, without adding to it."""
    window = window_start(now or timezone.now(), rate.period)
    row = RateCounter.objects.filter(key=key, window_start=window).values_list("count", flat=True).first()
    return int(row or 0)


def window_start(now: datetime, period: int) -> datetime:
    epoch = int(now.timestamp())
    return datetime.fromtimestamp(epoch - epoch % period, tz=UTC)


def seconds_left(rate: Rate, now: datetime | None = None) -> int:
    epoch = int((now or timezone.now()).timestamp())
    return rate.period - epoch % rate.period


def longest_period() -> int:
    return max(parse_rate(settings.INTAKE_RATE_PER_IP).period, parse_rate(settings.INTAKE_RATE_GLOBAL).period)


def prune(before: datetime) -> int:
    deleted, _ = RateCounter.objects.filter(window_start__lt=before).delete()
    return deleted


def rate_limited_response(request: HttpRequest, clinic: Clinic | None = None) -> HttpResponse:
    """429 with the emergency advice (and the clinic's emergency number when known)."""
    context = {"reason": "intake", "emergency_number": clinic.emergency_number if clinic else ""}
    response = render(request, "429.html", context, status=429)
    response["Retry-After"] = str(getattr(request, "rate_limit_retry_after", 60))
    return response
