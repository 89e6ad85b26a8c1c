"""Staff publish an article, open its "New articles" draft, preview it, test-send it, send it, and watch it go.

The worker is played by the test itself: tasks are queued (django-tasks' dummy backend) while the pages
run, and `run_worker()` carries them out in the test's thread, as a separate worker process would. So
the progress bar really starts at 0 and reaches 100% by polling, without the page being reloaded.
"""

from __future__ import annotations

import re
import threading
import time

import pytest
from django.core import mail
from django.dispatch import receiver
from playwright.sync_api import expect

from content.models import ArticleIndexPage, ArticlePage
from demo.staff import DEFAULT_STAFF_PASSWORD, STAFF_EMAIL, STAFF_USERNAME
from newsletter.models import Campaign, CampaignStatus, RecipientStatus, SignupSource, Subscriber, SubscriberStatus
from tests.browser.harness import JOURNEY, save_screenshots

pytestmark = JOURNEY

TITLE = "Cold hands, warm stones"


@pytest.fixture
def worker(settings):
    """Tasks wait in a queue until `worker.run()`, which runs each in this thread, as a worker would."""
    from django_tasks.signals import task_enqueued

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    queued, lock = [], threading.Lock()

    @receiver(task_enqueued, weak=False)
    def collect(sender, task_result, **kwargs):
        with lock:
            queued.append(task_result)

    class Worker:
        def run(self) -> int:
            ran = 0
            while True:
                with lock:
                    if not queued:
                        return ran
                    result = queued.pop(0)
                result.task.call(*result.args, **result.kwargs)
                ran += 1

        def wait_for_work(self, timeout: float = 10.0) -> None:
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                with lock:
                    if queued:
                        return
                time.sleep(0.05)
            raise AssertionError("nothing was handed to the worker")

    yield Worker()
    task_enqueued.disconnect(collect)


def subscribers() -> None:
    for email in ("ada@example.com", "bo@example.com", "cy@example.com"):
        Subscriber.objects.create(
            email=email, wants_articles=True, source=SignupSource.FOOTER, status=SubscriberStatus.CONFIRMED
        )
    Subscriber.objects.create(email="pending@example.com", wants_articles=True, source=SignupSource.FOOTER)


def draft_article() -> ArticlePage:
    """An article an editor has written and saved, not yet published."""
    index = ArticleIndexPage.objects.first()
    article = ArticlePage(
        title=TITLE,
        slug="cold-hands-warm-stones",
        author="Maya Lindqvist",
        date="2026-11-29",
        intro="Five minutes with heated basalt before a massage.",
        body=[("paragraph", "<p>Warm the stones slowly.</p>")],
        live=False,
    )
    index.add_child(instance=article)
    article.save_revision()
    return article


def test_staff_publish_an_article_and_send_its_new_articles_campaign(
    page, live_server, demo_shop, settings, worker, csp_violations
):
    settings.WAGTAILADMIN_BASE_URL = live_server.url  # the email's links and pictures point at this server
    # The admin's dashboard asks releases.wagtail.org for updates and draws avatars from gravatar.com, both
    # outside the shop's Content-Security-Policy; neither is part of this journey.
    settings.WAGTAIL_ENABLE_UPDATE_CHECK = False
    settings.WAGTAIL_GRAVATAR_PROVIDER_URL = None
    subscribers()
    article = draft_article()
    demo_drafts = Campaign.objects.count()  # the demo's own articles were announced when it was loaded

    # Given staff signed in to the admin
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill(STAFF_USERNAME)
    page.get_by_label("Password").fill(DEFAULT_STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server.url}/admin/")

    # When they publish the article
    page.goto(f"{live_server.url}/admin/pages/{article.pk}/edit/")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()

    # Then a "New articles" draft is ready, and the admin says where
    expect(page.locator(".messages")).to_contain_text("New articles")
    assert Campaign.objects.count() == demo_drafts + 1
    campaign = Campaign.objects.get(article=article)
    page.get_by_role("link", name="Open the draft").click()
    expect(page.get_by_role("heading", level=2, name=re.compile(TITLE))).to_be_visible()
    expect(page.locator("[data-eligible-count]")).to_have_text("3 subscribers")
    save_screenshots(page, "campaign 1 draft")

    # When they open the editor's live preview panel
    page.get_by_role("link", name="Edit").click()
    page.get_by_role("button", name="Toggle preview").click()
    # Then it shows the email as mail clients get it
    expect(page.frame_locator("iframe").first.get_by_role("link", name=TITLE)).to_be_visible(timeout=15_000)
    save_screenshots(page, "campaign 1 editor preview")
    page.go_back()

    # When they open the preview page
    with page.context.expect_page() as preview_opened:
        page.get_by_role("link", name="Preview").click()
    preview = preview_opened.value
    expect(preview.get_by_role("link", name=TITLE)).to_be_visible()
    expect(preview.get_by_text("Five minutes with heated basalt before a massage.", exact=True)).to_be_visible()
    preview.close()

    # When they send a test
    page.get_by_role("button", name="Send a test").click()
    expect(page.locator(".messages")).to_contain_text(f"Test email on its way to {STAFF_EMAIL}")
    worker.run()

    # Then the test email arrives, marked, with links that change nothing
    (test_email,) = mail.outbox
    assert test_email.to == [STAFF_EMAIL] and test_email.subject == f"[Test] {TITLE}"
    assert "/newsletter/test-email/" in test_email.extra_headers["List-Unsubscribe"]
    assert Subscriber.objects.filter(status=SubscriberStatus.CONFIRMED).count() == 3

    # When they send it now, after the count
    page.get_by_role("button", name="Send now…").click()
    expect(page.get_by_role("heading", level=2)).to_contain_text("to 3 subscribers?")
    page.get_by_role("button", name="Yes, send it now").click()

    # Then the campaign page shows the progress bar at the start, and the work waits for the worker
    bar = page.get_by_role("progressbar", name="Sending progress")
    expect(bar).to_have_attribute("max", "3")
    expect(bar).to_have_attribute("value", "0")
    expect(page.locator("[data-progress-sent]")).to_have_text("0")
    save_screenshots(page, "campaign 2 sending")
    worker.wait_for_work()
    page.evaluate("window.stillTheSamePage = true")

    # When the worker sends it
    worker.run()

    # Then the bar reaches 100% by itself (the page was not reloaded) with every recipient sent
    expect(page.locator("[data-progress-percent]")).to_have_text("100", timeout=15_000)
    expect(bar).to_have_attribute("value", "3")
    expect(page.locator("[data-progress-sent]")).to_have_text("3")
    expect(page.locator("[data-progress-failed]")).to_have_text("0")
    expect(page.locator("[data-progress-status]")).to_have_text("Sent")
    assert page.evaluate("window.stillTheSamePage") is True
    save_screenshots(page, "campaign 3 sent")

    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SENT
    assert set(campaign.recipients.values_list("status", flat=True)) == {RecipientStatus.SENT}
    sent = sorted(message.to[0] for message in mail.outbox[1:])
    assert sent == ["ada@example.com", "bo@example.com", "cy@example.com"]
    assert all(message.subject == TITLE for message in mail.outbox[1:])
    assert csp_violations == []
