"""Random damage to the store on disk (issue 14, item 8): whatever is changed in the index or a shard,
every command still answers (from the intact snapshot, or the store refuses to load), and the next
build leaves a store that answers exactly as before the damage.
"""

from __future__ import annotations

import asyncio
import functools
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import knowledge.extract as extract
from handlers import Context, Reply, User, run_command
from knowledge.build import build_store
from knowledge.store import StoreError, StoreHandle, load_record, load_store, read_meta, shard_dir

EXAMPLES = 20
ARTICLES = {
    "ferry.txt": "Erin Black, a harbour pilot, said the ferry would sail again on Sunday.\n",
    "library.md": "---\ntitle: Library hours\n---\nFrank Green said the library would open late on Fridays. "
                  "He said 40 volunteers had signed up.\n",
    "school.txt": "Hana Ito, the principal of Lakeside School, said classes would resume on Wednesday.\n",
}
COMMANDS = (("who", "Erin Black"), ("who", "Hana Ito"), ("when", "classes resume"), ("sources", ""),
            ("compare", "library"))
#: values of another JSON type than whatever they replace (see ``damage``)
JUNK = (None, True, -1, 10**12, 1.5, "", "x" * 50, [], [7, -3], {}, {"1": 5}, {"id": None})
FAILED = "Sorry, something went wrong"

_cached_nlp = functools.cache(extract.load_nlp)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[tuple[str, str], str]]:
    """The articles folder, a store built twice (so ``.prev`` exists) and each command's clean answer."""
    root = tmp_path_factory.mktemp("damage")
    folder = root / "articles"
    folder.mkdir()
    store = root / "store" / "factstore.json"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(extract, "load_nlp", _cached_nlp)
        for name, text in ARTICLES.items():
            (folder / name).write_text(text, encoding="utf-8")
            build_store(folder, store, n_process=1)
    return folder, store, answers(store)


def answers(store: Path) -> dict[tuple[str, str], str]:
    ctx = Context(handle=StoreHandle(load_store(store)), user=User(id="U0DAMAGE", name="d"))
    replies: dict[tuple[str, str], str] = {}
    for name, text in COMMANDS:
        reply = asyncio.run(run_command(ctx, name, text))
        assert isinstance(reply, Reply) and FAILED not in reply.text, reply.text
        replies[(name, text)] = reply.text
    return replies


def places(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key path inside a JSON value (the file's TinyDB tables, documents and fields)."""
    found = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += places(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += places(item, (*path, i))
    return found


def damage(data: Any, path: tuple[Any, ...], junk: Any, delete: bool) -> bool:
    """Replace the value at ``path`` with ``junk`` of another type (or delete it); False if nothing changed."""
    *parents, last = path
    holder = data
    for key in parents:
        holder = holder[key]
    old = holder[last]
    if delete and isinstance(holder, dict):
        del holder[last]
        return True
    if type(old) is type(junk):
        return False
    holder[last] = junk
    return True


def assert_damage_is_refused_then_repaired(folder: Path, clean_store: Path, clean: dict[tuple[str, str], str],
                                           pick: Any) -> None:
    """Copy the clean store, let ``pick(files) -> (file, path, junk, delete)`` damage one value, then:
    the store is refused or answers as before, and the next build answers as before."""
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store" / clean_store.name
        shutil.copytree(clean_store.parent, store.parent)
        files = [store] + sorted(shard_dir(store) / r["shard"] for r in read_meta(store)["articles"])
        target, choose_path, junk, delete = pick(files)
        parsed = json.loads(target.read_text(encoding="utf-8"))
        if not damage(parsed, choose_path(parsed), junk, delete):
            return
        target.write_text(json.dumps(parsed), encoding="utf-8")
        try:
            replies = answers(store)  # every command answers, from what the store serves
        except StoreError:
            replies = None  # refused to load: the bot rebuilds or serves .prev, never the damage
        assert replies in (None, clean)
        build_store(folder, store, n_process=1)
        load_record(store)  # the whole record is well formed again
        assert answers(store) == clean


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_damage_never_crashes_a_command_and_never_survives_a_build(
        built: tuple[Path, Path, dict[tuple[str, str], str]], monkeypatch: pytest.MonkeyPatch,
        data: st.DataObject) -> None:
    monkeypatch.setattr(extract, "load_nlp", _cached_nlp)

    def pick(files: list[Path]) -> tuple[Path, Any, Any, bool]:
        return (data.draw(st.sampled_from(files)), lambda parsed: data.draw(st.sampled_from(places(parsed))),
                data.draw(st.sampled_from(JUNK)), data.draw(st.booleans()))

    assert_damage_is_refused_then_repaired(*built, pick)


#: damage that once loaded as an empty table: (index file or first shard, table, junk, delete the table)
WHOLE_TABLE_DAMAGE = [(0, "entities", None, False), (0, "entities", None, True), (0, "articles", None, True),
                      (1, "roles", None, True), (1, "statements", [], False), (1, "mentions", None, True)]


@pytest.mark.parametrize(("which", "table", "junk", "delete"), WHOLE_TABLE_DAMAGE)
def test_a_lost_or_nulled_table_is_damage_not_an_empty_table(
        built: tuple[Path, Path, dict[tuple[str, str], str]], monkeypatch: pytest.MonkeyPatch,
        which: int, table: str, junk: Any, delete: bool) -> None:
    monkeypatch.setattr(extract, "load_nlp", _cached_nlp)

    def pick(files: list[Path]) -> tuple[Path, Any, Any, bool]:
        shards_with_table = [f for f in files[1:] if table in json.loads(f.read_text(encoding="utf-8"))]
        return ([files[0]] + shards_with_table)[which], lambda parsed: (table,), junk, delete

    assert_damage_is_refused_then_repaired(*built, pick)


def test_an_index_entity_that_lost_its_name_keys_is_damage(
        built: tuple[Path, Path, dict[tuple[str, str], str]], monkeypatch: pytest.MonkeyPatch) -> None:
    """Found by the hypothesis suite: without its keys an entity loaded with no mentions, and /who
    for it failed ("a reply that found something must cite its evidence")."""
    monkeypatch.setattr(extract, "load_nlp", _cached_nlp)

    def pick(files: list[Path]) -> tuple[Path, Any, Any, bool]:
        return files[0], lambda parsed: ("entities", next(iter(parsed["entities"])), "keys"), None, True

    assert_damage_is_refused_then_repaired(*built, pick)


def test_an_entity_no_sentence_mentions_is_not_offered_as_an_answer(
        built: tuple[Path, Path, dict[tuple[str, str], str]]) -> None:
    """Merging can make an entity from a name met only in an alias pair, with no mention to cite
    (six in 2,000 real articles): /who says it found nobody instead of failing."""
    folder, clean_store, _ = built
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store" / clean_store.name
        shutil.copytree(clean_store.parent, store.parent)
        index = json.loads(store.read_text(encoding="utf-8"))
        entities = index["entities"]
        entities[str(max(map(int, entities)) + 1)] = {"id": "harbour-safety-act", "name": "Harbour Safety Act",
                                                      "label": "ORG", "aliases": [], "keys": ["harbour safety act"]}
        index["meta"]["1"]["entities"] += 1
        store.write_text(json.dumps(index), encoding="utf-8")
        ctx = Context(handle=StoreHandle(load_store(store)), user=User(id="U0DAMAGE", name="d"))
        reply = asyncio.run(run_command(ctx, "who", "Harbour Safety Act"))
        assert FAILED not in reply.text and "found nobody" in reply.text, reply.text
