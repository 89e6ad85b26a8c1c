"""The admin's pages load nothing their own Content-Security-Policy blocks: no Gravatar, no upgrade check."""

import pytest

from tests.content.csp_check import allows, blocked_references, parse_policy, references
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, home_page):
    client.force_login(StaffFactory(email="editor@example.com"))
    return client


def test_the_checker_catches_an_http_avatar_under_the_admin_policy():
    # The check must be able to fail: Gravatar over http is what the admin used to show.
    policy = parse_policy("default-src 'self'; img-src 'self' data: blob: https:")
    html = (
        '<img src="http://www.gravatar.com/avatar/abc?s=50"><img src="/static/a.svg"><img src="https://x.test/b.png">'
    )

    verdicts = [allows(policy, d, url, page_url="http://testserver/admin/") for d, url in references(html)]

    assert verdicts == [False, True, True]


@pytest.mark.parametrize("path", ["/admin/", "/admin/pages/", "/admin/account/"])
def test_admin_pages_reference_only_what_their_csp_allows(staff_client, path):
    response = staff_client.get(path)

    assert response.status_code == 200
    assert references(response.content.decode()), "the page should load something to check"
    assert blocked_references(response, page_url=f"http://testserver{path}") == []


def test_staff_avatar_is_served_from_the_shop_not_gravatar(staff_client):
    html = staff_client.get("/admin/").content.decode()

    assert "gravatar.com" not in html
    assert "wagtailadmin/images/default-user-avatar" in html


def test_admin_home_runs_no_upgrade_check(staff_client):
    html = staff_client.get("/admin/").content.decode()

    # The upgrade banner's controller fetches releases from another site, which the CSP does not allow.
    assert 'data-controller="w-upgrade' not in html


def test_with_gravatar_back_on_the_admin_home_would_break_its_csp(staff_client, settings):
    # What the settings turn off: the default Gravatar address is fetched over http and the CSP blocks it.
    settings.WAGTAIL_GRAVATAR_PROVIDER_URL = "//www.gravatar.com/avatar"

    response = staff_client.get("/admin/")

    assert [directive for directive, url in blocked_references(response, page_url="http://testserver/admin/")] == [
        "img-src"
    ]


def test_the_article_editor_and_product_chooser_reference_only_what_their_csp_allows(staff_client, make_article):
    from django.urls import reverse

    from tests.content.conftest import product_block
    from tests.factories import CompareProductImageFactory, ProductFactory

    product = ProductFactory()
    CompareProductImageFactory(product=product)
    article = make_article(body=[product_block(product)])

    editor = staff_client.get(f"/admin/pages/{article.pk}/edit/")
    chooser = staff_client.get(reverse("wagtailsnippetchoosers_shop_product:choose_results"))

    assert blocked_references(editor, page_url="http://testserver/admin/pages/") == []
    assert references(chooser.content.decode())  # the thumbnails
    # The chooser's rows are shown inside the admin page, so they answer to the admin page's policy.
    chooser["Content-Security-Policy"] = editor["Content-Security-Policy"]
    assert blocked_references(chooser, page_url="http://testserver/admin/pages/") == []
