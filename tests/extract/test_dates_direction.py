"""The date step: which way a clause looks, what is never a date, anchors and undated articles.

Sentences written for these tests, in several styles (wire, court, markets, feature)."""

from __future__ import annotations

import pytest

pytest.importorskip("spacy")

from knowledge.articles import Article  # noqa: E402
from knowledge.extract import extract_doc  # noqa: E402

WEDNESDAY = "2031-02-19"  # a Wednesday



def _dates(nlp, text: str, published: str = WEDNESDAY) -> dict[str, str]:
    facts = extract_doc(Article(id="t", path="t.txt", text=text, published=published), nlp(text))
    return {d["text"]: d["date"] for d in facts["dates"]}


def _date_of(nlp, text: str, words: str, published: str = WEDNESDAY) -> str:
    found = _dates(nlp, text, published)
    hits = [date for said, date in found.items() if words in said]
    assert hits, f"no date expression with {words!r} in {found}"
    return hits[0]


@pytest.mark.parametrize(("text", "words", "expected"), [
    ("The former mayor will be sentenced June 28, prosecutors said.", "June 28", "2031-06-28"),
    ("Sentencing has been set for June 28.", "June 28", "2031-06-28"),
    ("The judge is scheduled to sentence him on June 28 in Denver.", "June 28", "2031-06-28"),
    ("The ferry operator was arrested on June 28 after a routine inspection.", "June 28", "2030-06-28"),
    ("Investors who bought shares in November lost most of their money.", "November", "2030-11"),
    ("The board will vote on the merger in November.", "November", "2031-11"),
    ("The sales figures for January lifted the shares of both carmakers.", "January", "2031-01"),
])
def test_year_less_dates_follow_the_tense(nlp, text, words, expected):
    assert _date_of(nlp, text, words) == expected


@pytest.mark.parametrize(("text", "words", "expected"), [
    ("On Tuesday, police said the road had reopened.", "Tuesday", "2031-02-18"),
    ("The talks resume on Friday in Geneva.", "Friday", "2031-02-21"),
    ("The council will meet Monday to discuss the budget.", "Monday", "2031-02-24"),
    ("The storm hit the coast on Monday, officials said.", "Monday", "2031-02-17"),
    ("The vote is expected to take place Thursday, with the Senate following on Friday.", "Thursday",
     "2031-02-20"),
    ("Reinholt said on Tuesday that the city was ready to resume talks on Thursday.", "Thursday", "2031-02-20"),
    ("The ministry said the airline was likely to restart flights on Monday.", "Monday", "2031-02-24"),
    ("The union said on Monday it was able to reach members on Sunday.", "Sunday", "2031-02-16"),
])
def test_weekdays_look_back_unless_the_clause_looks_ahead(nlp, text, words, expected):
    assert _date_of(nlp, text, words) == expected


@pytest.mark.parametrize("text", [
    "Sen. Ann Roe (D-Ill.) said the bill was dead.",
    "Rep. Tom Vale, R-Texas, voted against it.",
    "The suspect, a woman in her 40s, fled on foot.",
    "An 18-year-old driver was taken to hospital.",
    "The trial lasted six weeks.",
])
def test_never_dates(nlp, text):
    assert not any(_dates(nlp, text).values())
    assert not any(word in said for said in _dates(nlp, text) for word in ("D-Ill", "R-Texas", "40s", "year-old"))


def test_anchored_expressions_read_against_the_date_named_before(nlp):
    text = ("The plant closed on March 3, 2030. The next day, workers gathered at its gates. "
            "Profit in the third quarter of 2030 fell 4% from a year earlier.")
    found = _dates(nlp, text)
    assert _date_of(nlp, text, "next day") == "2030-03-04"
    assert "2029-Q3" in found.values()


def test_a_clash_of_arrests_the_previous_night(nlp):
    text = "Police made nine arrests Tuesday, compared with 30 the previous night."
    assert _date_of(nlp, text, "previous night") == "2031-02-17"


def test_an_undated_article_infers_its_date_from_a_pinned_weekday(nlp):
    text = ("The city council met on Tuesday, September 19, to approve the 2023 budget. "
            "Members will meet again in October.")
    facts = extract_doc(Article(id="u", path="u.txt", text=text, published=""), nlp(text))
    assert facts["article"]["published_inferred"] == "2023-09-19"
    assert any(d["date"] == "2023-09-19" for d in facts["dates"])


def test_a_dated_article_infers_nothing(nlp):
    text = "The council met on Tuesday, September 19."
    facts = extract_doc(Article(id="d", path="d.txt", text=text, published="2023-09-20"), nlp(text))
    assert facts["article"]["published_inferred"] == ""


def _refs(nlp, text: str) -> dict[str, str]:
    facts = extract_doc(Article(id="r", path="r.txt", text=text, published=WEDNESDAY), nlp(text))
    return {d["text"]: d["ref"] for d in facts["dates"] if d["ref"]}


@pytest.mark.parametrize(("text", "words", "expected"), [
    ("Prices are now falling across the region.", "now", "PRESENT_REF"),
    ("The mill currently employs 300 people.", "currently", "PRESENT_REF"),
    ("“We are not hiring at present,” the manager said.", "at present", "PRESENT_REF"),
    ("Few families can afford a house these days.", "these days", "PRESENT_REF"),
    ("The current system leaves rural clinics without staff.", "current", "PRESENT_REF"),
    ("The company recently said it would cut its dividend.", "recently", "PAST_REF"),
    ("Floods like this one were rare in the past.", "the past", "PAST_REF"),
    ("Tuition has risen sharply in recent years.", "recent years", "PAST_REF"),
    ("The recent storms closed three schools.", "recent", "PAST_REF"),
    ("Engineers hope to test the design in the future.", "the future", "FUTURE_REF"),
    ("The ferry will soon resume its winter timetable.", "soon", "FUTURE_REF"),
    ("Analysts see weaker demand in the coming months.", "coming months", "FUTURE_REF"),
    ("The charge will reduce future losses at the plant.", "future", "FUTURE_REF"),
])
def test_references_to_the_present_past_and_future(nlp, text, words, expected):
    refs = _refs(nlp, text)
    assert [ref for said, ref in refs.items() if words in said] == [expected], refs


@pytest.mark.parametrize(("text", "words"), [
    ("Sales rose 4% in the current quarter.", "current"),
    ("He was arrested soon after the vote.", "soon"),
    ("Shares fell as soon as trading opened.", "soon"),
    ("Volunteers met to discuss the future of the old library.", "future"),
    ("The river has flooded twice in the past three months.", "past"),
])
def test_periods_and_relations_are_not_references(nlp, text, words):
    assert not any(words in said for said in _refs(nlp, text))


def test_a_reference_is_no_calendar_date(nlp):
    text = "Prices are now falling, and the company recently said it would cut jobs in the future."
    facts = extract_doc(Article(id="r", path="r.txt", text=text, published=WEDNESDAY), nlp(text))
    refs = [d for d in facts["dates"] if d["ref"]]
    assert len(refs) == 3
    assert all(d["date"] == "" and d["precision"] == "" and d["partial"] == "" for d in refs)


def test_when_lists_no_reference_as_a_date(tmp_path):
    from knowledge.store import StoreHandle, load_store
    from tests.conftest import TestBot, build_into

    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.md").write_text(
        "---\ntitle: Harbour crane\npublished: 2031-02-19\n---\n"
        "The harbour crane now lifts twice the old load, the port recently said.\n\n"
        "Dockers will soon work night shifts beside the crane.\n", encoding="utf-8")
    bot = TestBot(handle=StoreHandle(load_store(build_into(articles, tmp_path / "store.json"))))
    for question in ("/when harbour crane lifts load", "/when dockers night shifts", "/when"):
        reply = bot.ask(question)
        for words in ("“now”", "“recently”", "“soon”", "2031"):
            assert words not in reply.text, (question, reply.text)


def _rows(nlp, text: str, published: str = WEDNESDAY) -> list[dict]:
    return extract_doc(Article(id="m", path="m.txt", text=text, published=published), nlp(text))["dates"]


@pytest.mark.parametrize(("text", "words", "expected"), [
    ("The council will probably approve the budget Friday morning.", "Friday", "2031-02-21"),
    ("Negotiators will likely sign the accord Thursday night, diplomats said.", "Thursday", "2031-02-20"),
    ("The rail strike is set to begin Monday afternoon.", "Monday", "2031-02-24"),
    ("The regulator could rule on the takeover as early as Friday.", "Friday", "2031-02-21"),
    ("The new toll would take effect on March 1.", "March 1", "2031-03-01"),
    ("Tenants must do so before Oct. 5, the landlord wrote.", "Oct. 5", "2031-10-05"),
    ("No patient will lose coverage before March 5.", "March 5", "2031-03-05"),
    ("The judge is expected to rule in May.", "May", "2031-05"),
    ("The benefits run until March 5 of next year.", "March 5", "2032-03-05"),
    ("The museum reopens in June next year.", "June", "2032-06"),
    ("The crew hopes to finish the tunnel by Friday.", "Friday", "2031-02-21"),
    ("Both parties face a Friday deadline to file.", "Friday", "2031-02-21"),
    ("The printer missed a Monday deadline.", "Monday", "2031-02-17"),
])
def test_future_cues_with_modals_adverbs_and_parts_of_the_day(nlp, text, words, expected):
    assert _date_of(nlp, text, words) == expected


def test_a_weekday_with_a_part_of_the_day_is_one_expression(nlp):
    assert "Saturday night" in _dates(nlp, "Fans celebrated Saturday night in the main square.")
    assert _date_of(nlp, "Fans celebrated Saturday night in the main square.", "Saturday") == "2031-02-15"


@pytest.mark.parametrize(("text", "words"), [
    ("Lawmakers voted to repeal the 2019 directive.", "2019"),
    ("Turnout fell short of the 2028 election.", "2028"),
    ("Critics pointed to the 1996 law on broadcasting.", "1996"),
    ("The Jan. 3 memo was shown to the committee.", "Jan. 3"),
    ("Opponents attacked Tuesday's vote in the chamber.", "Tuesday"),
])
def test_a_date_naming_a_thing_is_a_modifier(nlp, text, words):
    rows = [r for r in _rows(nlp, text) if words in r["text"]]
    assert rows and rows[0]["date"] and rows[0]["modifier"], rows


@pytest.mark.parametrize(("text", "words"), [
    ("The bridge reopened on Tuesday after repairs.", "Tuesday"),
    ("The firm was founded in 1996 in a garage.", "1996"),
    ("Earlier this week, the bank raised its rates.", "this week"),
    ("The mill closed at the end of January.", "January"),
])
def test_a_date_that_times_the_clause_is_no_modifier(nlp, text, words):
    rows = [r for r in _rows(nlp, text) if words in r["text"]]
    assert rows and rows[0]["date"] and not rows[0]["modifier"], rows


@pytest.mark.parametrize(("text", "words", "expected"), [
    ("Storms battered the coast this weekend.", "weekend", "2031-02-15"),
    ("Volunteers cleared the beach last weekend, organisers said.", "weekend", "2031-02-15"),
    ("The festival will draw crowds this weekend.", "weekend", "2031-02-22"),
    ("Two climbers were rescued over the weekend.", "weekend", "2031-02-15"),
])
def test_weekends_are_dated_by_their_saturday(nlp, text, words, expected):
    rows = [r for r in _rows(nlp, text) if words in r["text"]]
    assert rows and (rows[0]["date"], rows[0]["precision"]) == (expected, "weekend"), rows


@pytest.mark.parametrize(("text", "words", "published", "expected"), [
    ("Shares of the brewer, down from $41.20 in March, steadied.", "March", "2030-10-14", "2030-03"),
    ("The April report was withdrawn.", "April", "2030-11-03", "2030-04"),
    ("Payments are due Dec. 15 under the plan.", "Dec. 15", "2030-10-20", "2030-12-15"),
    ("The sale, expected by January, would end the dispute.", "January", "2030-11-10", "2031-01"),
])
def test_a_month_without_tense_prefers_the_recent_past(nlp, text, words, published, expected):
    assert _date_of(nlp, text, words, published) == expected


def test_a_date_ends_at_the_comma_before_days_after(nlp):
    """ "in October 2023, days after police searched his office": the date is "in October 2023" (the
    parser's entity ran on into the vague "days" of the phrase after it)."""
    found = _dates(nlp, "Quint resigned as minister in October 2023, days after police searched his office.")
    assert found == {"in October 2023": "2023-10"}, found
