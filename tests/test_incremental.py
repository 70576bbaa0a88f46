"""Refresh proportional to the change: a build with nothing to do reads the index's small manifest,
never the index itself; a manifest that does not describe the index is not trusted."""

from __future__ import annotations

import functools
import os
from pathlib import Path

import pytest

import knowledge.build as kb
import knowledge.extract as extract
import knowledge.store as ks
from knowledge.build import build_store
from knowledge.store import manifest_path, shard_dir

ARTICLES = {
    "harbour.md": "---\ntitle: Harbour dredging\noutlet: Coast Weekly\ndate: 2024-03-02\n---\n"
                  "Dana Ortiz, the harbour master, said dredging would start in April.\n",
    "school.txt": "Evan Reed, a school board member, said 40 teachers signed the letter on Friday.\n",
}

_cached_nlp = functools.cache(extract.load_nlp)


@pytest.fixture(autouse=True)
def fast_nlp(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extract, "load_nlp", _cached_nlp)
    monkeypatch.setattr(kb, "RACY_NS", -10**12)  # files just written count as settled


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    store = tmp_path / "fs.json"
    build_store(folder, store, n_process=1)
    return folder, store


def index_reads(monkeypatch: pytest.MonkeyPatch, store: Path) -> list[Path]:
    """Record every read of the index file itself."""
    reads: list[Path] = []
    real = ks._read_json

    def spy(path: Path) -> dict:
        if Path(path) == store:
            reads.append(Path(path))
        return real(path)
    monkeypatch.setattr(ks, "_read_json", spy)
    return reads


def test_nothing_changed_reads_only_the_manifest(built: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    folder, store = built
    assert manifest_path(store).exists()
    reads = index_reads(monkeypatch, store)
    report = build_store(folder, store, n_process=1)
    assert not report.changed_anything and report.articles == 2 and report.facts > 0
    assert reads == []


def test_a_changed_article_is_found_with_the_manifest(built: tuple[Path, Path]) -> None:
    folder, store = built
    (folder / "school.txt").write_text(ARTICLES["school.txt"].replace("40", "41"), encoding="utf-8")
    report = build_store(folder, store, n_process=1)
    assert report.changed == ["school"] and report.unchanged == 1


def test_a_manifest_of_another_index_is_not_trusted(built: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    folder, store = built
    os.utime(store, ns=(0, 10**9))  # the index is not the one the manifest was written for
    reads = index_reads(monkeypatch, store)
    report = build_store(folder, store, n_process=1)
    assert not report.changed_anything and reads  # the index itself was read and checked


def test_a_missing_shard_is_not_hidden_by_the_manifest(built: tuple[Path, Path]) -> None:
    folder, store = built
    for shard in shard_dir(store).iterdir():
        shard.unlink()
    report = build_store(folder, store, n_process=1)
    assert report.previous_store_problem and sorted(report.added + report.changed) == ["harbour", "school"]


def test_a_store_without_manifest_gets_one(built: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    folder, store = built
    manifest_path(store).unlink()  # a store from before manifests
    build_store(folder, store, n_process=1)
    reads = index_reads(monkeypatch, store)
    build_store(folder, store, n_process=1)
    assert manifest_path(store).exists() and reads == []
