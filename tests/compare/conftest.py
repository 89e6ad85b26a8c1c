"""Fixtures for the compare tests: massage guns with images, and a shopper's session."""

import pytest
from django.core.cache import cache

from tests.factories import CompareProductImageFactory, MassageGunFactory


@pytest.fixture(autouse=True)
def fresh_rate_limit_counts():
    """Every test starts with no changes counted against its client (all test clients share one address)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def guns(db):
    """Three active massage guns with an image each, named so their order is obvious."""
    made = []
    for n, (name, noise) in enumerate((("Alpha Gun", 55), ("Bravo Gun", 60), ("Charlie Gun", 55)), start=1):
        gun = MassageGunFactory(name=name, slug=name.lower().replace(" ", "-"), noise_db=noise, variant__sku=f"GUN-{n}")
        CompareProductImageFactory(product=gun)
        made.append(gun)
    return made


@pytest.fixture
def fourth_gun(db):
    return MassageGunFactory(name="Delta Gun", slug="delta-gun")
