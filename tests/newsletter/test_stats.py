"""Campaign statistics: the numbers in one query, the admin chart and table, and the dashboard panel."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from newsletter.charts import bar_chart
from newsletter.models import CampaignRecipient, CampaignStatus, DeliveryEvent, RecipientStatus
from newsletter.stats import campaign_stats, latest_campaign_stats
from tests.factories import StaffFactory, UserFactory
from tests.newsletter.tracking_support import many_recipients, sending_campaign

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def stamp(campaign, count: int, **timestamps) -> None:
    """Set `timestamps` on `count` of the campaign's sent recipients that have none of them yet."""
    untouched = CampaignRecipient.objects.filter(campaign=campaign, sent_at__isnull=False)
    for field in timestamps:
        untouched = untouched.filter(**{f"{field}__isnull": True})
    ids = list(untouched.values_list("pk", flat=True)[:count])
    CampaignRecipient.objects.filter(pk__in=ids).update(**timestamps)


@pytest.fixture
def campaign():
    """200 sent (180 delivered, 12 bounced, 3 complaints, 5 unsubscribes, 60 opens, 20 clicks) and 10 queued."""
    campaign = sending_campaign("Spring stones", status=CampaignStatus.SENT)
    many_recipients(campaign, 200)
    many_recipients(campaign, 10, status=RecipientStatus.QUEUED, start=1000)
    stamp(campaign, 180, delivered_at=NOW)
    stamp(campaign, 12, delivered_at=None, bounced_at=NOW)  # 12 of the 20 not delivered
    stamp(campaign, 3, complained_at=NOW)
    stamp(campaign, 5, unsubscribed_at=NOW)
    stamp(campaign, 60, opened_at=NOW)
    ids = list(
        CampaignRecipient.objects.filter(campaign=campaign, opened_at__isnull=False).values_list("pk", flat=True)
    )
    CampaignRecipient.objects.filter(pk__in=ids[:20]).update(clicked_at=NOW)
    return campaign


def provider_reports_opens_and_clicks() -> None:
    for event_type in ("opened", "clicked"):
        DeliveryEvent.objects.create(event_id=f"evt-{event_type}", event_type=event_type, esp_name="Mailgun")


# --- the selector -----------------------------------------------------------------------------------


def test_campaign_stats_counts_each_outcome_in_one_query(campaign, django_assert_num_queries):
    provider_reports_opens_and_clicks()
    with django_assert_num_queries(1):
        stats = campaign_stats(campaign.pk)
    assert (stats.recipients, stats.sent, stats.delivered, stats.bounced) == (210, 200, 180, 12)
    assert (stats.complaints, stats.unsubscribes, stats.opens, stats.clicks) == (3, 5, 60, 20)
    assert stats.delivery_rate == Decimal("0.9")
    assert stats.bounce_rate == Decimal("0.06")
    assert stats.complaint_rate == Decimal("0.015")
    assert stats.open_rate == Decimal("0.3") and stats.click_rate == Decimal("0.1")
    assert [row.percent for row in stats.rows] == ["100.0%", "90.0%", "6.0%", "1.5%", "2.5%", "30.0%", "10.0%"]


def test_opens_and_clicks_are_not_reported_until_the_provider_reports_one(campaign):
    CampaignRecipient.objects.filter(campaign=campaign).update(opened_at=None, clicked_at=None)
    stats = campaign_stats(campaign.pk)
    assert not stats.opens_reported and not stats.clicks_reported
    assert stats.open_rate is None
    assert [row.count for row in stats.rows][-2:] == [None, None]
    DeliveryEvent.objects.create(event_id="evt-1", event_type="opened", esp_name="Mailgun")
    stats = campaign_stats(campaign.pk)
    assert stats.opens_reported and stats.opens == 0 and stats.open_rate == 0
    assert not stats.clicks_reported


def test_a_campaign_not_sent_yet_has_no_rates():
    stats = campaign_stats(sending_campaign(status=CampaignStatus.DRAFT).pk)
    assert stats.sent == 0 and stats.delivery_rate is None
    assert all(row.percent == "" for row in stats.rows)
    assert campaign_stats(999_999) is None


def test_the_latest_campaign_is_the_one_that_started_last(campaign):
    later = sending_campaign("Autumn oils")
    later.started_at = campaign.started_at + timedelta(days=3)
    later.save()
    draft = sending_campaign("A draft", status=CampaignStatus.DRAFT)
    draft.started_at = None
    draft.save()
    assert latest_campaign_stats().subject == "Autumn oils"


def test_the_chart_scales_bars_to_the_largest_count():
    chart = bar_chart([("Sent", 200), ("Delivered", 100), ("Bounced", 0), ("Opens", None)], width=640)
    track = 640 - 150 - 110
    assert [bar.width for bar in chart.bars] == [track, track // 2, 0, 0]
    assert chart.bars[3].value is None
    assert chart.height == 12 + 4 * (24 + 12)
    assert all(isinstance(bar.y, int) and isinstance(bar.width, int) for bar in chart.bars)
    assert [bar.width for bar in bar_chart([("Sent", 0)]).bars] == [0]


# --- the admin page ---------------------------------------------------------------------------------


@pytest.fixture
def marketing_user():
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="Marketing"))
    return user


@pytest.fixture
def editor_user():
    """Admin access, and nothing of the newsletter."""
    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def stats_url(campaign) -> str:
    return reverse("newsletter_campaign_stats", args=[campaign.pk])


def svg_of(html: str) -> str:
    return re.search(r"<svg class=\"newsletter-stats-chart\".*?</svg>", html, re.S).group(0)


