"""Number words, qualifiers and measures: pure rules, no spaCy."""

import pytest

from knowledge.numbers import (
    is_clock, is_phone, is_year, normalise_measure, parse_number, qualifier_at, qualifier_of, tally_of,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [("five", 5), ("80", 80), ("1,200", 1200), ("a dozen", 12), ("two hundred", 200),
     ("Two", 2), ("twenty-five", 25), ("three thousand", 3000), ("3,000", 3000),
     ("one hundred and twelve", 112), ("2.5 million", 2_500_000), ("Twelve", 12), ("dozens", 24),
     ("5,587.75", 5587.75), ("4.1", 4.1), ("hundreds of thousands", 100_000), ("twice", 2)],
)
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["people", "", "13:00", "many", "first", "134-63", "9/11"])
def test_not_numbers(text):
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("before", "qualifier"),
    [("resulting in the deaths of at least", "at least"), ("more than", "more than"),
     ("over", "more than"), ("about", "about"), ("around", "about"), ("up to", "up to"),
     ("fewer than", "less than"), ("nearly", "nearly"), ("no more than", "at most"), ("killing", "exact"), ("", "exact"), ("According to officials,", "exact")],
)
def test_qualifiers(before, qualifier):
    assert qualifier_of(before) == qualifier


@pytest.mark.parametrize(
    ("word", "measure"),
    [("killed", "killed"), ("dead", "killed"), ("deaths", "killed"), ("died", "killed"),
     ("wounded", "injured"), ("injured", "injured"), ("casualties", "casualties"),
     ("arrested", "arrested"), ("displaced", "displaced"), ("evacuated", "evacuated"),
     ("accidents", ""), ("km", "")],
)
def test_measures(word, measure):
    assert normalise_measure(word) == measure


def test_tallies_years_and_phones():
    assert tally_of("134-63") == (134, 63)
    assert tally_of("98 to 96") == (98, 96)
    assert tally_of("2,000") is None
    assert is_year("2013") and not is_year("2,013") and not is_year("4500")
    assert is_phone("555-0142") and is_phone("(202) 555-0142") and not is_phone("134-63")


@pytest.mark.parametrize(
    ("before", "qualifier"),
    [("gifts valued at a minimum of", "at least"), ("a maximum sentence of", "at most"),
     ("no fewer than", "at least"), ("upwards of", "more than"), ("As many as", "up to"),
     ("roughly", "about"), ("Some", "about"), ("Nearly", "nearly"), ("between", "at least")],
)
def test_qualifier_phrases(before, qualifier):
    assert qualifier_of(before) == qualifier


def test_qualifier_starts_where_the_phrase_starts():
    assert qualifier_at("he accepted gifts valued at a minimum of") == ("at least", 28)
    assert qualifier_at("he said") == ("exact", 7)


def test_clock_times_in_four_digits():
    assert is_clock("2100", "GMT") and is_clock("0800", "local") and is_clock("1430", "hours")
    assert not is_clock("2100", "people") and not is_clock("2575", "GMT") and not is_clock("800", "GMT")
