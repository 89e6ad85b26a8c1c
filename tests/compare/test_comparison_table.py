"""The comparison table builder: row order for mixed types, units, missing values, differences. No database."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from compare.comparison import MISSING, ProductFacts, build_comparison
from shop.money import Money
from shop.offers import product_offer, variant_offer
from shop.pricing import LineIn
from shop.specifications import ProductType, spec_fields_for, spec_values


class Specs:
    """Stands in for a Product's typed columns: anything not given is unknown."""

    def __init__(self, **values):
        self.__dict__.update(values)

    def __getattr__(self, name):
        return None


def facts(slug, product_type=ProductType.MASSAGE_GUN, variants=(), **spec_columns):
    return ProductFacts(
        slug=slug,
        name=slug.title(),
        product_type=product_type,
        offer=product_offer(tuple(variants)),
        specs=tuple(spec_values(Specs(**spec_columns), product_type)),
    )


def gun(slug, **overrides):
    columns = {
        "stall_force_lb": 50,
        "amplitude_mm": Decimal("12.0"),
        "speed_settings": 5,
        "battery_life_h": Decimal("4.0"),
        "weight_g": 900,
        "noise_db": 55,
    }
    columns.update(overrides)
    return facts(slug, **columns)


def row(table, attribute):
    return next(r for r in table.rows if r.attribute == attribute)


def test_two_massage_guns_get_one_row_per_gun_specification_in_schema_order():
    table = build_comparison([gun("a"), gun("b")])
    assert [r.attribute for r in table.rows] == [f.attribute for f in spec_fields_for(ProductType.MASSAGE_GUN)]
    assert all(r.shared for r in table.rows)


def test_mixed_types_put_shared_rows_first_then_type_specific_ones():
    # given a massage gun and a stone set: weight is the only specification both have
    stones = facts("stones", ProductType.STONE_SET, material="Basalt", piece_count=12, weight_g=2400)
    table = build_comparison([gun("a"), stones])
    attributes = [r.attribute for r in table.rows]
    # then weight leads, the gun's own rows follow, then the stone set's
    assert attributes[0] == "weight_g" and row(table, "weight_g").shared
    assert attributes[1:] == [
        "stall_force_lb",
        "amplitude_mm",
        "speed_settings",
        "battery_life_h",
        "noise_db",
        "material",
        "piece_count",
        "sizes",
    ]
    assert not any(r.shared for r in table.rows[1:])


def test_a_stone_set_and_a_tool_share_material_and_weight():
    stones = facts("stones", ProductType.STONE_SET, material="Basalt")
    tool = facts("tool", ProductType.TOOL, material="Beech")
    table = build_comparison([stones, tool])
    assert [r.attribute for r in table.rows if r.shared] == ["material", "weight_g"]


def test_values_show_their_units_and_unknown_or_inapplicable_ones_show_a_dash():
    stones = facts("stones", ProductType.STONE_SET, weight_g=2400)
    table = build_comparison([gun("a", amplitude_mm=Decimal("12.5"), noise_db=None), stones])
    assert row(table, "amplitude_mm").cells == ("12.5 mm", MISSING)
    assert row(table, "noise_db").cells == (MISSING, MISSING)
    assert row(table, "weight_g").cells == ("900 g", "2400 g")
    assert row(table, "battery_life_h").cells == ("4 h", MISSING)


@pytest.mark.parametrize(
    ("first", "second", "differs"),
    [
        ({"amplitude_mm": Decimal("12.0")}, {"amplitude_mm": Decimal("12")}, False),
        ({"amplitude_mm": Decimal("12.0")}, {"amplitude_mm": Decimal("14.0")}, True),
        ({"amplitude_mm": None}, {"amplitude_mm": None}, False),
        ({"amplitude_mm": None}, {"amplitude_mm": Decimal("12")}, True),
    ],
)
def test_numbers_are_compared_as_numbers(first, second, differs):
    table = build_comparison([gun("a", **first), gun("b", **second)])
    assert row(table, "amplitude_mm").differs is differs


