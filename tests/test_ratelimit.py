"""Rate limits count each shopper on their own address, also behind the proxies production sits behind."""

from __future__ import annotations

import pytest

from config.ratelimit import Rate, client_address, client_ip, hit


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "remote_addr", "client"),
    [
        (0, "198.51.100.7", "10.0.0.2", "10.0.0.2"),  # no proxy trusted: the header is anyone's to write
        (1, "198.51.100.7", "10.0.0.2", "198.51.100.7"),  # nginx appended the shopper
        (1, "6.6.6.6, 198.51.100.7", "10.0.0.2", "198.51.100.7"),  # the shopper's own forged entry is ignored
        (2, "6.6.6.6, 198.51.100.7, 10.0.0.9", "10.0.0.2", "198.51.100.7"),  # load balancer, then nginx
        (2, "198.51.100.7", "10.0.0.2", "10.0.0.2"),  # came round the proxies: counted on its own address
        (1, "", "10.0.0.2", "10.0.0.2"),
    ],
)
def test_the_client_is_as_many_entries_from_the_right_as_there_are_trusted_proxies(
    rf, settings, proxies, forwarded_for, remote_addr, client
):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = rf.get("/", HTTP_X_FORWARDED_FOR=forwarded_for, REMOTE_ADDR=remote_addr)

    assert client_address(request) == client


@pytest.mark.parametrize(
    ("forwarded_for", "remote_addr", "recorded"),
    [
        ("198.51.100.7", "10.0.0.2", "198.51.100.7"),
        ("2001:db8::1", "10.0.0.2", "2001:db8::1"),
        ("not an address", "10.0.0.2", None),  # whatever the proxy passed on, a consent record keeps only an IP
        ("", "", None),
    ],
)
def test_the_address_kept_for_a_record_is_the_clients_ip_or_none(rf, settings, forwarded_for, remote_addr, recorded):
    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", HTTP_X_FORWARDED_FOR=forwarded_for, REMOTE_ADDR=remote_addr)

    assert client_ip(request) == recorded


def test_behind_a_proxy_one_shoppers_limit_leaves_the_next_shopper_alone(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    rate = Rate(hits=2, seconds=60)

    def attempt(shopper: str) -> bool:
        return hit(
            rf.post("/password/", HTTP_X_FORWARDED_FOR=shopper, REMOTE_ADDR="10.0.0.2"), action="test", rate=rate
        )

    assert [attempt("198.51.100.7") for _ in range(3)] == [True, True, False]
    assert attempt("203.0.113.9") is True
