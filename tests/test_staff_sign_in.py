"""Staff sign-in at /admin/login/ is limited per username and address (django-axes); shoppers keep allauth's limits."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.http import HttpRequest
from django.test import RequestFactory
from freezegun import freeze_time

from config.ratelimit import client_ip
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
LOGIN = "/admin/login/"


def sign_in(client, username: str, password: str, address: str = "203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_staff_sign_in_locks_after_the_limit_until_the_cool_off_passes(client):
    # Given a staff member, and someone guessing their password from one address
    staff = StaffFactory(username="ada")
    limit = settings.AXES_FAILURE_LIMIT
    with freeze_time("2026-11-29 10:00:00") as clock:
        for _ in range(limit):
            sign_in(client, "ada", "wrong guess")

        # When the right password follows
        locked_out = sign_in(client, "ada", PASSWORD)

        # Then it is refused with the lockout page, and every attempt is on record
        assert locked_out.status_code == 429
        assert "Too many sign-in attempts" in locked_out.content.decode()
        assert "Retry-After" in locked_out
        assert not is_signed_in(client)
        assert AccessAttempt.objects.get(username="ada").failures_since_start >= limit
        assert AccessFailureLog.objects.filter(username="ada").count() >= limit

        # ...and let in once the cool-off has passed
        clock.tick(settings.AXES_COOLOFF_TIME + timedelta(seconds=1))
        response = sign_in(client, "ada", PASSWORD)
    assert response.status_code == 302
    assert is_signed_in(client) and client.session["_auth_user_id"] == str(staff.pk)


def test_a_guess_during_the_lockout_starts_the_cool_off_again(client):
    # A guesser who keeps trying stays locked out; staff elsewhere are unaffected (see the next test)
    StaffFactory(username="ada")
    with freeze_time("2026-11-29 10:00:00") as clock:
        for _ in range(settings.AXES_FAILURE_LIMIT):
            sign_in(client, "ada", "wrong guess")
        clock.tick(settings.AXES_COOLOFF_TIME - timedelta(seconds=30))
        assert sign_in(client, "ada", "another guess").status_code == 429

        clock.tick(timedelta(minutes=1))
        assert sign_in(client, "ada", PASSWORD).status_code == 429

        clock.tick(settings.AXES_COOLOFF_TIME + timedelta(seconds=1))
        assert sign_in(client, "ada", PASSWORD).status_code == 302


def test_the_limit_is_finite_and_counts_username_and_address_together(client):
    StaffFactory(username="ada")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "ada", "wrong guess", address="203.0.113.7")

    # The same username from another address is not locked out
    assert sign_in(client, "ada", PASSWORD, address="198.51.100.9").status_code == 302
    assert timedelta(0) < settings.AXES_COOLOFF_TIME <= timedelta(hours=1)
    assert 1 < settings.AXES_FAILURE_LIMIT <= 10


def test_staff_sign_in_counts_the_address_a_trusted_proxy_saw(client, settings):
    # Given one proxy in front: every request arrives from the proxy's own address
    settings.TRUSTED_PROXY_COUNT = 1
    StaffFactory(username="ada")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            LOGIN,
            {"username": "ada", "password": "wrong"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.7",
        )

    # Then the guesser's address is locked, not the proxy's: ada signs in from elsewhere through it
    assert AccessAttempt.objects.get(username="ada").ip_address == "203.0.113.7"
    response = client.post(
        LOGIN, {"username": "ada", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.9"
    )
    assert response.status_code == 302


def test_a_right_password_within_the_limit_signs_staff_in(client):
    StaffFactory(username="ada")
    sign_in(client, "ada", "one typo")

    response = sign_in(client, "ada", PASSWORD)

    assert response.status_code == 302
    assert is_signed_in(client)


def test_shoppers_sign_in_through_allauth_untouched_by_the_staff_limit(client):
    # Given a shopper with a verified email who mistypes more times than the staff limit
    shopper = UserFactory(email="mia@example.com")
    EmailAddress.objects.create(user=shopper, email="mia@example.com", verified=True, primary=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"login": "mia@example.com", "password": "wrong"})

    # allauth's own limit (5 per 5 minutes per email) answers, not axes, which records nothing
    assert not AccessAttempt.objects.exists()
    limited = client.post("/accounts/login/", {"login": "mia@example.com", "password": PASSWORD})
    assert limited.status_code in {200, 429}
    assert not is_signed_in(client)


def test_a_shopper_signs_in_through_allauth(client):
    shopper = UserFactory(email="mia@example.com")
    EmailAddress.objects.create(user=shopper, email="mia@example.com", verified=True, primary=True)

    response = client.post("/accounts/login/", {"login": "mia@example.com", "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(shopper.pk)


def test_axes_records_no_address_for_a_sign_in_made_in_code():
    # force_login's request has no REMOTE_ADDR; PostgreSQL's inet column refuses anything but an address.
    assert client_ip(HttpRequest()) is None
    assert client_ip(RequestFactory().get("/admin/login/", REMOTE_ADDR="203.0.113.9")) == "203.0.113.9"


@pytest.mark.django_db
def test_force_login_works_with_axes_on(client):
    client.force_login(StaffFactory())

    assert client.get("/admin/").status_code == 200
