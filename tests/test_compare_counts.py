"""/compare's numbers on stories worded differently by each outlet (a takeover, a storm), written for
these tests: synonyms of the thing counted share a line, counts of people in the sentences about the
topic are compared, vague amounts are shown as written, rates as rates."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import TestBot, bot_over

CORPUS = Path(__file__).resolve().parent / "fixtures" / "compare_counts"


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> TestBot:
    return bot_over(CORPUS, tmp_path_factory)


def _numbers(text: str) -> list[str]:
    section = text.split("*Numbers*")[1].split("*Claims")[0]
    return [line for line in section.splitlines() if line.startswith("•")]


def test_jobs_and_positions_are_one_line_and_no_source_is_said_to_give_no_count(bot: TestBot) -> None:
    reply = bot.ask("/compare jobs")
    lines = _numbers(reply.text)
    assert len(lines) == 1 and "up to 400" in lines[0] and "up to 520" in lines[0], lines
    assert "Lakeshore Herald" in lines[0] and "County Times" in lines[0]
    assert "No count given" not in reply.text
    bot.assert_quotes_verbatim(reply)


def test_people_counted_in_sentences_about_shelters_are_compared(bot: TestBot) -> None:
    lines = _numbers(bot.ask("/compare shelters").text)
    people = next(line for line in lines if line.startswith("• people:"))
    assert "3,400" in people and "about 5,000" in people and "Harbour Wire" in people and "Evening Bulletin" in people


def test_a_vague_amount_is_shown_as_the_source_wrote_it(bot: TestBot) -> None:
    lines = _numbers(bot.ask("/compare homes").text)
    assert any("Hundreds" in line for line in lines) and not any("100" in line for line in lines), lines


def test_a_price_per_share_is_a_rate_not_the_deal_s_value(bot: TestBot) -> None:
    lines = _numbers(bot.ask("/compare the offer per share").text)
    assert any(line.startswith("• per share: 18 dollars") for line in lines), lines


def test_a_company_with_and_without_its_legal_form_is_one_entity(bot: TestBot) -> None:
    reply = bot.ask("/who Brightwell Foods")
    assert "Brightwell Foods Inc." in reply.text and "Mentioned in 2 of 2 sources" in reply.text


def test_when_finds_an_event_worded_otherwise_and_resolves_next_year_s_quarter(bot: TestBot) -> None:
    reply = bot.ask("/when will the deal close")
    assert reply.ok and "first quarter of 2031" in reply.text, reply.text
    bot.assert_quotes_verbatim(reply)


def test_a_number_before_the_topic_word_is_no_name_and_one_name_alone_is_no_names_line(bot: TestBot) -> None:
    for topic in ("seats", "jobs", "the deal"):
        reply = bot.ask(f"/compare {topic}")
        assert reply.ok and "*Names*" not in reply.text, (topic, reply.text)


def test_a_topic_no_source_words_so_is_compared_in_the_words_they_use(bot: TestBot) -> None:
    reply = bot.ask("/compare the deal")  # the sources say "buy", "takeover", "transaction"
    assert reply.ok and "$640 million" in reply.text and "$655 million" in reply.text, reply.text
    bot.assert_quotes_verbatim(reply)


def test_when_a_march_is_asked_a_date_in_march_is_no_answer(bot: TestBot) -> None:
    reply = bot.ask("/when was the march")
    assert reply.ok and "18 May 2031" in reply.text and "March" not in reply.text.split("\n[1]")[0], reply.text


def test_when_a_date_found_by_another_wording_gives_way_to_one_the_question_words(bot: TestBot) -> None:
    reply = bot.ask("/when is the trial")  # "hearing" is a related wording of "trial", with other dates
    lines = [line for line in reply.text.splitlines() if line.startswith("•")]
    assert len(lines) == 1 and "3 October 2032" in lines[0], reply.text


def test_the_number_of_cases_is_a_count_of_cases_on_the_line_of_cases(bot: TestBot) -> None:
    lines = _numbers(bot.ask("/compare mumps cases").text)
    assert any("48" in line and "52" in line for line in lines), lines


def test_who_lists_a_role_once_however_fully_a_source_words_it(bot: TestBot) -> None:
    reply = bot.ask("/who Pavel Sommer")
    roles = [line for line in reply.text.splitlines() if "finance director" in line.lower()]
    assert len(roles) == 1 and "water board's finance director" in roles[0], reply.text


@pytest.mark.parametrize(("title", "person"), [("the union organiser", "Kwame Boateng"),
                                               ("the chief executive", "Rosa Imbert"),
                                               ("the water board's finance director", "Pavel Sommer")])
def test_who_by_a_title_an_article_gives_finds_its_holder(bot: TestBot, title: str, person: str) -> None:
    reply = bot.ask(f"/who {title}")
    assert reply.ok and reply.text.startswith(f"*{person}*"), reply.text
    bot.assert_quotes_verbatim(reply)


def test_who_by_a_title_nobody_is_given_still_finds_nobody(bot: TestBot) -> None:
    assert "found nobody" in bot.ask("/who the harbour master").text


def test_the_whole_a_part_is_counted_of_is_not_set_beside_the_part(bot: TestBot) -> None:
    lines = _numbers(bot.ask("/compare seats").text)
    seats = next(line for line in lines if line.startswith("• seats:"))
    assert "31" in seats and "55" not in seats, lines
    assert any(line.startswith("• seats in all: 55") for line in lines), lines


@pytest.fixture(scope="module")
def sentencing(tmp_path_factory: pytest.TempPathFactory) -> TestBot:
    """One sentencing told by three outlets: "sentenced to", "in jail", "jailed for"; bribes or corruption."""
    return bot_over(CORPUS.parent / "sentencing", tmp_path_factory)


def test_a_prison_term_is_not_set_beside_how_long_the_trial_lasted(sentencing: TestBot) -> None:
    lines = _numbers(sentencing.ask("/compare Brandvold's sentence").text)
    term = next(line for line in lines if "six years" in line)
    assert term.count("six years") == 3, lines  # "sentenced to", "in jail", "jailed for": one act
    assert "11 months" not in term and "ten years" not in term and "eight years" not in term, lines


def test_a_source_that_words_the_topic_otherwise_is_not_said_to_be_silent(sentencing: TestBot) -> None:
    reply = sentencing.ask("/compare the bribes")
    assert "Say nothing about it" not in reply.text, reply.text  # "for corruption" is about the bribes
    assert "Baltic Press Agency" in reply.text
    bribes = next(line for line in _numbers(reply.text) if line.startswith("• bribe"))
    assert "1.9 million euros" in bribes and "€2m" in bribes  # "bribes worth 1.9 million euros in exchange for"
    sentencing.assert_quotes_verbatim(reply)


@pytest.fixture(scope="module")
def wildfire(tmp_path_factory: pytest.TempPathFactory) -> TestBot:
    """A fire that "broke out" in one outlet and "erupted" in the other; a lawsuit "filed on Friday"."""
    return bot_over(CORPUS.parent / "wildfire", tmp_path_factory)


def test_when_a_fire_started_finds_where_it_broke_out_not_the_date_before_a_denial(wildfire: TestBot) -> None:
    reply = wildfire.ask("/when did the fire start")
    lines = [line for line in reply.text.splitlines() if line.startswith("•")]
    assert lines and all("17 July 2029" in line for line in lines), reply.text  # Tuesday, not Friday's lawsuit
    assert "Upland Ledger" in reply.text and "Mountain Wire" in reply.text
    wildfire.assert_quotes_verbatim(reply)


def test_sources_counts_a_sentence_that_leaves_the_name_to_a_pronoun(sentencing: TestBot) -> None:
    reply = sentencing.ask("/sources Brandvold's appeal")
    assert "Baltic Press Agency" in reply.text, reply.text  # "Her defence team said it would appeal"
    assert "Northern Courier" in reply.text
    sentencing.assert_quotes_verbatim(reply)


def test_sources_finds_a_topic_in_another_wording(wildfire: TestBot) -> None:
    reply = wildfire.ask("/sources evacuation warnings")
    assert reply.ok and "Mountain Wire" in reply.text, reply.text  # "the evacuation alerts came too late"


def test_who_finds_a_lawyer_by_whom_she_acts_for(sentencing: TestBot) -> None:
    reply = sentencing.ask("/who Brandvold's lawyer")  # "Her lawyer, Jonas Ekdahl, said ..."
    assert reply.ok and reply.text.startswith("*Jonas Ekdahl*"), reply.text
    assert "lawyer for Ottilie Brandvold" in reply.text


def test_compare_finds_the_verdict_worded_as_the_ruling(sentencing: TestBot) -> None:
    reply = sentencing.ask("/compare the verdict")
    assert reply.ok and "Baltic Press Agency" in reply.text, reply.text  # "appeal the ruling"
    silent = next((line for line in reply.text.splitlines() if "Say nothing about it" in line), "")
    assert "Baltic Press Agency" not in silent, reply.text


@pytest.fixture(scope="module")
def framing(tmp_path_factory: pytest.TempPathFactory) -> TestBot:
    """One offensive: a 'stabilisation operation' to the state's press, an 'invasion' to the region's."""
    return bot_over(CORPUS.parent / "framing", tmp_path_factory)


def test_compare_sets_an_operation_beside_what_the_other_side_calls_an_invasion(framing: TestBot) -> None:
    reply = framing.ask("/compare the operation")
    framings = reply.text.split("*Framing*")[1].split("*Claims")[0]
    assert "targeted stabilisation operation" in framings and "an unprovoked invasion" in framings, reply.text
    assert "Say nothing about it" not in reply.text and "fewer than two sources" not in reply.text
    framing.assert_quotes_verbatim(reply)


def test_what_a_source_denies_is_not_dated_by_the_sentence_before(wildfire: TestBot) -> None:
    # "A lawsuit filed on Friday accuses the utility ..." "The company denies that its equipment started the fire."
    reply = wildfire.ask("/when did the equipment start the fire")
    assert "20 July 2029" not in reply.text, reply.text
