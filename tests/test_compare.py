"""/compare on a small folder of three stories (a ferry sinking, a council budget, a museum theft)."""

from __future__ import annotations

from pathlib import Path

import pytest

from handlers.compare_excerpt import ELLIPSIS, focus
from handlers.compare_topic import TermGroup
from tests.conftest import TestBot, bot_over

CORPUS = Path(__file__).resolve().parent / "fixtures" / "compare"
OTHER_STORIES = ("Marlow", "Halvorsen", "Kessler", "Osswald", "Evening Post", "County Ledger")


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> TestBot:
    return bot_over(CORPUS, tmp_path_factory)


def _line(text: str, start: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(start))


def test_numbers_line_up_by_measure_with_claimants(bot: TestBot) -> None:
    reply = bot.ask("/compare deaths")
    assert reply.ok
    killed = _line(reply.text, "• killed:")
    assert "at least 12" in killed and "Varnholm coast guard" in killed
    assert "9" in killed and "Interior Ministry" in killed
    assert "died in the sinking" in reply.text  # what the source says, in its own words
    bot.assert_quotes_verbatim(reply)


def test_no_line_comes_from_another_story(bot: TestBot) -> None:
    for topic in ("deaths", "Tomas Elverin", "Brellick", "the vigil"):
        reply = bot.ask(f"/compare {topic}")
        assert reply.ok, topic
        assert {c.article.split("-")[0] for c in reply.citations} == {"ferry"}, topic
        assert not any(name in reply.text for name in OTHER_STORIES), topic
        assert "In the story ‘" in reply.text and "3 articles" in reply.text


def test_titles_each_source_gives_a_person(bot: TestBot) -> None:
    titles = _line(bot.ask("/compare Tomas Elverin").text, "• Tomas Elverin:")
    assert "spokesman" in titles and "Northern Courier" in titles
    assert "chief executive" in titles and "Valley Gazette" in titles


def test_names_show_who_uses_which(bot: TestBot) -> None:
    reply = bot.ask("/compare Port Aundry")
    names = reply.text.split("*Names*")[1]
    assert "“Brellick”: Northern Courier" in names and "“Port Aundry”: Valley Gazette" in names
    assert "by Interior Ministry" in names and "by Varnholmers" in names
    assert "Say nothing about it" not in reply.text  # every article names the town, by one name or the other


def test_one_source_is_said_plainly_and_the_rest_of_the_story_is_silent(bot: TestBot) -> None:
    reply = bot.ask("/compare the vigil")
    assert "only Harbor Times says anything about it" in reply.text
    assert "hold a vigil on Friday" in reply.text
    silent = _line(reply.text, "*Say nothing about it:*")
    assert "Northern Courier" in silent and "Valley Gazette" in silent
    assert "Marlow Herald" not in silent and "Evening Post" not in silent
    assert {c.article for c in reply.citations} == {"ferry-times"}


def test_nothing_above_the_floor_is_not_found(bot: TestBot) -> None:
    for topic in ("volcanic eruption", "storm warnings at the museum"):
        reply = bot.ask(f"/compare {topic}")
        assert not reply.ok and not reply.citations, topic
        assert reply.suggestions


def test_excerpt_is_a_verbatim_slice_around_the_topic() -> None:
    sentence = ("Officials from three agencies met on Tuesday in the regional capital to review the plans "
                "for next year, and after a long debate they agreed that the old harbour bridge would close "
                "for repairs in the spring.")
    bridge = TermGroup("bridg", frozenset({"bridg", "bridge"}), 3.0, False)
    excerpt = focus(sentence, (bridge,), limit=80)
    assert "harbour bridge" in excerpt and excerpt.startswith(ELLIPSIS)
    assert excerpt.strip(ELLIPSIS) in sentence
    assert len(excerpt) <= 80 + 2 * len(ELLIPSIS)
    assert focus("A short sentence.", (bridge,)) == "A short sentence."


def test_inside_the_story_the_topics_verb_finds_sentences_saying_little_else(events_bot: TestBot) -> None:
    # "Last autumn it passed by a show of hands": the bill is in the title, "first" in the lead
    reply = events_bot.ask("/compare how the river bill first passed")
    assert "show of hands" in reply.text
    assert "without a recorded vote" in reply.text
    assert "override" not in reply.text.split("\n", 2)[2]  # the first override is not how it first passed
    assert {c.article for c in reply.citations} <= {"veto-courier", "veto-herald", "veto-post"}
    events_bot.assert_quotes_verbatim(reply)


def test_names_what_each_source_calls_the_topics_referent(events_bot: TestBot) -> None:
    # "the Tidewater Commons project", "the right to build the Lantern Hall", a quoted label in a title
    reply = events_bot.ask("/compare the planned library near the harbor")
    called = _line(reply.text, "• what it is called:")
    assert "Tidewater Commons" in called and "Valley Courier" in called
    assert "Lantern Hall" in called and "Northern Herald" in called
    assert "harbor palace" in called and "in its title" in called
    assert "Ilse Varga" not in called and "Corran" not in called  # people and places are not its names
    events_bot.assert_quotes_verbatim(reply)


RELATION = Path(__file__).resolve().parent / "fixtures" / "relation"


@pytest.fixture(scope="module")
def relation_bot(tmp_path_factory: pytest.TempPathFactory) -> TestBot:
    """One trial told by two outlets that call the defendant's wife by different names."""
    return bot_over(RELATION, tmp_path_factory)


def test_a_relation_topic_shows_how_each_source_names_the_related_person(relation_bot: TestBot) -> None:
    reply = relation_bot.ask("/compare Harlan Voss's wife")
    assert reply.ok
    named = _line(reply.text, "• Harlan Voss's wife:")
    assert "Katherine" in named and "County Ledger" in named
    assert "Kit" in named and "Evening Post" in named
    assert "Delia Marsh" not in named  # his lawyer, not his wife
    relation_bot.assert_quotes_verbatim(reply)


def test_a_relation_topic_finds_the_lawyer_by_either_form_of_role(relation_bot: TestBot) -> None:
    named = _line(relation_bot.ask("/compare Harlan Voss's lawyer").text, "• Harlan Voss's lawyer:")
    assert "Delia Marsh" in named
    assert "Katherine" not in named and "Kit" not in named


def test_how_long_finds_each_sources_duration_however_worded(relation_bot: TestBot) -> None:
    # "a three-term treasurer" in one outlet, "served ... for ten years" in the other
    reply = relation_bot.ask("/compare how long Harlan Voss served as treasurer")
    duration = _line(reply.text, "• duration")  # the line of serving, first
    assert "three-term" in duration and "County Ledger" in duration
    assert "ten years" in duration and "Evening Post" in duration
    assert "Say nothing about it" not in reply.text
    relation_bot.assert_quotes_verbatim(reply)


def test_names_of_equal_length_are_chosen_the_same_in_every_process() -> None:
    """Found by comparing two builds' answers: "democratic" or "Democratic" depended on the hash seed."""
    import os
    import subprocess
    import sys

    program = ("from handlers.compare_names import _usage; "
               "e = [{'name': 'Harbour Party', 'aliases': ['harbour party', 'HARBOUR PARTY'], "
               "'mentions': [{'article': 'a', 'sent': 0, 'text': 'the harbour party'}]}]; "
               "print(sorted(_usage(e, {'a'})))")
    outputs = {subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout
               for seed in range(8)}
    assert len(outputs) == 1, outputs
