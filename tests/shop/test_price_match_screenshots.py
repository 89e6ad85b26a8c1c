"""Price-match screenshots are private: they are stored outside the public MEDIA_ROOT and only staff who may
view requests open them, through an admin view that streams the file with no-store and nosniff headers."""

from __future__ import annotations

import importlib
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from config.private_media import check_private_media_root
from shop.models import PriceMatchRequest
from shop.price_match_forms import MAX_SCREENSHOT_PIXELS, checked_screenshot
from tests.factories import ProductFactory, StaffFactory, UserFactory
from tests.shop.price_match_support import filed_request

pytestmark = pytest.mark.django_db


def png(size=(40, 30), kind: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, format=kind)
    return buffer.getvalue()


@pytest.fixture
def product():
    return ProductFactory(name="Theragun Mini", slug="theragun-mini", variant__price=Decimal("100.00"))


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    from config import ratelimit

    ratelimit.cache.clear()


@pytest.fixture
def uploaded(product, client):
    """A request filed through the public form with a PNG named like a WebP; its file is removed afterwards."""
    variant = product.variants.get()
    response = client.post(
        reverse("shop:price_match_request", args=[product.slug]),
        {
            "variant": variant.pk,
            "competitor_name": "Physio Depot",
            "competitor_url": "https://www.physiodepot.ca/theragun-mini",
            "competitor_price": "89.99",
            "in_stock": "on",
            "identical": "on",
            "canadian_retailer": "on",
            "email": "ada@example.com",
            "website": "",
            "screenshot": SimpleUploadedFile("my listing.webp", png(), content_type="image/webp"),
        },
    )
    assert response.status_code == 302
    request = PriceMatchRequest.objects.get()
    yield request
    request.screenshot.storage.delete(request.screenshot.name)


def screenshot_url(request) -> str:
    return reverse("price_match:screenshot", args=[request.pk])


def staff_who_may_view():
    user = UserFactory(is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"),
        Permission.objects.get(codename="view_pricematchrequest", content_type__app_label="shop"),
    )
    return user


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- where the file goes ----------------------------------------------------------------------------------------


def test_an_uploaded_screenshot_lands_in_private_storage_not_under_media_root(uploaded):
    name = uploaded.screenshot.name
    private_file = Path(settings.PRIVATE_MEDIA_ROOT) / name
    assert name.startswith("price-match/") and name.endswith(".png")  # the type Pillow found, not the name's
    assert private_file.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert not (Path(settings.MEDIA_ROOT) / name).exists()
    assert uploaded.screenshot.storage is storages["private"]
    with pytest.raises(ValueError, match="no public URL"):
        _ = uploaded.screenshot.url


def test_the_staff_page_links_to_the_admin_view_not_to_media(uploaded):
    page = logged_in(StaffFactory()).get(reverse("price_match:inspect", args=[uploaded.pk])).content.decode()
    assert f'href="{screenshot_url(uploaded)}"' in page
    assert settings.MEDIA_URL + "price-match/" not in page


# --- who may open it --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["superuser", "view-permission", "shop-staff-group"])
def test_staff_who_may_view_requests_get_the_file_privately(uploaded, who):
    if who == "superuser":
        user = StaffFactory()
    elif who == "view-permission":
        user = staff_who_may_view()
    else:
        user = UserFactory(is_staff=True)
        user.groups.add(Group.objects.get(name="Shop staff"))
    response = logged_in(user).get(screenshot_url(uploaded))

    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"\x89PNG"
    assert response["Content-Type"] == "image/png"
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == f'inline; filename="price-match-{uploaded.pk}.png"'


