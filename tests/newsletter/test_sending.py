"""Sending a campaign: who gets it, what each email carries, the staff's controls, retries, the sweep and progress."""

from __future__ import annotations

import json
import logging
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from newsletter import delivery, send_queue
from newsletter.models import (
    Audience,
    Campaign,
    CampaignRecipient,
    CampaignStatus,
    ConsentType,
    NewsletterSettings,
    RecipientStatus,
    SubscriberStatus,
)
from newsletter.selectors import campaign_progress, eligible_subscribers
from newsletter.sending import (
    CampaignActionRefused,
    campaign_cancel,
    campaign_deliver,
    campaign_pause,
    campaign_resume,
    campaign_schedule,
    campaign_send_now,
    campaign_stop,
    campaign_unschedule,
    sending_sweep,
)
from newsletter.services import subscriber_unsubscribe, unsubscribe_url
from tests.factories import ProductVariantFactory, UserFactory
from tests.newsletter.sending_support import campaign, paid_order, subscriber

pytestmark = pytest.mark.django_db

PROVIDER_DOWN = "tests.newsletter.sending_support.ProviderDown"


@pytest.fixture(autouse=True)
def sender(shop_details):
    settings_row = NewsletterSettings.for_site(shop_details.site)
    settings_row.sender_name = "Knot & Stone Letters"
    settings_row.sender_email = "letters@knotandstone.example"
    settings_row.save()
    return settings_row


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Send a campaign now and run what follows the commit (the immediate backend runs the tasks at once)."""

    def run(campaign_id: int) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return campaign_send_now(campaign_id=campaign_id)

    return run


def recipients_of(outbox) -> list[str]:
    return sorted(address for message in outbox for address in message.to)


# --- who gets it -----------------------------------------------------------------------------------


def test_only_confirmed_subscribers_to_the_topic_are_mailed_never_pending_unsubscribed_or_suppressed(send):
    # Given subscribers in every state, and one who only wants offers
    ada = subscriber("ada@example.com")
    subscriber("pending@example.com", status=SubscriberStatus.PENDING)
    subscriber("left@example.com", status=SubscriberStatus.UNSUBSCRIBED)
    subscriber("bounced@example.com", status=SubscriberStatus.SUPPRESSED)
    subscriber("offers@example.com", articles=False, offers=True)
    letter = campaign(audience=Audience.ARTICLES)

    # When the "new articles" campaign is sent
    count = send(letter.pk)

    # Then only Ada gets it, once, and the campaign is finished
    assert count == 1
    assert recipients_of(mail.outbox) == ["ada@example.com"]
    letter.refresh_from_db()
    assert letter.status == CampaignStatus.SENT and letter.finished_at is not None
    row = CampaignRecipient.objects.get(campaign=letter)
    assert row.subscriber == ada and row.status == RecipientStatus.SENT and row.sent_at is not None


@pytest.mark.parametrize(
    ("audience", "expected"),
    [
        (Audience.ARTICLES, ["articles@example.com", "both@example.com"]),
        (Audience.OFFERS, ["both@example.com", "offers@example.com"]),
        (Audience.ALL, ["articles@example.com", "both@example.com", "offers@example.com"]),
    ],
)
def test_the_audience_picks_subscribers_by_topic(audience, expected):
    subscriber("articles@example.com", articles=True, offers=False)
    subscriber("offers@example.com", articles=False, offers=True)
    subscriber("both@example.com", articles=True, offers=True)
    subscriber("pending@example.com", status=SubscriberStatus.PENDING, articles=True, offers=True)

    chosen = eligible_subscribers(Campaign(audience=audience))

    assert sorted(chosen.values_list("email", flat=True)) == expected


def test_the_bought_from_a_category_segment_reads_paid_orders_by_address_in_any_case():
    # Given a massage gun bought (and paid) by Ada under another spelling, one unpaid order and another category,
    # and a gun buyer who chose only "New articles"
    gun = ProductVariantFactory()
    stone = ProductVariantFactory()
    subscriber("ada@example.com", offers=True)
    subscriber("unpaid@example.com", offers=True)
    subscriber("stones@example.com", offers=True)
    subscriber("nothing@example.com", offers=True)
    subscriber("articles-only@example.com", articles=True, offers=False)
    paid_order("articles-only@example.com", variant=gun)
    paid_order("ADA@Example.com", variant=gun)
    paid_order("unpaid@example.com", variant=gun, status="pending_payment")
    paid_order("stones@example.com", variant=stone)

    chosen = eligible_subscribers(
        Campaign(audience=Audience.BOUGHT_FROM_CATEGORY, segment_category=gun.product.category)
    )

    assert list(chosen.values_list("email", flat=True)) == ["ada@example.com"]


def test_implied_consent_counts_only_when_the_shop_uses_it_and_only_for_two_years(sender):
    # Given one subscriber with express consent, one whose consent is only implied by a recent purchase,
    # and one whose purchase was more than two years ago
    subscriber("express@example.com")
    subscriber("recent@example.com", consent=ConsentType.IMPLIED_BY_PURCHASE)
    subscriber(
        "old@example.com",
        consent=ConsentType.IMPLIED_BY_PURCHASE,
        purchased_at=timezone.now() - timedelta(days=2 * 366),
    )
    letter = Campaign(audience=Audience.ARTICLES)

    # Then with implied consent off, only express consent counts
    assert list(eligible_subscribers(letter).values_list("email", flat=True)) == ["express@example.com"]

    # And with it on, the recent purchase counts and the old one does not
    sender.use_implied_consent = True
    sender.save()
    assert sorted(eligible_subscribers(letter).values_list("email", flat=True)) == [
        "express@example.com",
        "recent@example.com",
    ]


def test_implied_consent_without_an_expiry_date_is_judged_from_its_purchase_date(sender):
    from newsletter.models import ConsentEvent, SignupSource, Subscriber

    sender.use_implied_consent = True
    sender.save()
    for email, days in (("recent@example.com", 30), ("old@example.com", 800)):
        person = Subscriber.objects.create(email=email, status="confirmed", wants_articles=True, source="checkout")
        ConsentEvent.objects.create(
            subscriber=person,
            consent_type=ConsentType.IMPLIED_BY_PURCHASE,
            source=SignupSource.CHECKOUT,
            confirmed_at=timezone.now() - timedelta(days=days),
        )

    chosen = eligible_subscribers(Campaign(audience=Audience.ALL))

    assert list(chosen.values_list("email", flat=True)) == ["recent@example.com"]


# --- what each email carries -----------------------------------------------------------------------


@pytest.fixture
def anymail_backend(settings):
    """anymail's test backend, which records each message and gives it a provider id (Django's tests use locmem)."""
    settings.EMAIL_BACKEND = "anymail.backends.test.EmailBackend"


def test_each_email_has_its_own_one_click_headers_links_metadata_and_the_newsletter_sender(send, anymail_backend):
    ada, bob = subscriber("ada@example.com"), subscriber("bob@example.com")
    letter = campaign(subject="Winter stones")

    send(letter.pk)

    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {"ada@example.com", "bob@example.com"}
    for person in (ada, bob):
        message = by_address[person.email]
        row = CampaignRecipient.objects.get(campaign=letter, subscriber=person)
        link = unsubscribe_url(person)
        assert message.extra_headers["List-Unsubscribe"] == f"<{link.replace('http://', 'https://', 1)}>"
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert message.merge_metadata == {
            person.email: {"campaign_recipient_id": str(row.pk), "campaign_id": str(letter.pk)}
        }
        assert message.metadata["campaign_recipient_id"] == str(row.pk)
        html = message.alternatives[0][0]
        assert link in html and link in message.body and "%%" not in html
        assert message.subject == "Winter stones"
        assert message.from_email == "Knot & Stone Letters <letters@knotandstone.example>"
        # The provider's id for the message is recorded (the anymail test backend numbers them).
        assert row.message_id == str(message.anymail_status.message_id)
    assert (
        by_address["ada@example.com"].extra_headers["List-Unsubscribe"]
        != by_address["bob@example.com"].extra_headers["List-Unsubscribe"]
    )


def test_without_a_provider_id_the_message_id_header_is_recorded(send):
    # Django's tests send through the locmem backend, which, like SMTP, reports no provider id
    subscriber("ada@example.com")
    letter = campaign()

    send(letter.pk)

    (message,) = mail.outbox
    row = CampaignRecipient.objects.get(campaign=letter)
    assert row.message_id == message.extra_headers["Message-ID"] and row.message_id.startswith(
        f"<campaign-{letter.pk}."
    )


def test_the_content_is_frozen_when_sending_starts(send):
    subscriber("ada@example.com")
    letter = campaign(subject="Frozen subject")

    send(letter.pk)

    letter.refresh_from_db()
    assert letter.frozen_subject == "Frozen subject" and letter.frozen_at is not None
    assert "Heat the stones slowly." in letter.frozen_html and "Heat the stones slowly." in letter.frozen_text
    assert letter.started_at is not None


# --- checked again right before each send ----------------------------------------------------------


def test_someone_who_unsubscribes_after_the_campaign_started_is_skipped():
    # Given a campaign that has started, its rows inserted but not yet sent
    ada, bob = subscriber("ada@example.com"), subscriber("bob@example.com")
    letter = campaign()
    campaign_send_now(campaign_id=letter.pk)  # rolled back: the task has not run yet

    # When Bob unsubscribes right before the worker gets to him
    subscriber_unsubscribe(subscriber=bob)
    campaign_deliver(campaign_id=letter.pk)

    # Then only Ada is mailed and Bob's row says skipped
    assert recipients_of(mail.outbox) == ["ada@example.com"]
    statuses = dict(CampaignRecipient.objects.filter(campaign=letter).values_list("subscriber_id", "status"))
    assert statuses == {ada.pk: RecipientStatus.SENT, bob.pk: RecipientStatus.SKIPPED}
    assert campaign_progress(letter.pk).skipped == 1


def test_a_subscriber_suppressed_or_off_the_topic_after_the_start_is_skipped_too():
    ada, bob, cy = subscriber("ada@example.com"), subscriber("bob@example.com", offers=True), subscriber()
    letter = campaign()
    campaign_send_now(campaign_id=letter.pk)

    type(ada).objects.filter(pk=ada.pk).update(status=SubscriberStatus.SUPPRESSED)
    type(bob).objects.filter(pk=bob.pk).update(wants_articles=False)
    campaign_deliver(campaign_id=letter.pk)

    assert recipients_of(mail.outbox) == [cy.email]


# --- the staff's controls --------------------------------------------------------------------------


def test_a_campaign_is_sent_once_a_second_send_is_refused_and_nobody_gets_two(send):
    subscriber("ada@example.com")
    letter = campaign()
    send(letter.pk)

    with pytest.raises(CampaignActionRefused, match="Only a draft or a scheduled campaign"):
        campaign_send_now(campaign_id=letter.pk)

    assert len(mail.outbox) == 1 and CampaignRecipient.objects.count() == 1


def test_sending_to_an_empty_audience_is_refused_with_a_reason():
    subscriber("pending@example.com", status=SubscriberStatus.PENDING)
    letter = campaign()

    with pytest.raises(CampaignActionRefused, match="Nobody in this campaign's audience"):
        campaign_send_now(campaign_id=letter.pk)

    letter.refresh_from_db()
    assert letter.status == CampaignStatus.DRAFT and letter.frozen_at is None


def test_an_action_on_a_missing_campaign_is_refused():
    with pytest.raises(CampaignActionRefused, match="no longer exists"):
        campaign_pause(campaign_id=999_999)


def test_pause_stops_the_workers_between_batches_and_resume_sends_the_rest(
    settings, django_capture_on_commit_callbacks
):
    # Given a campaign to five people, sent in batches of two
    settings.NEWSLETTER_BATCH_SIZE = 2
    for _ in range(5):
        subscriber()
    letter = campaign()
    campaign_send_now(campaign_id=letter.pk)
    token = delivery.claim_batch(campaign_id=letter.pk, size=2)

    # When staff pause it while the first batch is out
    campaign_pause(campaign_id=letter.pk)
    delivery.send_claimed(campaign=Campaign.objects.get(pk=letter.pk), token=token)

    # Then the batch in flight finishes and no worker claims another
    assert campaign_deliver(campaign_id=letter.pk) == 0
    assert len(mail.outbox) == 2
    assert campaign_progress(letter.pk).pending == 3
    with pytest.raises(CampaignActionRefused, match="Only a campaign that is sending can be paused"):
        campaign_pause(campaign_id=letter.pk)

    # And on resume the rest go out and the campaign finishes
    with django_capture_on_commit_callbacks(execute=True):
        campaign_resume(campaign_id=letter.pk)
    assert len(mail.outbox) == 5 and len(set(recipients_of(mail.outbox))) == 5
    assert Campaign.objects.get(pk=letter.pk).status == CampaignStatus.SENT


def test_cancel_cancels_every_queued_row_and_the_workers_send_nothing_more():
    for _ in range(3):
        subscriber()
    letter = campaign()
    campaign_send_now(campaign_id=letter.pk)

    cancelled = campaign_cancel(campaign_id=letter.pk)
    campaign_deliver(campaign_id=letter.pk)

    assert cancelled == 3 and mail.outbox == []
    progress = campaign_progress(letter.pk)
    assert (progress.cancelled, progress.pending, progress.status, progress.percent) == (3, 0, "cancelled", 100)
    with pytest.raises(CampaignActionRefused):
        campaign_resume(campaign_id=letter.pk)


def test_stop_records_why_and_staff_may_resume_a_stopped_campaign(django_capture_on_commit_callbacks):
    subscriber("ada@example.com")
    letter = campaign()
    campaign_send_now(campaign_id=letter.pk)

    campaign_stop(campaign_id=letter.pk, reason="Complaints passed 0.3%")
    campaign_deliver(campaign_id=letter.pk)
    letter.refresh_from_db()
    assert letter.status == CampaignStatus.STOPPED and letter.stopped_reason == "Complaints passed 0.3%"
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        campaign_resume(campaign_id=letter.pk)
    assert recipients_of(mail.outbox) == ["ada@example.com"]


def test_only_a_sending_campaign_can_be_stopped():
    letter = campaign()
    with pytest.raises(CampaignActionRefused, match="Only a sending or paused campaign"):
        campaign_stop(campaign_id=letter.pk, reason="x")


def test_scheduling_wants_a_future_time_and_the_sweep_starts_the_campaign_when_it_is_due(
    django_capture_on_commit_callbacks,
):
    subscriber("ada@example.com")
    letter = campaign()
    with pytest.raises(CampaignActionRefused, match="time in the future"):
        campaign_schedule(campaign_id=letter.pk, when=timezone.now() - timedelta(minutes=1))

    when = timezone.now() + timedelta(hours=1)
    campaign_schedule(campaign_id=letter.pk, when=when)
    letter.refresh_from_db()
    assert letter.status == CampaignStatus.SCHEDULED and letter.scheduled_for == when

    # Before its time the sweep leaves it alone; after, it starts it and the mail goes out
    assert sending_sweep()["started"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert sending_sweep(now=when + timedelta(seconds=1))["started"] == 1
    assert recipients_of(mail.outbox) == ["ada@example.com"]
    assert Campaign.objects.get(pk=letter.pk).status == CampaignStatus.SENT


@pytest.fixture
def queue_that_only_records(settings):
    """A task backend that can defer and only records what it is given (like a worker that is not running)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    default_task_backend.clear()
    return default_task_backend


