"""The quantity step: every amount an article states, on sentences written for these tests in several
styles (wire "police said", broadsheet "Mr. X", tabloid exclamations, title-case headlines), and the
numbers that are never amounts (dates, ages, clock times, addresses, ranks, identifiers)."""

from __future__ import annotations

import pytest

pytest.importorskip("spacy")

from knowledge.articles import Article  # noqa: E402
from knowledge.extract import extract_doc, load_nlp  # noqa: E402


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def _numbers(nlp, text: str) -> list[dict]:
    facts = extract_doc(Article(id="t", path="t.txt", text=text, published="2031-06-02"), nlp(text))
    for n in facts["numbers"]:
        assert text[n["start"]:n["end"]] == n["text"]  # a verbatim slice of the article
    return facts["numbers"]


def _one(nlp, text: str, written: str) -> dict:
    """The claim whose text holds ``written`` (exactly one must)."""
    found = [n for n in _numbers(nlp, text) if written in n["text"]]
    assert len(found) == 1, [(n["text"], n["measure"]) for n in _numbers(nlp, text)]
    return found[0]


# --- counts ---------------------------------------------------------------------------------

def test_wire_arrests_counted_either_way(nlp):
    text = ("Officers made at least 31 arrests overnight, a police spokeswoman said. "
            "On Friday they arrested 58 people near the depot.")
    a = _one(nlp, text, "31")
    assert (a["value"], a["qualifier"], a["measure"], a["kind"]) == (31, "at least", "arrested", "count")
    b = _one(nlp, text, "58")
    assert (b["measure"], b["subject"], b["verb"]) == ("arrested", "people", "arrest")


def test_things_destroyed_and_counted_by_their_noun(nlp):
    text = ("More than 1,700 homes were destroyed by the flames, the fire marshal said. "
            "There have been four separate inquiries.")
    homes = _one(nlp, text, "1,700")
    assert (homes["value"], homes["qualifier"], homes["measure"]) == (1700, "more than", "homes destroyed")
    assert homes["claimant"] == "fire marshal"
    assert homes["text"] == "More than 1,700 homes"
    assert _one(nlp, text, "four")["measure"] == "inquiries"


def test_a_bare_number_after_compared_to_takes_the_count_before_it(nlp):
    text = "The sheriff said there were nine arrests Sunday, compared to 26 the night before."
    later = _one(nlp, text, "26")
    assert (later["value"], later["measure"]) == (26, "arrested")


def test_headline_style_title_case(nlp):
    n = _one(nlp, "Police Make 47 Arrests As Crowds Return To Square", "47")
    assert (n["value"], n["measure"]) == (47, "arrested")


# --- vague amounts --------------------------------------------------------------------------

def test_vague_amounts(nlp):
    text = ("Scores of volunteers arrived by boat. Tens of thousands of households lost power, "
            "and the mayor visited the shelter twice.")
    scores = _one(nlp, text, "Scores")
    assert scores["vague"] and scores["qualifier"] == "at least"
    tens = _one(nlp, text, "Tens of thousands")
    assert tens["vague"] and tens["value"] == 20_000 and tens["subject"] == "households"
    twice = _one(nlp, text, "twice")
    assert (twice["value"], twice["unit"], twice["vague"], twice["verb"]) == (2, "times", True, "visit")


# --- money ----------------------------------------------------------------------------------

def test_tabloid_price_of_an_item(nlp):
    n = _one(nlp, "The tycoon flaunted a $61,900 diamond-encrusted Cartier bracelet at the gala!", "61,900")
    assert (n["text"], n["value"], n["kind"], n["unit"]) == ("$61,900", 61900, "money", "USD")
    assert n["measure"] == "bracelet" and n["subject"] == "Cartier bracelet"


def test_money_with_cents_and_what_it_paid_for(nlp):
    n = _one(nlp, "Records show the senator charged a $3,214.60 weekend at a lakeside spa to donors.", "3,214.60")
    assert n["value"] == 3214.6 and n["measure"] == "weekend"


def test_income_whether_the_noun_or_only_the_verb_says_so(nlp):
    text = ("The couple earned about $212 million over eight years. "
            "Their returns list $208 million in adjusted gross income.")
    earned = _one(nlp, text, "212")
    assert (earned["value"], earned["qualifier"], earned["measure"], earned["verb"]) == \
        (212_000_000, "about", "income", "earn")
    listed = _one(nlp, text, "208")
    assert (listed["measure"], listed["subject"]) == ("income", "adjusted gross income") or \
        listed["measure"] == "income"


def test_funds_raised_and_their_claimant(nlp):
    n = _one(nlp, "Her campaign raised nearly $3.4 million in the quarter, filings show.", "3.4")
    assert (n["value"], n["qualifier"], n["measure"], n["claimant"]) == \
        (3_400_000, "nearly", "funds raised", "filings")


# --- percent, quantity, duration ------------------------------------------------------------

def test_percentages(nlp):
    text = ("A statewide survey found 58 percent oppose the toll. "
            "Inflation slowed to 2.7 percent in May. Only 12 percent of voters were undecided.")
    oppose = _one(nlp, text, "58")
    assert (oppose["kind"], oppose["unit"], oppose["measure"], oppose["verb"], oppose["claimant"]) == \
        ("percent", "percent", "oppose", "oppose", "statewide survey")
    assert _one(nlp, text, "2.7")["measure"] == "inflation"
    assert _one(nlp, text, "12 percent")["measure"] == "voters"


def test_quantities_with_units(nlp):
    n = _one(nlp, "The freighter spilled almost 900 tonnes of diesel off the cape.", "900")
    assert (n["kind"], n["unit"], n["measure"], n["subject"], n["qualifier"]) == \
        ("quantity", "tonnes", "tonnes", "diesel", "nearly")


def test_durations_exact_and_vague(nlp):
    text = ("After 19 days of strikes, the port reopened. "
            "The valley has endured more than a month of drought.")
    strikes = _one(nlp, text, "19 days")
    assert (strikes["kind"], strikes["unit"], strikes["subject"]) == ("duration", "days", "strikes")
    month = _one(nlp, text, "a month")
    assert (month["text"], month["qualifier"], month["vague"], month["measure"]) == \
        ("more than a month", "more than", True, "duration")


# --- tallies --------------------------------------------------------------------------------

def test_vote_tallies(nlp):
    text = ("The Assembly passed the measure 61-17 on Thursday. Senators then voted 29 to 9 to adopt it. "
            "It cleared committee by a vote of 11-2.")
    assert [(n["text"], n["value"], n["kind"], n["measure"]) for n in _numbers(nlp, text)] == [
        ("61-17", 61, "tally", "votes"), ("29 to 9", 29, "tally", "votes"), ("11-2", 11, "tally", "votes")]


def test_a_range_is_not_a_tally(nlp):
    kinds = [(n["text"], n["kind"]) for n in _numbers(nlp, "Support rose from 40 to 45 percent.")]
    assert ("45 percent", "percent") in kinds
    assert not any(k == "tally" for _, k in kinds)


# --- never amounts --------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The hearing is set for June 28, and the ruling came in 2013.",  # dates, years
    "She has led the caucus since 2002.",  # a year after since
    "The 18-year-old and his brother, aged 52, were not charged.",  # ages
    "Ms. Ortega, 44, said the office, a woman in her 40s, was calm.",  # ages
    "The vote is scheduled for 2 p.m. and ends at 7:30.",  # clock times
    "The protest moved to 1600 Pennsylvania Avenue.",  # an address
    "The team is ranked No. 3 and finished second.",  # ranks and ordinals
    "Lawmakers debated H.R. 3162 and Section 8 of the act.",  # bill and section numbers
    "Call the hotline at 555-0199 for details.",  # a phone number
    "Rep. Dana Fisk (D-Ore.) spoke first on Route 66.",  # a party tag and a road
    "Flight 409 landed safely.",  # an identifier
    "The ferry leaves at 0730 GMT and returns at 1915 local time.",  # clock times in four digits
    "Polls opened at 0600 hours; the count began at 21:45.",  # military and colon clock times
    "The mine collapsed in the first half of 2024.",  # a half of a year is a date
    "The worst flooding in decades hit the coast years ago.",  # idioms of time, not durations
])
def test_never_amounts(nlp, text):
    assert _numbers(nlp, text) == []


def test_casualties_keep_their_measures_and_claimants(nlp):
    text = "At least nine people were killed and 40 were injured, according to the health ministry."
    got = [(n["measure"], n["value"], n["qualifier"], n["claimant"], n["kind"]) for n in _numbers(nlp, text)]
    assert ("killed", 9, "at least", "health ministry", "count") in got
    assert ("injured", 40, "exact", "health ministry", "count") in got


def test_short_scales_and_shares(nlp):
    text = "The bank was fined £2.7m on Monday. One in five tenants is behind on rent."
    fine = _one(nlp, text, "2.7")
    assert (fine["text"], fine["value"], fine["unit"], fine["measure"]) == ("£2.7m", 2_700_000, "GBP", "fine")
    share = _one(nlp, text, "One in five")
    assert (share["value"], share["kind"], share["subject"]) == (20, "percent", "tenants")


def test_a_later_figure_takes_the_measure_of_the_one_it_is_compared_with(nlp):
    n = _one(nlp, "Exports rose to 4.2 million tonnes, up from 3.9 million.", "3.9")
    assert (n["kind"], n["unit"], n["measure"]) == ("quantity", "tonnes", "tonnes")


def test_poll_splits_and_compound_nouns(nlp):
    text = "Seniors backed the mayor by 58-41 percent. She won in three county council races."
    split = _one(nlp, text, "58-41")
    assert (split["text"], split["kind"], split["unit"]) == ("58-41 percent", "tally", "percent")
    assert _one(nlp, text, "three")["measure"] == "races"
