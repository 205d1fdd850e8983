import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connection

from intake import ratelimit
from intake.models import RateCounter
from intake.ratelimit import Rate, check_intake_rate, hit, parse_rate, rate_limited_response
from tests.factories import make_clinic

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 27, 10, 15, tzinfo=UTC)


def post_from(rf, address: str):
    return rf.post("/intake/submit/", REMOTE_ADDR=address)


def test_rates_read_as_a_count_per_unit():
    assert parse_rate("20/h") == Rate(20, 3600)
    assert parse_rate(" 600 / d ") == Rate(600, 86400)


@pytest.mark.parametrize("text", ["20", "20/hour", "/h", "many/h"])
def test_a_malformed_rate_is_a_configuration_error(text):
    with pytest.raises(ImproperlyConfigured):
        parse_rate(text)


def test_each_hit_in_a_window_adds_one():
    counts = [hit("k", Rate(5, 3600), NOW) for _ in range(3)]

    assert counts == [1, 2, 3]
    assert RateCounter.objects.get().window_start == datetime(2026, 11, 27, 10, 0, tzinfo=UTC)


def test_the_next_window_starts_again_from_one():
    hit("k", Rate(5, 3600), NOW)

    count = hit("k", Rate(5, 3600), NOW + timedelta(hours=1))

    assert count == 1


def test_a_client_over_its_limit_is_refused(rf, settings):
    settings.INTAKE_RATE_PER_IP = "3/h"

    allowed = [check_intake_rate(post_from(rf, "203.0.113.9")) for _ in range(4)]

    assert allowed == [True, True, True, False]


def test_one_clients_limit_does_not_affect_another(rf, settings):
    settings.INTAKE_RATE_PER_IP = "1/h"
    check_intake_rate(post_from(rf, "203.0.113.9"))

    allowed = check_intake_rate(post_from(rf, "203.0.113.10"))

    assert allowed


def test_the_global_limit_refuses_everyone_once_reached(rf, settings):
    settings.INTAKE_RATE_GLOBAL = "3/h"

    allowed = [check_intake_rate(post_from(rf, f"203.0.113.{n}")) for n in range(4)]

    assert allowed == [True, True, True, False]


def test_a_refused_client_does_not_use_up_the_global_limit(rf, settings):
    settings.INTAKE_RATE_PER_IP, settings.INTAKE_RATE_GLOBAL = "1/h", "3/h"
    for _ in range(10):
        check_intake_rate(post_from(rf, "203.0.113.66"))

    others = [check_intake_rate(post_from(rf, address)) for address in ("198.51.100.1", "198.51.100.2")]

    assert others == [True, True]


def test_ipv6_clients_are_counted_per_64_block(rf, settings):
    settings.INTAKE_RATE_PER_IP = "1/h"
    check_intake_rate(post_from(rf, "2001:db8:1:2::1"))

    same_block = check_intake_rate(post_from(rf, "2001:db8:1:2:ffff::9"))
    other_block = check_intake_rate(post_from(rf, "2001:db8:1:3::1"))

    assert (same_block, other_block) == (False, True)


def test_a_limited_client_may_submit_again_in_the_next_window(rf, settings):
    settings.INTAKE_RATE_PER_IP = "1/h"
    with time_machine.travel(NOW, tick=False) as traveller:
        check_intake_rate(post_from(rf, "203.0.113.9"))
        refused = check_intake_rate(post_from(rf, "203.0.113.9"))
        traveller.shift(timedelta(minutes=46))
        later = check_intake_rate(post_from(rf, "203.0.113.9"))

    assert (refused, later) == (False, True)


def test_old_windows_are_pruned_when_a_new_global_window_opens(rf):
    with time_machine.travel(NOW, tick=False) as traveller:
        check_intake_rate(post_from(rf, "203.0.113.9"))
        traveller.shift(timedelta(hours=3))
        check_intake_rate(post_from(rf, "203.0.113.10"))

    assert set(RateCounter.objects.values_list("key", flat=True)) == {"intake:all", "intake:ip:203.0.113.10"}


def test_intake_stays_open_and_logs_when_the_counter_store_fails(rf, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise DatabaseError("counter table unavailable")

    monkeypatch.setattr(ratelimit, "hit", broken)

    allowed = check_intake_rate(post_from(rf, "203.0.113.9"))

    assert allowed
    assert "ratelimit.store_failed" in caplog.text


def test_the_limited_response_is_a_429_with_the_emergency_advice(rf):
    request = post_from(rf, "203.0.113.9")
    request.rate_limit_retry_after = 120

    response = rate_limited_response(request)

    body = response.content.decode()
    assert response.status_code == 429
    assert response["Retry-After"] == "120"
    assert "Go to an emergency department immediately" in body
    assert "pain, numbness or weakness in both legs" in body
    assert "call your local emergency number" in body


def test_the_limited_response_gives_the_clinics_emergency_number(rf):
    clinic = make_clinic("north", emergency_number="112")

    response = rate_limited_response(post_from(rf, "203.0.113.9"), clinic=clinic)

    assert "If you cannot get there safely, call 112." in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_concurrent_hits_from_many_workers_are_never_lost(postgres_only):
    threads_count, hits_each = 8, 25
    barrier = threading.Barrier(threads_count)
    seen: list[int] = []

    def worker():
        try:
            barrier.wait()
            counts = [hit("intake:all", Rate(10_000, 3600), NOW) for _ in range(hits_each)]
            seen.extend(counts)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert RateCounter.objects.get(key="intake:all").count == threads_count * hits_each
    assert sorted(seen) == list(range(1, threads_count * hits_each + 1))
