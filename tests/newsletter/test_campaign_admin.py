"""Staff compose, preview, test-send, send, schedule, pause and cancel campaigns in the Wagtail admin."""

from __future__ import annotations

import datetime
import json
import uuid

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from newsletter.models import (
    Audience,
    Campaign,
    CampaignRecipient,
    CampaignStatus,
    NewsletterSettings,
    RecipientStatus,
    SignupSource,
    Subscriber,
    SubscriberStatus,
)
from shop.models import Order, OrderLine, OrderStatus
from tests.factories import CategoryFactory, ProductFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(site):
    return StaffFactory(email="ops@knotandstone.example")


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def marketing_client(client, site):
    user = UserFactory(is_staff=True, email="marketing@knotandstone.example")
    user.groups.add(Group.objects.get(name="Marketing"))
    client.force_login(user)
    return client


def subscriber(email: str, **kwargs) -> Subscriber:
    defaults = {"wants_articles": True, "source": SignupSource.FOOTER, "status": SubscriberStatus.CONFIRMED}
    return Subscriber.objects.create(email=email, **{**defaults, **kwargs})


def campaign(**kwargs) -> Campaign:
    defaults = {
        "subject": "Hot stones for cold evenings",
        "preheader": "Three ways to use basalt",
        "body": [("heading", {"text": "Warm up slowly", "level": "h2"}), ("paragraph", "<p>Heat them gently.</p>")],
    }
    return Campaign.objects.create(**{**defaults, **kwargs})


def form_data(**overrides) -> dict:
    data = {
        "subject": "Spring stretches",
        "preheader": "Five minutes a morning",
        "body": streamfield(
            [("heading", {"text": "Start small", "level": "h2"}), ("paragraph", rich_text("<p>Breathe.</p>"))]
        ),
        "audience": Audience.ARTICLES,
        "segment_category": "",
        "language": "en",
    }
    data.update(overrides)
    return nested_form_data(data)


def error_messages(response) -> list[str]:
    """The error messages the admin showed after a redirect (the sending services word their own refusals)."""
    from django.contrib.messages import constants

    return [str(m) for m in response.context["messages"] if m.level == constants.ERROR]


def url(name: str, *args) -> str:
    from django.urls import reverse

    return reverse(f"campaigns:{name}", args=args)


def test_staff_compose_a_campaign_and_land_on_its_page(staff_client, staff):
    response = staff_client.post(url("add"), form_data())

    created = Campaign.objects.get()
    assert response.status_code == 302 and response["Location"] == url("inspect", created.pk)
    assert created.subject == "Spring stretches" and created.created_by == staff
    assert [block.block_type for block in created.body] == ["heading", "paragraph"]
    assert created.status == CampaignStatus.DRAFT


def test_the_bought_from_category_audience_needs_its_category(staff_client):
    response = staff_client.post(url("add"), form_data(audience=Audience.BOUGHT_FROM_CATEGORY))

    assert response.status_code == 200
    assert "Pick the category the subscribers bought from." in response.content.decode()
    assert not Campaign.objects.exists()


def test_a_draft_is_edited_and_a_sending_campaign_is_frozen(staff_client):
    draft = campaign()
    assert staff_client.post(url("edit", draft.pk), form_data(subject="New words")).status_code == 302
    draft.refresh_from_db()
    assert draft.subject == "New words"

    sending = campaign(status=CampaignStatus.SENDING, subject="Already going")
    for response in (
        staff_client.get(url("edit", sending.pk)),
        staff_client.post(url("edit", sending.pk), form_data()),
    ):
        assert response.status_code == 302 and response["Location"] == url("inspect", sending.pk)
    sending.refresh_from_db()
    assert sending.subject == "Already going"
    page = staff_client.get(url("inspect", sending.pk)).content.decode()
    assert "can no longer be changed" in page


def test_a_campaign_with_recipients_cannot_be_deleted(staff_client):
    sent = campaign(status=CampaignStatus.SENT)
    CampaignRecipient.objects.create(campaign=sent, subscriber=subscriber("ada@example.com"), email="ada@example.com")

    staff_client.post(url("delete", sent.pk))

    assert Campaign.objects.filter(pk=sent.pk).exists()


def test_the_list_shows_status_audience_and_progress(staff_client):
    going = campaign(status=CampaignStatus.SENDING)
    for number, status in enumerate([RecipientStatus.SENT, RecipientStatus.SENT, RecipientStatus.FAILED, "queued"]):
        person = subscriber(f"p{number}@example.com")
        CampaignRecipient.objects.create(campaign=going, subscriber=person, email=person.email, status=status)

    page = staff_client.get(url("index")).content.decode()

    assert "Sending" in page and "Subscribers to new articles" in page
    assert "2 of 4" in page and "1 failed" in page
    assert '<progress max="4" value="2"' in page


