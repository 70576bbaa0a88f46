"""Stories: grouping at build time, stable ids across refreshes, and the /stories command.

The corpus (tests/fixtures/stories) is written for these tests: a dam collapse, a port strike and a
mayoral election, three outlets each, and a piece on the dam a year later (same names, another story).
"""

from __future__ import annotations

import copy
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from handlers.stories import date_range
from knowledge.entities import merge_entities
from knowledge.facts import ArticleFacts
from knowledge.store import FactStore, StoreHandle, load_record, load_store
from knowledge.stories import article_words, group_articles
from tests.conftest import TestBot, build_into

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "stories"
DAM = {"dam_ledger", "dam_northwind", "dam_wire"}
STRIKE = {"strike_ledger", "strike_northwind", "strike_wire"}
ELECTION = {"election_ledger", "election_northwind", "election_wire"}
LATER = {"dam_anniversary"}
FESTIVAL = {"quillan_festival"}  # the strike's town and week, another subject
OUTLETS = ["Coastal Wire", "Harbor Ledger", "Northwind Post"]


@pytest.fixture(scope="session")
def story_store(tmp_path_factory: pytest.TempPathFactory) -> FactStore:
    return load_store(build_into(CORPUS, tmp_path_factory.mktemp("stories") / "factstore.json"))


@pytest.fixture
def storybot(story_store: FactStore) -> TestBot:
    return TestBot(handle=StoreHandle(story_store))


def groups(store: FactStore) -> set[frozenset[str]]:
    return {frozenset(story["articles"]) for story in store.stories}


def test_articles_about_one_event_form_one_story(story_store: FactStore) -> None:
    assert groups(story_store) == {frozenset(DAM), frozenset(STRIKE), frozenset(ELECTION), frozenset(LATER),
                                   frozenset(FESTIVAL)}
    for article, story_id in story_store.story_of.items():
        assert article in story_store.story_by_id[story_id]["articles"]


def test_a_story_knows_its_outlets_dates_and_key_names(story_store: FactStore) -> None:
    dam = story_store.story_by_id[story_store.story_of["dam_ledger"]]
    assert dam["outlets"] == OUTLETS
    assert (dam["first"], dam["last"]) == ("2031-03-02", "2031-03-03")
    assert "Idris Makepeace" in dam["names"] and any("Talia Brennick" in name for name in dam["names"])
    label = story_store.index.story_label(dam["id"])
    assert " dam " in label.lower() and "Idris Makepeace" in label
    assert story_store.index.story_label("no-such-story") == ""


def test_stories_are_listed_newest_first(story_store: FactStore) -> None:
    lasts = [story["last"] for story in story_store.stories]
    assert lasts == sorted(lasts, reverse=True)
    assert story_store.stories[0]["articles"] == ["dam_anniversary"]


