"""The complaint-rate rule and the share of a whole: plain functions, no database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from newsletter.rules import complaint_rate_too_high, share


@pytest.mark.parametrize(
    ("complaints", "sent", "stops"),
    [
        (3, 1000, False),  # exactly 0.3%: allowed
        (4, 1000, True),  # 0.4%
        (3, 999, True),  # 0.3003%: just past the limit
        (30, 10_000, False),
        (31, 10_000, True),
        (0, 0, False),  # nothing sent: no rate at all
        (1, 0, False),
        (0, 50, False),
        (1, 1, True),  # literal: one complaint for the one message sent is 100%
        (1, 333, True),  # 0.3003%
        (1, 334, False),  # 0.2994%
        (2, 666, True),  # 0.3003%
        (2, 667, False),  # 0.2999%
    ],
)
def test_a_campaign_stops_once_complaints_pass_three_in_a_thousand(complaints, sent, stops):
    assert complaint_rate_too_high(complaints=complaints, sent=sent) is stops


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [(1, 4, Decimal("0.25")), (0, 10, Decimal(0)), (3, 3, Decimal(1)), (1, 0, None), (0, 0, None)],
)
def test_share_of_a_whole(part, whole, expected):
    assert share(part, whole) == expected
