"""Office hours: when staff answer the chat, on both sides of every boundary, in the shop's time zone."""

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest
from freezegun import freeze_time

from content.office_hours import OfficeHours, closed_note, day_hours, is_open, next_opening
from content.phone import e164

TORONTO = ZoneInfo("America/Toronto")
NINE_TO_FIVE = day_hours(time(9), time(17))
# Monday to Friday 9:00-17:00, Saturday 10:00-14:00, Sunday closed.
HOURS = OfficeHours(days=(*(NINE_TO_FIVE,) * 5, day_hours(time(10), time(14)), None))


def toronto(*args) -> datetime:
    return datetime(*args, tzinfo=TORONTO)


# 2026-11-30 is a Monday.
@pytest.mark.parametrize(
    ("moment", "open_"),
    [
        (toronto(2026, 11, 30, 8, 59, 59), False),
        (toronto(2026, 11, 30, 9, 0), True),
        (toronto(2026, 11, 30, 16, 59, 59), True),
        (toronto(2026, 11, 30, 17, 0), False),
        (toronto(2026, 12, 5, 9, 59), False),  # Saturday before 10
        (toronto(2026, 12, 5, 10, 0), True),
        (toronto(2026, 12, 5, 14, 0), False),
        (toronto(2026, 12, 6, 12, 0), False),  # Sunday
    ],
)
def test_staff_are_in_from_opening_up_to_closing(moment, open_):
    assert is_open(moment, HOURS) is open_


def test_hours_are_read_in_the_shops_time_zone_whatever_the_clock_says():
    # 13:59 UTC is 8:59 in Toronto (EST, UTC-5); 14:00 UTC is 9:00
    assert is_open(datetime(2026, 11, 30, 13, 59, tzinfo=UTC), HOURS) is False
    assert is_open(datetime(2026, 11, 30, 14, 0, tzinfo=UTC), HOURS) is True
    # In summer (EDT, UTC-4) the same 9:00 is 13:00 UTC
    assert is_open(datetime(2026, 7, 6, 13, 0, tzinfo=UTC), HOURS) is True
    assert is_open(datetime(2026, 7, 6, 12, 59, tzinfo=UTC), HOURS) is False


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (toronto(2026, 11, 30, 8, 0), toronto(2026, 11, 30, 9, 0)),  # before opening: today
        (toronto(2026, 11, 30, 17, 0), toronto(2026, 12, 1, 9, 0)),  # at closing: tomorrow
        (toronto(2026, 12, 4, 17, 30), toronto(2026, 12, 5, 10, 0)),  # Friday evening: Saturday 10:00
        (toronto(2026, 12, 5, 14, 0), toronto(2026, 12, 7, 9, 0)),  # Saturday at closing: Monday
        (toronto(2026, 12, 6, 23, 59), toronto(2026, 12, 7, 9, 0)),  # Sunday night: Monday
    ],
)
def test_next_opening_is_the_next_start_of_office_hours(moment, expected):
    assert next_opening(moment, HOURS) == expected


def test_next_opening_while_open_is_now():
    moment = toronto(2026, 11, 30, 12, 0)
    assert next_opening(moment, HOURS) == moment


def test_never_open_has_no_next_opening():
    closed = OfficeHours(days=(None,) * 7)
    assert next_opening(toronto(2026, 11, 30, 12, 0), closed) is None
    assert "as soon as we can" in closed_note(toronto(2026, 11, 30, 12, 0), closed)


def test_a_day_needs_both_times_and_a_closing_after_the_opening():
    assert day_hours(time(9), None) is None
    assert day_hours(None, time(17)) is None
    assert day_hours(time(17), time(9)) is None
    assert day_hours(time(9), time(9)) is None


@pytest.mark.parametrize(
    ("moment", "note"),
    [
        (toronto(2026, 11, 30, 12, 0), ""),
        (toronto(2026, 11, 30, 7, 30), "We're closed now; we'll answer from 9:00 today."),
        (toronto(2026, 11, 30, 17, 0), "We're closed now; we'll answer from 9:00 tomorrow."),
        (toronto(2026, 12, 5, 14, 0), "We're closed now; we'll answer from Monday 9:00."),
    ],
)
def test_the_closed_note_says_when_staff_will_answer(moment, note):
    assert closed_note(moment, HOURS) == note


def test_under_a_frozen_clock_the_friday_evening_note_names_saturday():
    with freeze_time("2026-12-04 23:00:00"):  # 18:00 in Toronto, Friday
        now = datetime.now(UTC)
        assert not is_open(now, HOURS)
        assert closed_note(now, HOURS) == "We're closed now; we'll answer from 10:00 tomorrow."


def test_office_hours_need_seven_days():
    with pytest.raises(ValueError):
        OfficeHours(days=(NINE_TO_FIVE,) * 5)


@pytest.mark.parametrize(
    ("typed", "dialled"),
    [
        ("1-800-555-0148", "+18005550148"),
        ("(416) 555-0199", "+14165550199"),
        ("416.555.0199", "+14165550199"),
        ("+1 604 555 0142", "+16045550142"),
        ("+44 20 7946 0958", "+442079460958"),
        ("555-0199", None),
        ("1-800-KNOTS", None),
        ("416 555 0199 ext. 4", None),
        ("", None),
        ("+1 (604) +555", None),
    ],
)
def test_phone_numbers_dial_in_international_form(typed, dialled):
    assert e164(typed) == dialled
