"""A campaign the shop stopped by itself is not over: staff see it waiting with its failures so far and the
Resume and Cancel buttons, the progress bar stops asking until it is resumed, and resuming clears why it stopped.
Why an email failed is kept as a code (or the provider's own words) and read in the staff member's language."""

from __future__ import annotations

import json

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse
from django.utils import translation

from newsletter.models import CampaignRecipient, CampaignStatus, RecipientStatus
from newsletter.selectors import campaign_failed_recipients, campaign_progress
from newsletter.sending import campaign_deliver, campaign_resume, campaign_send_now, campaign_stop
from tests.factories import UserFactory
from tests.newsletter.sending_support import campaign, subscriber

pytestmark = pytest.mark.django_db


class Refusing(BaseEmailBackend):
    """A mail backend that raises nothing but accepts nothing (send_messages answers 0)."""

    def send_messages(self, email_messages):
        return 0


@pytest.fixture
def stopped_with_failures(settings):
    """A campaign with two failed emails and one still queued, then stopped by the shop for complaints."""
    for email in ("ada@example.com", "bo@example.com", "cy@example.com"):
        subscriber(email)
    letter = campaign()
    campaign_send_now(campaign_id=letter.pk)
    rows = list(CampaignRecipient.objects.filter(campaign=letter).order_by("pk"))
    CampaignRecipient.objects.filter(pk__in=[rows[0].pk, rows[1].pk]).update(
        status=RecipientStatus.FAILED, last_error="not_accepted", attempts=3
    )
    campaign_stop(campaign_id=letter.pk, reason="complaints", params={"complaints": 2, "sent": 4})
    return letter


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_a_stopped_campaign_is_not_finished_and_its_failures_are_so_far(stopped_with_failures, staff_client):
    letter = stopped_with_failures

    data = json.loads(staff_client.get(reverse("newsletter_campaign_progress", args=[letter.pk])).content)
    assert (data["status"], data["finished"], data["halted"]) == ("stopped", False, True)
    assert data["status_label"] == "Stopped automatically, 2 failures so far"

    listing = staff_client.get("/admin/campaigns/").content.decode()
    assert "Stopped automatically, 2 failures so far" in listing
    assert "Stopped automatically, with 2 failures" not in listing

    page = staff_client.get(f"/admin/campaigns/inspect/{letter.pk}/").content.decode()
    assert 'data-progress-state="stopped"' in page  # the progress bar knows the state the page was drawn for
    assert f"/admin/campaigns/inspect/{letter.pk}/resume/" in page
    assert f"/admin/campaigns/inspect/{letter.pk}/cancel/" in page


def test_a_sending_campaign_neither_finished_nor_halted_and_a_sent_one_finished(settings):
    subscriber("ada@example.com")
    letter = campaign()
    campaign_send_now(campaign_id=letter.pk)
    progress = campaign_progress(letter.pk)
    assert (progress.finished, progress.halted) == (False, False)
    campaign_deliver(campaign_id=letter.pk)
    progress = campaign_progress(letter.pk)
    assert (progress.status, progress.finished, progress.halted) == (CampaignStatus.SENT, True, False)


def test_resuming_clears_why_it_stopped_and_its_figures(stopped_with_failures, django_capture_on_commit_callbacks):
    letter = stopped_with_failures
    letter.refresh_from_db()
    assert letter.stopped_params == {"complaints": 2, "sent": 4}

    with django_capture_on_commit_callbacks(execute=False):
        campaign_resume(campaign_id=letter.pk)

    letter.refresh_from_db()
    assert (letter.status, letter.stopped_reason, letter.stopped_params) == (CampaignStatus.SENDING, "", {})
    assert letter.stopped_reason_text == ""


def test_an_email_the_backend_did_not_accept_is_stored_as_a_code_and_read_in_the_staff_language(settings):
    settings.EMAIL_BACKEND = f"{__name__}.Refusing"
    settings.NEWSLETTER_MAX_ATTEMPTS = 1
    subscriber("ada@example.com")
    letter = campaign()
    campaign_send_now(campaign_id=letter.pk)
    campaign_deliver(campaign_id=letter.pk)

    row = CampaignRecipient.objects.get(campaign=letter)
    assert (row.status, row.last_error) == (RecipientStatus.FAILED, "not_accepted")
    with translation.override("en"):
        assert campaign_failed_recipients(letter.pk)[0].last_error == "The mail backend did not accept the message."
    with translation.override("fr"):
        french = campaign_failed_recipients(letter.pk)[0].last_error
    assert french not in ("not_accepted", "The mail backend did not accept the message.")


def test_a_providers_own_error_is_shown_as_it_said_it(stopped_with_failures):
    row = CampaignRecipient.objects.filter(campaign=stopped_with_failures, status=RecipientStatus.FAILED).first()
    CampaignRecipient.objects.filter(pk=row.pk).update(last_error="SMTPDataError: 554 5.7.1 Message rejected")
    with translation.override("fr"):
        errors = {failed.last_error for failed in campaign_failed_recipients(stopped_with_failures.pk)}
    assert "SMTPDataError: 554 5.7.1 Message rejected" in errors
