"""Canada's provinces and territories by their two-letter postal code, and the check that a code is one."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from shop.choices import LabelledChoices


class Province(LabelledChoices):
    AB = "AB", _("Alberta")
    BC = "BC", _("British Columbia")
    MB = "MB", _("Manitoba")
    NB = "NB", _("New Brunswick")
    NL = "NL", _("Newfoundland and Labrador")
    NS = "NS", _("Nova Scotia")
    NT = "NT", _("Northwest Territories")
    NU = "NU", _("Nunavut")
    ON = "ON", _("Ontario")
    PE = "PE", _("Prince Edward Island")
    QC = "QC", _("Quebec")
    SK = "SK", _("Saskatchewan")
    YT = "YT", _("Yukon")


class UnknownProvince(ValueError):
    """The ship-to province is not one of Canada's thirteen; the message says so in plain words."""

    def __init__(self, code: object) -> None:
        self.code = code
        self.message = str(
            _("“%(code)s” is not a Canadian province or territory code (e.g. ON, BC, QC).") % {"code": code}
        )
        super().__init__(self.message)


def province_code(value: object) -> str:
    """The canonical two-letter code for `value` (" on " -> "ON"), or UnknownProvince."""
    code = str(value or "").strip().upper()
    if code not in Province.values:
        raise UnknownProvince(value)
    return code
