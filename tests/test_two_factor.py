"""Staff two-factor sign-in: enrolling with a QR code, signing in with an app code or a backup code, wrong
codes refused and rate-limited, and superusers made to enrol when production requires it."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from config.two_factor import WRONG_CODES, Step, backup_codes_replace, next_step
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_device_throttle(settings):
    """django-otp makes a device wait a second after a wrong code; the throttle's own test turns it back on."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def code_for(device: TOTPDevice, *, drift: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"


def shop_staff():
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="Shop staff"))
    return user


def enrolled(user) -> TOTPDevice:
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    backup_codes_replace(user=user)
    return device


@pytest.mark.parametrize(
    ("has_device", "verified", "must_enrol", "step"),
    [
        (False, False, False, None),
        (False, False, True, Step.ENROL),
        (True, False, False, Step.VERIFY),
        (True, False, True, Step.VERIFY),
        (True, True, True, None),
    ],
)
def test_what_a_staff_member_must_do_before_an_admin_page(has_device, verified, must_enrol, step):
    assert next_step(has_device=has_device, verified=verified, must_enrol=must_enrol) is step


def test_it_is_optional_for_staff_outside_production(client):
    client.force_login(shop_staff())
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/two-factor/").status_code == 200


def test_a_staff_member_enrols_with_the_qr_code_and_gets_backup_codes(client):
    user = shop_staff()
    client.force_login(user)

    page = client.get("/admin/two-factor/enrol/")
    assert page.status_code == 200
    assert "<svg" in page.content.decode() and "Type this key" in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert client.get("/admin/two-factor/enrol/").context["secret"] == page.context["secret"]  # same key on reload

    wrong = client.post("/admin/two-factor/enrol/", {"code": "000000" if code_for(device) != "000000" else "111111"})
    assert "wrong or has expired" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()

    done = client.post("/admin/two-factor/enrol/", {"code": code_for(device), "next": "/admin/orders/"})
    assert done.status_code == 200
    codes = re.findall(r"<code>(\w+)</code>", done.content.decode())
    assert len(codes) == 10
    assert set(codes) == set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert TOTPDevice.objects.get(user=user).confirmed
    assert client.get("/admin/orders/").status_code == 200  # this session is verified already


def test_once_on_the_password_alone_no_longer_opens_the_admin(client):
    user = shop_staff()
    device = enrolled(user)
    client.force_login(user)

    response = client.get("/admin/orders/?status=paid")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/two-factor/verify/?next=")
    # Nor can the password alone set up a new device in place of the old one.
    assert client.get("/admin/two-factor/enrol/")["Location"].startswith("/admin/two-factor/verify/")

    wrong = client.post("/admin/two-factor/verify/", {"code": "12345", "next": "/admin/orders/"})
    assert wrong.status_code == 200 and "wrong or has expired" in wrong.content.decode()
    assert client.get("/admin/").status_code == 302

    before = client.session.session_key
    right = client.post("/admin/two-factor/verify/", {"code": code_for(device), "next": "/admin/orders/?status=paid"})
    assert client.session.session_key != before
    assert right.status_code == 302 and right["Location"] == "/admin/orders/?status=paid"
    assert client.get("/admin/").status_code == 200


def test_a_backup_code_signs_in_once(client):
    user = shop_staff()
    enrolled(user)
    code = StaticToken.objects.filter(device__user=user).first().token
    client.force_login(user)
    assert client.post("/admin/two-factor/verify/", {"code": code}).status_code == 302
    assert client.get("/admin/").status_code == 200
    assert StaticToken.objects.filter(device__user=user).count() == 9

    client.logout()
    client.force_login(user)
    again = client.post("/admin/two-factor/verify/", {"code": code})
    assert "wrong or has expired" in again.content.decode()


def test_a_code_from_another_site_is_never_redirected_to(client):
    user = shop_staff()
    device = enrolled(user)
    client.force_login(user)
    response = client.post("/admin/two-factor/verify/", {"code": code_for(device), "next": "https://evil.example/"})
    assert response["Location"] == "/admin/"


def test_wrong_codes_are_rate_limited_and_then_even_the_right_code_waits(client):
    user = shop_staff()
    device = enrolled(user)
    client.force_login(user)
    for _ in range(WRONG_CODES.hits):
        assert client.post("/admin/two-factor/verify/", {"code": "999999x"}).status_code == 200
    refused = client.post("/admin/two-factor/verify/", {"code": code_for(device)})
    assert refused.status_code == 429
    assert "Too many codes tried" in refused.content.decode() and refused["Retry-After"]
    assert client.get("/admin/").status_code == 302


def test_the_device_itself_throttles_after_a_wrong_code(client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    user = shop_staff()
    device = enrolled(user)
    client.force_login(user)
    client.post("/admin/two-factor/verify/", {"code": "000000" if code_for(device) != "000000" else "111111"})
    # django-otp's throttle: right after a failure even the right code is refused for a while
    response = client.post("/admin/two-factor/verify/", {"code": code_for(device)})
    assert "wrong or has expired" in response.content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count >= 1


def test_production_sends_a_superuser_without_a_device_to_enrol_before_any_admin_page(client, settings):
    settings.STAFF_TWO_FACTOR_REQUIRED_FOR_SUPERUSERS = True
    client.force_login(StaffFactory())
    for url in ("/admin/", "/admin/orders/", "/admin/pages/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/two-factor/enrol/?next="), url
    page = client.get("/admin/two-factor/enrol/").content.decode()
    assert "Superusers must sign in with two factors" in page
    # Other staff are not forced.
    client.force_login(shop_staff())
    assert client.get("/admin/").status_code == 200


def test_a_superuser_cannot_turn_it_off_where_it_is_required(client, settings):
    settings.STAFF_TWO_FACTOR_REQUIRED_FOR_SUPERUSERS = True
    superuser = StaffFactory()
    device = enrolled(superuser)
    client.force_login(superuser)
    client.post("/admin/two-factor/verify/", {"code": code_for(device)})
    client.post("/admin/two-factor/turn-off/")
    assert TOTPDevice.objects.filter(user=superuser).exists()


def test_staff_may_replace_their_backup_codes_and_turn_it_off(client):
    user = shop_staff()
    device = enrolled(user)
    old = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    client.force_login(user)
    client.post("/admin/two-factor/verify/", {"code": code_for(device)})
    page = client.post("/admin/two-factor/backup-codes/").content.decode()
    new = set(re.findall(r"<code>(\w+)</code>", page))
    assert len(new) == 10 and not new & old
    client.post("/admin/two-factor/turn-off/")
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert client.get("/admin/").status_code == 200


def test_the_production_settings_require_it_of_superusers():
    from tests.test_deploy import PRODUCTION_ENV, run_manage

    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.STAFF_TWO_FACTOR_REQUIRED_FOR_SUPERUSERS)",
        **PRODUCTION_ENV,
    )
    assert result.stdout.strip().splitlines()[-1] == "True", result.stderr


def test_a_staff_member_asked_for_a_code_can_sign_out_instead(client):
    user = shop_staff()
    enrolled(user)
    client.force_login(user)
    page = client.get("/admin/two-factor/verify/").content.decode()
    assert 'action="/admin/logout/"' in page
    client.post("/admin/logout/")
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