def test_the_marketing_group_may_read_and_change_campaigns():
    codenames = set(Group.objects.get(name="Marketing").permissions.values_list("codename", flat=True))
    assert {"view_campaign", "change_campaign", "view_deliveryevent"} <= codenames


def test_marketing_staff_see_the_chart_and_the_table_of_the_same_numbers(client, marketing_user, campaign):
    provider_reports_opens_and_clicks()
    client.force_login(marketing_user)
    response = client.get(stats_url(campaign))
    assert response.status_code == 200
    html = response.content.decode()
    svg = svg_of(html)
    assert 'role="img"' in svg and "<title id=" in svg and "<desc id=" in svg
    assert "style=" not in svg  # nothing for the CSP to block
    assert "Spring stones" in svg
    for label, count in [("Sent", 200), ("Delivered", 180), ("Bounced", 12), ("Spam complaints", 3)]:
        assert f">{label}</text>" in svg
        assert re.search(rf'<th scope="row">{label}</th>\s*<td>{count}</td>', html), label
    assert "<td>60</td>" in html and "<td>20</td>" in html  # opens and clicks
    assert "not reported" not in html
    assert "private" in response["Cache-Control"]


def test_opens_and_clicks_show_as_not_reported_when_the_provider_sends_none(client, marketing_user, campaign):
    CampaignRecipient.objects.filter(campaign=campaign).update(opened_at=None, clicked_at=None)
    client.force_login(marketing_user)
    html = client.get(stats_url(campaign)).content.decode()
    svg = svg_of(html)
    assert svg.count("not reported</text>") == 2
    assert html.count("not reported by the email provider") == 2


def test_a_stopped_campaign_says_why(client, marketing_user):
    stopped = sending_campaign(status=CampaignStatus.STOPPED)
    stopped.stopped_reason = "Stopped automatically: 4 spam complaints for 1000 messages sent."
    stopped.save()
    client.force_login(marketing_user)
    assert "4 spam complaints for 1000" in client.get(stats_url(stopped)).content.decode()


def test_staff_without_the_campaign_permission_are_turned_away(client, editor_user, campaign):
    client.force_login(editor_user)
    response = client.get(stats_url(campaign))
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def test_signed_out_visitors_are_sent_to_sign_in(client, campaign):
    response = client.get(stats_url(campaign))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_an_unknown_campaign_is_404(client, marketing_user):
    client.force_login(marketing_user)
    assert client.get(reverse("newsletter_campaign_stats", args=[424242])).status_code == 404


def test_the_stats_page_costs_the_same_queries_at_10_and_at_500_recipients(
    client, marketing_user, django_assert_max_num_queries
):
    client.force_login(marketing_user)
    small = sending_campaign("Small")
    many_recipients(small, 10)
    large = sending_campaign("Large")
    many_recipients(large, 500, start=100)
    client.get(stats_url(small))  # the first admin page of a session fills a few caches once
    with CaptureQueriesContext(connection) as at_10:
        assert client.get(stats_url(small)).status_code == 200
    assert len(at_10) <= 12
    with django_assert_max_num_queries(len(at_10)):
        assert client.get(stats_url(large)).status_code == 200
    counts = [q["sql"] for q in at_10.captured_queries if "newsletter_campaignrecipient" in q["sql"]]
    assert len(counts) == 1  # one aggregate query reads every number


# --- the dashboard -------------------------------------------------------------------------------------


def test_the_dashboard_shows_the_latest_campaign_with_a_link_to_its_chart(client, marketing_user, campaign):
    client.force_login(marketing_user)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Latest campaign" in html
    assert "Spring stones" in html
    assert "<td>180</td>" in html  # delivered
    assert stats_url(campaign) in html


def test_the_dashboard_panel_says_so_before_the_first_campaign(client, marketing_user):
    client.force_login(marketing_user)
    assert "No campaign has been sent yet" in client.get(reverse("wagtailadmin_home")).content.decode()


def test_staff_without_the_permission_see_no_campaign_panel(client, editor_user, campaign):
    client.force_login(editor_user)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Latest campaign" not in html and "Spring stones" not in html


def test_a_superuser_sees_the_panel(client, campaign):
    client.force_login(StaffFactory())
    assert "Latest campaign" in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_panel_costs_the_same_queries_at_10_and_at_500_recipients(
    client, marketing_user, django_assert_max_num_queries
):
    client.force_login(marketing_user)
    campaign = sending_campaign("Small")
    many_recipients(campaign, 10)
    client.get(reverse("wagtailadmin_home"))
    with CaptureQueriesContext(connection) as at_10:
        client.get(reverse("wagtailadmin_home"))
    many_recipients(campaign, 490, start=100)
    with django_assert_max_num_queries(len(at_10)):
        assert "<td>500</td>" in client.get(reverse("wagtailadmin_home")).content.decode()


# --- the provider's events in the admin ------------------------------------------------------------------


def test_marketing_staff_can_trace_what_the_provider_reported(client, marketing_user, django_assert_max_num_queries):
    campaign = sending_campaign("Spring stones")
    many_recipients(campaign, 3)
    for n, recipient in enumerate(CampaignRecipient.objects.filter(campaign=campaign)):
        DeliveryEvent.objects.create(
            event_id=f"evt-{n}", event_type="bounced", esp_name="Mailgun", recipient=recipient, email=recipient.email
        )
    client.force_login(marketing_user)
    html = client.get("/admin/delivery_events/?event_type=bounced").content.decode()
    assert "reader0@example.com" in html and "Spring stones" in html
    event = DeliveryEvent.objects.first()
    assert client.get(f"/admin/delivery_events/inspect/{event.pk}/").status_code == 200
    client.get("/admin/delivery_events/")
    with django_assert_max_num_queries(20):
        client.get("/admin/delivery_events/")
