"""Office hours in the site settings: what staff type in the admin, and the value the rules read."""

from datetime import time

import pytest
from django.core.exceptions import ValidationError

from content.office_hours import DayHours

pytestmark = pytest.mark.django_db


def test_a_new_shop_is_open_weekdays_nine_to_five_in_toronto(site_settings):
    hours = site_settings.office_hours()

    assert hours.timezone == "America/Toronto"
    assert hours.days[:5] == (DayHours(time(9), time(17)),) * 5
    assert hours.days[5:] == (None, None)


def test_staff_set_a_saturday_and_another_time_zone(site_settings):
    site_settings.saturday_opens, site_settings.saturday_closes = time(10), time(14)
    site_settings.office_timezone = "America/Vancouver"
    site_settings.full_clean()
    site_settings.save()

    hours = site_settings.office_hours()
    assert hours.days[5] == DayHours(time(10), time(14)) and hours.timezone == "America/Vancouver"


@pytest.mark.parametrize(
    ("changes", "field", "error"),
    [
        ({"monday_closes": None}, "monday_closes", "Give both times, or neither for a closed day."),
        ({"sunday_opens": time(10)}, "sunday_closes", "Give both times, or neither for a closed day."),
        ({"friday_opens": time(17), "friday_closes": time(9)}, "friday_closes", "Closing time must be after opening"),
        ({"office_timezone": "Mars/Olympus_Mons"}, "office_timezone", "Enter a time zone name"),
    ],
)
def test_impossible_hours_are_refused_with_a_reason(site_settings, changes, field, error):
    for name, value in changes.items():
        setattr(site_settings, name, value)

    with pytest.raises(ValidationError) as refused:
        site_settings.full_clean()

    assert error in " ".join(refused.value.message_dict[field])


def test_the_admin_shows_the_refusal_on_the_settings_page(client, site, site_settings):
    from tests.factories import StaffFactory

    client.force_login(StaffFactory())
    url = f"/admin/settings/content/sitesettings/{site.pk}/"
    form = {
        "shop_name": "Knot & Stone",
        "office_timezone": "America/Toronto",
        "monday_opens": "17:00",
        "monday_closes": "09:00",
    }

    response = client.post(url, form)

    assert response.status_code == 200  # the form again, not a redirect
    assert "Closing time must be after opening time." in response.content.decode()
