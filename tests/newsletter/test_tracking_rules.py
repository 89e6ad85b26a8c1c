"""The complaint-rate rule and the share of a whole: plain functions, no database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from newsletter.rules import COMPLAINT_RATE_MIN_SAMPLE, complaint_rate_too_high, share


@pytest.mark.parametrize(
    ("complaints", "sent", "stops"),
    [
        (3, 1000, False),  # exactly 0.3%: allowed
        (4, 1000, True),  # 0.4%
        (3, 999, True),  # 0.3003%: just past the limit
        (30, 10_000, False),
        (31, 10_000, True),
        (0, 0, False),
        (1, 1, False),  # one early complaint is measured against 500 messages: 0.2%
        (1, 499, False),
        (1, 500, False),
        (2, 10, True),  # two complaints in a small send: 0.4% of the 500 counted
        (2, 500, True),
        (2, 667, False),  # 0.2999%
        (2, 666, True),  # 0.3003%
    ],
)
def test_a_campaign_stops_once_complaints_pass_three_in_a_thousand(complaints, sent, stops):
    assert complaint_rate_too_high(complaints=complaints, sent=sent) is stops


def test_the_smallest_sample_is_five_hundred():
    assert COMPLAINT_RATE_MIN_SAMPLE == 500
    assert complaint_rate_too_high(complaints=1, sent=333) is False  # 1/333 is 0.3003%, but under the sample


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [(1, 4, Decimal("0.25")), (0, 10, Decimal(0)), (3, 3, Decimal(1)), (1, 0, None), (0, 0, None)],
)
def test_share_of_a_whole(part, whole, expected):
    assert share(part, whole) == expected
