"""The serving index: answers identical to the record's, rebuilt when missing or stale, switched by rollback."""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from handlers import Context, Reply, User, run_line
from knowledge import serving_db as sdb
from knowledge.serving import build_serving_index
from knowledge.serving_db import fingerprint, is_fresh, serving_path
from knowledge.store import FactStore, StoreError, StoreHandle, load_previous, load_record, load_store, rollback, shard_dir
from tests.conftest import FIXTURES, OTHER_STORY, SEEDS, build_into

NAMES_ASKED = 12  # the most mentioned names of a corpus asked about, as written and misspelt
TOPICS_ASKED = 8  # its most frequent words asked about with every topic command
CORPORA = {"seeds": SEEDS, "other_story": OTHER_STORY,
           **{p.name: p for p in sorted(FIXTURES.iterdir()) if p.is_dir()}}


def _ask(store: object, line: str) -> Reply:
    ctx = Context(handle=StoreHandle(store), user=User(id="U-serving", name="tester"), platform="test")  # type: ignore[arg-type]
    return asyncio.run(run_line(ctx, line))


def _lines(record: FactStore) -> list[str]:
    """Questions drawn from the corpus itself: its most mentioned names (and typos of them), its
    commonest words, the whole timeline and the story list, and names it does not have."""
    index = record.index
    names = [record.entities[i]["name"] for i in index.mention_rank[:NAMES_ASKED]]
    words = [w for w, _ in index.word_counts.most_common(TOPICS_ASKED)]
    lines = ["/when", "/stories", "/who Nobody Atall", "/sources zzyzx quorble", "/help"]
    for name in names:
        lines += [f"/who {name}", f"/who {name[:-1]}", f"/when {name}", f"/compare {name}"]
    for word in words:
        lines += [f"/sources {word}", f"/compare {word}", f"/when {word}", f"/stories {word}"]
    lines += [f"/sources {a} {b}" for a, b in zip(words, words[1:])]
    lines += [f"/when did {a} {b}" for a, b in zip(names, words)]
    lines += [f"/compare {name}'s {relation}" for name in names[:3] for relation in ("wife", "adviser")]
    return lines


@pytest.fixture(scope="module", params=sorted(CORPORA))
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_into(CORPORA[request.param], tmp_path_factory.mktemp(request.param) / "factstore.json")


def test_answers_from_the_serving_index_are_the_records_answers(built: Path) -> None:
    record, served = load_record(built), load_store(built)
    lines = _lines(record)
    assert len(lines) > NAMES_ASKED
    for line in lines:
        assert _ask(served, line) == _ask(record, line), line


def _copy(store: Path, tmp_path: Path) -> Path:
    target = tmp_path / "store" / store.name
    target.parent.mkdir()
    shutil.copy2(store, target)
    shutil.copytree(shard_dir(store), shard_dir(target))
    return target


def test_a_missing_serving_index_is_rebuilt_at_open(seed_store_path: Path, tmp_path: Path) -> None:
    store = _copy(seed_store_path, tmp_path)
    assert not serving_path(store).exists()
    reply = _ask(load_store(store), "/who Blinken")
    assert reply.ok and is_fresh(store)
    assert reply == _ask(load_store(seed_store_path), "/who Blinken")


def test_a_stale_or_damaged_serving_index_is_rebuilt_at_open(seed_store_path: Path, tmp_path: Path) -> None:
    store = _copy(seed_store_path, tmp_path)
    build_serving_index(store)
    os.utime(store, ns=(1, 1))  # the index changed after its serving file was written
    assert not is_fresh(store)
    assert _ask(load_store(store), "/who Blinken").ok and is_fresh(store)
    serving_path(store).write_bytes(b"not a database")
    assert not is_fresh(store)
    assert _ask(load_store(store), "/who Blinken").ok and is_fresh(store)


def test_the_build_writes_a_serving_index_stamped_with_its_index(seed_store_path: Path) -> None:
    assert is_fresh(seed_store_path)
    assert fingerprint(seed_store_path).endswith(str(os.stat(seed_store_path).st_mtime_ns))


def test_rollback_switches_the_serving_index_with_the_index(seed_store_path: Path, tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    shutil.copytree(SEEDS, articles)
    store = _copy(seed_store_path, tmp_path)
    build_into(articles, store)  # serving file written for the seeds
    extra = next(OTHER_STORY.iterdir())
    shutil.copy(extra, articles / extra.name)
    build_into(articles, store)  # one more article: the seeds' index and serving file become .prev
    grown, before = len(load_store(store).articles), len(load_previous(store).articles)
    assert grown == before + 1
    rollback(store)
    assert is_fresh(store) and len(load_store(store).articles) == before
    assert len(load_previous(store).articles) == grown


def test_a_served_store_answers_every_command_without_its_record(seed_store_path: Path, tmp_path: Path) -> None:
    store = _copy(seed_store_path, tmp_path)
    served = load_store(store)
    shutil.rmtree(shard_dir(store))
    store.unlink()  # nothing is read from the record, or built, after the serving index is open
    for line in ("/who Blinken", "/sources Lachin corridor", "/compare casualties", "/when presidential election"):
        assert _ask(served, line).ok, line


def test_a_full_disk_while_writing_the_serving_index_is_one_clear_error_and_keeps_the_old_one(
        seed_store_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = _copy(seed_store_path, tmp_path)
    build_serving_index(store)
    before = serving_path(store).read_bytes()
    os.utime(store, ns=(1, 1))  # the index changed: its serving index must be written anew

    def full(self: sdb.Writer, *args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(sdb.Writer, "table", full)
    with pytest.raises(StoreError) as failed:
        build_serving_index(store)
    message = str(failed.value)
    assert "disk is full" in message and "\n" not in message and "serving index" in message
    assert serving_path(store).read_bytes() == before
    assert sorted(p.name for p in store.parent.iterdir() if p.name.endswith(".tmp")) == []
