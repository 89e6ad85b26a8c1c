"""Typed product specifications: which facts each kind of product has, with their units.

Plain code: the compare app lines products up from these definitions, and the product page
renders its specifications table from them. Values live in typed columns on Product.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from django.utils.translation import gettext_lazy as _

from shop.choices import LabelledChoices


class ProductType(LabelledChoices):
    MASSAGE_GUN = "massage_gun", _("Percussion massage gun")
    STONE_SET = "stone_set", _("Massage stone set")
    OIL = "oil", _("Massage or essential oil")
    TOOL = "tool", _("Trigger-point tool")


@dataclass(frozen=True)
class SpecField:
    """One specification: the Product column it lives in, its label and its unit."""

    attribute: str
    label: str
    unit: str = ""
    kind: Literal["number", "text"] = "number"
    # For numbers: is more better (battery life) or less better (noise)? None = neither.
    higher_is_better: bool | None = None


@dataclass(frozen=True)
class SpecValue:
    field: SpecField
    value: Decimal | int | str | None

    @property
    def display(self) -> str:
        """The value with its unit ("12 mm", "45 dB"), or an em dash when unknown."""
        if self.value is None or self.value == "":
            return "—"
        text = format(self.value.normalize(), "f") if isinstance(self.value, Decimal) else str(self.value)
        return f"{text} {self.field.unit}" if self.field.unit else text


WEIGHT = SpecField("weight_g", _("Weight"), "g", higher_is_better=False)
MATERIAL = SpecField("material", _("Material"), kind="text")

SCHEMAS: dict[str, tuple[SpecField, ...]] = {
    ProductType.MASSAGE_GUN: (
        SpecField("stall_force_lb", _("Stall force"), "lb", higher_is_better=True),
        SpecField("amplitude_mm", _("Amplitude"), "mm", higher_is_better=True),
        SpecField("speed_settings", _("Speed settings"), higher_is_better=True),
        SpecField("battery_life_h", _("Battery life"), "h", higher_is_better=True),
        WEIGHT,
        SpecField("noise_db", _("Noise"), "dB", higher_is_better=False),
    ),
    ProductType.STONE_SET: (
        MATERIAL,
        SpecField("piece_count", _("Pieces"), higher_is_better=True),
        SpecField("sizes", _("Sizes"), kind="text"),
        WEIGHT,
    ),
    ProductType.OIL: (
        SpecField("volume_ml", _("Volume"), "mL", higher_is_better=True),
        SpecField("ingredients", _("Ingredients"), kind="text"),
    ),
    ProductType.TOOL: (
        MATERIAL,
        SpecField("length_mm", _("Length"), "mm"),
        WEIGHT,
    ),
}


def spec_fields_for(product_type: str) -> tuple[SpecField, ...]:
    return SCHEMAS.get(product_type, ())


def spec_values(product: object, product_type: str) -> list[SpecValue]:
    """The specifications of one product, in its type's order, unknown values kept as None."""
    return [SpecValue(field, getattr(product, field.attribute, None)) for field in spec_fields_for(product_type)]
