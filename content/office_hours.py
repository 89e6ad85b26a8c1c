"""When staff answer the chat: the shop's weekly office hours, read in the shop's own time zone.

Plain rules on values: they take the clock and the hours as arguments and never read the database, so
the boundaries are tested under any clock (tests/content/test_chat_office_hours.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _

DEFAULT_TIMEZONE = "America/Toronto"


@dataclass(frozen=True, slots=True)
class DayHours:
    """One day's opening: from `opens` up to, not including, `closes` (the same day)."""

    opens: time
    closes: time


@dataclass(frozen=True, slots=True)
class OfficeHours:
    days: tuple[DayHours | None, ...]  # seven entries, Monday first; None: closed all day
    timezone: str = DEFAULT_TIMEZONE

    def __post_init__(self) -> None:
        if len(self.days) != 7:
            raise ValueError("Office hours need one entry per weekday, Monday first.")

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def day_hours(opens: time | None, closes: time | None) -> DayHours | None:
    """A day is open only with both times and a closing after the opening; anything else is a closed day."""
    if opens is None or closes is None or closes <= opens:
        return None
    return DayHours(opens=opens, closes=closes)


def _opening_on(day: date, hours: OfficeHours) -> tuple[datetime, datetime] | None:
    today = hours.days[day.weekday()]
    if today is None:
        return None
    zone = hours.zone
    return datetime.combine(day, today.opens, tzinfo=zone), datetime.combine(day, today.closes, tzinfo=zone)


def is_open(now: datetime, hours: OfficeHours) -> bool:
    """Staff are in from a day's opening time up to (not at) its closing time, in the shop's time zone."""
    local = now.astimezone(hours.zone)
    opening = _opening_on(local.date(), hours)
    return opening is not None and opening[0] <= local < opening[1]


def next_opening(now: datetime, hours: OfficeHours) -> datetime | None:
    """When staff are next in: `now` itself while open, else the next opening (local time); None if never."""
    local = now.astimezone(hours.zone)
    for offset in range(8):
        opening = _opening_on(local.date() + timedelta(days=offset), hours)
        if opening is None:
            continue
        opens, closes = opening
        if local < opens:
            return opens
        if local < closes:
            return local
    return None


def _clock(moment: datetime) -> str:
    return f"{moment.hour}:{moment.minute:02d}"


def closed_note(now: datetime, hours: OfficeHours) -> str:
    """What the chat panel says outside office hours ("" while open): when staff will answer."""
    opening = next_opening(now, hours)
    if opening is not None and is_open(now, hours):
        return ""
    if opening is None:
        return _("We're closed now; we'll answer your message by email as soon as we can.")
    local_today = now.astimezone(hours.zone).date()
    if opening.date() == local_today:
        return _("We're closed now; we'll answer from %(time)s today.") % {"time": _clock(opening)}
    if opening.date() == local_today + timedelta(days=1):
        return _("We're closed now; we'll answer from %(time)s tomorrow.") % {"time": _clock(opening)}
    return _("We're closed now; we'll answer from %(day)s %(time)s.") % {
        "day": WEEKDAYS[opening.weekday()],
        "time": _clock(opening),
    }
