"""The shop's icon: linked from every storefront page and the admin, and answered at /favicon.ico."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders

from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def icon_links(response) -> dict[str, str]:
    head = BeautifulSoup(response.content, "html.parser").head
    return {
        f"{' '.join(link['rel'])} {link.get('type', link.get('sizes', ''))}".strip(): link["href"]
        for link in head.select('link[rel~="icon"], link[rel="apple-touch-icon"]')
    }


@pytest.mark.parametrize("name", ["img/favicon.svg", "img/favicon.ico", "img/apple-touch-icon.png"])
def test_the_icon_files_exist(name):
    assert finders.find(name)


def test_storefront_pages_link_the_icons(client, home_page):
    links = icon_links(client.get("/"))

    assert links == {
        "icon 32x32": "/static/img/favicon.ico",
        "icon image/svg+xml": "/static/img/favicon.svg",
        "apple-touch-icon": "/static/img/apple-touch-icon.png",
    }


def test_admin_pages_use_the_shops_icon(client, home_page):
    client.force_login(StaffFactory())

    for path in ("/admin/", "/admin/login/"):
        links = icon_links(client.get(path, follow=True))
        assert links["icon image/svg+xml"] == "/static/img/favicon.svg", path
        assert "wagtailadmin/images/favicon.ico" not in str(links)


def test_favicon_ico_redirects_to_the_static_file(client, home_page):
    response = client.get("/favicon.ico")

    assert response.status_code == 302
    assert response["Location"] == "/static/img/favicon.ico"
    assert "max-age=86400" in response["Cache-Control"]


def test_favicon_ico_is_reachable_while_the_storefront_is_locked(client, storefront_lock):
    storefront_lock.is_locked = True
    storefront_lock.set_password("let-me-in")
    storefront_lock.save()

    password_page = client.get("/")

    assert 'type="password"' in password_page.content.decode()  # the storefront itself is shut
    assert icon_links(password_page)["icon image/svg+xml"] == "/static/img/favicon.svg"
    assert client.get("/favicon.ico")["Location"] == "/static/img/favicon.ico"