def test_text_that_differs_only_in_case_or_spacing_is_the_same():
    a = facts("a", ProductType.STONE_SET, material="Basalt ")
    b = facts("b", ProductType.STONE_SET, material="basalt")
    c = facts("c", ProductType.STONE_SET, material="Jade")
    assert not row(build_comparison([a, b]), "material").differs
    assert row(build_comparison([a, b, c]), "material").differs


def test_show_only_differences_keeps_just_the_rows_that_differ():
    table = build_comparison([gun("a"), gun("b", noise_db=62), gun("c", weight_g=700)], only_differences=True)
    assert [r.attribute for r in table.rows] == ["weight_g", "noise_db"]
    assert sum(1 for r in table.rows if r.differs) == 2


def test_identical_products_have_no_differences_to_show():
    assert build_comparison([gun("a"), gun("b")], only_differences=True).rows == ()


def test_a_single_product_has_no_differences():
    assert not any(r.differs for r in build_comparison([gun("a", noise_db=None)]).rows)


NOW = datetime(2026, 6, 1, tzinfo=UTC)
_next_id = iter(range(1, 10_000))


def variant(price, compare_at=None, in_stock=True):
    """A variant's offer as shop.selectors.offers makes it, with no sale running and a $250.00 threshold."""
    variant_id = next(_next_id)
    line = LineIn(
        variant_id=variant_id,
        product_id=1,
        category_id=1,
        title="",
        sku=f"V{variant_id}",
        quantity=1,
        list_price=Money(price),
        compare_at=Money(compare_at) if compare_at else None,
    )
    return variant_offer(line, stock=3 if in_stock else 0, sales=(), now=NOW, free_shipping_threshold=Money("250.00"))


def test_the_price_shown_is_the_cheapest_variant_like_every_card():
    product = facts("a", variants=[variant("99.00", in_stock=False), variant("129.00", "159.00"), variant("149.00")])
    assert product.price == Money("99.00")
    assert product.was is None and not product.on_sale
    assert product.price_varies and product.in_stock


def test_a_compare_at_price_above_the_price_is_struck_through():
    product = facts("a", variants=[variant("129.00", "159.00"), variant("149.00")])
    assert product.price == Money("129.00")
    assert product.was == Money("159.00") and product.on_sale


def test_a_compare_at_price_not_above_the_price_is_no_sale():
    product = facts("a", variants=[variant("129.00", "129.00")])
    assert product.was is None and not product.on_sale


def test_a_product_with_every_variant_sold_out_is_out_of_stock_and_still_priced():
    product = facts("a", variants=[variant("40.00", in_stock=False), variant("30.00", in_stock=False)])
    assert not product.in_stock and product.price == Money("30.00")


@pytest.mark.parametrize(("price", "ships_free"), [("249.99", False), ("250.00", True), ("250.01", True)])
def test_a_product_ships_free_alone_from_the_threshold(price, ships_free):
    assert facts("a", variants=[variant(price)]).ships_free is ships_free


@pytest.mark.parametrize(
    ("attribute", "values", "best"),
    [
        ("battery_life_h", [Decimal("3"), Decimal("5"), Decimal("5.0")], (False, True, True)),  # more is better
        ("noise_db", [62, 40, 68], (False, True, False)),  # less is better
        ("noise_db", [None, 40, 68], (False, True, False)),  # unknown is never best
        ("noise_db", [55, 55, 55], (False, False, False)),  # nothing differs, nothing to point out
    ],
)
def test_the_best_value_of_a_row_is_pointed_out(attribute, values, best):
    table = build_comparison([gun(f"g{n}", **{attribute: value}) for n, value in enumerate(values)])
    assert row(table, attribute).best == best


def test_a_row_without_a_better_direction_has_no_best():
    stones = [facts(f"s{n}", ProductType.STONE_SET, sizes=size) for n, size in enumerate(("S", "M"))]
    assert row(build_comparison(stones), "sizes").best == (False, False)
