"""Back-in-stock alerts: the form on a sold-out variant, the unticked box, the double opt-in, cancelling."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time

from newsletter.back_in_stock import AlertConfirmResult, AlertContext, back_in_stock_confirm, back_in_stock_request
from newsletter.models import BackInStockRequest, BackInStockStatus, SignupSource, Subscriber, SubscriberStatus
from newsletter.services import subscriber_sign_up
from tests.factories import ProductFactory, ProductVariantFactory, UserFactory
from tests.newsletter.conftest import FORM_CONTEXT

pytestmark = pytest.mark.django_db

ASK = reverse("newsletter:back_in_stock")
CHECK_INBOX = "Check your inbox"


@pytest.fixture
def sold_out(shop_details):
    product = ProductFactory(name="Basalt stone set", slug="basalt-stone-set", variant=False)
    return ProductVariantFactory(product=product, sku="BASALT-L", size="Large", stock_quantity=0)


def form(chosen, **overrides) -> dict:
    data = {"email": "Ada@Example.COM ", "variant": chosen.pk, "consent": "on", "next": "/products/basalt-stone-set/"}
    return {**data, **overrides}


def link_from(message, part: str) -> str:
    for line in message.body.splitlines():
        if part in line:
            return "/" + line.strip().split("://", 1)[1].split("/", 1)[1]
    raise AssertionError(f"no {part} link in the email")


def token_from(message) -> str:
    return link_from(message, "/back-in-stock/confirm/").rstrip("/").rsplit("/", 1)[1]


def test_a_sold_out_variant_shows_the_form_with_an_unticked_box_naming_the_shop(client, sold_out):
    html = client.get("/products/basalt-stone-set/").content.decode()
    assert "Notify me when it&#x27;s back" in html or "Notify me when it's back" in html
    form_html = html[html.index("data-newsletter-alert") :]
    form_html = form_html[: form_html.index("</form>")]
    assert f'name="variant" value="{sold_out.pk}"' in form_html
    assert 'name="consent" value="on" required>' in form_html  # no `checked`
    assert "12 Birch Lane, Halifax NS  B3H 1A1" in form_html and "hello@knotandstone.example" in form_html
    assert "not a newsletter subscription" in form_html and "withdraw your consent at any time" in form_html


def test_a_variant_in_stock_shows_no_form(client, sold_out):
    sold_out.stock_quantity = 3
    sold_out.save()
    assert "data-newsletter-alert" not in client.get("/products/basalt-stone-set/").content.decode()


def test_asking_without_ticking_the_box_creates_nothing(client, sold_out):
    response = client.post(ASK, form(sold_out, consent=""), follow=True)
    assert BackInStockRequest.objects.count() == 0
    assert len(mail.outbox) == 0
    assert "tick the box" in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "not-an-address", "valid email"),
        ("variant", "", "Choose the option"),
        ("variant", "abc", "Choose the option"),
    ],
)
def test_bad_input_gets_a_clear_answer_and_creates_nothing(client, sold_out, field, value, message):
    response = client.post(ASK, form(sold_out, **{field: value}), headers={"accept": "application/json"})
    assert response.status_code == 400
    assert message in response.json()["message"]
    assert BackInStockRequest.objects.count() == 0


def test_a_variant_that_is_gone_or_hidden_is_refused(client, sold_out):
    sold_out.product.is_active = False
    sold_out.product.save()
    response = client.post(ASK, form(sold_out), headers={"accept": "application/json"})
    assert response.status_code == 400 and "no longer sold" in response.json()["message"]
    assert BackInStockRequest.objects.count() == 0


def test_asking_makes_a_pending_request_with_its_consent_record_and_sends_a_link(client, sold_out):
    response = client.post(ASK, form(sold_out), HTTP_USER_AGENT="pytest-browser", REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 302 and response.url == "/products/basalt-stone-set/"

    request = BackInStockRequest.objects.get()
    assert (request.email, request.variant, request.status) == ("Ada@example.com", sold_out, BackInStockStatus.PENDING)
    assert (request.ip_address, request.user_agent, request.consent_text_version) == (
        "203.0.113.9",
        "pytest-browser",
        1,
    )
    assert request.language == "en" and request.confirmed_at is None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["Ada@example.com"]
    assert "Basalt stone set — Large" in message.subject
    assert "/newsletter/back-in-stock/confirm/" in message.body
    assert "Knot & Stone Therapy Supply" in message.body and "hello@knotandstone.example" in message.body
    # An alert is not a subscription.
    assert Subscriber.objects.count() == 0


def test_with_javascript_the_answer_comes_back_as_json(client, sold_out):
    response = client.post(ASK, form(sold_out), headers={"accept": "application/json"})
    assert response.json()["ok"] is True and CHECK_INBOX in response.json()["message"]


def test_the_honeypot_gets_the_same_answer_and_creates_nothing(client, sold_out):
    response = client.post(ASK, form(sold_out, website="https://spam.example"), headers={"accept": "application/json"})
    assert response.json()["ok"] is True and CHECK_INBOX in response.json()["message"]
    assert BackInStockRequest.objects.count() == 0 and len(mail.outbox) == 0


def test_asking_is_rate_limited_per_client(client, sold_out):
    answers = [
        client.post(ASK, form(sold_out, email=f"a{n}@example.com"), headers={"accept": "application/json"})
        for n in range(6)
    ]
    assert [a.status_code for a in answers] == [200] * 5 + [429]
    assert BackInStockRequest.objects.count() == 5


def test_a_variant_in_stock_needs_no_alert(client, sold_out):
    sold_out.stock_quantity = 1
    sold_out.save()
    response = client.post(ASK, form(sold_out), headers={"accept": "application/json"})
    assert "order it now" in response.json()["message"]
    assert BackInStockRequest.objects.count() == 0


def test_asking_twice_makes_one_request_and_resends_at_most_every_ten_minutes(client, sold_out):
    with freeze_time("2026-11-29 10:00:00") as clock:
        client.post(ASK, form(sold_out, email="ada@example.com"))
        client.post(ASK, form(sold_out, email="ADA@example.com"))
        assert BackInStockRequest.objects.count() == 1 and len(mail.outbox) == 1
        clock.tick(timedelta(minutes=11))
        client.post(ASK, form(sold_out, email="ada@example.com"))
        assert BackInStockRequest.objects.count() == 1 and len(mail.outbox) == 2
    # The newer link replaces the older one.
    assert back_in_stock_confirm(token=token_from(mail.outbox[0]))[0] == AlertConfirmResult.INVALID
    assert back_in_stock_confirm(token=token_from(mail.outbox[1]))[0] == AlertConfirmResult.CONFIRMED


def test_the_link_shows_a_button_and_only_its_post_confirms_once(client, sold_out):
    client.post(ASK, form(sold_out))
    url = link_from(mail.outbox[0], "/back-in-stock/confirm/")

    page = client.get(url)
    assert page.status_code == 200 and "Yes, tell me when it" in page.content.decode()
    assert page["Cache-Control"].startswith("max-age=0") or "no-cache" in page["Cache-Control"]
    assert BackInStockRequest.objects.get().status == BackInStockStatus.PENDING

    confirmed = client.post(url).content.decode()
    assert "Your alert is on" in confirmed and "does not sign you up" in confirmed
    request = BackInStockRequest.objects.get()
    assert request.status == BackInStockStatus.CONFIRMED and request.confirmed_at is not None
    assert "Your alert is on" in client.post(url).content.decode()  # used already: a friendly answer
    assert Subscriber.objects.count() == 0


def test_the_link_expires_after_seven_days(sold_out):
    with freeze_time("2026-11-01 10:00:00") as clock:
        back_in_stock_request(email="ada@example.com", variant_id=sold_out.pk, context=_context())
        token = token_from(mail.outbox[0])
        clock.tick(timedelta(days=7, seconds=1))
        assert back_in_stock_confirm(token=token)[0] == AlertConfirmResult.EXPIRED
    assert BackInStockRequest.objects.get().status == BackInStockStatus.PENDING


def test_a_subscribers_link_never_confirms_an_alert_nor_the_other_way(sold_out):
    subscriber_sign_up(email="ada@example.com", topics=["articles"], context=FORM_CONTEXT)
    back_in_stock_request(email="ada@example.com", variant_id=sold_out.pk, context=_context())
    signup_token = link_from(mail.outbox[0], "/newsletter/confirm/").rstrip("/").rsplit("/", 1)[1]
    assert back_in_stock_confirm(token=signup_token)[0] == AlertConfirmResult.INVALID
    assert back_in_stock_confirm(token="1.nonsense:bad")[0] == AlertConfirmResult.INVALID
    assert BackInStockRequest.objects.get().status == BackInStockStatus.PENDING


def test_a_suppressed_address_gets_no_confirmation_and_no_request(client, sold_out):
    Subscriber.objects.create(
        email="ada@example.com", status=SubscriberStatus.SUPPRESSED, wants_articles=True, source=SignupSource.STAFF
    )
    response = client.post(ASK, form(sold_out, email="Ada@example.com"), headers={"accept": "application/json"})
    assert CHECK_INBOX in response.json()["message"]  # the same answer: it reveals nothing
    assert BackInStockRequest.objects.count() == 0 and len(mail.outbox) == 0


def test_the_cancel_link_shows_a_button_and_its_post_cancels(client, sold_out):
    client.post(ASK, form(sold_out))
    url = link_from(mail.outbox[0], "/back-in-stock/cancel/")
    assert "Cancel the alert" in client.get(url).content.decode()
    assert BackInStockRequest.objects.get().status == BackInStockStatus.PENDING
    assert "Your alert is cancelled" in client.post(url).content.decode()
    request = BackInStockRequest.objects.get()
    assert request.status == BackInStockStatus.CANCELLED and request.cancelled_at is not None
    assert client.get(url.replace("/cancel/", "/cancel/x")).status_code == 404


def test_a_cancelled_request_can_be_made_again(client, sold_out):
    client.post(ASK, form(sold_out))
    client.post(link_from(mail.outbox[0], "/back-in-stock/cancel/"))
    client.post(ASK, form(sold_out))
    assert list(BackInStockRequest.objects.order_by("pk").values_list("status", flat=True)) == [
        BackInStockStatus.CANCELLED,
        BackInStockStatus.PENDING,
    ]


def _context() -> AlertContext:
    return AlertContext(language="en-ca", ip_address="203.0.113.7", user_agent="pytest")


def test_the_form_costs_the_product_page_no_extra_queries(client, sold_out, settings, django_assert_max_num_queries):
    settings.PAGE_CACHE_SECONDS = 0  # measure the render, not the page cache
    sold_out.stock_quantity = 3
    sold_out.save()
    client.get("/products/basalt-stone-set/")  # the site settings are cached after the first page
    with CaptureQueriesContext(connection) as in_stock:
        client.get("/products/basalt-stone-set/")
    sold_out.stock_quantity = 0
    sold_out.save()
    with django_assert_max_num_queries(len(in_stock)):
        html = client.get("/products/basalt-stone-set/").content.decode()
    assert "data-newsletter-alert" in html


def test_confirming_when_it_is_already_back_sends_the_alert_and_the_link_then_says_so(
    client, sold_out, django_capture_on_commit_callbacks
):
    client.post(ASK, form(sold_out))
    url = link_from(mail.outbox[0], "/back-in-stock/confirm/")
    sold_out.stock_quantity = 2
    sold_out.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert [m.subject for m in mail.outbox][-1] == "Basalt stone set — Large is back in stock"
    again = client.post(url).content.decode()
    assert "used up" in again and "?variant=BASALT-L" in again


def test_marketing_staff_see_who_is_waiting_and_it_is_no_subscriber_list(client, sold_out):
    back_in_stock_request(email="ada@example.com", variant_id=sold_out.pk, context=_context())
    marketer = UserFactory(is_staff=True)
    marketer.groups.add(Group.objects.get(name="Marketing"))
    client.force_login(marketer)
    page = client.get("/admin/back_in_stock_requests/", {"status": "pending"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "ada@example.com" in html and "Basalt stone set — Large" in html
    assert "ada@example.com" not in client.get("/admin/subscribers/").content.decode()
    assert "private" in page["Cache-Control"]


def test_the_page_with_both_forms_has_no_duplicate_ids(client, sold_out):
    html = client.get("/products/basalt-stone-set/").content.decode()
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert "newsletter-signup-title-footer" in ids and "id_back_in_stock_variant" in ids
    assert sorted(i for i in set(ids) if ids.count(i) > 1) == []
