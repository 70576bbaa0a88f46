"""Refresh proportional to the change: a build with nothing to do reads the index's small manifest,
never the index itself; a manifest that does not describe the index is not trusted; a refresh after
changing, adding or removing an article stores and answers what a fresh build of the folder does."""

from __future__ import annotations

import asyncio
import functools
import marshal
import os
import shutil
from pathlib import Path

import pytest

import knowledge.build as kb
import knowledge.extract as extract
import knowledge.store as ks
from handlers import Context, Reply, User, run_line
from knowledge.build import build_store
from knowledge.merge import merge_entities
from knowledge.merge_inputs import INPUTS_VERSION, inputs_path, read_inputs
from knowledge.store import manifest_path, shard_dir
from tests.conftest import FIXTURES, OTHER_STORY

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


# --------------------------------------------------------------------------- a refresh equals a fresh build

def _corpus(folder: Path) -> Path:
    """Two test corpora in one folder: several stories sharing some names."""
    shutil.copytree(OTHER_STORY, folder)
    shutil.copytree(FIXTURES / "stories", folder / "stories")
    return folder


def _questions(store: Path) -> list[str]:
    """Every entity's name asked with /who and /when, the story list, the timeline and common words."""
    record = ks.load_record(store)
    lines = ["/stories", "/when"]
    for entity in record.entities:
        lines += [f"/who {entity['name']}", f"/when {entity['name']}"]
    lines += [f"/sources {w}" for w, _ in record.index.word_counts.most_common(5)]
    return lines


def _ask(store: Path, lines: list[str]) -> list[Reply]:
    served = ks.load_store(store)
    ctx = Context(handle=ks.StoreHandle(served), user=User(id="U-incr", name="tester"), platform="test")  # type: ignore[arg-type]
    return [asyncio.run(run_line(ctx, line)) for line in lines]


def _copy_store(store: Path, target: Path) -> Path:
    """A copy of a store (index, manifest, shards and whatever lies beside them) under ``target``."""
    shutil.copytree(store.parent, target)
    return target / store.name


def _refresh_matches(folder: Path, store: Path, tmp_path: Path) -> None:
    """Refresh ``store``, and a copy of it the long way (``verify``: every shard loaded, merged anew):
    both store and answer the same; their entities are a fresh build's (stories stay put across
    refreshes, so only entities are compared with one)."""
    n = len(list(tmp_path.iterdir()))
    reference = _copy_store(store, tmp_path / f"reference-{n}")
    report, long = build_store(folder, store, n_process=1), build_store(folder, reference, n_process=1, verify=True)
    assert report.changed_anything and (report.added, report.changed, report.removed) == (
        long.added, long.changed, long.removed)
    fresh = tmp_path / f"fresh-{n}" / "fs.json"
    build_store(folder, fresh, n_process=1)
    refreshed, long_way, built = ks.read_meta(store), ks.read_meta(reference), ks.read_meta(fresh)
    assert refreshed["entities"] == long_way["entities"] == built["entities"]
    assert refreshed["stories"] == long_way["stories"]
    lines = _questions(fresh)
    assert len(lines) > 20
    assert _ask(store, lines) == _ask(reference, lines)


def _first_paragraph(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("\n---\n", 1)[-1].strip().split("\n\n")[0]


def test_a_refresh_after_one_change_stores_and_answers_as_the_long_way(tmp_path: Path) -> None:
    folder = _corpus(tmp_path / "articles")
    store = tmp_path / "store" / "fs.json"
    build_store(folder, store, n_process=1)
    files = sorted(p for p in folder.rglob("*") if p.suffix in (".md", ".txt"))
    text = files[1].read_text(encoding="utf-8").rstrip()  # its last paragraph dropped: names leave the corpus
    files[1].write_text(text.rsplit("\n\n", 1)[0] + "\n", encoding="utf-8")
    _refresh_matches(folder, store, tmp_path)

    # an article made of two others' first paragraphs: names shared across stories
    (folder / "added.txt").write_text(f"{_first_paragraph(files[0])}\n\n{_first_paragraph(files[-1])}\n",
                                      encoding="utf-8")
    _refresh_matches(folder, store, tmp_path)

    files[2].unlink()
    _refresh_matches(folder, store, tmp_path)


def test_the_index_holds_name_keys_and_the_record_the_merged_mentions(tmp_path: Path) -> None:
    folder = _corpus(tmp_path / "articles")
    store = tmp_path / "store" / "fs.json"
    build_store(folder, store, n_process=1)
    index = ks.read_meta(store)
    assert index["entities"] and all("mentions" not in e and e["keys"] for e in index["entities"])
    facts = [ks.load_shard(store, row["shard"]) for row in index["articles"]]
    assert ks.load_record(store).entities == merge_entities(facts)  # what merging gives, mentions and all


def _shard_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The shards the build itself reads (the serving index is derived afterwards, from the record)."""
    reads: list[str] = []
    real = kb.load_shard

    def spy(store: Path, shard: str, **kwargs: object) -> object:
        reads.append(shard)
        return real(store, shard, **kwargs)  # type: ignore[arg-type]
    monkeypatch.setattr(kb, "load_shard", spy)
    return reads


def test_a_refresh_reads_no_shard_of_an_unchanged_article(built: tuple[Path, Path],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    folder, store = built
    assert inputs_path(store).exists()
    (folder / "school.txt").write_text(ARTICLES["school.txt"].replace("40", "41"), encoding="utf-8")
    reads = _shard_reads(monkeypatch)
    assert build_store(folder, store, n_process=1).changed == ["school"]
    assert reads == []  # the unchanged article's merge inputs were kept beside the index


@pytest.mark.parametrize("damage", [b"", b"not marshal", marshal.dumps((INPUTS_VERSION, {"x.json": (1, 2)})),
                                    marshal.dumps((INPUTS_VERSION + 1, {}))])
def test_damaged_merge_inputs_are_read_from_the_shards_instead(tmp_path: Path, damage: bytes,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _corpus(tmp_path / "articles")
    store = tmp_path / "store" / "fs.json"
    build_store(folder, store, n_process=1)
    inputs_path(store).write_bytes(damage)
    first = sorted(p for p in folder.rglob("*.md"))[0]
    first.write_text(first.read_text(encoding="utf-8").rstrip().rsplit("\n\n", 1)[0] + "\n", encoding="utf-8")
    reference = _copy_store(store, tmp_path / "reference")
    reads = _shard_reads(monkeypatch)
    build_store(folder, store, n_process=1)
    assert len(reads) == len(ks.read_meta(store)["articles"]) - 1  # every unchanged article's shard
    assert read_inputs(store).keys() == {row["shard"] for row in ks.read_meta(store)["articles"]}
    build_store(folder, reference, n_process=1, verify=True)
    refreshed, long_way = ks.read_meta(store), ks.read_meta(reference)
    assert refreshed["entities"] == long_way["entities"] and refreshed["stories"] == long_way["stories"]