def newsletter_tasks(backend) -> list[tuple[str, list]]:
    """What the newsletter handed the worker (Wagtail enqueues its own reference-index tasks too)."""
    return [(r.task.name, r.args) for r in backend.results if r.task.module_path.startswith("newsletter.")]


def test_scheduling_hands_the_worker_a_task_that_runs_at_the_scheduled_time(
    queue_that_only_records, django_capture_on_commit_callbacks
):
    letter = campaign()
    when = timezone.now() + timedelta(hours=2)

    with django_capture_on_commit_callbacks(execute=True):
        campaign_schedule(campaign_id=letter.pk, when=when)

    (result,) = [result for result in queue_that_only_records.results if result.task.name == "start_scheduled_campaign"]
    assert newsletter_tasks(queue_that_only_records) == [("start_scheduled_campaign", [letter.pk])]
    assert result.task.run_after == when


def test_sending_now_hands_the_campaign_to_several_tasks_and_a_retry_waits_in_a_deferred_one(
    queue_that_only_records, django_capture_on_commit_callbacks, settings
):
    settings.NEWSLETTER_SEND_TASKS = 2
    settings.EMAIL_BACKEND = PROVIDER_DOWN
    subscriber()
    letter = campaign()
    with django_capture_on_commit_callbacks(execute=True):
        campaign_send_now(campaign_id=letter.pk)
    assert newsletter_tasks(queue_that_only_records) == [("send_campaign", [letter.pk])] * 2

    # When the first try fails, a task waits for the retry's time
    queue_that_only_records.clear()
    campaign_deliver(campaign_id=letter.pk)
    (retry,) = [result for result in queue_that_only_records.results if result.task.name == "send_campaign"]
    assert retry.task.run_after == CampaignRecipient.objects.get().next_attempt_at