def test_the_campaign_page_counts_who_it_would_reach_now(staff_client):
    subscriber("ada@example.com")
    subscriber("bo@example.com", wants_articles=False, wants_offers=True)
    subscriber("cy@example.com", status=SubscriberStatus.PENDING)
    subscriber("di@example.com", status=SubscriberStatus.UNSUBSCRIBED)
    draft = campaign()

    response = staff_client.get(url("inspect", draft.pk))

    assert "1 subscriber<" in response.content.decode()
    assert "private" in response["Cache-Control"]


def test_the_segment_is_confirmed_buyers_from_the_category_matched_in_any_case(staff_client):
    guns, stones = CategoryFactory(name="Massage guns"), CategoryFactory(name="Stones")
    gun, stone = ProductFactory(category=guns), ProductFactory(category=stones)
    # A segment is an offer: only the "Offers and new products" topic's subscribers are in it.
    subscriber("Ada@Example.com", wants_offers=True)
    subscriber("bo@example.com", wants_offers=True)
    subscriber("cy@example.com", status=SubscriberStatus.PENDING, wants_offers=True)
    subscriber("di@example.com", wants_offers=False)

    def order(email, product, status=OrderStatus.PAID):
        placed = Order.objects.create(
            idempotency_key=uuid.uuid4().hex,
            email=email,
            status=status,
            subtotal="10",
            total="10",
            shipping_method="standard",
            shipping_name="A",
            shipping_line1="1 Road",
            shipping_city="Halifax",
            shipping_province="NS",
            shipping_postal_code="B3H 1A1",
        )
        variant = product.variants.first()
        OrderLine.objects.create(
            order=placed,
            variant=variant,
            product_name=product.name,
            sku=variant.sku,
            unit_price="10",
            quantity=1,
            line_total="10",
        )

    order("ADA@example.COM", gun)
    order("bo@example.com", stone)
    order("bo@example.com", gun, status=OrderStatus.PENDING_PAYMENT)
    order("cy@example.com", gun)
    order("di@example.com", gun)
    draft = campaign(audience=Audience.BOUGHT_FROM_CATEGORY, segment_category=guns)

    from newsletter.selectors import eligible_subscribers

    assert [s.email for s in eligible_subscribers(draft)] == ["Ada@example.com"]
    assert "1 subscriber<" in staff_client.get(url("inspect", draft.pk)).content.decode()


def test_send_now_asks_first_then_sends_to_the_eligible(staff_client, django_capture_on_commit_callbacks):
    subscriber("ada@example.com")
    subscriber("bo@example.com")
    draft = campaign()

    asked = staff_client.post(url("action", draft.pk, "send"))
    assert asked.status_code == 200
    assert "to 2 subscribers?" in asked.content.decode()
    draft.refresh_from_db()
    assert draft.status == CampaignStatus.DRAFT and not draft.recipients.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url("action", draft.pk, "send"), {"confirm": "yes"})

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == CampaignStatus.SENT and draft.frozen_html
    assert sorted(message.to[0] for message in mail.outbox) == ["ada@example.com", "bo@example.com"]
    assert all(message.subject == "Hot stones for cold evenings" for message in mail.outbox)


def test_a_second_send_is_refused_with_a_message(staff_client):
    sent = campaign(status=CampaignStatus.SENT)

    response = staff_client.post(url("action", sent.pk, "send"), {"confirm": "yes"}, follow=True)

    assert error_messages(response)  # the sending service's refusal, shown to staff
    assert not sent.recipients.exists()


def test_schedule_takes_a_future_time_and_refuses_a_past_one(staff_client):
    draft = campaign()
    past = (timezone.localtime() - datetime.timedelta(hours=1)).strftime("%Y-%m-%d %H:%M")
    future = (timezone.localtime() + datetime.timedelta(days=1)).strftime("%Y-%m-%d %H:%M")

    refused = staff_client.post(url("action", draft.pk, "schedule"), {"when": past}, follow=True)
    assert "Pick a time in the future." in refused.content.decode()
    draft.refresh_from_db()
    assert draft.status == CampaignStatus.DRAFT

    staff_client.post(url("action", draft.pk, "schedule"), {"when": future})
    draft.refresh_from_db()
    assert draft.status == CampaignStatus.SCHEDULED
    assert timezone.localtime(draft.scheduled_for).strftime("%Y-%m-%d %H:%M") == future

    staff_client.post(url("action", draft.pk, "unschedule"))
    draft.refresh_from_db()
    assert draft.status == CampaignStatus.DRAFT and draft.scheduled_for is None


