"""Picking products: add, remove and clear as plain forms (redirect back) and as JSON (update in place)."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from compare.services import SESSION_KEY
from compare.views import COMPARE_WRITES

pytestmark = pytest.mark.django_db

ADD, REMOVE, CLEAR = "/compare/add/", "/compare/remove/", "/compare/clear/"
JSON = {"HTTP_ACCEPT": "application/json"}
FETCH = {"HTTP_X_REQUESTED_WITH": "fetch"}


def picks(client):
    return client.session.get(SESSION_KEY, [])


def pick(client, *slugs, **headers):
    response = None
    for slug in slugs:
        response = client.post(ADD, {"slug": slug, "next": "/shop/"}, **headers)
    return response


def flashed(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_plain_form_pick_redirects_back_with_a_message(client, guns):
    response = client.post(ADD, {"slug": "alpha-gun", "next": "/shop/massage-guns/?page=2"})
    assert response.status_code == 302
    assert response["Location"] == "/shop/massage-guns/?page=2"
    assert flashed(response) == ["Added “Alpha Gun” to your comparison."]
    assert picks(client) == ["alpha-gun"]


@pytest.mark.parametrize("headers", [JSON, FETCH], ids=["accept-json", "x-requested-with"])
def test_a_script_pick_answers_with_the_tray_as_json(client, guns, headers):
    pick(client, "bravo-gun")
    response = pick(client, "alpha-gun", **headers)
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True and body["count"] == 2
    assert [item["slug"] for item in body["items"]] == ["bravo-gun", "alpha-gun"]
    assert body["items"][0]["name"] == "Bravo Gun" and body["items"][0]["image_url"]
    assert body["compare_url"] == "/compare/?p=bravo-gun,alpha-gun"
    assert "Alpha Gun" in body["message"]


def test_a_fourth_pick_is_refused_naming_the_limit_and_the_tray_is_unchanged(client, guns, fourth_gun):
    # given three picks
    pick(client, "alpha-gun", "bravo-gun", "charlie-gun")
    # when a fourth is picked by script
    response = pick(client, "delta-gun", **JSON)
    # then it is refused with the limit named, and nothing changed
    assert response.status_code == 409
    body = response.json()
    assert body["ok"] is False and "up to 3 products" in body["message"] and "Delta Gun" in body["message"]
    assert [item["slug"] for item in body["items"]] == ["alpha-gun", "bravo-gun", "charlie-gun"]
    assert picks(client) == ["alpha-gun", "bravo-gun", "charlie-gun"]


def test_a_fourth_pick_by_plain_form_redirects_back_with_the_refusal(client, guns, fourth_gun):
    pick(client, "alpha-gun", "bravo-gun", "charlie-gun")
    response = pick(client, "delta-gun")
    assert response.status_code == 302
    assert any("up to 3 products" in m for m in flashed(response))
    assert picks(client) == ["alpha-gun", "bravo-gun", "charlie-gun"]


def test_picking_twice_keeps_one(client, guns):
    pick(client, "alpha-gun", "alpha-gun", "ALPHA-GUN")
    assert picks(client) == ["alpha-gun"]


@pytest.mark.parametrize(("slug", "status"), [("", 400), ("<b>", 400), ("x" * 3000, 400), ("no-such-gun", 404)])
def test_bad_picks_are_refused_with_a_message(client, guns, slug, status):
    response = client.post(ADD, {"slug": slug}, **JSON)
    assert response.status_code == status
    assert response.json()["ok"] is False and response.json()["message"]
    assert picks(client) == []


def test_an_inactive_product_cannot_be_picked(client, guns):
    guns[0].is_active = False
    guns[0].save()
    assert pick(client, "alpha-gun", **JSON).status_code == 404


def test_a_pick_taken_off_sale_drops_out_with_a_note_and_makes_room(client, guns, fourth_gun):
    # given three picks, one of which is then taken off sale
    pick(client, "alpha-gun", "bravo-gun", "charlie-gun")
    guns[1].is_active = False
    guns[1].save()
    # when a fourth is picked
    body = pick(client, "delta-gun", **JSON).json()
    # then the inactive one is gone, with a note, and the new pick fits
    assert body["ok"] is True
    assert "“Bravo Gun” is no longer available" in body["message"]
    assert picks(client) == ["alpha-gun", "charlie-gun", "delta-gun"]


def test_a_deleted_pick_drops_out_of_the_tray(client, guns):
    pick(client, "alpha-gun", "bravo-gun")
    guns[0].delete()
    html = client.get("/compare/").content.decode()
    assert "is no longer available" in html
    assert picks(client) == ["bravo-gun"]


def test_remove_keeps_the_rest_in_order(client, guns):
    pick(client, "alpha-gun", "bravo-gun", "charlie-gun")
    body = client.post(REMOVE, {"slug": "bravo-gun"}, **JSON).json()
    assert body["ok"] and [i["slug"] for i in body["items"]] == ["alpha-gun", "charlie-gun"]
    assert body["message"] == "Removed “Bravo Gun” from your comparison."


def test_remove_by_plain_form_redirects_to_the_next_url(client, guns):
    pick(client, "alpha-gun", "bravo-gun")
    response = client.post(REMOVE, {"slug": "alpha-gun", "next": "/compare/?p=bravo-gun"})
    assert response["Location"] == "/compare/?p=bravo-gun"
    assert picks(client) == ["bravo-gun"]


def test_clear_empties_the_tray(client, guns):
    pick(client, "alpha-gun", "bravo-gun")
    body = client.post(CLEAR, **JSON).json()
    assert body == {
        "ok": True,
        "message": "Your comparison is empty.",
        "items": [],
        "count": 0,
        "compare_url": "/compare/",
    }
    assert SESSION_KEY not in client.session


def test_clear_by_plain_form_redirects_back(client, guns):
    pick(client, "alpha-gun")
    response = client.post(CLEAR, {"next": "/products/alpha-gun/"})
    assert response["Location"] == "/products/alpha-gun/" and picks(client) == []


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/",
        "http://testserver.evil.example/",
        "javascript:alert(1)",
        "/\\evil.example",
    ],
)
def test_next_never_leaves_the_site(client, guns, next_url):
    response = client.post(ADD, {"slug": "alpha-gun", "next": next_url})
    assert response.status_code == 302 and response["Location"] == "/shop/"


@pytest.mark.parametrize("next_url", ["²", "shop", "compare:page"])
@pytest.mark.parametrize("url", [ADD, REMOVE, CLEAR])
def test_a_next_that_is_not_a_path_is_a_redirect_not_a_500(client, guns, url, next_url):
    # redirect() would read these as view names and raise NoReverseMatch; found by tests/test_fuzz.py
    response = client.post(url, {"slug": "alpha-gun", "next": next_url})
    assert response.status_code == 302


@pytest.mark.parametrize("url", [ADD, REMOVE, CLEAR])
def test_the_forms_need_a_csrf_token(guns, url):
    client = Client(enforce_csrf_checks=True)
    assert client.post(url, {"slug": "alpha-gun"}).status_code == 403


def test_a_form_with_its_csrf_token_is_accepted(guns):
    # given a shopper who has loaded a page with the toggle on it
    client = Client(enforce_csrf_checks=True)
    client.get("/compare/")
    token = client.cookies["csrftoken"].value
    # when
    response = client.post(ADD, {"slug": "alpha-gun", "csrfmiddlewaretoken": token})
    # then
    assert response.status_code == 302 and picks(client) == ["alpha-gun"]


@pytest.mark.parametrize("url", [ADD, REMOVE, CLEAR])
def test_the_forms_only_accept_post(client, url):
    assert client.get(url).status_code == 405


def test_the_selection_survives_browsing(client, guns):
    pick(client, "alpha-gun", "bravo-gun")
    client.get("/shop/")
    client.get("/products/charlie-gun/")
    html = client.get("/compare/").content.decode()
    assert picks(client) == ["alpha-gun", "bravo-gun"]
    assert "2 of 3 items selected" in html


def test_a_flood_of_picks_is_slowed_down_with_a_message(client, guns):
    # given a client that has made no changes yet (the cache starts empty)
    # when one client posts more changes in a minute than the limit allows
    statuses = [client.post(ADD, {"slug": "alpha-gun"}, **JSON).status_code for _ in range(COMPARE_WRITES.hits + 1)]
    # then the last is refused with a message, and the selection is untouched
    assert statuses[:-1] == [200] * COMPARE_WRITES.hits
    refused = client.post(REMOVE, {"slug": "alpha-gun"}, **JSON)
    assert statuses[-1] == 429 and refused.status_code == 429
    assert "wait a minute" in refused.json()["message"]
    assert picks(client) == ["alpha-gun"]
