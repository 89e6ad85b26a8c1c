"""Databases made when LANGUAGE_CODE was "en-ca": their one Locale becomes "en", and "fr" is added."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from wagtail.models import Locale, Page

pytestmark = pytest.mark.django_db

migration = importlib.import_module("content.migrations.0012_locales_en_fr")


@pytest.fixture
def old_database(db):
    """The locales as an en-ca database has them: one, "en-ca", holding every page."""
    Locale.objects.filter(language_code="fr").delete()
    Locale.objects.filter(language_code="en").update(language_code="en-ca")
    return Locale.objects.get(language_code="en-ca")


def test_en_ca_becomes_en_with_its_pages_and_fr_is_added(old_database):
    pages = Page.objects.filter(locale=old_database).count()

    migration.locales_forward(apps, None)

    english = Locale.objects.get(language_code="en")
    assert english.pk == old_database.pk and Page.objects.filter(locale=english).count() == pages > 0
    assert set(Locale.objects.values_list("language_code", flat=True)) == {"en", "fr"}


def test_running_it_twice_changes_nothing(old_database):
    migration.locales_forward(apps, None)
    before = sorted(Locale.objects.values_list("pk", "language_code"))
    migration.locales_forward(apps, None)
    assert sorted(Locale.objects.values_list("pk", "language_code")) == before


def test_an_existing_en_is_kept_and_en_ca_left_alone(old_database):
    Locale.objects.create(language_code="en")
    migration.locales_forward(apps, None)
    assert set(Locale.objects.values_list("language_code", flat=True)) == {"en", "en-ca", "fr"}


def test_going_back_restores_en_ca_and_drops_an_unused_fr(old_database):
    migration.locales_forward(apps, None)
    migration.locales_backward(apps, None)
    assert set(Locale.objects.values_list("language_code", flat=True)) == {"en-ca"}


def test_going_back_keeps_fr_while_french_pages_exist(old_database):
    migration.locales_forward(apps, None)
    home = Page.objects.get(depth=2, locale__language_code="en")
    home.copy_for_translation(Locale.objects.get(language_code="fr"))
    migration.locales_backward(apps, None)
    assert set(Locale.objects.values_list("language_code", flat=True)) == {"en-ca", "fr"}
