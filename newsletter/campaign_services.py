"""Writing campaigns outside the send itself: "New articles" drafts (or the weekly digest) and test emails.

Each service is one transaction; the test email goes to the worker after commit (config.mail.enqueue_email).
"""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from config.languages import supported_language
from config.mail import enqueue_email
from content.models import ArticlePage
from newsletter.campaign_languages import campaign_family, other_languages
from newsletter.models import Audience, Campaign, DigestArticle, split_addresses
from newsletter.rendering import RecipientLinks, RenderedCampaign, personalise, render_campaign
from newsletter.selectors import newsletter_settings, sender_details
from newsletter.sending import CampaignActionRefused
from newsletter.services import site_url

TEST_PREFIX = "[Test] "


def _teaser(article: ArticlePage) -> tuple[str, dict]:
    return ("article_teaser", {"article": article, "teaser": "", "button_label": ""})


def campaign_draft_for_article(*, article_id: int) -> Campaign | None:
    """The "New articles" draft that announces a published article, made the first time only.

    Its own draft (subject = title, the article's picture, title and teaser in the body), or, with the
    weekly digest on, a teaser added to this week's digest. An article already announced, in either
    way, is left alone: republishing never makes a second draft. An alias page gets nothing (None).
    """
    # An alias (a copy Wagtail keeps in sync with its original in another locale) is never announced: its words are
    # the original's. Converted into a translation (same page id), it is an article of its own and is announced.
    article = (
        ArticlePage.objects.live()
        .filter(pk=article_id, alias_of__isnull=True)
        .select_related("hero_image", "locale")
        .first()
    )
    if article is None:
        return None
    language = article_language(article)
    with transaction.atomic():
        existing = Campaign.objects.filter(article_id=article_id).first()
        if existing is not None:
            return existing
        gathered = DigestArticle.objects.filter(article_id=article_id).select_related("campaign").first()
        if gathered is not None:
            return gathered.campaign
        if newsletter_settings().weekly_digest:
            digest = _add_to_weekly_digest(article, language=language)
            if digest is not None:
                return digest
        try:
            with transaction.atomic():
                return Campaign.objects.create(
                    subject=Truncator(article.title).chars(150),
                    preheader=Truncator(" ".join(article.intro.split())).chars(150),
                    body=[_teaser(article)],
                    audience=Audience.ARTICLES,
                    article=article,
                    language=language,
                )
        except IntegrityError:  # the scheduled publish and the admin's hook at the same moment
            return Campaign.objects.get(article_id=article_id)


def article_language(article: ArticlePage) -> str:
    """The language an article is written in (its Wagtail locale's), as one of settings.LANGUAGES."""
    return supported_language(article.locale.language_code if article.locale_id else "")


def _add_to_weekly_digest(article: ArticlePage, *, language: str) -> Campaign | None:
    """Add the article to its week's digest in its language; None when that digest has already gone out.

    Each language has its own digest each week (French articles in a French digest for French subscribers).
    Its subject is the email's subject, so it is written in the digest's language; staff may change it.
    """
    published = timezone.localtime(article.first_published_at or timezone.now())
    year, week, _day = published.isocalendar()
    key = f"{year}-W{week:02d}"
    digests = Campaign.objects.select_for_update().filter(digest_week=key, language=language)
    digest = digests.first()
    if digest is None:
        with translation.override(language):
            subject = _("New articles this week")
        try:
            with transaction.atomic():
                digest = Campaign.objects.create(
                    digest_week=key, subject=subject, body=[], audience=Audience.ARTICLES, language=language
                )
        except IntegrityError:
            pass
        digest = digests.get()
    if not digest.is_editable:
        return None
    DigestArticle.objects.create(campaign=digest, article=article)
    digest.body = [*((block.block_type, block.value) for block in digest.body), _teaser(article)]
    titles = digest.digest_articles.order_by("pk").values_list("article__title", flat=True)
    digest.preheader = Truncator(" · ".join(titles)).chars(150)
    digest.save(update_fields=["body", "preheader", "updated_at"])
    return digest


def campaign_make_version(*, campaign_id: int, language: str, user=None) -> Campaign:
    """A new draft of the campaign in another of the shop's languages, linked to it, for staff to translate.

    It copies the subject, preheader, body and audience (segment included); it is not scheduled and announces no
    article. A campaign has one version per language: asking for one that exists is refused.
    """
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().filter(pk=campaign_id).first()
        if campaign is None:
            raise CampaignActionRefused(_("That campaign no longer exists."))
        if language not in other_languages(campaign.language):
            raise CampaignActionRefused(_("Pick another of the shop's languages for the new version."))
        existing = Campaign.objects.filter(campaign_family(campaign), language=language).first()
        if existing is not None:
            raise CampaignActionRefused(
                _("This campaign already has its version in that language: “%(subject)s”.")
                % {"subject": existing.subject}
            )
        try:
            with transaction.atomic():
                return Campaign.objects.create(
                    translation_of_id=campaign.translation_of_id or campaign.pk,
                    language=language,
                    subject=campaign.subject,
                    preheader=campaign.preheader,
                    body=[{"type": block["type"], "value": block["value"]} for block in campaign.body.raw_data],
                    audience=campaign.audience,
                    segment_category_id=campaign.segment_category_id,
                    created_by=user if getattr(user, "pk", None) else None,
                )
        except IntegrityError:  # the same button pressed twice at once
            raise CampaignActionRefused(_("This campaign already has its version in that language.")) from None


def test_recipients(user) -> list[str]:
    """Where a test email goes: the addresses in the newsletter settings, or else the staff member asking."""
    addresses = split_addresses(newsletter_settings().test_recipients)
    if not addresses and getattr(user, "email", ""):
        addresses = [user.email]
    return addresses


def campaign_send_test(*, campaign_id: int, user) -> list[str]:
    """Send the campaign, subject marked "[Test]", to the staff test addresses; returns them.

    Its unsubscribe and preferences links (and List-Unsubscribe) lead to a page that changes nothing, so a
    test can never unsubscribe anyone. A campaign already sent is tested as it was frozen.
    """
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is None:
        raise CampaignActionRefused(_("That campaign no longer exists."))
    addresses = test_recipients(user)
    if not addresses:
        raise CampaignActionRefused(
            _("There is nobody to send the test to: add test recipients in the newsletter settings.")
        )
    sender = sender_details()
    if campaign.frozen_at:
        rendered = RenderedCampaign(campaign.frozen_subject, campaign.frozen_html, campaign.frozen_text)
    else:
        rendered = render_campaign(campaign, sender=sender)
    with translation.override(supported_language(campaign.language)):
        link = site_url(reverse("newsletter:test_email_link"))
    links = RecipientLinks(unsubscribe_url=link, preferences_url=link)
    one_click = "https://" + link.removeprefix("http://").removeprefix("https://")
    with transaction.atomic():
        for address in addresses:
            message = EmailMultiAlternatives(
                subject=TEST_PREFIX + rendered.subject,
                body=personalise(rendered.text, links),
                from_email=sender.from_email,
                to=[address],
                reply_to=[sender.reply_to] if sender.reply_to else None,
                headers={"List-Unsubscribe": f"<{one_click}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
            )
            message.attach_alternative(personalise(rendered.html, links), "text/html")
            enqueue_email(message)
    return addresses
