import pytest

from audit.models import AuditAction, AuditEvent
from audit.services import client_ip
from tests.auth_helpers import post_login
from tests.factories import make_user

PROXY = "10.0.0.2"


def test_forwarded_for_is_ignored_without_a_trusted_proxy(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = rf.get("/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.99")

    assert client_ip(request) == "198.51.100.7"


def test_behind_one_proxy_the_address_it_saw_is_used_and_spoofed_entries_are_ignored(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7")

    assert client_ip(request) == "198.51.100.7"


def test_behind_two_proxies_the_second_entry_from_the_right_is_used(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 2
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7, 10.0.0.9")

    assert client_ip(request) == "198.51.100.7"


@pytest.mark.parametrize("header", ["", "not-an-address", "   ,  "])
def test_a_missing_or_malformed_header_falls_back_to_the_socket_address(rf, settings, header):
    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=header)

    assert client_ip(request) == PROXY


def test_ipv6_addresses_are_normalised(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="2001:DB8:0:0::1")

    assert client_ip(request) == "2001:db8::1"


@pytest.mark.django_db
def test_lockout_follows_the_address_the_proxy_saw_not_the_spoofed_ones(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    make_user("alice")

    statuses = [
        post_login(
            client, "alice", "wrong-password-1", ip=PROXY, HTTP_X_FORWARDED_FOR=f"6.6.6.{n}, 198.51.100.7"
        ).status_code
        for n in range(5)
    ]

    assert statuses[-1] == 429
    assert set(
        AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).values_list("ip_address", flat=True)
    ) == {"198.51.100.7"}
