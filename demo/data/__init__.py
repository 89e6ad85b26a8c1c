"""The demo shop's catalogue as plain data: categories, brands and the products of each category.

Everything here is fictional: the shop, its brands and their products. Copy is original.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class FrenchText:
    """What a Quebec shopper reads instead of the English: written in Canadian French, not word for word.

    `specs` holds the specifications that are text (material, sizes, ingredients), by column name.
    """

    name: str
    summary: str = ""
    description: str = ""
    specs: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CategoryData:
    slug: str
    name: str
    description: str
    sort_order: int
    drawing: str
    colour: str
    french: FrenchText | None = None


@dataclass(frozen=True)
class BrandData:
    slug: str
    name: str
    description: str


@dataclass(frozen=True)
class VariantData:
    sku: str
    price: Decimal
    stock_quantity: int
    weight_g: int
    compare_at_price: Decimal | None = None
    colour: str = ""
    size: str = ""
    # The variant's known past prices as (days ago, price), oldest first, the last one `price`; empty: the
    # history starts when the demo is loaded, so a compare-at price has nothing behind it and is not shown.
    history: tuple[tuple[int, Decimal], ...] = ()


@dataclass(frozen=True)
class ProductData:
    slug: str
    name: str
    category: str
    product_type: str
    summary: str
    description: str
    drawing: str
    colour: str
    variants: tuple[VariantData, ...]
    brand: str | None = None
    is_featured: bool = False
    # Typed specification columns on Product, by name (shop.specifications says which apply).
    specs: dict[str, Any] = field(default_factory=dict)
    french: FrenchText | None = None


CATEGORIES: tuple[CategoryData, ...] = (
    CategoryData(
        slug="massage-stones",
        name="Massage stone sets",
        description=(
            "Basalt for heat, jade and marble for cool: polished stone sets for deep-tissue work, "
            "from a two-stone palm pair to a full professional kit."
        ),
        french=FrenchText(
            name="Ensembles de pierres de massage",
            description=(
                "Le basalte pour la chaleur, le jade et le marbre pour le froid : des ensembles de pierres "
                "polies pour le travail en profondeur, de la paire de pierres de paume à la trousse "
                "professionnelle complète."
            ),
        ),
        sort_order=10,
        drawing="stones",
        colour="#4a5a63",
    ),
    CategoryData(
        slug="massage-guns",
        name="Percussion massage guns",
        description=(
            "Percussion massagers compared on the numbers that matter: stall force, amplitude, "
            "noise and battery life. Every specification is listed on the product page."
        ),
        french=FrenchText(
            name="Pistolets de massage à percussion",
            description=(
                "Des appareils de massage à percussion comparés sur les chiffres qui comptent : force de "
                "blocage, amplitude, bruit et autonomie. Chaque caractéristique est indiquée sur la fiche du "
                "produit."
            ),
        ),
        sort_order=20,
        drawing="gun",
        colour="#1f5c4a",
    ),
    CategoryData(
        slug="massage-oils",
        name="Massage and essential oils",
        description=(
            "Carrier oils for a smooth glide and pure essential oils for your own blends, "
            "with full ingredient lists on every bottle."
        ),
        french=FrenchText(
            name="Huiles de massage et huiles essentielles",
            description=(
                "Des huiles de base qui glissent bien et des huiles essentielles pures pour vos propres "
                "mélanges, avec la liste complète des ingrédients sur chaque bouteille."
            ),
        ),
        sort_order=30,
        drawing="bottle",
        colour="#a8652a",
    ),
    CategoryData(
        slug="trigger-point-tools",
        name="Trigger-point tools",
        description=(
            "Hooks, knobs, balls and rollers that let you apply steady pressure to a knot "
            "without wearing out your thumbs."
        ),
        french=FrenchText(
            name="Outils pour points de tension",
            description=(
                "Crochets, outils de pression, balles et rouleaux pour appuyer de façon soutenue sur un nœud "
                "sans vous épuiser les pouces."
            ),
        ),
        sort_order=40,
        drawing="knobber",
        colour="#6b4f8a",
    ),
)

BRANDS: tuple[BrandData, ...] = (
    BrandData(
        slug="northpeak",
        name="Northpeak Recovery",
        description="A small Calgary-designed line of massage guns built around long battery life.",
    ),
    BrandData(
        slug="tidewell",
        name="Tidewell",
        description="Quiet, light percussion massagers for people who use them at home in the evening.",
    ),
    BrandData(
        slug="corvane",
        name="Corvane",
        description="High-torque massage guns for athletes and clinics that want the deepest stroke.",
    ),
    BrandData(
        slug="knot-and-stone",
        name="Knot & Stone",
        description="Our own house line of stones, oils and hand tools, sourced and tested in Guelph.",
    ),
)

# The colours and sizes variants are offered in, as the French shop writes them; a value not listed here
# (a size in millilitres or centimetres) reads the same in both languages.
OPTIONS_FRENCH: dict[str, str] = {
    "Graphite": "Graphite",
    "Glacier white": "Blanc glacier",
    "Sage": "Sauge",
    "Blush": "Rose poudré",
    "Slate": "Ardoise",
    "Sand": "Sable",
    "Teal": "Sarcelle",
    "Black": "Noir",
    "Signal red": "Rouge vif",
    "Charcoal": "Charbon",
    "Forest": "Vert forêt",
    "Ocean": "Bleu océan",
    "Medium (7 cm)": "Moyenne (7 cm)",
    "Large (9 cm)": "Grande (9 cm)",
}
