"""The build's fast paths: nothing changed, files known unchanged from their stat, slim facts, frozen heap.

Builds run in this process with the spaCy model loaded once (as in test_reliability).
"""

from __future__ import annotations

import functools
import gc
import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import knowledge.build as kb
import knowledge.extract as extract
from bot.config import Settings
from bot.runtime import open_store
from knowledge.articles import load_corpus
from knowledge.build import build_store
from knowledge.serving_db import serving_path
from knowledge.store import load_store, previous_path, read_meta, shard_dir

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = {
    "alpha.md": "---\ntitle: Bridge reopens\noutlet: Town Crier\ndate: 2024-05-01\n---\n"
                "Alice Smith, the mayor of Springfield, said the bridge would reopen on Monday.\n",
    "beta.txt": "Bob Jones, a police spokesman, said 12 people were hurt in the crash on Tuesday.\n",
    "gamma.txt": "Carol White said the council would vote on the budget in June.\n",
}

_cached_nlp = functools.cache(extract.load_nlp)


@pytest.fixture(autouse=True)
def fast_nlp(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extract, "load_nlp", _cached_nlp)


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files just written count as settled (not racy), so their stat is recorded at once."""
    monkeypatch.setattr(kb, "RACY_NS", -10**12)


def write_articles(folder: Path, articles: dict[str, str] = ARTICLES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def count_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    reads: list[str] = []
    real = kb.read_article

    def read_article(path: Path, rel: str, extra: dict[str, str]) -> Any:
        reads.append(rel)
        return real(path, rel, extra)

    monkeypatch.setattr(kb, "read_article", read_article)
    return reads


def forbid_loading_shards(monkeypatch: pytest.MonkeyPatch) -> None:
    def load_shard(*args: Any) -> Any:
        raise AssertionError("a build with nothing to do loaded a shard")

    monkeypatch.setattr(kb, "load_shard", load_shard)


def test_nothing_changed_loads_and_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    articles = write_articles(tmp_path / "articles")
    (articles / "bad.txt").write_bytes(b"")
    store = tmp_path / "store" / "factstore.json"
    first = build_store(articles, store, n_process=1)
    (articles / "gamma.txt").write_text(ARTICLES["gamma.txt"] + "She said 40 members would attend.\n")
    second = build_store(articles, store, n_process=1)
    assert second.changed == ["gamma"]
    index, prev = store.read_bytes(), previous_path(store).read_bytes()
    forbid_loading_shards(monkeypatch)
    monkeypatch.setattr(kb, "_extract", None)  # would fail if called
    report = build_store(articles, store, n_process=1)
    assert not report.changed_anything and report.unchanged == report.articles == 3
    assert (report.facts, report.words) == (second.facts, second.words) != (first.facts, first.words)
    assert report.skipped == [{"path": "bad.txt", "reason": "no text"}]
    assert "3 articles" in report.summary() and "Skipped bad.txt: no text" in report.summary()
    assert store.read_bytes() == index and previous_path(store).read_bytes() == prev


def test_nothing_changed_does_not_import_spacy(tmp_path: Path) -> None:
    articles = write_articles(tmp_path / "articles")
    store = tmp_path / "store" / "factstore.json"
    build_store(articles, store, n_process=1)
    code = ("import sys; from knowledge.build import build_store; r = build_store(sys.argv[1], sys.argv[2]); "
            "assert not r.changed_anything and r.articles == 3, r; "
            "assert not [m for m in sys.modules if m.startswith(('spacy', 'knowledge.extract', 'knowledge.entities'))]")
    subprocess.run([sys.executable, "-c", code, str(articles), str(store)], cwd=ROOT, check=True)


def test_unchanged_files_are_not_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            settled: None) -> None:
    articles = write_articles(tmp_path / "articles")
    store = tmp_path / "store" / "factstore.json"
    build_store(articles, store, n_process=1)
    assert all(row["stat"] for row in read_meta(store)["articles"])
    reads = count_reads(monkeypatch)
    assert not build_store(articles, store, n_process=1).changed_anything
    assert reads == []

    # same size, same modification time: the change time still tells
    beta = articles / "beta.txt"
    before = beta.stat()
    beta.write_text(ARTICLES["beta.txt"].replace("12", "13"), encoding="utf-8")
    os.utime(beta, ns=(before.st_atime_ns, before.st_mtime_ns))
    report = build_store(articles, store, n_process=1)
    assert reads == ["beta.txt"] and report.changed == ["beta"]
    assert "13 people" in load_store(store).articles["beta"]["text"]

    reads.clear()
    (articles / "sources.toml").write_text('["gamma.txt"]\noutlet = "Gazette"\n', encoding="utf-8")
    report = build_store(articles, store, n_process=1)  # metadata of every file may have changed
    assert sorted(reads) == ["alpha.md", "beta.txt", "gamma.txt"] and report.changed == ["gamma"]
    assert load_store(store).articles["gamma"]["outlet"] == "Gazette"
    reads.clear()
    assert not build_store(articles, store, n_process=1).changed_anything and reads == []


def test_racy_files_are_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    articles = write_articles(tmp_path / "articles")  # just written: within RACY_NS of the scan
    store = tmp_path / "store" / "factstore.json"
    build_store(articles, store, n_process=1)
    assert [row["stat"] for row in read_meta(store)["articles"]] == [None, None, None]
    reads = count_reads(monkeypatch)
    assert not build_store(articles, store, n_process=1).changed_anything
    assert sorted(reads) == ["alpha.md", "beta.txt", "gamma.txt"]


def test_stats_of_many_reread_files_are_recorded_in_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    articles = write_articles(tmp_path / "articles")
    store = tmp_path / "store" / "factstore.json"
    build_store(articles, store, n_process=1)
    build_store(articles, store, n_process=1)  # no .prev yet: nothing changed
    monkeypatch.setattr(kb, "RACY_NS", -10**12)
    monkeypatch.setattr(kb, "RESTAT_MIN", 2)
    entities = read_meta(store)["entities"]
    assert not build_store(articles, store, n_process=1).changed_anything
    assert not previous_path(store).exists()  # rewritten in place, not rotated
    index = read_meta(store)
    assert all(row["stat"] for row in index["articles"]) and index["entities"] == entities
    reads = count_reads(monkeypatch)
    assert not build_store(articles, store, n_process=1).changed_anything and reads == []


def test_the_build_reads_articles_like_load_corpus(tmp_path: Path) -> None:
    articles = write_articles(tmp_path / "articles")
    (articles / "sub").mkdir()
    (articles / "sub" / "delta.md").write_text("---\nid: delta\n---\nDan said so.\n", encoding="utf-8")
    (articles / "dup.md").write_text("---\nid: beta\n---\nSame id.\n", encoding="utf-8")
    (articles / "empty.txt").write_bytes(b"")
    (articles / ".hidden.txt").write_text("Hidden said so.\n", encoding="utf-8")
    (articles / "notes.csv").write_text("a,b\n", encoding="utf-8")
    (articles / "sources.toml").write_text('["gamma.txt"]\noutlet = "Gazette"\n', encoding="utf-8")
    corpus = load_corpus(articles)
    entries, skipped, _ = kb.scan_corpus(articles, {}, False)
    assert [(e.id, e.path, e.content_hash, e.read()) for e in entries] == \
        [(a.id, a.path, a.content_hash, a) for a in corpus.articles]
    assert skipped == corpus.skipped
    assert kb.scan_corpus(tmp_path / "none", {}, False)[1] == load_corpus(tmp_path / "none").skipped


def test_one_changed_article_keeps_the_guarantees(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    articles = write_articles(tmp_path / "articles")
    store = tmp_path / "store" / "factstore.json"
    build_store(articles, store, n_process=1)
    old_index = store.read_bytes()
    old_shards = {row["shard"] for row in read_meta(store)["articles"]}
    merged: list[list[dict[str, Any]]] = []
    import knowledge.entity_index as kei

    real_merge = kei.merge_keyed

    def merge(facts: list[Any]) -> Any:
        merged.append(facts)
        return real_merge(facts)

    monkeypatch.setattr(kei, "merge_keyed", merge)
    (articles / "beta.txt").write_text(ARTICLES["beta.txt"] + "He said 3 of them were in hospital.\n")
    report = build_store(articles, store, n_process=1)
    assert report.changed == ["beta"] and report.unchanged == 2
    assert previous_path(store).read_bytes() == old_index
    new_shards = {row["shard"] for row in read_meta(store)["articles"]}
    assert {p.name for p in shard_dir(store).iterdir()} == old_shards | new_shards
    [facts] = merged
    assert [f["article"]["id"] for f in facts] == ["alpha", "beta", "gamma"]
    for f in facts:  # only what merging needs is held in memory
        assert "text" not in f["article"] and "sentences" not in f["article"] and "dates" not in f
        assert {"mentions", "roles", "statements", "numbers", "aliases", "framings"} <= set(f)
    assert load_store(store).articles["beta"]["text"].endswith("in hospital.")


def test_a_damaged_shard_is_repaired_by_the_next_build(tmp_path: Path) -> None:
    articles = write_articles(tmp_path / "articles")
    store = tmp_path / "store" / "factstore.json"
    build_store(articles, store, n_process=1)
    [beta] = [row for row in read_meta(store)["articles"] if row["id"] == "beta"]
    (shard_dir(store) / beta["shard"]).write_text('{"article": {"1": {"id": "be', encoding="utf-8")
    assert build_store(articles, store, n_process=1).changed == ["beta"]  # changed after the index: checked
    out = io.StringIO()
    handle = open_store(Settings(articles_dir=articles, store_path=store), out=out)
    assert "Rebuilding it from" not in out.getvalue()
    assert "12 people" in handle.current.articles["beta"]["text"]
    assert load_store(store).articles["beta"]["text"] == handle.current.articles["beta"]["text"]


def test_the_serving_snapshot_is_frozen_out_of_full_collections(tmp_path: Path) -> None:
    articles = write_articles(tmp_path / "articles")
    store = tmp_path / "store" / "factstore.json"
    build_store(articles, store, n_process=1)
    gc.unfreeze()
    try:
        handle = open_store(Settings(articles_dir=articles, store_path=store), out=io.StringIO())
        stories = handle.current.stories
        assert gc.get_freeze_count() > 0 and not any(o is stories for o in gc.get_objects())  # in the permanent generation
    finally:
        gc.unfreeze()


def test_changed_extraction_rules_reextract_unchanged_articles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text("Officials said the bridge reopened on Monday.\n", encoding="utf-8")
    store = tmp_path / "store.json"
    kb.build_store(articles, store, n_process=1)
    assert kb.build_store(articles, store, n_process=1).unchanged == 1
    monkeypatch.setattr(kb, "EXTRACTOR_VERSION", "newrules00")
    report = kb.build_store(articles, store, n_process=1)
    assert report.changed == ["a"]  # same text, new rules: extracted again, into a shard of its own
    assert "extraction rules changed" in report.summary()
    assert any(p.name.endswith("-newrules00.json") for p in shard_dir(store).iterdir())
