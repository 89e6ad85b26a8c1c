"""Canadian shipping addresses: provinces and postal codes, as plain rules with no database."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from shop.provinces import Province

# Names come from the one list of provinces and territories, shop.provinces.Province.
PROVINCES: dict[str, str] = dict(Province.choices)

# Canada Post assigns each province or territory the first letter(s) of its postal codes.
POSTAL_CODE_FIRST_LETTERS: dict[str, str] = {
    "NL": "A",
    "NS": "B",
    "PE": "C",
    "NB": "E",
    "QC": "GHJ",
    "ON": "KLMNP",
    "MB": "R",
    "SK": "S",
    "AB": "T",
    "BC": "V",
    "NT": "X",
    "NU": "X",
    "YT": "Y",
}

# Letter-digit-letter digit-letter-digit; D, F, I, O, Q and U never appear, W and Z never lead.
_POSTAL_CODE = re.compile(r"^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]\d[ABCEGHJ-NPRSTV-Z]\d$")


class PostalCodeError(ValueError):
    pass


def normalize_postal_code(raw: str) -> str:
    """Upper-case and space a postal code the way Canada Post prints it ("k1a0b1" -> "K1A 0B1")."""
    compact = re.sub(r"[\s-]", "", raw or "").upper()
    return f"{compact[:3]} {compact[3:]}" if len(compact) == 6 else compact


def validate_postal_code(raw: str, province: str) -> str:
    """A postal code is valid when it has the A1A 1A1 shape and starts with a letter of its province."""
    code = normalize_postal_code(raw)
    if not _POSTAL_CODE.match(code.replace(" ", "")):
        raise PostalCodeError(_("Enter a Canadian postal code like K1A 0B1."))
    letters = POSTAL_CODE_FIRST_LETTERS.get(province, "")
    if code[0] not in letters:
        raise PostalCodeError(
            _("%(code)s is not a postal code in %(province)s.")
            % {"code": code, "province": PROVINCES.get(province, province)}
        )
    return code


@dataclass(frozen=True)
class ShippingAddress:
    name: str
    line1: str
    city: str
    province: str
    postal_code: str
    line2: str = ""
    phone: str = ""
