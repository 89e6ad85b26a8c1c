"""X-Frame-Options and the CSP's frame-ancestors say the same thing on every response."""

import pytest
from django.urls import reverse

from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def frame_ancestors(response) -> list[str]:
    policy = response["Content-Security-Policy"]
    part = next(part.strip() for part in policy.split(";") if part.strip().startswith("frame-ancestors "))
    return part.split()[1:]


@pytest.mark.parametrize("url", ["/", "/shop/", "/accounts/login/", "/admin/login/", "/no-such-page/"])
def test_no_site_may_frame_a_storefront_or_admin_page(client, home_page, url):
    response = client.get(url)

    assert response["X-Frame-Options"] == "DENY"
    assert frame_ancestors(response) == ["'none'"]


def test_the_admin_preview_may_be_framed_by_this_site_and_both_headers_say_so(client, home_page):
    # Given an editor in the Wagtail admin
    client.force_login(StaffFactory(is_superuser=True))

    # When the editor's preview panel loads the page preview into its frame
    response = client.get(reverse("wagtailadmin_pages:preview_on_edit", args=[home_page.pk]))

    # Then this site may frame it, and both headers agree
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert frame_ancestors(response) == ["'self'"]