def test_an_unscheduled_campaign_is_a_draft_again_and_the_sweep_does_not_start_it():
    subscriber("ada@example.com")
    letter = campaign()
    when = timezone.now() + timedelta(minutes=5)
    campaign_schedule(campaign_id=letter.pk, when=when)

    campaign_unschedule(campaign_id=letter.pk)

    assert sending_sweep(now=when + timedelta(minutes=1))["started"] == 0
    letter.refresh_from_db()
    assert letter.status == CampaignStatus.DRAFT and letter.scheduled_for is None
    with pytest.raises(CampaignActionRefused, match="Only a scheduled campaign can be unscheduled"):
        campaign_unschedule(campaign_id=letter.pk)


def test_the_scheduled_task_does_nothing_for_a_campaign_moved_to_later():
    from newsletter.sending import campaign_start_due

    subscriber("ada@example.com")
    letter = campaign()
    campaign_schedule(campaign_id=letter.pk, when=timezone.now() + timedelta(days=1))

    assert campaign_start_due(campaign_id=letter.pk) is False
    assert Campaign.objects.get(pk=letter.pk).status == CampaignStatus.SCHEDULED


# --- provider down: retries, then failed -----------------------------------------------------------


def test_provider_down_retries_with_backoff_then_fails_after_n_tries_and_the_campaign_reports_them(settings, client):
    # Given a provider that refuses everything, and three tries allowed
    settings.EMAIL_BACKEND = "tests.newsletter.sending_support.ProviderDown"
    settings.NEWSLETTER_MAX_ATTEMPTS = 3
    for _ in range(2):
        subscriber()
    letter = campaign()
    campaign_send_now(campaign_id=letter.pk)

    # When the worker tries: each failure waits 1, then 2 minutes before the next try
    waits = []
    for _attempt in range(3):
        started = timezone.now()
        campaign_deliver(campaign_id=letter.pk)
        rows = list(CampaignRecipient.objects.filter(campaign=letter))
        if rows[0].status == RecipientStatus.QUEUED:
            waits.append(round((rows[0].next_attempt_at - started).total_seconds() / 60))
            # Nothing is due until then: another pass sends nothing
            assert campaign_deliver(campaign_id=letter.pk) == 0
            CampaignRecipient.objects.filter(campaign=letter).update(next_attempt_at=timezone.now())

    # Then the rows are failed after three tries with the reason, nothing is lost and the campaign finished
    assert waits == [1, 2]
    rows = list(CampaignRecipient.objects.filter(campaign=letter))
    assert {(row.status, row.attempts) for row in rows} == {(RecipientStatus.FAILED, 3)}
    assert "not answering" in rows[0].last_error
    progress = campaign_progress(letter.pk)
    assert (progress.total, progress.failed, progress.sent, progress.pending) == (2, 2, 0, 0)
    assert progress.status == CampaignStatus.SENT
    assert progress.status_label == "Sent, with 2 failures"

    # And staff see it: the campaign's page names the outcome and lists each failed address with its error,
    # and so does the list of campaigns
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    page = client.get(f"/admin/campaigns/inspect/{letter.pk}/").content.decode()
    assert "Sent, with 2 failures" in page
    failed_section = page.split("data-failed-recipients", 1)[1].split("</section>", 1)[0]
    assert "2 emails failed" in failed_section
    for row in rows:
        assert row.email in failed_section
    assert failed_section.count("ConnectionError: The mail provider is not answering") == 2
    assert "Sent, with 2 failures" in client.get("/admin/campaigns/").content.decode()


