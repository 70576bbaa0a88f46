"""The serving index written a shard at a time: the same answers however small its batches, and for a
store whose stories must be grouped while it is written."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from knowledge import serving_build
from knowledge.serving import build_serving_index
from knowledge.store import load_record, load_store, shard_dir
from tests.test_serving import _ask, _lines


def _copy(store: Path, tmp_path: Path) -> Path:
    target = tmp_path / "store" / store.name
    target.parent.mkdir()
    shutil.copy2(store, target)
    shutil.copytree(shard_dir(store), shard_dir(target))
    return target


def _same_answers(store: Path) -> None:
    record, served = load_record(store), load_store(store)
    for line in _lines(record):
        assert _ask(served, line) == _ask(record, line), line


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
