"""The date step: which way a clause looks, what is never a date, anchors and undated articles.

Sentences written for these tests, in several styles (wire, court, markets, feature)."""

from __future__ import annotations

import pytest

pytest.importorskip("spacy")

from knowledge.articles import Article  # noqa: E402
from knowledge.extract import extract_doc, load_nlp  # noqa: E402

WEDNESDAY = "2031-02-19"  # a Wednesday


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


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
