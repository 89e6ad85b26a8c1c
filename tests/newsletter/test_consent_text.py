"""What a consent record proves: the very words the footer showed, filled in, in the page's language, and a version
derived from those words (so a new address is a new version without anyone raising a number)."""

from __future__ import annotations

import html
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from newsletter.models import ConsentEvent, NewsletterSettings
from newsletter.rules import consent_text_version
from newsletter.selectors import consent_text

pytestmark = pytest.mark.django_db

CART = reverse("shop:cart")


def footer_form(client, path: str) -> tuple[str, str]:
    """The footer signup form on `path`: where it posts and the consent words next to its box, as a reader sees them."""
    with translation.override(None):  # the middleware switches language for the request; switched back afterwards
        page = client.get(path).content.decode()
    tag = re.search(r'<form [^>]*action="([^"]+)" class="newsletter-signup__form"[^>]*>(.*?)</form>', page, re.S)
    label = tag.group(2).split('name="consent" value="on" required>', 1)[1].split("</label>", 1)[0]
    return html.unescape(tag.group(1)), html.unescape(label.strip())


def sign_up_from_the_footer(client, path: str) -> ConsentEvent:
    action, shown = footer_form(client, path)
    with translation.override(None):
        client.post(action, {"email": "ada@example.com", "topics": ["articles"], "consent": "on", "source": "footer"})
        (message,) = mail.outbox
        link = next(word for word in message.body.split() if "/newsletter/confirm/" in word)
        client.post("/" + link.split("/", 3)[3])
    event = ConsentEvent.objects.get()
    assert event.consent_text == shown  # word for word what the footer showed
    return event


def test_an_english_footer_signup_keeps_the_english_words_shown_and_their_version(client, shop_details):
    event = sign_up_from_the_footer(client, CART)

    assert event.consent_language == "en"
    assert event.consent_text.startswith("Yes, I'd like emails from Knot & Stone Therapy Supply")
    assert "12 Birch Lane, Halifax NS  B3H 1A1" in event.consent_text
    assert "hello@knotandstone.example" in event.consent_text
    assert event.consent_text_version == consent_text_version(event.consent_text)
    assert len(event.consent_text_version) == 12


def test_a_french_footer_signup_keeps_the_french_words_shown(client, shop_details):
    event = sign_up_from_the_footer(client, "/fr" + CART)

    assert event.consent_language == "fr"
    assert event.consent_text.startswith("Oui, je souhaite recevoir des courriels de Knot & Stone Therapy Supply")
    assert "12 Birch Lane, Halifax NS  B3H 1A1" in event.consent_text
    assert event.consent_text_version == consent_text_version(event.consent_text)


def test_a_custom_english_text_is_not_shown_to_french_readers_and_its_french_twin_is(client, site, shop_details):
    settings = NewsletterSettings.for_site(site)
    settings.consent_text = "Email me, {shop_name}. Withdraw any time."
    settings.save()

    # Without a French twin, French pages show the standard text in French, never the English custom words.
    assert footer_form(client, CART)[1] == "Email me, Knot & Stone Therapy Supply. Withdraw any time."
    assert footer_form(client, "/fr" + CART)[1].startswith("Oui, je souhaite recevoir des courriels")

    settings.consent_text_fr = "Écrivez-moi, {shop_name}. Retrait en tout temps."
    settings.save()
    event = sign_up_from_the_footer(client, "/fr" + CART)
    assert (event.consent_text, event.consent_language) == (
        "Écrivez-moi, Knot & Stone Therapy Supply. Retrait en tout temps.",
        "fr",
    )


def test_a_new_mailing_address_is_a_new_version_by_itself(shop_details):
    before = consent_text()

    shop_details.mailing_address = "40 Spruce Street\nHalifax NS  B3J 2K9"
    shop_details.save()
    after = consent_text()

    assert "40 Spruce Street" in after.text and "12 Birch Lane" not in after.text
    assert after.version != before.version
    # the same words always have the same version
    assert consent_text().version == after.version


def test_each_language_has_its_own_version(shop_details):
    with translation.override("en"):
        english = consent_text()
    with translation.override("fr"):
        french = consent_text()
    assert (english.language, french.language) == ("en", "fr")
    assert english.text != french.text and english.version != french.version