def test_an_editor_gets_a_404_and_an_anonymous_visitor_the_sign_in_page(uploaded):
    editor = UserFactory(is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    assert logged_in(editor).get(screenshot_url(uploaded)).status_code == 404

    response = Client().get(screenshot_url(uploaded))
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")

    shopper = UserFactory()  # signed in, but not staff
    assert logged_in(shopper).get(screenshot_url(uploaded)).status_code in (302, 404)


def test_the_media_address_of_a_private_file_finds_nothing(uploaded, client):
    assert client.get(settings.MEDIA_URL + uploaded.screenshot.name).status_code == 404


def test_a_request_without_a_screenshot_or_an_unknown_one_is_a_404():
    staff = logged_in(StaffFactory())
    request = filed_request()
    assert staff.get(screenshot_url(request)).status_code == 404
    assert staff.get(reverse("price_match:screenshot", args=[request.pk + 1000])).status_code == 404


@pytest.mark.parametrize(
    "name",
    ["../../config/settings/base.py", "/etc/passwd", "price-match/../../../manage.py"],
    ids=["dot-dot", "absolute", "dot-dot-inside"],
)
def test_a_stored_name_that_leaves_the_private_folder_is_a_404(name):
    request = filed_request()
    PriceMatchRequest.objects.filter(pk=request.pk).update(screenshot=name)

    response = logged_in(StaffFactory()).get(screenshot_url(request))

    assert response.status_code == 404


def test_a_traversal_in_the_address_is_a_404(uploaded):
    staff = logged_in(StaffFactory())
    base = reverse("price_match:inspect", args=[uploaded.pk])
    for url in (
        base + "screenshot/../../../../manage.py",
        base + "screenshot/%2e%2e/%2e%2e/manage.py",
        base + "screenshot/..%2f..%2fmanage.py/",
    ):
        response = staff.get(url, follow=True)  # past APPEND_SLASH's redirect
        assert response.status_code == 404, url
        assert not response["Content-Type"].startswith("image/"), url


def test_a_stored_file_that_is_not_an_image_is_never_served():
    request = filed_request()
    name = storages["private"].save("price-match/not-an-image.png", ContentFile(b"<script>alert(1)</script>"))
    PriceMatchRequest.objects.filter(pk=request.pk).update(screenshot=name)
    try:
        assert logged_in(StaffFactory()).get(screenshot_url(request)).status_code == 404
    finally:
        storages["private"].delete(name)


# --- the checks and the move of older files ---------------------------------------------------------------------


def test_a_picture_with_too_many_pixels_is_refused_however_small_the_file():
    # A plain 6,400 × 6,400 PNG compresses to a few kilobytes yet holds 41 million pixels.
    side = int(MAX_SCREENSHOT_PIXELS**0.5) + 100
    data = png(size=(side, side))
    assert len(data) < 1024 * 1024
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="picture is too large"):
        checked_screenshot(SimpleUploadedFile("bomb.png", data, content_type="image/png"))
    # One just under the limit passes.
    assert checked_screenshot(SimpleUploadedFile("fine.png", png(size=(4000, 3000)), content_type="image/png"))


def test_private_media_root_may_not_overlap_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    assert check_private_media_root() == []
    for private in (tmp_path / "media", tmp_path / "media" / "private", tmp_path):
        settings.PRIVATE_MEDIA_ROOT = private
        assert [error.id for error in check_private_media_root()] == ["config.E001"], private


def test_the_migration_moves_older_screenshots_out_of_media_root():
    migration = importlib.import_module("shop.migrations.0022_price_match_screenshots_private")
    public, private = storages["default"], storages["private"]
    request = filed_request()
    name = public.save("price-match/older-upload.png", ContentFile(png()))
    PriceMatchRequest.objects.filter(pk=request.pk).update(screenshot=name)
    try:
        migration.to_private(apps, None)
        migration.to_private(apps, None)  # a second run finds nothing left to move

        assert not public.exists(name)
        with private.open(name) as moved:
            assert moved.read()[:4] == b"\x89PNG"
        request.refresh_from_db()
        assert request.screenshot.name == name
    finally:
        public.delete(name)
        private.delete(name)
