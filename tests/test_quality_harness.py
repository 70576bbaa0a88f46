"""The quality harness scores a reply the way shared/eval/score.py does, and matches names sensibly."""

from bench.quality.components import same_name
from bench.quality.dev import NOT_FOUND, norm, score_replies

CASES = [
    {"q": "/who Tilda Marsh", "text": ["harbou?r master"], "cite": ["a1"], "nocite": ["b2"]},
    {"q": "/who Nobody Here", "ok": False},
]
TEXTS = {"a1_wire": norm("Tilda Marsh, the harbour master, said the port would reopen."), "b2_daily": "x"}


def reply(text: str, article: str, quote: str, ok: bool = True) -> dict:
    return {"ok": ok, "text": text, "citations": [{"article": article, "quote": quote}]}


def test_a_reply_with_the_text_the_citation_and_a_verbatim_quote_passes() -> None:
    result = score_replies(CASES, [reply("Harbour master [1]", "a1", "Tilda Marsh, the harbour master, said"),
                                   {"ok": False, "text": "", "citations": []}], TEXTS)
    assert result.passed["/who"] == 1 and result.passed[NOT_FOUND] == 1
    assert (result.verbatim, result.quotes) == (1, 1)


def test_missing_text_wrong_citations_and_edited_quotes_fail() -> None:
    result = score_replies(CASES, [reply("master [1]", "b2", "the harbor master said"),
                                   reply("found", "a1", "Tilda Marsh")], TEXTS)
    assert sum(result.passed.values()) == 0
    assert result.verbatim == 1 and result.quotes == 2  # only the second quote stands in a1
    assert "wrongly cites b2" in result.failures[0] and "no citation of a1" in result.failures[0]


def test_speaker_names_match_with_titles_or_surname_but_not_another_given_name() -> None:
    assert same_name("Mayor Hollis Grange", "Hollis Grange")
    assert same_name("Grange", "Hollis Grange")
    assert not same_name("Ann Grange", "Hollis Grange")
    assert not same_name("the mayor", "Hollis Grange")
