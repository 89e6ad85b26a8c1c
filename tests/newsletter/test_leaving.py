"""The CASL checklist for leaving: the headers, the one-click POST, a GET that changes nothing, consent records."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from newsletter import tokens
from newsletter.models import ConsentEvent, ConsentType, Subscriber, SubscriberStatus
from newsletter.services import (
    preferences_url,
    subscriber_confirm,
    subscriber_sign_up,
    unsubscribe_headers,
    unsubscribe_url,
)
from tests.newsletter.conftest import FORM_CONTEXT

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscriber(site, shop_details) -> Subscriber:
    from django.core import mail

    subscriber = subscriber_sign_up(email="ada@example.com", topics=["articles", "offers"], context=FORM_CONTEXT)
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/newsletter/confirm/" in line)
    assert subscriber_confirm(token=link.strip().rstrip("/").rsplit("/", 1)[1]).value == "confirmed"
    subscriber.refresh_from_db()
    return subscriber


def path_of(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def test_the_list_unsubscribe_headers_name_an_https_link_and_one_click(subscriber, settings):
    settings.WAGTAILADMIN_BASE_URL = "http://shop.example.ca"
    headers = unsubscribe_headers(subscriber)
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert headers["List-Unsubscribe"].startswith("<https://shop.example.ca/newsletter/unsubscribe/")
    assert headers["List-Unsubscribe"].endswith(">")
    assert path_of(headers["List-Unsubscribe"][1:-1]) == path_of(unsubscribe_url(subscriber))


def test_the_one_click_post_unsubscribes_with_no_cookie_and_no_csrf_token(subscriber):
    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(
        path_of(unsubscribe_url(subscriber)),
        data=b"List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not response.has_header("Location")
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED
    assert subscriber.unsubscribed_at is not None


def test_any_other_post_without_a_csrf_token_is_refused(subscriber):
    response = Client(enforce_csrf_checks=True).post(path_of(unsubscribe_url(subscriber)), data={"leave": "1"})
    assert response.status_code == 403
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.CONFIRMED


def test_a_get_never_unsubscribes(subscriber, client):
    response = client.get(path_of(unsubscribe_url(subscriber)))
    assert response.status_code == 200
    assert b'<form method="post">' in response.content
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.CONFIRMED


def test_the_button_on_the_page_unsubscribes(subscriber, client):
    response = client.post(path_of(unsubscribe_url(subscriber)))
    assert response.status_code == 200
    assert "unsubscribed" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED


def test_the_unsubscribe_link_works_years_later(subscriber, client):
    from freezegun import freeze_time

    with freeze_time("2030-01-01"):
        response = Client().post(
            path_of(unsubscribe_url(subscriber)),
            data=b"List-Unsubscribe=One-Click",
            content_type="application/x-www-form-urlencoded",
        )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED


def test_a_forged_or_revoked_link_unsubscribes_nobody(subscriber):
    forged = tokens.standing_token(subscriber.pk, "guessed", salt=tokens.UNSUBSCRIBE_SALT)
    response = Client().post(
        reverse("newsletter:unsubscribe", args=[forged]),
        data=b"List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 404
    preferences_token = tokens.standing_token(subscriber.pk, subscriber.secret, salt=tokens.PREFERENCES_SALT)
    wrong_salt = Client().post(
        reverse("newsletter:unsubscribe", args=[preferences_token]),
        data=b"List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert wrong_salt.status_code == 404
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.CONFIRMED


def test_leaving_writes_a_withdrawal_and_leaves_the_express_consent_as_it_was(subscriber):
    express = ConsentEvent.objects.get()
    before = {f.name: getattr(express, f.name) for f in ConsentEvent._meta.fields}
    Client().post(
        path_of(unsubscribe_url(subscriber)),
        data=b"List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    events = list(ConsentEvent.objects.order_by("pk"))
    assert len(events) == 2
    assert {f.name: getattr(events[0], f.name) for f in ConsentEvent._meta.fields} == before
    withdrawal = events[1]
    assert withdrawal.consent_type == ConsentType.EXPRESS
    assert withdrawal.withdrawn_at is not None and withdrawal.confirmed_at is None


def test_consent_records_are_never_changed_or_deleted(subscriber):
    event = ConsentEvent.objects.get()
    event.user_agent = "rewritten"
    with pytest.raises(ValidationError):
        event.save()
    with pytest.raises(ValidationError):
        event.delete()
    with pytest.raises(ValidationError):
        ConsentEvent.objects.update(user_agent="rewritten")
    with pytest.raises(ValidationError):
        ConsentEvent.objects.all().delete()
    assert ConsentEvent.objects.get().user_agent == "pytest"


def test_the_preferences_page_changes_topics(subscriber, client):
    url = path_of(preferences_url(subscriber))
    assert client.get(url).status_code == 200
    response = client.post(url, {"topics": ["offers"]})
    assert "saved" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.topics == ["offers"]
    assert subscriber.status == SubscriberStatus.CONFIRMED


def test_the_preferences_page_refuses_no_topic_at_all(subscriber, client):
    response = client.post(path_of(preferences_url(subscriber)), {})
    assert "Pick at least one topic" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.topics == ["articles", "offers"]


def test_a_multipart_one_click_post_unsubscribes_too(subscriber):
    response = Client(enforce_csrf_checks=True).post(
        path_of(unsubscribe_url(subscriber)), data={"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED


def test_a_one_click_body_with_anything_more_still_needs_the_csrf_token(subscriber):
    response = Client(enforce_csrf_checks=True).post(
        path_of(unsubscribe_url(subscriber)), data={"List-Unsubscribe": "One-Click", "also": "this"}
    )
    assert response.status_code == 403
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.CONFIRMED


def test_while_the_shop_is_locked_the_unsubscribe_page_works_without_showing_the_shop(subscriber, client, site):
    from content.settings import StorefrontLock

    lock = StorefrontLock.for_site(site)
    lock.is_locked = True
    lock.set_password("pre-launch-basalt")
    lock.save()
    page = client.get(path_of(unsubscribe_url(subscriber)))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Stop all newsletters" in html and "site-footer" not in html
    assert client.post(path_of(unsubscribe_url(subscriber))).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED
