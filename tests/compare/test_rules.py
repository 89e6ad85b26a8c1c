"""The compare rules: limits, order, repeats, dropped products and reading comparison links. No database."""

import pytest

from compare.services import (
    COMPARE_LIMIT,
    MAX_PARAM_LENGTH,
    MIN_TO_COMPARE,
    SESSION_KEY,
    CompareSelection,
    add_to_selection,
    clear_selection,
    parse_compare_param,
    reconcile,
    remove_from_selection,
    selection_save,
)


def test_the_limits_are_two_to_three():
    assert (MIN_TO_COMPARE, COMPARE_LIMIT) == (2, 3)


def test_picks_keep_the_order_they_were_made_in():
    selection = CompareSelection()
    for slug in ("theragun", "hypervolt", "ekrin"):
        selection = add_to_selection(selection, slug).selection
    assert selection.slugs == ("theragun", "hypervolt", "ekrin")


def test_a_fourth_pick_is_refused_naming_the_limit_and_the_selection_stays_as_it_was():
    # given three picks
    full = CompareSelection(("a", "b", "c"))
    # when a fourth is picked
    result = add_to_selection(full, "d", name="Deep Tissue Stone Set")
    # then it is refused, the message names the limit of 3 and the product, nothing changes
    assert not result.accepted and not result.changed
    assert result.selection == full
    assert "up to 3 products" in result.message
    assert "Deep Tissue Stone Set" in result.message


def test_picking_the_same_product_twice_changes_nothing():
    selection = CompareSelection(("a", "b"))
    result = add_to_selection(selection, "a")
    assert result.accepted and not result.changed
    assert result.selection.slugs == ("a", "b")


def test_a_repeat_pick_is_accepted_even_when_the_selection_is_full():
    result = add_to_selection(CompareSelection(("a", "b", "c")), "b")
    assert result.accepted and result.selection.slugs == ("a", "b", "c")


def test_removing_keeps_the_others_in_order():
    result = remove_from_selection(CompareSelection(("a", "b", "c")), "b")
    assert result.changed and result.selection.slugs == ("a", "c")


def test_removing_a_product_that_was_not_picked_is_harmless():
    result = remove_from_selection(CompareSelection(("a",)), "zzz")
    assert result.accepted and not result.changed and result.selection.slugs == ("a",)


def test_clear_empties_the_selection():
    assert clear_selection(CompareSelection(("a", "b"))).selection == CompareSelection()


@pytest.mark.parametrize(
    ("slugs", "can_compare", "is_full"),
    [((), False, False), (("a",), False, False), (("a", "b"), True, False), (("a", "b", "c"), True, True)],
)
def test_two_picks_are_needed_to_compare_and_three_fill_the_tray(slugs, can_compare, is_full):
    selection = CompareSelection(slugs)
    assert (selection.can_compare, selection.is_full) == (can_compare, is_full)


def test_products_taken_off_sale_drop_out_with_a_note_and_the_rest_keep_their_order():
    # given three picks, one since deactivated and one deleted
    selection = CompareSelection(("a", "gone", "b"))
    # when checked against what is still on sale
    kept, dropped = reconcile(selection, {"a", "b", "unrelated"})
    # then
    assert kept.slugs == ("a", "b")
    assert dropped == ("gone",)
    note = reconcile(selection, {"a", "b"}).note({"gone": "Old Stone Set"})
    assert "“Old Stone Set” is no longer available" in note


def test_nothing_dropped_means_no_note():
    assert reconcile(CompareSelection(("a",)), {"a"}).note() == ""


@pytest.mark.parametrize(
    ("raw", "slugs"),
    [
        ("a,b", ("a", "b")),
        ("  a , b ,c ", ("a", "b", "c")),
        ("A,B", ("a", "b")),
        ("a,a,b,A", ("a", "b")),
        (",,,", ()),
        ("", ()),
        (None, ()),
        ("a,,b,", ("a", "b")),
        ("c,b,a", ("c", "b", "a")),
    ],
)
def test_comparison_links_are_read_trimmed_lower_cased_and_without_repeats(raw, slugs):
    assert parse_compare_param(raw).slugs == slugs


def test_a_link_naming_more_than_three_keeps_the_first_three_with_a_note_naming_the_limit():
    parsed = parse_compare_param("a,b,c,d,e")
    assert parsed.slugs == ("a", "b", "c")
    assert parsed.beyond_limit == ("d", "e")
    assert any("up to 3 products" in note and "first 3" in note for note in parsed.notes)


def test_junk_in_a_link_is_ignored_with_a_note():
    parsed = parse_compare_param("a,<script>,b c,b")
    assert parsed.slugs == ("a", "b")
    assert parsed.invalid_count == 2
    assert parsed.notes


def test_a_3000_character_link_is_read_only_up_to_its_bound():
    raw = ",".join(["x" * 150] * 20)  # 3,019 characters
    parsed = parse_compare_param(raw)
    assert len(raw) > 3000 > MAX_PARAM_LENGTH
    assert parsed.truncated and parsed.slugs == ("x" * 150,)


def test_a_single_overlong_slug_is_not_a_product():
    parsed = parse_compare_param("y" * 3000)
    assert parsed.slugs == ()


def test_a_clean_link_has_no_notes():
    assert parse_compare_param("a,b").notes == ()


@pytest.mark.parametrize("stored", [None, "a,b", 7, {"a": 1}, [1, None, "<b>"]])
def test_a_damaged_session_value_reads_as_an_empty_selection(stored):
    assert CompareSelection.from_stored(stored) == CompareSelection()


def test_a_stored_selection_is_cleaned_deduplicated_and_capped():
    assert CompareSelection.from_stored(["A", "a", "b", "c", "d"]).slugs == ("a", "b", "c")


def test_the_session_holds_a_plain_list_and_an_empty_selection_leaves_no_key():
    session = {}
    selection_save(session=session, selection=CompareSelection(("a", "b")))
    assert session[SESSION_KEY] == ["a", "b"]
    selection_save(session=session, selection=CompareSelection())
    assert SESSION_KEY not in session
