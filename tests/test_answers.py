"""Answers stay inside the story asked about: a folder of three invented stories (tests/fixtures/answers).

Bridge collapse in Varnholt (three dated articles and one undated), a senator's bribery trial in
Kessel, a drought in the Lindqvist valley. The governor appears in two stories.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import TestBot, bot_over

ANSWERS = Path(__file__).resolve().parent / "fixtures" / "answers"
BRIDGE = {"bridge-ledger", "bridge-meridian", "bridge-wire", "a4_undated"}
TRIAL = {"trial-ledger", "trial-meridian", "trial-wire"}
DROUGHT = {"drought-ledger", "drought-meridian", "drought-wire"}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> TestBot:
    return bot_over(ANSWERS, tmp_path_factory)


def cited(reply) -> set[str]:
    return {c.article for c in reply.citations}


@pytest.mark.parametrize(("question", "story"), [
    ("/sources bridge inspection", BRIDGE),
    ("/sources water rationing", DROUGHT),
    ("/sources bribes from a gravel company", TRIAL),
    ("/when did the bridge collapse", BRIDGE),
    ("/when was Brandt sentenced", TRIAL),
    ("/who Elsa Marrow", BRIDGE),
])
def test_no_line_comes_from_another_story(bot: TestBot, question: str, story: set[str]) -> None:
    reply = bot.ask(question)
    assert reply.ok, reply.text
    assert cited(reply) <= story
    bot.assert_quotes_verbatim(reply)


def test_sources_counts_the_articles_of_the_story_that_say_it(bot: TestBot) -> None:
    reply = bot.ask("/sources water rationing")
    assert "2 of 3 sources" in reply.text
    assert cited(reply) == {"drought-ledger", "drought-wire"}  # the third never mentions rationing
    assert "In the story" in reply.text


def test_sources_finds_a_detail_only_one_article_gives(bot: TestBot) -> None:
    reply = bot.ask("/sources cables rusted")
    assert cited(reply) == {"bridge-meridian"}
    assert "1 of 4 sources" in reply.text


def test_who_counts_every_article_of_the_persons_stories(bot: TestBot) -> None:
    marrow = bot.ask("/who Elsa Marrow")
    assert "Mentioned in 4 of 4 sources" in marrow.text
    ekdahl = bot.ask("/who Ruth Ekdahl")
    assert "Mentioned in 3 of 6 sources across 2 stories" in ekdahl.text
    assert "Governor" in ekdahl.text


def test_when_groups_sources_that_agree(bot: TestBot) -> None:
    reply = bot.ask("/when did the bridge collapse")
    assert "Tuesday 11 March 2031* — three sources" in reply.text
    assert "11 March (year not stated; 2031 in the other sources)" in reply.text
    assert "different dates" not in reply.text  # the year-less day is the same day
    bot.assert_quotes_verbatim(reply)


def test_when_takes_the_date_of_the_event_asked_about(bot: TestBot) -> None:
    reply = bot.ask("/when was Brandt sentenced")
    assert "14 July 2029" in reply.text
    assert "29 May" not in reply.text  # the verdict's date is in the story, not the sentencing's


@pytest.mark.parametrize("question", [
    "/sources bridge tolls for bicycles",  # "bridge" is everywhere; the rest nowhere
    "/sources volcano eruption",
    "/when did the harbor ferry sink",
])
def test_below_the_floor_nothing_is_found(bot: TestBot, question: str) -> None:
    reply = bot.ask(question)
    assert not reply.ok and not reply.citations
    assert reply.suggestions


VETO = {"veto-courier", "veto-herald", "veto-post"}


def test_when_dates_the_actor_asked_about_not_another(events_bot: TestBot) -> None:
    reply = events_bot.ask("/when did the Assembly vote to override the river veto")
    assert "Wednesday 12 March 2031" in reply.text
    assert "11 March" not in reply.text  # the Council's vote, in the same sentence's story
    assert "7 March" not in reply.text  # the Old Town Assembly is another name
    assert cited(reply) <= VETO
    events_bot.assert_quotes_verbatim(reply)


def test_when_reads_the_rest_of_the_question_around_the_dated_sentence(events_bot: TestBot) -> None:
    # "followed by the Assembly on Thursday" says neither the river nor the veto; the sentence before does
    reply = events_bot.ask("/when did the Assembly vote to override the river veto")
    assert "Thursday 13 March 2031" in reply.text
    assert "veto-herald" in cited(reply)


def test_when_cites_every_source_giving_the_date_by_title_or_pronoun(events_bot: TestBot) -> None:
    # "By Saturday, the governor clarified" and "The next day, she clarified" (after Friday)
    reply = events_bot.ask("/when did Hallam clarify her remarks on the river bill")
    assert "Saturday 8 March 2031* — two sources" in reply.text
    assert cited(reply) == {"veto-herald", "veto-post"}


WHEN_ARTICLES = {
    "fleet-gazette.md": ("fleet-gazette", "Harbor Gazette", "2031-04-10", "Norwegian ships launch rescue mission",
                         "Norwegian coast guard ships launched the rescue mission off Skarvik on Tuesday.\n\n"
                         "Earlier this week, the coast guard launched the rescue mission after a trawler sank.\n\n"
                         "The 2027 treaty on fishing rights did not cover the waters off Skarvik."),
    "fleet-courier.md": ("fleet-courier", "Fjord Courier", "2031-04-11", "Rescue mission off Skarvik",
                         "Norway launched the rescue mission on April 8, the defence ministry said.\n\n"
                         "Crews searched the waters for two days."),
    "club-post.md": ("club-post", "Valley Post", "2031-03-05", "Rovers part ways with coach",
                     "The Rovers dismissed head coach Lars Vinter on March 3 after a ninth straight loss.\n\n"
                     "Vinter had led the club since 2028."),
    "council-times.md": ("council-times", "Lindmark Times", "2031-06-12", "Council scraps parking rule",
                         "On Wednesday the council rescinded the 2024 parking order, ending fines downtown.\n\n"
                         "Residents had long complained about the fines."),
}


@pytest.fixture(scope="module")
def when_bot(tmp_path_factory: pytest.TempPathFactory) -> TestBot:
    """Written stories: a rescue mission in two outlets, a coach dismissed, a council order rescinded."""
    folder = tmp_path_factory.mktemp("when-articles")
    for name, (id_, outlet, published, title, body) in WHEN_ARTICLES.items():
        (folder / name).write_text(f"---\nid: {id_}\ntitle: {title}\noutlet: {outlet}\npublished: {published}\n---\n"
                                   f"{body}\n", encoding="utf-8")
    return bot_over(folder, tmp_path_factory)


def test_when_a_country_and_its_demonym_are_one_actor(when_bot: TestBot) -> None:
    reply = when_bot.ask("/when did Norway launch the rescue mission")
    assert "Tuesday 8 April 2031* — two sources" in reply.text
    assert cited(reply) == {"fleet-gazette", "fleet-courier"}
    when_bot.assert_quotes_verbatim(reply)


def test_when_the_day_comes_before_a_vaguer_date_of_the_same_event(when_bot: TestBot) -> None:
    text = when_bot.ask("/when did the coast guard launch the rescue mission").text
    assert "Tuesday 8 April 2031" in text
    if "week of" in text:
        assert text.index("Tuesday 8 April 2031") < text.index("week of")


def test_when_knows_a_general_synonym_of_the_verb(when_bot: TestBot) -> None:
    reply = when_bot.ask("/when was Lars Vinter fired")
    assert "Monday 3 March 2031" in reply.text
    assert cited(reply) == {"club-post"}


def test_when_a_date_naming_a_thing_does_not_time_the_act(when_bot: TestBot) -> None:
    reply = when_bot.ask("/when did the council rescind the parking order")
    assert "Wednesday 11 June 2031" in reply.text
    assert "*2024*" not in reply.text  # "the 2024 parking order" names the order


@pytest.mark.parametrize(("iso", "precision", "shown"), [
    ("2031-08-16", "weekend", "the weekend of Saturday 16 August 2031"),
    ("1989-Q3", "quarter", "the third quarter of 1989"),
    ("1989-H2", "half", "the second half of 1989"),
    ("2016-SU", "season", "summer 2016"),
])
def test_periods_are_written_out(iso: str, precision: str, shown: str) -> None:
    from handlers.when import human_date
    assert human_date(iso, precision) == shown
