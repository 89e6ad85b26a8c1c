"""A retailer's name as a shopper typed it goes into the staff email's subject: a line break there would make
Django refuse the email in the worker (BadHeaderError), so the form keeps the name to one line and the
subject is one line whatever is stored."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail

from shop.models import PriceMatchRequest
from shop.parsing import one_line
from tests.factories import ProductFactory
from tests.shop.price_match_support import filed_request
from tests.shop.test_price_match_views import answers, form_url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    from config import ratelimit

    ratelimit.cache.clear()


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Physio Depot", "Physio Depot"),
        ("Physio\r\nBcc: everyone@example.com", "Physio Bcc: everyone@example.com"),
        ("  Physio\tDepot\u2028Inc.\x07 ", "Physio Depot Inc."),
        ("\r\n\x00\x1b", ""),
    ],
)
def test_a_name_is_kept_to_one_line(typed, kept):
    assert one_line(typed) == kept


def test_the_staff_email_subject_is_one_line_even_for_a_stored_name_with_a_line_break(
    django_capture_on_commit_callbacks,
):
    # Filed straight through the service (as a request stored before the form said so): the subject still sends.
    with django_capture_on_commit_callbacks(execute=True):
        filed_request(retailer="Physio\r\nDepot")
    (staff,) = [message for message in mail.outbox if message.to != ["ada@example.com"]]
    assert staff.subject.endswith("at Physio Depot") and "\n" not in staff.subject and "\r" not in staff.subject
    staff.message()  # what the backend does: raises BadHeaderError for a header with a line break


def test_the_form_files_the_retailer_as_one_line(client, django_capture_on_commit_callbacks):
    product = ProductFactory(name="Theragun Mini", slug="theragun-mini", variant__price=Decimal("100.00"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_url(product), answers(product, competitor_name="Physio\r\nDepot\x1b"))
    assert response.status_code == 302
    assert PriceMatchRequest.objects.get().competitor_name == "Physio Depot"
    assert all("\n" not in message.subject for message in mail.outbox)


def test_the_form_refuses_a_retailer_name_of_control_characters_only(client):
    product = ProductFactory(name="Theragun Mini", slug="theragun-mini", variant__price=Decimal("100.00"))
    response = client.post(form_url(product), answers(product, competitor_name="\r\n\x1b\t"))
    assert response.status_code == 200 and "Enter the retailer" in response.content.decode()
    assert not PriceMatchRequest.objects.exists()
