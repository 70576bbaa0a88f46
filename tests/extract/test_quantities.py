"""The quantity step: every amount an article states, on sentences written for these tests in several
styles (wire "police said", broadsheet "Mr. X", tabloid exclamations, title-case headlines), and the
numbers that are never amounts (dates, ages, clock times, addresses, ranks, identifiers)."""

from __future__ import annotations

import pytest

pytest.importorskip("spacy")

from knowledge.articles import Article  # noqa: E402
from knowledge.extract import extract_doc  # noqa: E402



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
    "It was the first citywide transit strike in two decades.",  # the span a superlative is measured over
    "Unemployment rose to its highest level in a decade.",
    "Prices rose for the first time in 18 months.",
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


# --- qualifiers written as phrases ----------------------------------------------------------

@pytest.mark.parametrize(("text", "written", "qualifier"), [
    ("Investigators say the mayor took perks valued at a minimum of $82,000 from contractors.",
     "a minimum of $82,000", "at least"),
    ("The reform caps awards at a maximum of $30,000 per claimant.", "a maximum of $30,000", "at most"),
    ("No fewer than 35 trawlers were impounded, the coast guard said.", "No fewer than 35", "at least"),
    ("Upwards of 9,000 fans packed the stadium!", "Upwards of 9,000", "more than"),
    ("As many as 420 jobs could go at the plant.", "As many as 420", "up to"),
    ("Roughly 1,300 ballots were rejected.", "Roughly 1,300", "about"),
    ("Some 250 volunteers combed the woods.", "Some 250", "about"),
    ("She ran up nearly $14,000 in bills at two boutiques.", "nearly $14,000", "nearly"),
    ("More Than 610,000 Students Enrolled, Officials Say", "More Than 610,000", "more than"),
    ("Nearly 900,000 households signed up last year.", "Nearly 900,000", "nearly"),
])
def test_qualifier_phrases_are_kept_with_the_amount(nlp, text, written, qualifier):
    n = _one(nlp, text, written.split()[-1])
    assert n["text"].startswith(written) and n["qualifier"] == qualifier


def test_a_bound_noun_passes_the_measure_to_what_it_bounds(nlp):
    n = _one(nlp, "Investigators say the mayor took perks valued at a minimum of $82,000.", "82,000")
    assert n["measure"].startswith("perk") and n["claimant"] == "Investigators"
    fines = _one(nlp, "The couple could face fines totaling well over $2 million.", "2 million")
    assert (fines["measure"], fines["qualifier"]) == ("fine", "more than")


# --- vague durations ------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "written", "unit"), [
    ("If convicted, the treasurer could face decades in prison.", "decades", "decades"),
    ("After years of delays, the tunnel finally opened.", "years", "years"),
    ("The capital has endured months of protests.", "months", "months"),
    ("Mr. Alder served on the bench for years before retiring.", "years", "years"),
])
def test_vague_durations(nlp, text, written, unit):
    n = _one(nlp, text, written)
    assert (n["kind"], n["unit"], n["vague"], n["qualifier"], n["measure"]) == \
        ("duration", unit, True, "at least", "duration")


def test_terms_and_years_of_service_are_durations(nlp):
    text = ("The confirmation of Mr. Voss, a three-term senator, was never in doubt. "
            "He retired with 22 years of service in the Navy.")
    terms = _one(nlp, text, "three-term")
    assert (terms["kind"], terms["unit"], terms["value"]) == ("duration", "terms", 3)
    service = _one(nlp, text, "22 years")
    assert (service["kind"], service["subject"]) == ("duration", "service")


# --- fractions, ranges, currencies ----------------------------------------------------------

def test_fractions_are_shares_of_what_follows(nlp):
    text = "Half of the tenants moved out. Two-thirds of the council backed the plan; a quarter of voters stayed home."
    half = _one(nlp, text, "Half")
    assert (half["text"], half["value"], half["kind"], half["subject"]) == \
        ("Half of the tenants", 50, "percent", "tenants")
    assert _one(nlp, text, "Two-thirds")["value"] == 66.67
    assert _one(nlp, text, "quarter")["value"] == 25


def test_a_range_keeps_both_ends(nlp):
    text = ("Between 120 and 180 migrants were rescued off the island. "
            "The contract is worth between $19 and $22 million. Repairs will take between two and three weeks.")
    migrants = _one(nlp, text, "120")
    assert (migrants["text"], migrants["measure"], migrants["verb"]) == \
        ("Between 120 and 180 migrants", "rescued", "rescue")
    money = _one(nlp, text, "$19")
    assert (money["text"], money["value"], money["qualifier"]) == ("between $19 and $22 million", 19_000_000,
                                                                   "at least")
    assert _one(nlp, text, "two and three")["unit"] == "weeks"


@pytest.mark.parametrize(("text", "written", "value", "unit"), [
    ("The airline was fined €3.1m by the regulator.", "€3.1m", 3_100_000, "EUR"),
    ("The club paid £40bn? No: it paid £4bn for the stadium.", "£4bn", 4_000_000_000, "GBP"),
    ("Toyota lost ¥20 billion in the quarter.", "¥20 billion", 20_000_000_000, "JPY"),
    ("The gala raised $250k for the shelter.", "$250k", 250_000, "USD"),
])
def test_currencies_and_short_scales(nlp, text, written, value, unit):
    n = _one(nlp, text, written)
    assert (n["text"], n["value"], n["unit"], n["kind"]) == (written, value, unit, "money")


# --- measures that line up across outlets ---------------------------------------------------

@pytest.mark.parametrize("text", [
    "He spent $61,000 in campaign cash on furniture.",  # wire
    "She was accused of spending $61,000 in campaign funds on jewelry.",  # broadsheet
    "He admitted his use of $61,000 in campaign money for holidays.",  # nominal
    "The pair used the $61,000 in campaign money to redecorate.",  # verb, another outlet
])
def test_general_money_is_measured_by_what_is_done_with_it(nlp, text):
    assert _one(nlp, text, "61,000")["measure"] == "spending"


def test_money_of_a_noun_or_in_a_noun(nlp):
    text = ("The indictment seeks the forfeiture of more than $90,000. "
            "She received more than $160,000 in gifts and loans.")
    assert _one(nlp, text, "90,000")["measure"] == "forfeiture"
    assert _one(nlp, text, "160,000")["measure"] == "gifts"


@pytest.mark.parametrize(("text", "written", "subject"), [
    ("Latest tracking: Alvarez 54%, Brandt 41%.", "54%", "Alvarez"),
    ("In the survey, 64 percent think the economy is getting worse.", "64 percent", ""),
])
def test_poll_shares(nlp, text, written, subject):
    n = _one(nlp, text, written)
    assert (n["measure"], n["subject"]) == ("poll", subject)


# --- claimants come from the amount's own sentence ------------------------------------------

def test_claimant_not_taken_across_a_paragraph_or_from_vague_speakers(nlp):
    text = ("The Senate rejected the measure on Tuesday.\n\n"
            "The House then voted 302-111 to override the veto.\n\n"
            "Several local stations are reporting that arson is suspected. The fire spread to 4,000 acres. "
            "They said the loan was $25,000.")
    assert _one(nlp, text, "302-111")["claimant"] == ""
    assert _one(nlp, text, "4,000")["claimant"] == ""
    assert _one(nlp, text, "25,000")["claimant"] == ""


def test_claimant_kept_when_a_statement_runs_on_in_its_paragraph(nlp):
    text = "Police stated that a tanker overturned near the border. Three people were killed in the crash."
    assert _one(nlp, text, "Three")["claimant"] == "Police"


def test_a_phrase_holding_the_amount_never_claims_it(nlp):
    assert _one(nlp, "The 12-count indictment alleges bribery.", "12")["claimant"] == ""


@pytest.mark.parametrize(("text", "written", "unit"), [
    ("The offer values the brewer at 41 dollars a share, its board said.", "41 dollars", "share"),
    ("Brent crude fell to $78.40 a barrel on Monday.", "$78.40", "barrel"),
    ("Cleaners will earn £12.50 an hour from April.", "£12.50", "hour"),
    ("Tickets cost €9 per person, the council said.", "€9", "person"),
])
def test_a_rate_is_measured_per_its_unit(nlp, text, written, unit):
    assert _one(nlp, text, written)["measure"] == f"per {unit}"


def test_a_sum_before_a_time_ago_is_no_rate(nlp):
    claim = _one(nlp, "The shares traded at $30 a year ago.", "$30")
    assert not claim["measure"].startswith("per ")


@pytest.mark.parametrize(("text", "written", "value"), [
    ("Brent crude fell to $78.40 a barrel on Monday.", "$78.40", 78.4),
    ("Cleaners will earn £12 an hour from April.", "£12", 12),
    ("The agency counted 40 one-room shelters.", "40", 40),
])
def test_a_word_after_digits_is_never_added_to_the_number(nlp, text, written, value):
    assert _one(nlp, text, written)["value"] == value


@pytest.mark.parametrize(("text", "written", "measure"), [
    ("The number of measles cases in the district has risen to 52, the agency said.", "52", "measles cases"),
    ("The total of arrests stood at 31 on Sunday.", "31", "arrests"),
])
def test_the_number_of_things_counts_the_things(nlp, text, written, measure):
    assert _one(nlp, text, written)["measure"] == measure


@pytest.mark.parametrize("text, written, measure", [
    ("The former mayor took bribes worth 1.8 million euros in exchange for building permits.", "1.8 million", "bribe"),
    ("He admitted accepting gifts worth $40,000 from a contractor.", "$40,000", "gifts"),
    ("Shareholders backed a takeover by Lindqvist Holdings worth $655 million.", "$655 million", "takeover"),
    ("The deal is worth $2 billion, the company said.", "$2 billion", "deal"),
])
def test_the_noun_before_worth_is_what_the_sum_is_of(nlp, text, written, measure):
    """However the parser hangs "worth" (on the verb, or on a name closing a phrase), the sum is of
    the noun written before it (was "exchange" from "in exchange for", or the verb "back")."""
    assert _one(nlp, text, written)["measure"] == measure


@pytest.mark.parametrize(("text", "written", "value"), [
    ("A magnitude 6.8 earthquake struck the north early on Tuesday.", "6.8", 6.8),
    ("The quake had a magnitude of 7.1, the institute said.", "7.1", 7.1),
    ("Two days after a 6.7-magnitude earthquake devastated the town, aid arrived.", "6.7", 6.7),
])
def test_a_magnitude_before_or_after_its_number(nlp, text, written, value):
    """ "A magnitude 6.8 earthquake" was read as one magnitude ("A magnitude") and a count of earthquakes."""
    claim = _one(nlp, text, written)
    assert (claim["value"], claim["unit"]) == (value, "magnitude")
    assert not [n for n in _numbers(nlp, text) if n["text"].lower() in ("a magnitude",)]
