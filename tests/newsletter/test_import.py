"""The subscriber CSV import: a consent source on every row, per-row refusals, nobody brought back."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from newsletter.importing import MAX_ROWS, ImportRefused, read_import_file
from newsletter.models import ConsentEvent, ConsentType, SignupSource, Subscriber, SubscriberStatus
from newsletter.staff_services import subscribers_import
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

IMPORT = "/admin/subscribers/import/"
NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory())
    return client


def upload(client, content: str | bytes, name: str = "list.csv"):
    data = content.encode() if isinstance(content, str) else content
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, data, content_type="text/csv")})


def subscriber(email: str, **kwargs) -> Subscriber:
    defaults = {"wants_articles": True, "source": SignupSource.FOOTER, "status": SubscriberStatus.CONFIRMED}
    return Subscriber.objects.create(email=email, **{**defaults, **kwargs})


# --- reading the file (no database) ------------------------------------------------------------------------


def test_rows_are_read_with_their_topics_language_and_consent_date():
    rows, problems = read_import_file(
        b"Email,Consent source,Topics,Language,Consented at\n"
        b"Ada@Example.COM,Trade show sheet,articles;offers,fr,2026-05-31\n"
        b"bo@example.com,Shop counter,,,\n",
        now=NOW,
    )
    assert problems == []
    ada, bo = rows
    assert (ada.line, ada.email, ada.consent_source, ada.topics, ada.language) == (
        2,
        "Ada@example.com",
        "Trade show sheet",
        ("articles", "offers"),
        "fr",
    )
    assert ada.consented_at.date().isoformat() == "2026-05-31"
    assert (bo.topics, bo.language, bo.consented_at) == (("articles",), "en", None)


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("ada@example.com,,articles", "No consent source"),
        ("ada@example.com,   ,articles", "No consent source"),
        ("not-an-email,Sheet,articles", "Not a valid email"),
        (",Sheet,articles", "No email address"),
        ("ada@example.com,Sheet,gossip", "Unknown topic"),
    ],
)
def test_bad_rows_are_refused_with_their_line_and_reason(row, reason):
    rows, problems = read_import_file(f"email,consent_source,topics\nok@example.com,Sheet,\n{row}\n".encode(), now=NOW)
    assert [r.email for r in rows] == ["ok@example.com"]
    assert len(problems) == 1 and problems[0].line == 3 and reason in problems[0].reason


def test_a_consent_date_in_the_future_or_unreadable_is_refused():
    _rows, problems = read_import_file(
        b"email,consent_source,consented_at\na@example.com,Sheet,2027-01-01\nb@example.com,Sheet,last May\n", now=NOW
    )
    assert [p.line for p in problems] == [2, 3]


def test_the_same_address_twice_in_a_file_is_imported_once():
    rows, problems = read_import_file(b"email,consent_source\nada@example.com,A\nADA@example.com,B\n", now=NOW)
    assert len(rows) == 1 and "line 2" in problems[0].reason


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"email,topics\nada@example.com,articles\n", "no consent_source"),
        (b"", "empty"),
        ("email,consent_source\nzoë@example.com,Salon\n".encode("latin-1"), "CSV UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not a CSV"),
    ],
)
def test_a_file_that_cannot_be_used_is_refused_whole_with_a_clear_message(content, message):
    with pytest.raises(ImportRefused, match=message):
        read_import_file(content, now=NOW)


def test_files_over_the_row_cap_are_refused():
    lines = "".join(f"p{n}@example.com,Sheet\n" for n in range(MAX_ROWS + 1))
    with pytest.raises(ImportRefused, match="more than"):
        read_import_file(f"email,consent_source\n{lines}".encode(), now=NOW)


def test_semicolon_files_from_a_french_spreadsheet_are_read():
    rows, _problems = read_import_file(
        "\ufeffemail;consent_source\nada@example.com;Salon, Montréal\n".encode(), now=NOW
    )
    assert rows[0].consent_source == "Salon, Montréal"


# --- importing -------------------------------------------------------------------------------------------------


def test_imported_rows_are_confirmed_with_a_consent_record_naming_the_source():
    rows, _ = read_import_file(
        b"email,consent_source,topics,consented_at\nada@example.com,Trade show sheet,offers,2026-05-31\n", now=NOW
    )
    summary = subscribers_import(rows=rows)
    assert summary.imported == ["ada@example.com"]
    ada = Subscriber.objects.get()
    assert (ada.status, ada.source, ada.topics) == (SubscriberStatus.CONFIRMED, SignupSource.IMPORT, ["offers"])
    event = ConsentEvent.objects.get()
    assert (event.subscriber, event.consent_type, event.source) == (ada, ConsentType.EXPRESS, SignupSource.IMPORT)
    assert event.source_detail == "import: Trade show sheet"
    assert event.confirmed_at.date().isoformat() == "2026-05-31" == ada.confirmed_at.date().isoformat()


def test_people_who_left_or_were_suppressed_are_never_brought_back_and_confirmed_ones_are_untouched():
    subscriber("gone@example.com", status=SubscriberStatus.UNSUBSCRIBED, unsubscribed_at=NOW)
    subscriber("blocked@example.com", status=SubscriberStatus.SUPPRESSED)
    subscriber("happy@example.com", wants_offers=True, language="fr")
    rows, _ = read_import_file(
        b"email,consent_source,topics\nGONE@example.com,Sheet,articles\nblocked@example.com,Sheet,articles\n"
        b"happy@example.com,Sheet,articles\n",
        now=NOW,
    )
    summary = subscribers_import(rows=rows)
    assert summary.imported == []
    reasons = {problem.email: problem.reason for problem in summary.skipped}
    assert "Unsubscribed on" in reasons["GONE@example.com"]
    assert "Suppressed" in reasons["blocked@example.com"]
    assert "Already a confirmed subscriber" in reasons["happy@example.com"]
    statuses = dict(Subscriber.objects.values_list("email", "status"))
    assert statuses == {
        "gone@example.com": SubscriberStatus.UNSUBSCRIBED,
        "blocked@example.com": SubscriberStatus.SUPPRESSED,
        "happy@example.com": SubscriberStatus.CONFIRMED,
    }
    assert Subscriber.objects.get(email="happy@example.com").topics == ["articles", "offers"]
    assert ConsentEvent.objects.count() == 0


def test_a_pending_signup_is_confirmed_by_an_imported_consent():
    subscriber("ada@example.com", status=SubscriberStatus.PENDING, confirmation_nonce="abc")
    rows, _ = read_import_file(b"email,consent_source\nada@example.com,Signed form at the counter\n", now=NOW)
    assert subscribers_import(rows=rows).imported == ["ada@example.com"]
    ada = Subscriber.objects.get()
    assert ada.status == SubscriberStatus.CONFIRMED and ada.confirmation_nonce == ""
    assert ConsentEvent.objects.get().source_detail == "import: Signed form at the counter"


# --- the admin page ----------------------------------------------------------------------------------------


def test_staff_upload_a_file_and_see_what_was_imported_and_what_was_skipped_with_reasons(staff_client):
    subscriber("gone@example.com", status=SubscriberStatus.UNSUBSCRIBED)
    response = upload(
        staff_client,
        "email,consent_source\nada@example.com,Trade show\nbo@example.com,\ngone@example.com,Trade show\n",
    )
    html = response.content.decode()
    assert response.status_code == 200 and "private" in response["Cache-Control"]
    assert "1 subscriber imported, 2 rows skipped" in html
    assert "No consent source" in html and "never subscribes them again" in html
    assert set(Subscriber.objects.values_list("email", flat=True)) == {"ada@example.com", "gone@example.com"}


def test_a_file_in_the_wrong_encoding_gets_a_clear_message_and_imports_nothing(staff_client):
    response = upload(staff_client, "email,consent_source\nzoë@example.com,Salon\n".encode("cp1252"))
    assert response.status_code == 400
    assert "CSV UTF-8" in response.content.decode()
    assert Subscriber.objects.count() == 0


def test_a_file_over_the_size_cap_is_refused(staff_client):
    big = "email,consent_source\n" + "x" * (2 * 1024 * 1024 + 10)
    response = upload(staff_client, big)
    assert response.status_code == 400 and "larger than 2 MB" in response.content.decode()


def test_the_list_offers_import_to_those_who_may_change_subscribers(staff_client):
    assert IMPORT in staff_client.get("/admin/subscribers/").content.decode()


def test_marketing_may_import_and_other_staff_may_not(client):
    marketer = UserFactory(is_staff=True)
    marketer.groups.add(Group.objects.get(name="Marketing"))
    client.force_login(marketer)
    assert client.get(IMPORT).status_code == 200
    assert upload(client, "email,consent_source\nada@example.com,Sheet\n").status_code == 200

    other = UserFactory(is_staff=True)
    other.user_permissions.add(*Group.objects.get(name="Marketing").permissions.exclude(codename="change_subscriber"))
    client.force_login(other)
    assert client.get(IMPORT).status_code in (302, 403)
    assert upload(client, "email,consent_source\nbo@example.com,Sheet\n").status_code in (302, 403)
    assert not Subscriber.objects.filter(email="bo@example.com").exists()


def test_the_import_needs_a_csrf_token(staff_client):
    staff_client.handler.enforce_csrf_checks = True
    response = upload(staff_client, "email,consent_source\nada@example.com,Sheet\n")
    assert response.status_code == 403
    assert Subscriber.objects.count() == 0
