"""Answers on a transit strike written for these tests (a wire report, a broadsheet piece, a question-and-
answer explainer) beside an unrelated article from the same city and week: the story holds only the strike,
a titled name spaCy misses is a person, a date is the one of the act asked about, and the explainer's
questions are not what it says."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import TestBot, bot_over

CORPUS = Path(__file__).resolve().parent / "fixtures" / "strike"


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> TestBot:
    return bot_over(CORPUS, tmp_path_factory)


def test_talks_ready_to_resume_on_thursday_lie_ahead(bot: TestBot) -> None:
    """Said on Tuesday 18 March: "the city was ready to resume talks on Thursday" is the 20th."""
    reply = bot.ask("/when will talks resume")
    assert "20 March 2031" in reply.text and "13 March" not in reply.text, reply.text


def test_a_deputy_mayor_spacy_gives_no_entity_is_found_with_what_he_said(bot: TestBot) -> None:
    reply = bot.ask("/who Tomas Reinholt")
    assert reply.ok and "Deputy Mayor" in reply.text, reply.text
    assert "gun to its head" in reply.text and "resume talks" in reply.text
    assert "2 of 3 sources" in reply.text


def test_an_article_sharing_only_the_city_is_not_in_the_story(bot: TestBot) -> None:
    reply = bot.ask("/compare strike")
    assert "3 articles" in reply.text and "panda" not in reply.text, reply.text


def test_a_date_in_an_after_clause_does_not_time_the_main_act(bot: TestBot) -> None:
    """The walkout was called after Friday's breakdown; the article does not say on which day."""
    reply = bot.ask("/when was the walkout called")
    assert "Friday" not in reply.text, reply.text


def test_an_explainers_question_is_not_what_it_says(bot: TestBot) -> None:
    """The explainer's headings ask ("Why are the drivers striking?"); its statements answer."""
    for command in ("/sources strike", "/compare strike"):
        reply = bot.ask(command)
        metro = [c.quote for c in reply.citations if "Metro Daily" in c.outlet]
        assert metro and not any(q.endswith("?") for q in metro[:1]), (command, metro)
        assert "Why are the drivers striking?" not in reply.text.split("*What each source says*")[-1]


def test_the_first_strike_in_two_decades_is_no_duration_of_the_strike(bot: TestBot) -> None:
    reply = bot.ask("/compare strike")
    assert "two decades" not in reply.text.split("*Framing*")[0], reply.text
