"""The staff groups made by migration: Editors write and publish pages but never see orders or stock; Shop
staff run orders and the catalogue but never edit pages; each sees only its own admin menu items."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from wagtail.models import Page

from config.staff_groups import grant
from shop.models import OrderStatus
from tests.factories import UserFactory
from tests.shop.test_staff_orders import paid_order

pytestmark = pytest.mark.django_db


def member_of(client, name: str):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=name))
    client.force_login(user)
    return user


def a_page() -> Page:
    return Page.objects.filter(depth=2).first().specific


def menu_urls(client) -> str:
    # The sidebar's menu is rendered as JSON props on every admin page.
    page = client.get("/admin/").content.decode()
    return page.split('id="wagtail-sidebar-props"')[1].split("</script>")[0]


def test_an_editor_cannot_see_orders_stock_or_the_shop_settings(client):
    member_of(client, "Editors")
    order = paid_order()
    for url in (
        "/admin/orders/",
        f"/admin/orders/inspect/{order.pk}/",
        f"/admin/orders/print/{order.pk}/invoice/",
        "/admin/low_stock/",
        "/admin/stock_adjustments/",
        "/admin/price_match/",
        "/admin/conversations/",
    ):
        assert client.get(url).status_code in (302, 403), url
    assert client.post(f"/admin/orders/inspect/{order.pk}/fulfil/").status_code in (302, 403)
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID


def test_an_editor_edits_and_may_publish_pages(client):
    editor = member_of(client, "Editors")
    page = a_page()
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
    assert page.permissions_for_user(editor).can_publish()
    assert not editor.has_perm("shop.view_order") and not editor.has_perm("newsletter.view_subscriber")
    assert not editor.has_perm("content.view_conversation")


def test_shop_staff_run_orders_but_cannot_edit_pages(client):
    staff = member_of(client, "Shop staff")
    order = paid_order()
    assert client.get("/admin/orders/").status_code == 200
    assert client.get(f"/admin/orders/inspect/{order.pk}/").status_code == 200
    assert client.get("/admin/price_match/").status_code == 200
    assert staff.has_perm("shop.change_pricematchrequest")
    assert staff.has_perm("content.view_conversation") and staff.has_perm("content.change_conversation")
    client.post(f"/admin/orders/inspect/{order.pk}/fulfil/")
    order.refresh_from_db()
    assert order.status == OrderStatus.FULFILLED

    page = a_page()
    title = page.title
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code in (302, 403)
    client.post(f"/admin/pages/{page.pk}/edit/", {"title": "Taken over", "slug": page.slug})
    page.refresh_from_db()
    assert page.title == title
    assert not page.permissions_for_user(staff).can_edit()
    assert not staff.has_perm("newsletter.view_subscriber")


def test_each_group_sees_only_its_own_menu_items(client):
    member_of(client, "Editors")
    editor_menu = menu_urls(client)
    assert "/admin/pages/" in editor_menu
    assert "/admin/orders/" not in editor_menu and "/admin/low_stock/" not in editor_menu
    assert "/admin/snippets/shop/" not in editor_menu

    member_of(client, "Shop staff")
    staff_menu = menu_urls(client)
    assert "/admin/orders/" in staff_menu and "/admin/low_stock/" in staff_menu
    assert "/admin/snippets/shop/" in staff_menu
    assert "/admin/pages/" not in staff_menu


def test_granting_skips_permissions_whose_model_does_not_exist_yet():
    group = grant(apps, "Shop staff", [("shop", "view_nosuchmodel"), ("shop", "view_order")])
    assert group.permissions.filter(codename="view_order").exists()
    assert not group.permissions.filter(codename="view_nosuchmodel").exists()