def test_after_the_provider_comes_back_the_retried_emails_go_out(settings):
    settings.EMAIL_BACKEND = "tests.newsletter.sending_support.ProviderDown"
    subscriber("ada@example.com")
    letter = campaign()
    campaign_send_now(campaign_id=letter.pk)
    campaign_deliver(campaign_id=letter.pk)
    assert CampaignRecipient.objects.get().status == RecipientStatus.QUEUED

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    CampaignRecipient.objects.update(next_attempt_at=timezone.now())
    sending_sweep()  # the immediate backend runs the task the sweep enqueues

    row = CampaignRecipient.objects.get()
    assert row.status == RecipientStatus.SENT and row.attempts == 2 and row.last_error == ""
    assert recipients_of(mail.outbox) == ["ada@example.com"]


def test_one_refused_message_does_not_stop_the_rest_of_the_batch(anymail_backend, monkeypatch):
    ada, bob = subscriber("ada@example.com"), subscriber("bob@example.com")
    letter = campaign()
    campaign_send_now(campaign_id=letter.pk)
    from anymail.backends.test import EmailBackend

    original = EmailBackend.send_messages

    def refuse_ada(self, messages):
        if messages[0].to == [ada.email]:
            raise ValueError("mailbox name not allowed")
        return original(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", refuse_ada)
    campaign_deliver(campaign_id=letter.pk)

    statuses = dict(CampaignRecipient.objects.values_list("subscriber_id", "status"))
    assert statuses == {ada.pk: RecipientStatus.QUEUED, bob.pk: RecipientStatus.SENT}


# --- claims, leases and the reaper ------------------------------------------------------------------


def test_two_claims_take_different_rows_and_a_paused_campaign_gives_none():
    for _ in range(5):
        subscriber()
    letter = campaign()
    campaign_send_now(campaign_id=letter.pk)

    first = delivery.claim_batch(campaign_id=letter.pk, size=3)
    second = delivery.claim_batch(campaign_id=letter.pk, size=3)

    mine = set(CampaignRecipient.objects.filter(claimed_by=first).values_list("pk", flat=True))
    theirs = set(CampaignRecipient.objects.filter(claimed_by=second).values_list("pk", flat=True))
    assert len(mine) == 3 and len(theirs) == 2 and not mine & theirs
    row = CampaignRecipient.objects.filter(claimed_by=first).first()
    assert row.status == RecipientStatus.SENDING and row.attempts == 1 and row.lease_expires_at > timezone.now()
    assert delivery.claim_batch(campaign_id=letter.pk, size=3) is None

    CampaignRecipient.objects.filter(claimed_by=second).update(status=RecipientStatus.QUEUED, claimed_by="")
    campaign_pause(campaign_id=letter.pk)
    assert delivery.claim_batch(campaign_id=letter.pk, size=3) is None


def test_the_reaper_returns_expired_leases_and_the_sweep_sends_them(settings):
    # Given a worker that claimed a batch and died
    ada = subscriber("ada@example.com")
    letter = campaign()
    campaign_send_now(campaign_id=letter.pk)
    delivery.claim_batch(campaign_id=letter.pk, size=10)

    # Before the lease ends nothing is reaped and nobody else sends the row
    assert send_queue.leases_reap() == 0
    assert sending_sweep()["resumed"] == 0 and mail.outbox == []

    # After it ends, the sweep hands the row back and the (immediate) worker sends it
    later = timezone.now() + timedelta(seconds=settings.NEWSLETTER_LEASE_SECONDS + 1)
    CampaignRecipient.objects.update(lease_expires_at=timezone.now() - timedelta(seconds=1))
    done = sending_sweep(now=later)
    assert done["reaped"] == 1 and done["resumed"] == 1
    row = CampaignRecipient.objects.get()
    assert row.subscriber == ada and row.status == RecipientStatus.SENT and row.attempts == 2
    assert recipients_of(mail.outbox) == ["ada@example.com"]


def test_the_reaper_cancels_expired_rows_of_a_cancelled_campaign():
    subscriber()
    letter = campaign()
    campaign_send_now(campaign_id=letter.pk)
    delivery.claim_batch(campaign_id=letter.pk, size=10)
    campaign_cancel(campaign_id=letter.pk)

    send_queue.leases_reap(now=timezone.now() + timedelta(days=1))

    assert CampaignRecipient.objects.get().status == RecipientStatus.CANCELLED


def test_the_sweep_finishes_a_campaign_whose_last_worker_died_before_saying_so():
    subscriber()
    letter = campaign()
    campaign_send_now(campaign_id=letter.pk)
    CampaignRecipient.objects.update(status=RecipientStatus.SENT)

    assert sending_sweep()["finished"] == 1
    assert Campaign.objects.get(pk=letter.pk).status == CampaignStatus.SENT


def test_the_shop_sweep_runs_the_newsletter_sweep_through_its_setting(settings, caplog):
    from shop.tasks import sweep_hooks_run

    calls = []
    settings.TASKS_SWEEP_HOOKS = ["tests.newsletter.test_sending.boom", "newsletter.tasks.sweep"]
    import newsletter.tasks

    original = newsletter.tasks.sweep
    try:
        newsletter.tasks.sweep = lambda: calls.append("newsletter")
        with caplog.at_level(logging.ERROR):
            sweep_hooks_run()
    finally:
        newsletter.tasks.sweep = original
    assert calls == ["newsletter"] and "Sweep hook tests.newsletter.test_sending.boom failed" in caplog.text


def boom():
    raise RuntimeError("a broken hook")


# --- the rate limit --------------------------------------------------------------------------------


def test_the_rate_limit_lets_a_seconds_worth_through_then_waits_for_the_next_second(monkeypatch):
    now = [1_800_000_000.25]
    slept = []

    def sleep(seconds):
        slept.append(round(seconds, 2))
        now[0] += seconds

    monkeypatch.setattr(delivery, "clock", lambda: now[0])

    delivery.rate_limit_take(5, rate=10, sleep=sleep)
    delivery.rate_limit_take(5, rate=10, sleep=sleep)
    assert slept == []
    delivery.rate_limit_take(5, rate=10, sleep=sleep)  # the 11th to 15th wait for the next second
    assert slept == [0.75]
    delivery.rate_limit_take(1000, rate=0, sleep=sleep)  # 0: no limit
    assert slept == [0.75]


def test_batches_are_never_bigger_than_the_rate(sender, settings):
    settings.NEWSLETTER_BATCH_SIZE = 100
    sender.send_rate_per_second = 20
    sender.save()
    assert delivery.rate_limited_batch_size() == 20
    sender.send_rate_per_second = 0
    sender.save()
    assert delivery.rate_limited_batch_size() == 100


# --- progress --------------------------------------------------------------------------------------


def test_progress_counts_every_state_in_one_query(django_assert_num_queries):
    people = [subscriber() for _ in range(6)]
    letter = campaign()
    campaign_send_now(campaign_id=letter.pk)
    rows = CampaignRecipient.objects.filter(campaign=letter).order_by("pk")
    for row, status in zip(rows, ["sent", "sent", "failed", "skipped", "sending", "queued"], strict=True):
        CampaignRecipient.objects.filter(pk=row.pk).update(status=status)
    assert len(people) == 6

    with django_assert_num_queries(1):
        progress = campaign_progress(letter.pk)

    assert (progress.total, progress.sent, progress.failed, progress.skipped, progress.pending) == (6, 2, 1, 1, 2)
    assert progress.percent == 66 and progress.status == CampaignStatus.SENDING
    assert campaign_progress(999_999) is None


def test_the_progress_view_answers_json_to_staff_who_may_see_campaigns_and_is_never_cached(client, send):
    subscriber()
    letter = campaign()
    send(letter.pk)
    url = reverse("newsletter_campaign_progress", args=[letter.pk])

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(url)

    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert json.loads(response.content) | {} == {
        "campaign": letter.pk,
        "status": "sent",
        "status_label": "Sent",
        "finished": True,
        "halted": False,
        "total": 1,
        "sent": 1,
        "failed": 0,
        "skipped": 0,
        "cancelled": 0,
        "pending": 0,
        "done": 1,
        "percent": 100,
    }
    assert client.get(reverse("newsletter_campaign_progress", args=[999_999])).status_code == 404


def test_the_progress_view_refuses_staff_without_the_campaign_permission(client):
    from django.contrib.auth.models import Permission

    letter = campaign()
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(staff)

    response = client.get(reverse("newsletter_campaign_progress", args=[letter.pk]))

    assert response.status_code == 403 and "private" in response["Cache-Control"]
    assert "error" in json.loads(response.content)


def test_the_progress_view_sends_anonymous_visitors_to_sign_in(client):
    letter = campaign()
    response = client.get(reverse("newsletter_campaign_progress", args=[letter.pk]))
    assert response.status_code in (302, 403) and b'"sent"' not in response.content


def test_each_round_of_emails_is_checked_again_just_before_it_leaves_with_one_query(settings):
    # Given a batch of seven claimed rows sent over three connections side by side (rounds of 3, 3 and 1)
    settings.NEWSLETTER_SEND_CONNECTIONS = 3
    for _ in range(7):
        subscriber()
    letter = campaign()
    campaign_send_now(campaign_id=letter.pk)
    token = delivery.claim_batch(campaign_id=letter.pk, size=7)

    # When the batch is sent
    with CaptureQueriesContext(connection) as queries:
        outcome = delivery.send_claimed(campaign=Campaign.objects.get(pk=letter.pk), token=token)

    # Then the subscribers were asked again once for the batch and once right before each round, by primary key
    checks = [q["sql"] for q in queries.captured_queries if 'FROM "newsletter_subscriber"' in q["sql"]]
    assert len(checks) == 1 + 3
    assert all('"newsletter_subscriber"."id" IN' in sql for sql in checks)
    assert len(outcome.sent) == 7 and len(mail.outbox) == 7


def test_one_connection_that_does_not_open_leaves_the_others_to_send(settings, monkeypatch):
    settings.NEWSLETTER_SEND_CONNECTIONS = 2
    opened = []
    real_get_connection = delivery.get_connection

    def one_broken(*args, **kwargs):
        mail_connection = real_get_connection(*args, **kwargs)
        opened.append(mail_connection)
        if len(opened) == 1:
            mail_connection.open = lambda: (_ for _ in ()).throw(ConnectionError("refused"))
        return mail_connection

    monkeypatch.setattr(delivery, "get_connection", one_broken)
    for _ in range(3):
        subscriber()
    letter = campaign()
    campaign_send_now(campaign_id=letter.pk)
    token = delivery.claim_batch(campaign_id=letter.pk, size=3)

    outcome = delivery.send_claimed(campaign=Campaign.objects.get(pk=letter.pk), token=token)

    assert len(outcome.sent) == 3 and not outcome.failed