def test_pause_resume_and_cancel_are_posts_that_call_the_sending_services(staff_client):
    going = campaign(status=CampaignStatus.SENDING)
    person = subscriber("ada@example.com")
    CampaignRecipient.objects.create(campaign=going, subscriber=person, email=person.email)

    assert staff_client.get(url("action", going.pk, "pause")).status_code == 405
    staff_client.post(url("action", going.pk, "pause"))
    going.refresh_from_db()
    assert going.status == CampaignStatus.PAUSED

    staff_client.post(url("action", going.pk, "cancel"))
    going.refresh_from_db()
    assert going.status == CampaignStatus.CANCELLED
    assert going.recipients.get().status == RecipientStatus.CANCELLED

    refused = staff_client.post(url("action", going.pk, "resume"), follow=True)
    assert error_messages(refused)


def test_the_actions_need_a_csrf_token(client, staff):
    from django.test import Client

    checked = Client(enforce_csrf_checks=True)
    checked.force_login(staff)
    going = campaign(status=CampaignStatus.SENDING)

    assert checked.post(url("action", going.pk, "pause")).status_code == 403
    going.refresh_from_db()
    assert going.status == CampaignStatus.SENDING


def test_a_test_email_goes_to_the_staff_with_a_marked_subject_and_harmless_links(staff_client, site):
    draft = campaign()
    person = subscriber("ada@example.com")

    staff_client.post(url("action", draft.pk, "test"))

    (message,) = mail.outbox
    assert message.to == ["ops@knotandstone.example"]
    assert message.subject == "[Test] Hot stones for cold evenings"
    assert "/newsletter/test-email/" in message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe"].startswith("<https://")
    html = message.alternatives[0][0]
    assert "/newsletter/test-email/" in html and "%%unsubscribe_url%%" not in html
    assert person.secret not in html
    draft.refresh_from_db()
    assert draft.status == CampaignStatus.DRAFT and not draft.recipients.exists()

    settings_row = NewsletterSettings.for_site(site)
    settings_row.test_recipients = "team@knotandstone.example, Boss@Knotandstone.EXAMPLE"
    settings_row.save()
    mail.outbox.clear()
    staff_client.post(url("action", draft.pk, "test"))
    assert sorted(m.to[0] for m in mail.outbox) == ["Boss@knotandstone.example", "team@knotandstone.example"]


