"""The bench's cloned tier: a built store cloned under new article ids answers like its source."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest

from bench.clone import clone_store, rekey_store
from handlers import Context, User, run_line
from knowledge.build import EXTRACTOR_VERSION, build_store
from knowledge.store import StoreHandle, load_store, read_meta, shard_dir, write_index
from tests.conftest import SEEDS

COPIES = 3


@pytest.fixture(scope="module")
def cloned(seed_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The seeds' store cloned three times: (store, articles folder)."""
    base = tmp_path_factory.mktemp("clone")
    store, articles = base / "store" / "factstore.json", base / "articles"
    clone_store(seed_store_path, SEEDS, store, articles, COPIES)
    return store, articles


def _who(store: Path, name: str):
    ctx = Context(handle=StoreHandle(load_store(store)), user=User("bench"))
    return asyncio.run(run_line(ctx, f"/who {name}"))


def _people(store: Path) -> list[str]:
    return [e["name"] for e in read_meta(store)["entities"] if e["label"] == "PERSON"]


def test_clone_has_every_article_copies_times_under_unique_ids(seed_store_path: Path,
                                                               cloned: tuple[Path, Path]) -> None:
    source, clone = read_meta(seed_store_path), read_meta(cloned[0])
    ids = [row["id"] for row in clone["articles"]]
    assert len(ids) == len(set(ids)) == COPIES * len(source["articles"])
    assert not {row["id"] for row in source["articles"]} & set(ids)
    assert len({row["shard"] for row in clone["articles"]}) == len(ids)
    stories = [s["id"] for s in clone["stories"]]
    assert len(stories) == len(set(stories)) == COPIES * len(source["stories"])
    known = set(ids)
    assert all(a in known for s in clone["stories"] for a in s["articles"])


def test_clone_answers_who_for_the_same_people_from_renamed_articles(seed_store_path: Path,
                                                                     cloned: tuple[Path, Path]) -> None:
    source_ids = {row["id"] for row in read_meta(seed_store_path)["articles"]}
    clone_ids = {row["id"] for row in read_meta(cloned[0])["articles"]}
    people = _people(seed_store_path)
    assert people
    for name in people[:5]:
        before, after = _who(seed_store_path, name), _who(cloned[0], name)
        assert after.ok == before.ok
        assert after.text.splitlines()[0] == before.text.splitlines()[0]
        assert {c.article for c in after.citations} <= clone_ids
        assert {c.article.rsplit("-c", 1)[0] for c in after.citations} <= source_ids


def test_clone_articles_folder_matches_its_store(seed_store_path: Path, cloned: tuple[Path, Path]) -> None:
    """A refresh over the cloned articles finds nothing to extract (so refresh timings are real)."""
    store, articles = cloned
    report = build_store(articles, store)
    assert (report.added, report.changed, report.removed) == ([], [], [])
    assert report.unchanged == COPIES * len(read_meta(seed_store_path)["articles"])


def test_rekeyed_store_of_older_rules_refreshes_without_extracting(seed_store_path: Path, tmp_path: Path) -> None:
    """A store whose rows carry another extractor stamp and content hash is re-keyed for the current
    code: a refresh over its articles extracts nothing, and it answers as before."""
    old = tmp_path / "old" / "factstore.json"
    shutil.copytree(shard_dir(seed_store_path), shard_dir(old))
    index = read_meta(seed_store_path)
    rows = [{**row, "extractor": "older", "content_hash": "0" * 16} for row in index["articles"]]
    meta = {k: v for k, v in index["meta"].items() if k != "schema_version"}
    write_index(old, meta=meta, articles=rows, entities=index["entities"], skipped=[], stories=index["stories"])
    store, articles = tmp_path / "new" / "factstore.json", tmp_path / "articles"
    rekey_store(old, SEEDS, store, articles, EXTRACTOR_VERSION)
    assert {row["extractor"] for row in read_meta(store)["articles"]} == {EXTRACTOR_VERSION}
    report = build_store(articles, store)
    assert (report.added, report.changed, report.removed) == ([], [], [])
    for name in _people(seed_store_path)[:3]:
        assert _who(store, name).text.splitlines()[0] == _who(seed_store_path, name).text.splitlines()[0]
