"""Number words, qualifiers and measures: pure rules, no spaCy."""

import pytest

from knowledge.numbers import normalise_measure, parse_number, qualifier_of


@pytest.mark.parametrize(
    ("text", "value"),
    [("five", 5), ("80", 80), ("1,200", 1200), ("a dozen", 12), ("two hundred", 200),
     ("Two", 2), ("twenty-five", 25), ("three thousand", 3000), ("3,000", 3000),
     ("one hundred and twelve", 112), ("2.5 million", 2_500_000), ("Twelve", 12), ("dozens", 24)],
)
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["people", "", "13:00", "many", "first"])
def test_not_numbers(text):
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("before", "qualifier"),
    [("resulting in the deaths of at least", "at least"), ("more than", "more than"),
     ("over", "more than"), ("about", "about"), ("around", "about"), ("up to", "at most"),
     ("fewer than", "at most"), ("killing", "exact"), ("", "exact"), ("According to officials,", "exact")],
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
