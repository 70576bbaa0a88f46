"""The store on disk: atomic index swaps, rollback, garbage collection, refusing bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from knowledge.facts import SCHEMA_VERSION, ArticleFacts
from knowledge.store import (StoreError, load_store, previous_path, rollback, shard_dir, write_index,
                             write_shard)


def facts_for(article_id: str, text: str) -> ArticleFacts:
    return {
        "article": {"id": article_id, "path": f"{article_id}.txt", "title": "", "outlet": "", "published": "",
                    "published_inferred": "", "url": "", "text": text, "content_hash": f"h-{article_id}-{len(text)}",
                    "sentences": [[0, len(text)]]},
        "mentions": [], "roles": [], "statements": [], "dates": [], "numbers": [], "aliases": [],
        "framings": [],
    }


def write(store: Path, *articles: ArticleFacts) -> None:
    rows = [{"id": f["article"]["id"], "content_hash": f["article"]["content_hash"],
             "shard": write_shard(store, f, extractor="test"), "facts": 0} for f in articles]
    write_index(store, meta={"articles": len(rows)}, articles=rows, entities=[], skipped=[])


def test_round_trip_and_sentence_text(tmp_path: Path) -> None:
    store = tmp_path / "s.json"
    write(store, facts_for("a", "Alpha happened."))
    loaded = load_store(store)
    assert loaded.sentence("a", 0) == "Alpha happened."
    assert loaded.meta["schema_version"] == SCHEMA_VERSION


def test_rollback_swaps_previous_and_keeps_its_shards(tmp_path: Path) -> None:
    store = tmp_path / "s.json"
    write(store, facts_for("a", "Old text."))
    write(store, facts_for("a", "New text, longer."))
    assert previous_path(store).exists()
    assert len(list(shard_dir(store).iterdir())) == 2  # both versions kept for rollback
    rollback(store)
    assert load_store(store).sentence("a", 0) == "Old text."
    rollback(store)
    assert load_store(store).sentence("a", 0) == "New text, longer."


def test_unreferenced_shards_are_collected(tmp_path: Path) -> None:
    store = tmp_path / "s.json"
    for text in ("one.", "two!", "three?"):
        write(store, facts_for("a", text * 3))
    assert len(list(shard_dir(store).iterdir())) == 2  # current and previous only


@pytest.mark.parametrize("content, reason", [
    ('{"meta": {"1": {"schema_vers', "unreadable"),
    ("[]", "not a TinyDB file"),
    (json.dumps({"meta": {"1": {"schema_version": 999}}}), "schema version 999"),
])
def test_bad_store_files_raise_store_error(tmp_path: Path, content: str, reason: str) -> None:
    store = tmp_path / "s.json"
    store.write_text(content, encoding="utf-8")
    with pytest.raises(StoreError, match=reason):
        load_store(store)


def test_missing_store_and_missing_rollback(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no fact store"):
        load_store(tmp_path / "none.json")
    store = tmp_path / "s.json"
    write(store, facts_for("a", "Only one."))
    with pytest.raises(StoreError, match="no previous store"):
        rollback(store)


def test_a_second_concurrent_build_of_the_same_store_is_refused(tmp_path: Path) -> None:
    import fcntl

    from knowledge.build import BuildError, build_store

    store = tmp_path / "s.json"
    with open(store.with_name(store.name + ".lock"), "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(BuildError, match="another build"):
            build_store(tmp_path, store)


def test_index_and_shards_are_tinydb_files(tmp_path: Path) -> None:
    from tinydb import TinyDB

    store = tmp_path / "s.json"
    facts = facts_for("a", "Alpha said “yes”.")
    facts["mentions"] = [{"text": "Alpha", "name": "Alpha", "label": "PERSON", "title_of": "", "sent": 0,
                          "start": 0, "end": 5}]
    write(store, facts)
    with TinyDB(store, access_mode="r") as db:
        assert db.table("meta").all()[0]["schema_version"] == SCHEMA_VERSION
        assert [row["id"] for row in db.table("articles").all()] == ["a"]
        assert db.table("articles").get(doc_id=1)["shard"] == "h-a-17-test.json"
    with TinyDB(shard_dir(store) / "h-a-17-test.json", access_mode="r") as db:
        assert db.table("article").all()[0]["text"] == "Alpha said “yes”."
        assert db.table("mentions").all() == facts["mentions"]
        assert db.table("roles").all() == []
    assert "“yes”" in (shard_dir(store) / "h-a-17-test.json").read_text(encoding="utf-8")  # not \\u-escaped


def test_the_old_index_becomes_prev_without_a_copy(tmp_path: Path) -> None:
    store = tmp_path / "s.json"
    write(store, facts_for("a", "Old text."))
    old_bytes, old_inode = store.read_bytes(), store.stat().st_ino
    write(store, facts_for("a", "New text, longer."))
    assert previous_path(store).read_bytes() == old_bytes
    assert previous_path(store).stat().st_ino == old_inode  # a hard link, then the new index replaces the name
    assert store.stat().st_ino != old_inode
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_leftover_prev_temp_file_does_not_block_the_next_swap(tmp_path: Path) -> None:
    store = tmp_path / "s.json"
    write(store, facts_for("a", "Old text."))
    (tmp_path / ".s.json.prev.tmp").write_text("left by a build killed between link and rename")
    old_bytes = store.read_bytes()
    write(store, facts_for("a", "Newer text."))
    assert previous_path(store).read_bytes() == old_bytes
    assert load_store(store).sentence("a", 0) == "Newer text."


def test_garbage_collection_uses_the_rows_it_is_given(tmp_path: Path) -> None:
    store = tmp_path / "s.json"
    write(store, facts_for("a", "One."))
    old_rows = [{"id": "a", "content_hash": "h-a-4", "shard": "h-a-4-test.json", "facts": 0}]
    new = facts_for("a", "Two two.")
    rows = [{"id": "a", "content_hash": new["article"]["content_hash"],
             "shard": write_shard(store, new, extractor="test"), "facts": 0}]
    (shard_dir(store) / "stray.json").write_text("{}")
    write_index(store, meta={}, articles=rows, entities=[], skipped=[], current_problem="", current_rows=old_rows)
    assert sorted(p.name for p in shard_dir(store).iterdir()) == ["h-a-4-test.json", "h-a-8-test.json"]
    rollback(store)
    assert load_store(store).sentence("a", 0) == "One."
