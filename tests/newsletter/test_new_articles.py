"""A published article gets one "New articles" campaign draft (or a place in the weekly digest), never two."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone

from newsletter.campaign_services import campaign_draft_for_article
from newsletter.models import Audience, Campaign, CampaignStatus, DigestArticle, NewsletterSettings
from newsletter.wagtail_hooks import announce_new_article_draft
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def publish(make_article):
    """An article as an editor publishes it: a saved revision, then publish() (which sends page_published)."""

    def build(title: str, **fields):
        article = make_article(title, **fields)
        article.save_revision().publish()
        return article

    return build


@pytest.fixture
def weekly_digest(site):
    settings_row = NewsletterSettings.for_site(site)
    settings_row.weekly_digest = True
    settings_row.save()
    return settings_row


def teasers(campaign: Campaign) -> list[int]:
    return [block.value["article"].pk for block in campaign.body if block.block_type == "article_teaser"]


def test_publishing_an_article_prepares_its_new_articles_draft(publish):
    article = publish("Hot stones, step by step", intro="Heat, place, rest: a calm evening routine.")

    draft = Campaign.objects.get()
    assert draft.article_id == article.pk
    assert draft.status == CampaignStatus.DRAFT and draft.audience == Audience.ARTICLES
    assert draft.subject == "Hot stones, step by step"
    assert draft.preheader == "Heat, place, rest: a calm evening routine."
    assert teasers(draft) == [article.pk]


def test_republishing_never_makes_a_second_draft_even_after_it_was_sent(publish):
    article = publish("Foam rolling")
    Campaign.objects.update(status=CampaignStatus.SENT)

    article.title = "Foam rolling, revised"
    article.save_revision().publish()
    campaign_draft_for_article(article_id=article.pk)

    assert Campaign.objects.count() == 1
    assert Campaign.objects.get().subject == "Foam rolling"


def test_a_page_that_is_not_live_gets_no_draft(make_article):
    article = make_article("Not yet")
    article.unpublish()

    assert campaign_draft_for_article(article_id=article.pk) is None
    assert not Campaign.objects.exists()


def test_scheduled_publishing_prepares_the_draft_too(make_article):
    # Given an article waiting for its go-live time (Wagtail's publish_scheduled command, no admin request)
    article = make_article("Published at dawn")
    article.unpublish()
    article.save_revision(approved_go_live_at=timezone.now() - datetime.timedelta(seconds=1))
    assert not Campaign.objects.exists()

    # When the scheduler runs
    call_command("publish_scheduled")

    # Then the article is live and has its draft
    article.refresh_from_db()
    assert article.live
    assert Campaign.objects.get().article_id == article.pk


def test_the_editor_who_published_gets_a_link_to_the_draft(publish):
    article = publish("Trigger points")
    request = RequestFactory().get("/admin/")
    request.user = StaffFactory()
    request.session = {}
    from django.contrib.messages.storage.fallback import FallbackStorage

    request._messages = FallbackStorage(request)

    announce_new_article_draft(request, article)

    (message,) = list(get_messages(request))
    draft = Campaign.objects.get()
    assert "New articles" in str(message.message)
    assert f"/admin/campaigns/inspect/{draft.pk}/" in str(message.message)
    assert Campaign.objects.count() == 1


def test_with_the_weekly_digest_on_articles_gather_in_one_draft_per_week(publish, weekly_digest):
    first = publish("Stones")
    second = publish("Oils")
    week = timezone.localtime(first.first_published_at).isocalendar()

    (digest,) = Campaign.objects.all()
    assert digest.digest_week == f"{week[0]}-W{week[1]:02d}"
    assert digest.article_id is None
    assert teasers(digest) == [first.pk, second.pk]
    assert digest.preheader == "Stones · Oils"

    second.save_revision().publish()  # republished: still once
    digest.refresh_from_db()
    assert teasers(digest) == [first.pk, second.pk]


def test_next_weeks_article_starts_next_weeks_digest(publish, weekly_digest, make_article):
    publish("This week")
    later = make_article("Next week")
    later.first_published_at = timezone.now() + datetime.timedelta(days=7)
    later.save(update_fields=["first_published_at"])

    campaign_draft_for_article(article_id=later.pk)

    assert Campaign.objects.filter(digest_week__isnull=False).count() == 2
    assert DigestArticle.objects.count() == 2


def test_an_article_after_the_weeks_digest_went_out_gets_its_own_draft(publish, weekly_digest):
    publish("Early in the week")
    Campaign.objects.update(status=CampaignStatus.SENDING)

    late = publish("Late in the week")

    own = Campaign.objects.get(article=late)
    assert own.digest_week is None and teasers(own) == [late.pk]
