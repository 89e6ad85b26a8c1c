"""What shared infrastructure adds to the Wagtail admin, registered in this one place (Wagtail loads this
module): the staff two-factor pages (config/two_factor_views.py) and their link in each staff account."""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.translation import gettext as _
from wagtail import hooks

from config import two_factor_views


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [
        path("two-factor/", two_factor_views.manage, name="two_factor_manage"),
        path("two-factor/verify/", two_factor_views.verify, name="two_factor_verify"),
        path("two-factor/enrol/", two_factor_views.enrol, name="two_factor_enrol"),
        path("two-factor/backup-codes/", two_factor_views.new_backup_codes, name="two_factor_backup_codes"),
        path("two-factor/turn-off/", two_factor_views.turn_off, name="two_factor_turn_off"),
    ]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    return {
        "url": reverse("two_factor_manage"),
        "label": _("Two-factor sign-in"),
        "help_text": _("Ask for a code from an authenticator app as well as your password."),
    }