def test_the_harmless_link_changes_nothing(client, site):
    person = subscriber("ada@example.com")

    assert client.get("/newsletter/test-email/").status_code == 200
    answer = client.post(
        "/newsletter/test-email/", "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert answer.status_code == 200
    person.refresh_from_db()
    assert person.status == SubscriberStatus.CONFIRMED


def test_the_test_recipients_setting_refuses_what_is_not_an_address():
    from django.core.exceptions import ValidationError

    from newsletter.models.subscribers import validate_address_list

    validate_address_list("a@example.com; b@example.com")
    with pytest.raises(ValidationError):
        validate_address_list("a@example.com, not-an-address")


def test_the_preview_page_shows_the_email_as_mail_clients_get_it(staff_client):
    draft = campaign()

    response = staff_client.get(url("preview", draft.pk))

    page = response.content.decode()
    assert response.status_code == 200 and "private" in response["Cache-Control"]
    assert "Warm up slowly" in page and 'style="' in page and "<script" not in page
    assert "/newsletter/test-email/" in page and "%%unsubscribe_url%%" not in page
    # Its own policy: no scripts or forms at all, and no site may frame the page on its own.
    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy and "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"


def test_the_editors_live_preview_panel_renders_the_unsaved_email(staff_client):
    draft = campaign()
    preview = url("preview_on_edit", draft.pk)

    answer = staff_client.post(
        preview,
        form_data(subject="Unsaved words", body=streamfield([("heading", {"text": "Fresh heading", "level": "h2"})])),
    )
    assert json.loads(answer.content) == {"is_valid": True, "is_available": True}

    framed = staff_client.get(preview)
    page = framed.content.decode()
    assert "Fresh heading" in page and "Warm up slowly" not in page
    # The editor's preview frame (this site only) may show it, and both headers say so.
    assert framed["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in framed["Content-Security-Policy"]
    draft.refresh_from_db()
    assert draft.subject == "Hot stones for cold evenings"
    assert 'data-side-panel="preview"' in staff_client.get(url("edit", draft.pk)).content.decode()


def test_the_progress_url_reports_the_counts(staff_client):
    going = campaign(status=CampaignStatus.SENDING)
    for number, status in enumerate([RecipientStatus.SENT, RecipientStatus.FAILED, RecipientStatus.QUEUED]):
        person = subscriber(f"p{number}@example.com")
        CampaignRecipient.objects.create(campaign=going, subscriber=person, email=person.email, status=status)

    from django.urls import reverse

    data = staff_client.get(reverse("newsletter_campaign_progress", args=[going.pk])).json()

    assert data["total"] == 3 and data["sent"] == 1 and data["failed"] == 1 and data["percent"] == 66
    assert data["finished"] is False
    page = staff_client.get(url("inspect", going.pk)).content.decode()
    assert 'data-progress-url="' in page and "<progress" in page and "campaign-progress.js" in page


def test_marketing_staff_compose_and_send_campaigns_but_never_see_orders(
    marketing_client, django_capture_on_commit_callbacks
):
    subscriber("ada@example.com")

    assert marketing_client.get(url("index")).status_code == 200
    assert marketing_client.post(url("add"), form_data()).status_code == 302
    created = Campaign.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        marketing_client.post(url("action", created.pk, "send"), {"confirm": "yes"})
    created.refresh_from_db()
    assert created.status == CampaignStatus.SENT
    assert [m.to for m in mail.outbox] == [["ada@example.com"]]

    for forbidden in ("/admin/orders/", "/admin/snippets/shop/product/", "/admin/conversations/"):
        assert marketing_client.get(forbidden).status_code in (302, 403), forbidden


def test_marketing_staff_choose_and_upload_pictures_for_a_campaign_and_still_see_nothing_else(marketing_client, site):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    from tests.factories import CompareImageFactory

    picture = CompareImageFactory(title="Basalt stones")

    # The image block's chooser lists the pictures, and its upload tab takes a new one.
    chooser = marketing_client.get("/admin/images/chooser/")
    assert chooser.status_code == 200 and "Basalt stones" in chooser.content.decode()
    answer = marketing_client.post(
        "/admin/images/chooser/create/",
        {
            "image-chooser-upload-title": "Warm oil",
            "image-chooser-upload-file": SimpleUploadedFile("oil.png", get_test_image_file().file.getvalue()),
            "image-chooser-upload-tags": "",
        },
    )
    assert answer.status_code == 200 and get_image_model().objects.filter(title="Warm oil").exists()

    # A body with an image block is saved.
    body = streamfield([("image", {"image": picture.pk, "caption": "Warm stones", "alt": ""})])
    assert marketing_client.post(url("add"), form_data(body=body)).status_code == 302
    assert Campaign.objects.get().body[0].value["image"] == picture

    # And nothing else: orders, products, conversations, editing pages.
    for forbidden in ("/admin/orders/", "/admin/snippets/shop/product/", "/admin/conversations/"):
        assert marketing_client.get(forbidden).status_code in (302, 403), forbidden
    home = site.root_page
    assert marketing_client.get(f"/admin/pages/{home.pk}/edit/").status_code in (302, 403)


def test_staff_without_campaign_permissions_cannot_send(client, site):
    user = UserFactory(is_staff=True)
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    draft = campaign()

    assert client.post(url("action", draft.pk, "send"), {"confirm": "yes"}).status_code in (302, 403)
    draft.refresh_from_db()
    assert draft.status == CampaignStatus.DRAFT
    # Nor are they told anything about a campaign's state by the edit page.
    going = campaign(status=CampaignStatus.SENDING)
    answer = client.get(url("edit", going.pk))
    assert answer.status_code in (302, 403) and answer.get("Location") != url("inspect", going.pk)


def test_the_live_preview_works_before_the_campaign_is_saved(staff_client):
    preview = url("preview_on_add")

    answer = staff_client.post(preview, form_data(subject="Not saved yet"))
    assert json.loads(answer.content) == {"is_valid": True, "is_available": True}

    page = staff_client.get(preview).content.decode()
    assert "Start small" in page and "Breathe." in page
    assert not Campaign.objects.exists()


def test_the_list_and_a_campaigns_page_cost_the_same_queries_however_many_there_are(
    staff_client, django_assert_max_num_queries
):
    first = campaign(status=CampaignStatus.SENDING)
    staff_client.get(url("index"))  # settings and menus warmed
    with django_assert_max_num_queries(60) as few_list:
        staff_client.get(url("index"))
    with django_assert_max_num_queries(60) as few_page:
        staff_client.get(url("inspect", first.pk))

    for number in range(12):
        person = subscriber(f"p{number}@example.com")
        CampaignRecipient.objects.create(campaign=first, subscriber=person, email=person.email)
        campaign(subject=f"Campaign {number}", status=CampaignStatus.SENT)

    with django_assert_max_num_queries(len(few_list.captured_queries)):
        staff_client.get(url("index"))
    with django_assert_max_num_queries(len(few_page.captured_queries)):
        staff_client.get(url("inspect", first.pk))
