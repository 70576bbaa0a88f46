"""End to end through the command layer on the seed store: content of answers, and evidence."""

from __future__ import annotations

from pathlib import Path

from knowledge.store import StoreHandle, load_store
from tests.conftest import TestBot, build_into


def test_who_gives_role_statement_and_sources(testbot: TestBot) -> None:
    reply = testbot.ask("/who Blinken")
    assert reply.ok and reply.citations
    assert "Antony Blinken" in reply.text
    assert "Secretary of State" in reply.text
    assert "Mentioned in" in reply.text
    testbot.assert_quotes_verbatim(reply)


def test_who_forgives_typos_and_case(testbot: TestBot) -> None:
    for query in ("Blinkin", "zakharov", "ALIYEV"):
        reply = testbot.ask(f"/who {query}")
        assert reply.ok, query
    assert "Maria Zakharova" in testbot.ask("/who zakharov").text
    assert "Ilham Aliyev" in testbot.ask("/who aliev").text


def test_who_role_belongs_to_the_right_person(testbot: TestBot) -> None:
    hajiyev = testbot.ask("/who Hajiyev")
    assert "Hikmet Hajiyev" in hajiyev.text and "Assistant" in hajiyev.text
    aliyev = testbot.ask("/who Aliyev")
    assert "President" in aliyev.text
    assert "Assistant" not in aliyev.text.split("Mentioned in")[0]


def test_who_nobody_is_not_found_with_suggestions(testbot: TestBot) -> None:
    reply = testbot.ask("/who nobody-at-all")
    assert not reply.ok and not reply.citations
    assert reply.suggestions


def test_when_resolves_relative_and_yearless_dates(testbot: TestBot) -> None:
    reply = testbot.ask("/when presidential election")
    assert reply.ok
    assert "Saturday 9 September 2023" in reply.text
    testbot.assert_quotes_verbatim(reply)
    timeline = testbot.ask("/when")
    assert timeline.ok and "Tuesday 19 September 2023" in timeline.text


def test_sources_ranks_articles_and_counts_aliases(testbot: TestBot) -> None:
    reply = testbot.ask("/sources Lachin corridor")
    assert reply.ok
    assert all("Lachin" in c.quote for c in reply.citations)
    assert len({c.article for c in reply.citations}) == 2
    alias = testbot.ask("/sources Khankendi")
    assert len({c.article for c in alias.citations}) >= 3  # articles that say Stepanakert count
    assert "Stepanakert" in alias.text


def test_compare_casualties_shows_numbers_with_claimants(testbot: TestBot) -> None:
    reply = testbot.ask("/compare casualties")
    assert reply.ok
    assert "Armenian separatists" in reply.text
    assert "at least 6" in reply.text
    assert "80" in reply.text.split("injured")[1].split("\n")[0]
    assert "No count given" in reply.text  # 000 says people were killed, without a number
    testbot.assert_quotes_verbatim(reply)


def test_compare_names_shows_who_uses_which(testbot: TestBot) -> None:
    reply = testbot.ask("/compare Stepanakert")
    assert reply.ok
    assert "Khankendi" in reply.text and "Stepanakert" in reply.text
    assert "Say nothing about it" in reply.text  # 000 and 001 never name the city


def test_usage_errors_and_unknown_commands_never_raise(testbot: TestBot) -> None:
    assert "Usage" in testbot.ask("/who").text
    assert "too long" in testbot.ask("/who " + "x" * 500).text
    assert "no /frobnicate" in testbot.ask("/frobnicate now").text.lower()


def test_refresh_is_admin_only(testbot: TestBot) -> None:
    reply = testbot.ask("/refresh")
    assert not reply.ok and "admins only" in reply.text


def test_help_lists_every_command_from_specs(testbot: TestBot) -> None:
    reply = testbot.ask("/help")
    for name in ("/who", "/when", "/sources", "/compare", "/help"):
        assert name in reply.text
    assert "/refresh" not in reply.text  # hidden from non-admins
    assert "Examples" in testbot.ask("/help compare").text


def test_other_story_answers_are_cited(other_testbot: TestBot) -> None:
    store = other_testbot.handle.current
    person = next(e for e in store.entities if e["label"] == "PERSON")
    reply = other_testbot.ask(f"/who {person['name']}")
    assert reply.ok
    other_testbot.assert_quotes_verbatim(reply)
    timeline = other_testbot.ask("/when")
    assert timeline.ok
    other_testbot.assert_quotes_verbatim(timeline)


def test_who_roles_read_cleanly_and_misses_suggest_people(testbot: TestBot) -> None:
    vardanyan = testbot.ask("/who Vardanian")
    assert vardanyan.text.count("Nagorno-Karabakh government") == 1
    assert "former head" in vardanyan.text
    miss = testbot.ask("/who nobody-at-all")
    people = {e["name"] for e in testbot.handle.current.entities if e["label"] == "PERSON"}
    assert miss.suggestions[0].removeprefix("/who ") in people


def test_who_collects_statements_made_under_a_title_in_another_article(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.md").write_text(
        "---\ntitle: Visit\npublished: 2024-05-02\n---\n"
        "Estonian President Jan Novak arrived in Vienna on Monday for two days of talks.\n",
        encoding="utf-8")
    (articles / "b.md").write_text(
        "---\ntitle: Talks\npublished: 2024-05-03\n---\n"
        "The Estonian president said the border would reopen within a month.\n",
        encoding="utf-8")
    bot = TestBot(handle=StoreHandle(load_store(build_into(articles, tmp_path / "store.json"))))
    reply = bot.ask("/who Novak")
    assert "border would reopen" in reply.text
    bot.assert_quotes_verbatim(reply)


def test_when_places_last_week_against_the_article_date(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.md").write_text("---\ntitle: Budget\npublished: 2020-05-28\n---\n"
                                   "The council approved the budget last week after a long debate.\n",
                                   encoding="utf-8")
    bot = TestBot(handle=StoreHandle(load_store(build_into(articles, tmp_path / "store.json"))))
    reply = bot.ask("/when budget approved")
    assert "the week of Monday 18 May 2020" in reply.text
    assert "“last week”" in reply.text
