"""A campaign speaks one language: it reaches the subscribers who read it, with links and words in it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.apps import apps
from django.core import mail
from django.utils import timezone, translation
from wagtail.models import Locale

from newsletter.back_in_stock import AlertContext, back_in_stock_confirm, back_in_stock_notify, back_in_stock_request
from newsletter.campaign_services import campaign_draft_for_article
from newsletter.models import (
    Audience,
    Campaign,
    CampaignStatus,
    ConsentType,
    NewsletterSettings,
    Subscriber,
    SubscriberStatus,
)
from newsletter.selectors import eligible_subscribers
from newsletter.sending import campaign_send_now
from newsletter.stats import campaign_stats
from newsletter.tracking import campaign_stop_if_complaints_too_many
from shop.models import ProductTranslation
from tests.factories import ProductFactory, ProductVariantFactory
from tests.newsletter.sending_support import campaign, paid_order, subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture
def french(db) -> Locale:
    return Locale.objects.get_or_create(language_code="fr")[0]


def speaking(email: str, language: str, **kwargs) -> Subscriber:
    person = subscriber(email, **kwargs)
    person.language = language
    person.save(update_fields=["language"])
    return person


@pytest.fixture
def everyone():
    for email, language in [
        ("en@example.com", "en"),
        ("en-ca@example.com", "en-ca"),
        ("blank@example.com", ""),
        ("german@example.com", "de"),
        ("fr@example.com", "fr"),
        ("fr-ca@example.com", "FR-ca"),
    ]:
        speaking(email, language, offers=True)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", ["fr-ca@example.com", "fr@example.com"]),
        # English is the shop's fallback: blank and unknown languages read English.
        ("en", ["blank@example.com", "en-ca@example.com", "en@example.com", "german@example.com"]),
    ],
)
def test_a_campaign_reaches_the_subscribers_of_its_language_and_english_takes_the_rest(everyone, language, expected):
    for audience in (Audience.ARTICLES, Audience.OFFERS, Audience.ALL):
        chosen = eligible_subscribers(Campaign(audience=audience, language=language))
        assert sorted(chosen.values_list("email", flat=True)) == expected


def test_a_segment_reaches_only_buyers_who_chose_offers_implied_consent_buyers_included(sender):
    sender.use_implied_consent = True
    sender.save()
    gun = ProductVariantFactory()
    subscriber("offers@example.com", articles=False, offers=True)
    subscriber("articles@example.com", articles=True, offers=False)
    subscriber(
        "implied@example.com",
        status=SubscriberStatus.IMPLIED,
        articles=False,
        offers=True,
        consent=ConsentType.IMPLIED_BY_PURCHASE,
    )
    for email in ("offers@example.com", "articles@example.com", "implied@example.com"):
        paid_order(email, variant=gun)

    chosen = eligible_subscribers(
        Campaign(audience=Audience.BOUGHT_FROM_CATEGORY, segment_category=gun.product.category)
    )

    assert sorted(chosen.values_list("email", flat=True)) == ["implied@example.com", "offers@example.com"]


@pytest.fixture
def sender(shop_details):
    row = NewsletterSettings.for_site(shop_details.site)
    row.sender_email = "letters@knotandstone.example"
    row.save()
    return row


def test_a_french_campaign_goes_to_french_subscribers_with_french_links_headers_and_footer(
    sender, django_capture_on_commit_callbacks, client
):
    speaking("fr@example.com", "fr-ca")
    speaking("en@example.com", "en")
    letter = campaign(language="fr")

    with django_capture_on_commit_callbacks(execute=True):
        campaign_send_now(campaign_id=letter.pk)

    (message,) = mail.outbox
    assert message.to == ["fr@example.com"]
    html = message.alternatives[0][0]
    assert "/fr/newsletter/unsubscribe/" in message.body and "/fr/newsletter/preferences/" in message.body
    assert "/fr/newsletter/unsubscribe/" in html and 'href="http://testserver/newsletter/' not in html
    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith("<https://") and "/fr/newsletter/unsubscribe/" in header
    with translation.override("fr"):
        assert translation.gettext("Unsubscribe") != "Unsubscribe"
        assert translation.gettext("Unsubscribe") in html

    # The French one-click address works like the English one: no cookie, no token, 200.
    path = "/" + header.strip("<>").split("/", 3)[3]
    with translation.override(None):  # the middleware switches to French; switched back afterwards
        answer = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 200
    assert Subscriber.objects.get(email="fr@example.com").status == SubscriberStatus.UNSUBSCRIBED


def test_an_english_campaign_keeps_unprefixed_links(sender, django_capture_on_commit_callbacks):
    speaking("en@example.com", "")
    letter = campaign()

    with django_capture_on_commit_callbacks(execute=True), translation.override("fr"):  # a worker speaking French
        campaign_send_now(campaign_id=letter.pk)

    (message,) = mail.outbox
    assert "/fr/" not in message.extra_headers["List-Unsubscribe"] and "/fr/" not in message.body


def french_article(make_article, french, title="Pierres chaudes"):
    english = make_article("Hot stones")
    english.save_revision().publish()
    copy = english.copy_for_translation(french, copy_parents=True)
    copy.title = title
    copy.slug = "pierres-chaudes"
    copy.save_revision().publish()
    return english, copy


def test_a_french_articles_draft_is_french_and_goes_to_french_subscribers(make_article, french, sender):
    english, copy = french_article(make_article, french)
    speaking("fr@example.com", "fr", articles=True)
    speaking("en@example.com", "en", articles=True)

    draft = campaign_draft_for_article(article_id=copy.pk)

    assert draft.language == "fr" and draft.subject == "Pierres chaudes"
    assert Campaign.objects.get(article=english).language == "en"
    assert list(eligible_subscribers(draft).values_list("email", flat=True)) == ["fr@example.com"]


def test_the_weekly_digest_is_one_per_language_each_titled_in_its_language(make_article, french, sender):
    sender.weekly_digest = True
    sender.save()

    _english, copy = french_article(make_article, french)

    digests = {digest.language: digest for digest in Campaign.objects.filter(digest_week__isnull=False)}
    assert set(digests) == {"en", "fr"}
    assert digests["en"].subject == "New articles this week"
    with translation.override("fr"):
        assert digests["fr"].subject == translation.gettext("New articles this week") != "New articles this week"
    assert [d.article_id for d in digests["fr"].digest_articles.all()] == [copy.pk]
    assert digests["fr"].digest_week == digests["en"].digest_week


def test_a_french_shoppers_back_in_stock_emails_name_the_product_in_french(shop_details, french):
    product = ProductFactory(name="Basalt stone set", slug="basalt-stone-set", variant=False)
    ProductTranslation.objects.create(product=product, locale=french, name="Ensemble de pierres de basalte")
    variant = ProductVariantFactory(product=product, sku="BASALT", stock_quantity=0, price=Decimal("80"))
    context = AlertContext(language="fr-ca", ip_address="203.0.113.7", user_agent="pytest")

    back_in_stock_request(email="ada@example.com", variant_id=variant.pk, context=context)
    confirmation = mail.outbox.pop()
    assert "Ensemble de pierres de basalte" in confirmation.subject
    assert "Basalt stone set" not in confirmation.body
    link = next(word for word in confirmation.body.split() if "/back-in-stock/confirm/" in word)
    assert "/fr/newsletter/" in link
    back_in_stock_confirm(token=link.rstrip("/").rsplit("/", 1)[1])

    variant.stock_quantity = 3
    variant.save()
    assert back_in_stock_notify(variant_id=variant.pk) == 1
    alert = mail.outbox.pop()
    assert "Ensemble de pierres de basalte" in alert.subject and "Basalt stone set" not in alert.body
    assert "/fr/" in alert.body


def test_why_a_campaign_stopped_is_read_in_the_staff_members_language(sender):
    letter = campaign(status=CampaignStatus.SENDING)
    people = [subscriber() for _ in range(4)]
    now = timezone.now()
    for number, person in enumerate(people):
        letter.recipients.create(
            subscriber=person, email=person.email, sent_at=now, complained_at=now if number < 2 else None
        )

    assert campaign_stop_if_complaints_too_many(campaign_id=letter.pk)

    letter.refresh_from_db()
    assert letter.stopped_reason == "complaints" and letter.stopped_params == {"complaints": 2, "sent": 4}
    with translation.override("en"):
        english = letter.stopped_reason_text
        assert "2 spam complaints for 4 messages" in english
        assert campaign_stats(letter.pk).stopped_reason == english
    with translation.override("fr"):
        french = letter.stopped_reason_text
        assert french != english and "4" in french
        assert campaign_stats(letter.pk).stopped_reason == french


def test_the_apps_name_follows_the_staff_members_language():
    config = apps.get_app_config("newsletter")
    with translation.override("fr"):
        assert str(config.verbose_name) == "Infolettre"
    with translation.override("en"):
        assert str(config.verbose_name) == "Newsletter"
