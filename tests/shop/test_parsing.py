"""The input parsers: whole numbers, ids and JSON bodies are read once, and odd values are refused with a message."""

import pytest

from shop.parsing import (
    MAX_ID,
    MAX_JSON_BODY_BYTES,
    MAX_QUANTITY,
    InputError,
    ascii_whole_number,
    parse_discount_code,
    parse_id,
    parse_json_object,
    parse_quantity,
)


@pytest.mark.parametrize(
    ("raw", "number"),
    [
        ("2", 2),
        (" 12 ", 12),
        ("-3", -3),
        ("²", None),
        ("¹²", None),
        ("٣", None),
        ("1_000", None),
        ("", None),
        ("-", None),
        ("+2", None),
        ("2.0", None),
        ("9" * 20, None),
    ],
)
def test_only_ascii_digits_make_a_whole_number(raw, number):
    assert ascii_whole_number(raw) == number


@pytest.mark.parametrize("value", [1, "1", MAX_QUANTITY, str(MAX_QUANTITY)])
def test_quantities_from_one_to_the_maximum_pass(value):
    assert parse_quantity(value, minimum=1) == int(value)


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("²", "whole number"),
        ("¹²", "whole number"),
        (2.5, "whole number"),
        (float("inf"), "whole number"),
        (True, "whole number"),
        (None, "whole number"),
        ([1], "whole number"),
        ({"a": 1}, "whole number"),
        (2**70, "at most"),
        (str(2**70), "whole number"),
        (MAX_QUANTITY + 1, "at most"),
        (0, "at least 1"),
        ("-3", "at least 1"),
    ],
)
def test_odd_quantities_are_refused_with_a_message(value, fragment):
    with pytest.raises(InputError) as refused:
        parse_quantity(value, minimum=1)
    assert fragment in refused.value.message


def test_zero_is_a_quantity_where_it_means_remove():
    assert parse_quantity("0", minimum=0) == 0


@pytest.mark.parametrize("value", [0, -1, MAX_ID + 1, 2**70, "²", "1e400", 1e400, float("nan"), "", None, True, []])
def test_ids_outside_the_databases_range_name_nothing(value):
    with pytest.raises(InputError):
        parse_id(value)


@pytest.mark.parametrize("value", [1, "1", MAX_ID, str(MAX_ID)])
def test_ids_inside_the_range_pass(value):
    assert parse_id(value) == int(value)


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        (b'{"id": Infinity}', "not valid JSON"),
        (b'{"id": -Infinity}', "not valid JSON"),
        (b'{"id": NaN}', "not valid JSON"),
        (b'{"id": 1e400}', "not valid JSON"),
        (b"[" * 20_000 + b"]" * 20_000, "nested too deeply"),
        (b'{"id": ' + b"[" * 20_000 + b"]" * 20_000 + b"}", "nested too deeply"),
        (b'{"id": "' + b"x" * MAX_JSON_BODY_BYTES + b'"}', "too large"),
        (b"[1, 2]", "JSON object"),
        (b"\xff\xfe", "not valid JSON"),
        (b'{"id": 1', "not valid JSON"),
    ],
)
def test_unusable_json_bodies_are_refused_with_a_message(body, fragment):
    with pytest.raises(InputError) as refused:
        parse_json_object(body)
    assert fragment in refused.value.message


def test_an_empty_body_is_an_empty_object_and_finite_floats_stay():
    assert parse_json_object(b"") == {}
    assert parse_json_object(b'{"quantity": 1.5}') == {"quantity": 1.5}


@pytest.mark.parametrize(("raw", "code"), [("  SAVE10 ", "SAVE10"), ("", ""), (None, ""), ("x" * 40, "x" * 40)])
def test_a_discount_code_is_trimmed(raw, code):
    assert parse_discount_code(raw) == code


@pytest.mark.parametrize("raw", ["\x00", "SAVE\x0010", "x" * 41, "a\nb", "\x7f"])
def test_a_code_that_cannot_exist_is_refused_before_the_database_sees_it(raw):
    with pytest.raises(InputError, match="not a valid discount code"):
        parse_discount_code(raw)