def test_ids_stay_put_when_a_refresh_adds_an_article(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    shutil.copytree(CORPUS, articles)
    late = articles / "dam_wire.md"
    held_back = late.read_text(encoding="utf-8")
    late.unlink()
    (articles / "election_wire.md").write_text(
        (CORPUS / "election_wire.md").read_text(encoding="utf-8") + "\nThe recount begins on Monday.\n",
        encoding="utf-8")
    store_path = build_into(articles, tmp_path / "store" / "factstore.json")
    before = load_store(store_path)
    assert groups(before) == {frozenset(DAM - {"dam_wire"}), frozenset(STRIKE), frozenset(ELECTION),
                              frozenset(LATER), frozenset(FESTIVAL)}

    late.write_text(held_back, encoding="utf-8")
    (articles / "election_wire.md").write_text((CORPUS / "election_wire.md").read_text(encoding="utf-8"),
                                              encoding="utf-8")
    build_into(articles, store_path)
    after = load_store(store_path)
    assert {s["id"] for s in after.stories} == {s["id"] for s in before.stories}
    assert after.story_of["dam_wire"] == before.story_of["dam_ledger"]
    assert after.story_of["election_wire"] == before.story_of["election_ledger"]
    assert after.story_by_id[after.story_of["dam_wire"]]["outlets"] == OUTLETS


def test_a_store_without_stories_groups_them_at_load(story_store: FactStore) -> None:
    old = FactStore(meta=story_store.meta, facts=load_record(story_store.path).facts, entities=story_store.entities)
    assert groups(old) == groups(story_store)


def test_stories_lists_each_with_count_outlets_dates_and_a_citation(storybot: TestBot) -> None:
    reply = storybot.ask("/stories")
    assert reply.ok
    lines = reply.text.splitlines()
    assert lines[0].startswith("*5 stories in 11 articles*")
    assert len(lines) == 6 and len(reply.citations) == 5
    dam = next(line for line in lines if "March 2031" in line)
    assert "Coastal Wire, Harbor Ledger, Northwind Post" in dam and "2–3 March 2031" in dam
    assert "1 article · Northwind Post · 1 March 2032" in lines[1]
    storybot.assert_quotes_verbatim(reply)


@pytest.mark.parametrize(("words", "articles"), [
    ("Marisol Dunford", STRIKE),
    ("dockworkers strike", STRIKE),
    ("Feldspar recount", ELECTION),
])
def test_stories_with_words_finds_the_story(storybot: TestBot, words: str, articles: set[str]) -> None:
    reply = storybot.ask(f"/stories {words}")
    assert reply.ok and reply.text.startswith(f"*1 of 5 stories matches “{words}”*")
    assert {c.article for c in reply.citations} <= articles
    storybot.assert_quotes_verbatim(reply)


def test_stories_by_a_name_in_two_stories_finds_both(storybot: TestBot) -> None:
    reply = storybot.ask("/stories Talia Brennick")
    assert reply.text.startswith("*2 of 5 stories match")
    assert {c.article for c in reply.citations} <= DAM | LATER


def test_stories_about_nothing_says_so(storybot: TestBot) -> None:
    reply = storybot.ask("/stories zeppelin")
    assert not reply.ok and "No story is about “zeppelin”" in reply.text and "/stories" in reply.suggestions


@pytest.mark.parametrize(("first", "last", "shown"), [
    ("2031-03-02", "2031-03-02", "2 March 2031"),
    ("2031-03-02", "2031-03-03", "2–3 March 2031"),
    ("2031-03-30", "2031-04-02", "30 March – 2 April 2031"),
    ("2031-12-30", "2032-01-02", "30 December 2031 – 2 January 2032"),
    ("", "", "undated"),
])
def test_date_ranges_read_naturally(first: str, last: str, shown: str) -> None:
    assert date_range(first, last) == shown


def _grouped(facts: list[ArticleFacts], seed: int | None) -> tuple[list[tuple[str, str]], list[tuple[str, ...]]]:
    """Entities and stories made from the articles in the order a seed shuffles them to (None: as stored)."""
    facts = copy.deepcopy(facts)
    if seed is not None:
        random.Random(seed).shuffle(facts)
    entities = merge_entities(facts)
    if seed is not None:
        random.Random(seed).shuffle(entities)
    records = [af["article"] for af in facts]
    words = {r["id"]: article_words(r["title"], r.get("text", "")) for r in records}
    stories = group_articles(records, entities, words)  # type: ignore[arg-type]
    names = sorted((e["id"], f"{e['name']} {e['label']}") for e in entities)
    return names, [(s["id"], s["label"], s["central"], *s["articles"]) for s in stories]


def test_grouping_does_not_depend_on_the_order_articles_come_in(story_store: FactStore) -> None:
    facts = load_record(story_store.path).facts
    expected = _grouped(facts, None)
    for seed in range(3):
        assert _grouped(facts, seed) == expected


def test_a_tie_for_the_central_article_goes_to_the_smaller_id() -> None:
    text = "Harbor pilots in Velmora walked off the job on Monday, halting the container terminal for a day."
    records = [{"id": f"pilots_{n}", "title": "Velmora harbor pilots strike", "outlet": outlet,
                "published": "2032-05-04", "text": text} for n, outlet in enumerate(("Ledger", "Wire", "Post"))]
    words = {r["id"]: article_words(r["title"], r["text"]) for r in records}
    for order in (records, records[::-1], records[1:] + records[:1]):
        [story] = group_articles(order, [], words)
        assert story["central"] == "pilots_0" and story["articles"] == ["pilots_0", "pilots_1", "pilots_2"]


def test_grouping_under_other_hash_seeds_gives_the_same_entities_and_stories(tmp_path: Path) -> None:
    """Set and dict order of strings changes with PYTHONHASHSEED (each build process has its own)."""
    store = build_into(CORPUS, tmp_path / "factstore.json")
    script = ("import sys, json; from knowledge.store import load_record; from tests.test_stories import _grouped; "
              "print(json.dumps(_grouped(load_record(sys.argv[1]).facts, None)))")
    outputs = [subprocess.run([sys.executable, "-c", script, str(store)], env={**os.environ, "PYTHONHASHSEED": seed},
                              check=True, capture_output=True, text=True, cwd=ROOT).stdout for seed in ("1", "2")]
    assert outputs[0] == outputs[1] and outputs[0]


def _facts(article: str, label: str) -> ArticleFacts:
    mention = {"text": "Marrow Crane", "name": "Marrow Crane", "label": label, "title_of": "", "sent": 0,
               "start": 0, "end": 12}
    return {"article": {"id": article, "title": "", "outlet": "", "published": "", "text": ""},  # type: ignore
            "mentions": [mention], "roles": [], "statements": [], "dates": [], "numbers": [], "aliases": [],
            "framings": []}


def test_a_tied_label_vote_does_not_depend_on_which_article_came_first() -> None:
    """A story's key names are its entities: one name's kind must not follow the order of the articles."""
    first = merge_entities([_facts("a", "ORG"), _facts("b", "PERSON")])
    second = merge_entities([_facts("b", "PERSON"), _facts("a", "ORG")])
    assert [(e["name"], e["label"]) for e in first] == [(e["name"], e["label"]) for e in second]
