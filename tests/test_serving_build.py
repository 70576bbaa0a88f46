"""The serving index written a shard at a time: the same answers (and entities, mentions included) as
the record in memory, however small its batches, from an index keyed by name keys or from one carrying
its mentions, for a store whose stories must be grouped while it is written, and for articles whose
mentions merging resolves across articles (a title naming a person, a run naming a known person)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from knowledge import serving_build
from knowledge.serving import build_serving_index
from knowledge.entity_index import KEYS
from knowledge.store import load_record, load_store
from tests.conftest import build_into
from tests.test_serving import _ask, _copy, _lines

#: articles of three styles (front matter, a plain file with sources.toml, a scraped page) about one
#: invented story: a title ("Moldova's president") names the president another article names, and a
#: name run no extractor named ("Critics of Anatol Rusu") holds the name of a titled person
HARBOUR = {
    "a1.md": """---
id: harbour-1
title: Port strike enters second week
outlet: Coastal Ledger
published: 2024-05-06
url: https://example.org/harbour-1
---
Moldovan President Ilinca Varescu said on Monday that the port strike had cost the economy 40 million euros.
Dockworkers led by union chief Tomas Brenner have refused to unload ships since April 29.
"We will not return until wages rise," Brenner told reporters outside the Giurgiulesti terminal.
Varescu met Transport Minister Anatol Rusu to discuss the strike, the ministry said.
""",
    "a2.md": """---
id: harbour-2
title: Moldova's president urges end to dock walkout
outlet: River Post
published: 2024-05-08
---
Moldova's president called on Wednesday for talks to end the dock walkout, which entered its tenth day.
The president said 300 workers had joined the strike, while the union put the figure at 450.
Tomas Brenner, the union leader, rejected the offer.
Officials close to Ilinca Varescu said she would visit the port on Friday.
""",
    "a3.txt": """Dock strike talks collapse

Talks between the government and striking dockworkers collapsed on Thursday, May 9, 2024.
The walkout, backed by Tomas Brenner's union, has halted 12 ships, according to port authorities.
Critics of Anatol Rusu accused the minister of ignoring the crisis.
A statement read: Ilinca Varescu Supports Negotiated Settlement, but the union said it had heard nothing new.
""",
    "sources.toml": '["a3.txt"]\ntitle = "Dock strike talks collapse"\noutlet = "Harbour Wire"\npublished = "2024-05-10"\n',
    "a4.txt": """ date 2024-05-11 
Ships wait off Giurgiulesti as strike drags on
Anatol Rusu said on Saturday the government would offer a 5 percent raise.
The president, Ilinca Varescu, had asked the minister to reopen talks.
Union chief Tomas Brenner said the offer was too small and the strike would go on.
Home / News / Business
""",
}


def _same_answers(store: Path) -> None:
    record, served = load_record(store), load_store(store)
    assert list(served.entities) == record.entities
    for line in _lines(record):
        assert _ask(served, line) == _ask(record, line), line


@pytest.fixture(scope="module")
def harbour_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    articles = tmp_path_factory.mktemp("harbour")
    for name, text in HARBOUR.items():
        (articles / name).write_text(text, encoding="utf-8")
    return build_into(articles, tmp_path_factory.mktemp("harbour-store") / "factstore.json")


def test_mentions_merging_resolves_across_articles_are_served_as_in_memory(
        harbour_store: Path, tmp_path: Path) -> None:
    store = _copy(harbour_store, tmp_path)
    assert all(KEYS in row for row in json.loads(store.read_text(encoding="utf-8"))["entities"].values())
    record = load_record(store)
    texts = {e["name"]: {(m["article"], m["text"]) for m in e["mentions"]} for e in record.entities}
    assert ("harbour-2", "Moldova's president") in texts["Ilinca Varescu"]  # a title resolved across articles
    assert ("a3", "Anatol Rusu") in texts["Anatol Rusu"]  # a run no extractor named, of a titled person
    _same_answers(store)


def test_an_index_carrying_its_mentions_serves_as_one_carrying_name_keys(
        harbour_store: Path, seed_store_path: Path, tmp_path: Path) -> None:
    for source in (harbour_store, seed_store_path):
        (tmp_path / source.parent.name).mkdir()
        store = _copy(source, tmp_path / source.parent.name)
        entities = load_record(store).entities
        data = json.loads(store.read_text(encoding="utf-8"))
        for row in data["entities"].values():
            row.pop(KEYS)
            row["mentions"] = next(e["mentions"] for e in entities if e["id"] == row["id"])
        store.write_text(json.dumps(data), encoding="utf-8")
        os.utime(store, ns=(1, 1))
        assert load_record(store).entities == entities
        _same_answers(store)


def test_a_build_spilling_after_every_row_answers_as_the_record(
        seed_store_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = _copy(seed_store_path, tmp_path)
    for name in ("SPILL_INTS", "ROWS_BATCH", "ARTICLE_ROWS"):  # every posting list merged from one part per sentence
        monkeypatch.setattr(serving_build, name, 1)
    build_serving_index(store)
    _same_answers(store)
    assert [p.name for p in store.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_a_store_without_stories_is_grouped_while_its_serving_index_is_written(
        seed_store_path: Path, tmp_path: Path) -> None:
    store = _copy(seed_store_path, tmp_path)
    data = json.loads(store.read_text(encoding="utf-8"))
    data.pop("stories", None)  # an index written before stories were stored
    store.write_text(json.dumps(data), encoding="utf-8")
    os.utime(store, ns=(1, 1))
    build_serving_index(store)
    assert len(load_store(store).stories) == len(load_record(store).stories) > 0
    _same_answers(store)
