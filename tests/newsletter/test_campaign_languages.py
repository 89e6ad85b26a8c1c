"""Staff see a campaign's language, who of its audience it leaves out, and make and find its other-language version."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from newsletter.models import Audience, Campaign, CampaignStatus, SubscriberStatus
from tests.factories import CategoryFactory, StaffFactory, UserFactory
from tests.newsletter.sending_support import campaign, subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, site):
    client.force_login(StaffFactory(email="ops@knotandstone.example"))
    return client


def url(name: str, *args) -> str:
    return reverse(f"campaigns:{name}", args=args)


def speaking(email: str, language: str, **kwargs):
    person = subscriber(email, **kwargs)
    person.language = language
    person.save(update_fields=["language"])
    return person


def make_version(client, original: Campaign, language: str = "fr"):
    return client.post(url("action", original.pk, "translate"), {"language": language})


def test_the_page_names_the_language_and_counts_the_audience_that_reads_the_other_one(staff_client):
    speaking("en@example.com", "en", offers=True)
    speaking("blank@example.com", "", offers=True)
    speaking("fr@example.com", "fr", offers=True)
    speaking("fr-ca@example.com", "FR-ca", offers=True)
    speaking("articles-only@example.com", "fr", offers=False)  # not in this audience
    speaking("pending@example.com", "fr", offers=True, status=SubscriberStatus.PENDING)
    english = campaign(audience=Audience.OFFERS, language="en")
    french = campaign(audience=Audience.OFFERS, language="fr", subject="Pierres chaudes")

    english_page = staff_client.get(url("inspect", english.pk)).content.decode()
    french_page = staff_client.get(url("inspect", french.pk)).content.decode()

    assert "<span data-campaign-language>English</span>" in english_page
    assert "2 subscribers in this audience read French and will not get this campaign." in english_page
    assert "<span data-campaign-language>French</span>" in french_page
    # Blank and unknown languages count as English.
    assert "2 subscribers in this audience read English and will not get this campaign." in french_page


def test_a_sent_campaign_is_not_counted_again(staff_client):
    sent = campaign(status=CampaignStatus.SENT)

    page = staff_client.get(url("inspect", sent.pk)).content.decode()

    assert "data-left-out" not in page


def test_make_the_french_version_copies_the_campaign_into_a_linked_french_draft(staff_client):
    guns = CategoryFactory(name="Massage guns")
    original = campaign(
        subject="Massage guns on sale",
        preheader="Until Sunday",
        audience=Audience.BOUGHT_FROM_CATEGORY,
        segment_category=guns,
        status=CampaignStatus.SCHEDULED,
        scheduled_for=timezone.now() + datetime.timedelta(days=1),
    )

    response = make_version(staff_client, original)

    version = Campaign.objects.exclude(pk=original.pk).get()
    assert response.status_code == 302 and response["Location"] == url("inspect", version.pk)
    assert version.translation_of == original and version.language == "fr"
    assert (version.subject, version.preheader) == ("Massage guns on sale", "Until Sunday")
    assert [(b.block_type, b.value) for b in version.body] == [(b.block_type, b.value) for b in original.body]
    assert version.audience == Audience.BOUGHT_FROM_CATEGORY and version.segment_category == guns
    assert version.status == CampaignStatus.DRAFT and version.scheduled_for is None
    assert version.article_id is None and version.digest_week is None
    original.refresh_from_db()
    assert original.status == CampaignStatus.SCHEDULED and original.language == "en"


def test_each_page_links_its_twin_and_offers_no_second_one(staff_client):
    original = campaign(subject="Hot stones")
    make_version(staff_client, original)
    version = Campaign.objects.get(translation_of=original)
    Campaign.objects.filter(pk=version.pk).update(subject="Pierres chaudes")

    original_page = staff_client.get(url("inspect", original.pk)).content.decode()
    version_page = staff_client.get(url("inspect", version.pk)).content.decode()

    assert "French version" in original_page
    assert f'<a href="{url("inspect", version.pk)}" data-campaign-version>Pierres chaudes</a> (Draft)' in original_page
    assert "Make the French version" not in original_page
    assert "English version" in version_page
    assert f'<a href="{url("inspect", original.pk)}" data-campaign-version>Hot stones</a> (Draft)' in version_page
    assert "Make the English version" not in version_page


def test_a_campaign_without_a_twin_offers_to_make_it(staff_client):
    original = campaign()

    page = staff_client.get(url("inspect", original.pk)).content.decode()

    assert "Make the French version" in page
    assert f'action="{url("action", original.pk, "translate")}"' in page


@pytest.mark.parametrize("from_the_version", [False, True])
def test_one_version_per_language(staff_client, from_the_version):
    original = campaign()
    make_version(staff_client, original)
    version = Campaign.objects.get(translation_of=original)

    if from_the_version:
        response = make_version(staff_client, version, "en")
    else:
        response = make_version(staff_client, original, "fr")

    assert response.status_code == 302
    assert Campaign.objects.count() == 2
    assert "already has its version in that language" in staff_client.get(response["Location"]).content.decode()
    with pytest.raises(IntegrityError), transaction.atomic():
        Campaign.objects.create(subject="Again", body=[], language="fr", translation_of=original)


@pytest.mark.parametrize("language", ["en", "de", ""])
def test_a_language_that_is_not_another_of_the_shops_makes_nothing(staff_client, language):
    original = campaign(language="en")

    response = make_version(staff_client, original, language)

    assert response.status_code == 302 and response["Location"] == url("inspect", original.pk)
    assert Campaign.objects.count() == 1
    page = staff_client.get(response["Location"]).content.decode()
    assert "Pick another of the shop&#x27;s languages for the new version." in page


def test_the_action_is_a_csrf_protected_post(site):
    original = campaign()
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(StaffFactory())

    assert strict.get(url("action", original.pk, "translate")).status_code == 405
    assert make_version(strict, original).status_code == 403
    assert Campaign.objects.count() == 1


def test_whoever_may_add_campaigns_may_make_the_version_and_nobody_else(client, site):
    original = campaign()
    marketing = UserFactory(is_staff=True)
    marketing.groups.add(Group.objects.get(name="Marketing"))
    reader = UserFactory(is_staff=True)
    reader.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_campaign"),
        Permission.objects.get(codename="change_campaign"),
    )

    client.force_login(reader)
    assert "Make the French version" not in client.get(url("inspect", original.pk)).content.decode()
    refused = make_version(client, original)  # Wagtail answers PermissionDenied with its dashboard
    assert refused.status_code == 302 and refused["Location"] == reverse("wagtailadmin_home")
    assert Campaign.objects.count() == 1

    client.force_login(marketing)
    assert make_version(client, original).status_code == 302
    assert Campaign.objects.filter(translation_of=original, language="fr").exists()


def test_a_version_cannot_be_edited_into_its_originals_language(staff_client):
    from tests.newsletter.test_campaign_admin import form_data

    original = campaign(language="en")
    make_version(staff_client, original)
    version = Campaign.objects.get(translation_of=original)

    response = staff_client.post(url("edit", version.pk), form_data(language="en"))

    assert response.status_code == 200
    assert "Another version of this campaign is already in this language." in response.content.decode()
    version.refresh_from_db()
    assert version.language == "fr"


def test_the_list_shows_each_campaigns_language_and_filters_by_it(staff_client):
    english = campaign(subject="Hot stones", language="en")
    french = campaign(subject="Pierres chaudes", language="fr")

    response = staff_client.get(url("index"))
    french_only = staff_client.get(url("index"), {"language": "fr"})

    language = response.context["table"].columns["language"]
    assert (language.label, language.get_value(english), language.get_value(french)) == (
        "Language",
        "English",
        "French",
    )
    listing = response.content.decode().split('class="listing', 1)[1]
    assert "Hot stones" in listing and "Pierres chaudes" in listing and "French" in listing
    assert list(french_only.context["object_list"]) == [french]
