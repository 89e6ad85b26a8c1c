from datetime import UTC, datetime

import pytest
from django.utils import timezone
from freezegun import freeze_time

from newsletter.rules import implied_consent_expires, implied_consent_is_valid


def test_implied_consent_from_a_purchase_lasts_two_years():
    bought = datetime(2026, 3, 15, 10, 30, tzinfo=UTC)
    assert implied_consent_expires(bought) == datetime(2028, 3, 15, 10, 30, tzinfo=UTC)


def test_a_leap_day_purchase_expires_on_the_first_of_march():
    assert implied_consent_expires(datetime(2028, 2, 29, tzinfo=UTC)) == datetime(2030, 3, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "valid"),
    [("2028-03-15 10:29:59", True), ("2028-03-15 10:30:00", False), ("2029-01-01 00:00:00", False)],
)
def test_implied_consent_expires_under_a_frozen_clock(now, valid):
    bought = datetime(2026, 3, 15, 10, 30, tzinfo=UTC)
    with freeze_time(now):
        assert implied_consent_is_valid(bought, timezone.now()) is valid


@pytest.mark.parametrize(
    ("failed", "finished", "label"),
    [
        (0, True, "Sent"),
        (1, True, "Sent, with 1 failure"),
        (3, True, "Sent, with 3 failures"),
        (3, False, "Sent"),  # still going: the progress line counts the failures
    ],
)
def test_a_finished_campaign_says_how_many_emails_failed(failed, finished, label):
    from newsletter.rules import finished_with_failures_label

    assert finished_with_failures_label("Sent", failed=failed, finished=finished) == label
