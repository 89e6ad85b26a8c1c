"""Two-factor sign-in for staff (django-otp): a code from an authenticator app (TOTP), or one of ten
single-use backup codes.

Any staff member may turn it on from their account ("Two-factor sign-in"). Once on, the password alone no
longer opens the admin: every admin page sends them to /admin/two-factor/verify/ until a code is accepted,
for the rest of that session. Superusers must have it when STAFF_TWO_FACTOR_REQUIRED_FOR_SUPERUSERS is on
(production): without a device they are sent to enrol before any admin page.

Wrong codes are limited twice: per staff member and client address by the shop's rate limiter
(WRONG_CODES), and per device by django-otp's own throttle, which doubles the wait after each failure.
"""

from __future__ import annotations

import enum
from base64 import b32encode

from django.conf import settings
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from config.ratelimit import Rate

ADMIN_PREFIX = "/admin/"
TWO_FACTOR_PREFIX = "/admin/two-factor/"
# Admin paths open without a second factor: signing in and out, resetting a password, and assets.
ALWAYS_OPEN = (
    "/admin/login/",
    "/admin/logout/",
    "/admin/password_reset/",
    "/admin/jsi18n/",
    "/admin/sprite/",
    TWO_FACTOR_PREFIX,
)
BACKUP_CODE_COUNT = 10
WRONG_CODES = Rate(hits=5, seconds=300)
APP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"


class Step(enum.Enum):
    VERIFY = "verify"
    ENROL = "enrol"


def next_step(*, has_device: bool, verified: bool, must_enrol: bool) -> Step | None:
    """What a signed-in staff member must do before an admin page: nothing, enter a code, or enrol."""
    if verified:
        return None
    if has_device:
        return Step.VERIFY
    if must_enrol:
        return Step.ENROL
    return None


def required_for(user) -> bool:
    """Whether this staff member may not use the admin without two-factor sign-in."""
    return user.is_superuser and getattr(settings, "STAFF_TWO_FACTOR_REQUIRED_FOR_SUPERUSERS", False)


def app_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def is_verified(user) -> bool:
    return bool(getattr(user, "is_verified", None) and user.is_verified())


def step_for(user) -> Step | None:
    if not user.is_authenticated or is_verified(user):
        return None
    if not user.has_perm("wagtailadmin.access_admin"):
        return None  # not staff: the admin refuses them itself
    return next_step(has_device=has_device(user), verified=False, must_enrol=required_for(user))


def step_url(step: Step, *, next_url: str = "") -> str:
    url = reverse(f"two_factor_{step.value}")
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class StaffTwoFactorMiddleware:
    """Sends a staff member who still owes a second factor to the code (or enrolment) page; after OTPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path.startswith(ADMIN_PREFIX) and not path.startswith(ALWAYS_OPEN):
            step = step_for(request.user)
            if step is not None:
                return redirect(step_url(step, next_url=request.get_full_path()))
        return self.get_response(request)


# --- devices ------------------------------------------------------------------------------------------------


def matching_device(*, user, code: str):
    """The confirmed device (app or backup codes) that accepts this code, or None; a backup code is used up.

    Each device checks its own throttle first, so a device that has just refused codes refuses every code,
    right or wrong, until its wait is over.
    """
    code = "".join(code.split())
    if not code:
        return None
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if device.verify_token(code):
                return device
    return None


def pending_app_device(*, user) -> TOTPDevice:
    """The unconfirmed app device being set up, made on first use, so the QR code stays the same on reload."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def secret_for_typing(device: TOTPDevice) -> str:
    """The device's key as an authenticator app asks for it when typed in: base32, in groups of four."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// address as an SVG QR code (black on white), to put straight into the page."""
    import qrcode
    from qrcode.image.svg import SvgPathFillImage

    image = qrcode.make(device.config_url, image_factory=SvgPathFillImage, box_size=12, border=2)
    label = escape(_("QR code for your authenticator app"))
    return image.to_string(encoding="unicode").replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)


def app_device_confirm(*, user, device_id: int, code: str) -> TOTPDevice | None:
    """Confirm the app device being set up if the code is right, replacing any earlier one; else None."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(pk=device_id, user=user, confirmed=False).first()
        if device is None or not device.verify_token("".join(code.split())):
            return None
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    return device


def backup_codes_replace(*, user) -> list[str]:
    """A fresh set of single-use backup codes; every earlier code stops working."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
        StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def two_factor_turn_off(*, user) -> None:
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
