"""The comparison table: products side by side, one row per specification.

Plain code: it takes ProductFacts (built by compare.selectors from the catalogue) and returns
frozen rows ready for the template, so every rule here is tested without a database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from shop.money import Money
from shop.offers import ProductOffer
from shop.specifications import SCHEMAS, SpecField, SpecValue

MISSING = "—"


@dataclass(frozen=True)
class ProductFacts:
    """What the comparison shows about one product, independent of the ORM."""

    slug: str
    name: str
    product_type: str
    url: str = ""
    brand_name: str = ""
    image_url: str = ""
    image_alt: str = ""
    # The product's offer (shop.offers), priced by the same lead variant as its card; None: no variants.
    offer: ProductOffer | None = None
    specs: tuple[SpecValue, ...] = ()

    @property
    def price(self) -> Money | None:
        return self.offer.price if self.offer is not None else None

    @property
    def was(self) -> Money | None:
        """The price struck through, only when higher than the price (otherwise there is no sale to show)."""
        return self.offer.was if self.offer is not None else None

    @property
    def on_sale(self) -> bool:
        return self.offer is not None and self.offer.on_sale

    @property
    def price_varies(self) -> bool:
        return self.offer is not None and self.offer.has_price_range

    @property
    def in_stock(self) -> bool:
        return self.offer is not None and self.offer.in_stock

    @property
    def ships_free(self) -> bool:
        """One of these alone reaches the free-shipping threshold (the offer's own flag)."""
        return self.offer is not None and self.offer.ships_free


@dataclass(frozen=True)
class SpecRow:
    """One specification across the compared products, one displayed cell per product."""

    attribute: str
    label: str
    unit: str
    cells: tuple[str, ...]
    differs: bool
    shared: bool
    # Per cell: is this the best value of the row (most battery, least noise)? All False when
    # the row has no better direction or nothing differs.
    best: tuple[bool, ...] = ()

    @property
    def cells_with_best(self) -> tuple[tuple[str, bool], ...]:
        return tuple(zip(self.cells, self.best or (False,) * len(self.cells), strict=True))


@dataclass(frozen=True)
class ComparisonTable:
    products: tuple[ProductFacts, ...]
    rows: tuple[SpecRow, ...]

    @property
    def shared_rows(self) -> tuple[SpecRow, ...]:
        return tuple(row for row in self.rows if row.shared)

    @property
    def specific_rows(self) -> tuple[SpecRow, ...]:
        """Rows only some of the compared product types have (empty when all are of one type)."""
        return tuple(row for row in self.rows if not row.shared)

    def only_differences(self) -> ComparisonTable:
        return replace(self, rows=show_only_differences(self.rows))


def _comparable(spec: SpecValue | None) -> object:
    """The value as compared: numbers as numbers (12 equals 12.0), text without case or spacing, unknown as None."""
    if spec is None or spec.value is None or spec.value == "":
        return None
    if spec.field.kind == "number":
        try:
            return Decimal(str(spec.value))
        except InvalidOperation:
            pass
    return " ".join(str(spec.value).split()).casefold()


def _best_cells(spec_field: SpecField, comparable: list[object], differs: bool) -> tuple[bool, ...]:
    """Mark the best value where the specification has a better direction and the products differ."""
    known = [value for value in comparable if isinstance(value, Decimal)]
    if not differs or spec_field.kind != "number" or spec_field.higher_is_better is None or len(known) < 2:
        return (False,) * len(comparable)
    best = max(known) if spec_field.higher_is_better else min(known)
    return tuple(value == best for value in comparable)


def _row_fields(products: Sequence[ProductFacts]) -> list[tuple[SpecField, bool]]:
    """Every specification any compared type has: those all types share first, then the rest, each in schema order."""
    schemas = [SCHEMAS.get(p.product_type, ()) for p in products]
    per_type_attributes = [{f.attribute for f in schema} for schema in schemas]
    shared_attributes = set.intersection(*per_type_attributes) if per_type_attributes else set()
    seen: set[str] = set()
    shared: list[SpecField] = []
    specific: list[SpecField] = []
    for schema in schemas:
        for spec_field in schema:
            if spec_field.attribute in seen:
                continue
            seen.add(spec_field.attribute)
            (shared if spec_field.attribute in shared_attributes else specific).append(spec_field)
    return [(f, True) for f in shared] + [(f, False) for f in specific]


def build_comparison(products: Sequence[ProductFacts], *, only_differences: bool = False) -> ComparisonTable:
    """Line products up: one row per specification, values with units, "—" where a product has none."""
    values = [{spec.field.attribute: spec for spec in p.specs} for p in products]
    rows = []
    for spec_field, shared in _row_fields(products):
        specs = [by_attribute.get(spec_field.attribute) for by_attribute in values]
        cells = tuple(spec.display if spec is not None else MISSING for spec in specs)
        comparable = [_comparable(spec) for spec in specs]
        differs = len(products) > 1 and len(set(comparable)) > 1
        rows.append(
            SpecRow(
                attribute=spec_field.attribute,
                label=str(spec_field.label),
                unit=spec_field.unit,
                cells=cells,
                differs=differs,
                shared=shared,
                best=_best_cells(spec_field, comparable, differs),
            )
        )
    table = ComparisonTable(products=tuple(products), rows=tuple(rows))
    return table.only_differences() if only_differences else table


def show_only_differences(rows: Sequence[SpecRow]) -> tuple[SpecRow, ...]:
    """Keep the rows where the products are not all the same."""
    return tuple(row for row in rows if row.differs)
