import pytest

from content.formatting import count_words, reading_time_minutes


@pytest.mark.parametrize(
    ("words", "minutes"),
    [(0, 1), (1, 1), (220, 1), (221, 2), (440, 2), (441, 3), (2200, 10)],
)
def test_reading_time_is_one_minute_per_220_words_rounded_up(words, minutes):
    assert reading_time_minutes(words) == minutes


def test_reading_time_follows_a_slower_reader():
    assert reading_time_minutes(300, words_per_minute=100) == 3


@pytest.mark.parametrize(
    ("text", "words"),
    [("", 0), ("Press, hold; release.", 3), ("don't over-work the trapezius", 4), ("  \n  ", 0)],
)
def test_count_words(text, words):
    assert count_words(text) == words
