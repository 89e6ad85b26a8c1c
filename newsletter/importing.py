"""Reading a subscriber CSV for import: plain rules, no database.

Under CASL a list is only worth importing with proof of consent, so every row must say where its consent
came from (`consent_source`); a row without one is refused with its line number, never imported. The file
is read whole before anything is written, within size and row caps, and a file that is not UTF-8 text
gets a message saying how to save it.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
REQUIRED_COLUMNS = ("email", "consent_source")
OPTIONAL_COLUMNS = ("topics", "language", "consented_at")
MAX_SOURCE_LENGTH = 250
TOPIC_WORDS = {
    "articles": "articles",
    "new articles": "articles",
    "offers": "offers",
    "offers and new products": "offers",
}
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8}){0,2}")
DEFAULT_TOPICS = ("articles",)  # the footer's promise: "be the first to know about our newest articles"


class ImportRefused(Exception):
    """The whole file cannot be read; the message tells staff what to change. Nothing was imported."""

    @property
    def message(self) -> str:
        return str(self)


@dataclass(frozen=True, slots=True)
class ImportRow:
    line: int
    email: str
    consent_source: str
    topics: tuple[str, ...]
    language: str
    consented_at: datetime | None


@dataclass(frozen=True, slots=True)
class RowProblem:
    line: int
    email: str
    reason: str


def _normalise_email(value: str) -> str:
    local, at, domain = value.strip().rpartition("@")
    return f"{local}@{domain.lower()}" if at else value.strip()


def _column(name: str) -> str:
    return name.strip().lower().replace(" ", "_").replace("-", "_")


def _decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise ImportRefused(
            _("The file is larger than %(size)s MB. Split it into smaller files.") % {"size": MAX_BYTES // 2**20}
        )
    if b"\x00" in data:
        raise ImportRefused(_("This is not a CSV text file. Export the list as CSV (UTF-8) and upload that."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRefused(
            _(
                "The file is not UTF-8 text (a character near byte %(position)s cannot be read). In your "
                "spreadsheet, choose “Save as” → “CSV UTF-8” and upload it again."
            )
            % {"position": error.start}
        ) from error


def _topics(value: str) -> tuple[str, ...] | None:
    words = [w.strip().lower() for w in value.replace(";", ",").replace("|", ",").split(",") if w.strip()]
    if not words:
        return DEFAULT_TOPICS
    topics = {TOPIC_WORDS.get(word) for word in words}
    if None in topics:
        return None
    return tuple(sorted(topics))


def _language(value: str) -> str | None:
    """A language code as Django writes it ("en-ca", "fr"); empty means the shop's own language."""
    code = value.strip().lower().replace("_", "-")
    if not code:
        return settings.LANGUAGE_CODE
    return code if LANGUAGE_CODE.fullmatch(code) else None


def _consented_at(value: str, *, now: datetime) -> datetime | None:
    value = value.strip()
    parsed = parse_datetime(value)
    if parsed is None:
        day = parse_date(value)
        if day is None:
            raise ValueError
        parsed = datetime(day.year, day.month, day.day)
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    if parsed > now:
        raise ValueError
    return parsed


def read_import_file(data: bytes, *, now: datetime) -> tuple[list[ImportRow], list[RowProblem]]:
    """The rows worth importing, and each refused row with its line number and why.

    Raises ImportRefused when the file as a whole cannot be used (too big, not UTF-8, not CSV, a required
    column missing, too many rows).
    """
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","  # Excel's French-Canadian CSV
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
        if not header:
            raise ImportRefused(_("The file is empty."))
        columns = [_column(name) for name in header]
        missing = [name for name in REQUIRED_COLUMNS if name not in columns]
        if missing:
            raise ImportRefused(
                _("The file needs the columns %(required)s; it has no %(missing)s. Found: %(found)s.")
                % {
                    "required": ", ".join(REQUIRED_COLUMNS),
                    "missing": ", ".join(missing),
                    "found": ", ".join(name for name in header if name.strip()) or _("nothing"),
                }
            )
        rows: list[ImportRow] = []
        problems: list[RowProblem] = []
        seen: dict[str, int] = {}
        count = 0
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            count += 1
            if count > MAX_ROWS:
                raise ImportRefused(
                    _("The file has more than %(rows)s rows. Split it into smaller files.") % {"rows": MAX_ROWS}
                )
            line = reader.line_num
            record = dict(zip(columns, cells, strict=False))
            row, problem = _read_row(record, line=line, now=now, seen=seen)
            if problem is not None:
                problems.append(problem)
            else:
                rows.append(row)
    except csv.Error as error:
        raise ImportRefused(
            _("The file could not be read as CSV near line %(line)s: %(error)s")
            % {"line": reader.line_num, "error": error}
        ) from error
    return rows, problems


def _read_row(record: dict, *, line: int, now: datetime, seen: dict[str, int]):
    email = _normalise_email(record.get("email", ""))
    if not email:
        return None, RowProblem(line, "", _("No email address."))
    try:
        validate_email(email)
    except ValidationError:
        return None, RowProblem(line, email, _("Not a valid email address."))
    source = " ".join((record.get("consent_source") or "").split())
    if not source:
        return None, RowProblem(line, email, _("No consent source: a row is only imported with proof of consent."))
    if len(source) > MAX_SOURCE_LENGTH:
        return None, RowProblem(
            line, email, _("The consent source is longer than %(max)s characters.") % {"max": MAX_SOURCE_LENGTH}
        )
    topics = _topics(record.get("topics") or "")
    if topics is None:
        return None, RowProblem(line, email, _("Unknown topic: use “articles”, “offers” or both."))
    language = _language(record.get("language") or "")
    if language is None:
        return None, RowProblem(
            line,
            email,
            _("Not a language code: write it like “en-ca” or “fr”, or leave it empty."),
        )
    consented_at = None
    if (record.get("consented_at") or "").strip():
        try:
            consented_at = _consented_at(record["consented_at"], now=now)
        except ValueError:
            return None, RowProblem(
                line, email, _("The consent date is not a past date like 2026-05-31 (or 2026-05-31 14:30).")
            )
    key = email.lower()
    if key in seen:
        return None, RowProblem(line, email, _("Already on line %(line)s of this file.") % {"line": seen[key]})
    seen[key] = line
    return ImportRow(line, email, source, topics, language, consented_at), None
