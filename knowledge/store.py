"""The fact store on disk (TinyDB) and in memory (with the indexes answering needs).

Layout, built so a refresh rewrites only what changed and can never leave a torn store:

* ``factstore.json`` — the index: build metadata, the article list (id, metadata,
  content hash, shard file), the merged entities (each with its name keys; the mentions stay in the
  shards, see :mod:`knowledge.entity_index`) and the files that were skipped.
* ``factstore.json.d/<content-hash>.json`` — one TinyDB file per article version with
  its text, sentences and extracted facts. Shards are immutable and named by content,
  so a build writes new shards first and then replaces the index in one ``os.replace``.
* ``factstore.json.prev`` — the index before the last build, kept for rollback; its
  shards are kept too. A build writes and fsyncs the new index to a temp file first (a full disk
  fails there, with the current index and ``.prev`` untouched), then hard-links the current index
  to ``.prev`` (no copy) and replaces the current name with the new index, so either name holds a
  whole index at every moment. Only an index that loads becomes ``.prev``: an unusable one
  (truncated, another schema, a shard missing) is moved aside to
  ``factstore.json.corrupt-<UTC timestamp>`` instead, so a good ``.prev`` is never lost.

Everything read back is checked against :mod:`knowledge.schema`; damage is a :class:`StoreError`.
Loading never imports spaCy.
"""

from __future__ import annotations

import errno
import gc
import json
import logging
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .facts import SCHEMA_VERSION, ArticleFacts, ArticleRecord, Entity, Story
from .schema import SchemaError, check_record, check_shard_name, index_tables, shard_facts, table_rows

if TYPE_CHECKING:
    from .serving import ServingStore

log = logging.getLogger(__name__)

FACT_TABLES = ("mentions", "roles", "statements", "dates", "numbers", "aliases", "framings")
# Answering reads mentions from the merged entities (attached from the shards at load), so serving does not
# hold them twice.
SERVING_TABLES = tuple(t for t in FACT_TABLES if t != "mentions")


class StoreError(Exception):
    """The store on disk is missing, unreadable, or from another schema version."""


class BuildError(Exception):
    """The build refused to replace the store (the message says why); nothing on disk changed.
    (Here, not in :mod:`knowledge.build`, so that catching it does not import the build.)"""


def shard_dir(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + ".d")


def previous_path(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + ".prev")


def manifest_path(store_path: Path) -> Path:
    """A small file beside the index: its article rows, for a build that may find nothing to do."""
    return store_path.with_name(store_path.name + ".manifest")


#: index row fields the manifest leaves out (a build that finds changes reads the index itself)
_MANIFEST_DROPS = ("story_terms",)


# --------------------------------------------------------------------------- writing


def _tinydb_json(tables: dict[str, list[dict[str, Any]]]) -> bytes:
    """A whole TinyDB file in TinyDB's own format (``{"table": {"1": {...}, ...}}``), empty tables left out."""
    data = {name: {str(i): row for i, row in enumerate(rows, start=1)} for name, rows in tables.items() if rows}
    return json.dumps(data, ensure_ascii=False).encode("utf-8")  # what TinyDB's JSONStorage writes


def _fsync_dir(directory: Path) -> None:
    """Make the names created or replaced in ``directory`` durable (not only their contents)."""
    try:
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except FileNotFoundError:
        return
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):  # file systems without directory fsync
            raise
    finally:
        os.close(fd)


def _atomic_tinydb(path: Path, tables: dict[str, list[dict[str, Any]]], *, sync_dir: bool = True) -> None:
    """Write a whole TinyDB file to a temp file in one write, fsync it, then move it into place.

    ``sync_dir=False`` leaves the directory fsync to the caller (shards: once before the index swap).
    """
    tmp = _synced_temp(path, tables)
    _replace_or_drop(tmp, path)
    if sync_dir:
        _fsync_dir(path.parent)


def _synced_temp(path: Path, tables: dict[str, list[dict[str, Any]]]) -> Path:
    """A temp file beside ``path`` holding the whole TinyDB file, written and fsynced (removed on failure)."""
    payload = _tinydb_json(tables)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        try:
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def _replace_or_drop(tmp: Path, path: Path) -> None:
    """``os.replace(tmp, path)``; ``tmp`` is removed when that fails."""
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def shard_name(content_hash: str, extractor: str) -> str:
    """Shards are named by what made them: the article's content and the extraction rules."""
    return f"{content_hash}-{extractor}.json"


def write_shard(store_path: Path, facts: ArticleFacts, *, extractor: str) -> str:
    """Write one article's facts; returns the shard file name (content-addressed)."""
    name = shard_name(facts["article"]["content_hash"], extractor)
    path = shard_dir(store_path) / name
    if not path.exists():
        tables: dict[str, list[dict[str, Any]]] = {"article": [facts["article"]]}  # type: ignore[list-item]
        for table in FACT_TABLES:
            tables[table] = facts.get(table, [])  # type: ignore[assignment]
        _atomic_tinydb(path, tables, sync_dir=False)
    return name


def write_index(store_path: Path, *, meta: dict[str, Any], articles: list[dict[str, Any]],
                entities: list[Entity], skipped: list[dict[str, str]], current_problem: str | None = None,
                current_rows: Iterable[dict[str, Any]] | None = None, stories: list[Story] | None = None) -> None:
    """Swap in a new index; the old one becomes ``.prev`` (or is moved aside) and unreferenced shards go.

    ``current_problem`` is what was wrong with the current index before the build wrote its shards
    (a build may re-create a missing shard); ``None`` checks now. ``current_rows`` are the article rows
    of the current index when the caller has read them already (they become ``.prev``'s rows, so
    garbage collection need not read any index back).
    """
    tables = _index_tables(meta=meta, articles=articles, entities=entities, skipped=skipped, stories=stories)
    store_path.parent.mkdir(parents=True, exist_ok=True)
    _fsync_dir(shard_dir(store_path))  # the new shards' names are durable before an index names them
    tmp = _synced_temp(store_path, tables)  # whole and synced before .prev changes: a full disk fails here
    previous_rows: Iterable[dict[str, Any]] | None = None
    try:
        if store_path.exists():
            problem = index_problem(store_path) if current_problem is None else current_problem
            if problem:
                _move_aside(store_path, problem)
            else:
                _keep_as_previous(store_path)
                previous_rows = current_rows
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _replace_or_drop(tmp, store_path)
    _fsync_dir(store_path.parent)
    write_manifest(store_path, meta, articles)
    keep = {row["shard"] for row in articles}
    if previous_rows is not None:
        keep.update(row["shard"] for row in previous_rows)
    else:
        keep.update(_shards_of(previous_path(store_path)))
    collect_garbage(store_path, keep=keep)


def rewrite_index(store_path: Path, *, meta: dict[str, Any], articles: list[dict[str, Any]],
                  entities: list[Entity], skipped: list[dict[str, str]], stories: list[Story] | None = None) -> None:
    """Replace the index with an equivalent one (same articles and shards), leaving ``.prev`` alone."""
    _atomic_tinydb(store_path, _index_tables(meta=meta, articles=articles, entities=entities, skipped=skipped,
                                             stories=stories))
    write_manifest(store_path, meta, articles)


def _index_stamp(store_path: Path) -> list[int]:
    """What must stay equal for the manifest to describe the index file: size, mtime, inode, device."""
    st = os.stat(store_path)
    return [st.st_size, st.st_mtime_ns, st.st_ino, st.st_dev]


def write_manifest(store_path: Path, meta: dict[str, Any], articles: list[dict[str, Any]]) -> None:
    """Record the index's article rows (without story terms) and its file stamp beside it.

    Not synced: a manifest that does not match its index (killed before it was written, a rollback,
    any rewrite) is simply not trusted (:func:`read_manifest`)."""
    rows = [{k: v for k, v in row.items() if k not in _MANIFEST_DROPS} for row in articles]
    payload = {"schema_version": SCHEMA_VERSION, "index": _index_stamp(store_path), "meta": meta, "articles": rows}
    path = manifest_path(store_path)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:  # only a shortcut is lost: the next build reads the index
        tmp.unlink(missing_ok=True)
        log.warning("could not write %s: %s", path.name, exc)


def read_manifest(store_path: Path) -> dict[str, Any] | None:
    """The manifest's meta and article rows when it describes the index as it is now (else None)."""
    try:
        data = json.loads(manifest_path(store_path).read_text(encoding="utf-8"))
        stamp = _index_stamp(store_path)
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("index") != stamp or data.get("schema_version") != SCHEMA_VERSION:
        return None
    rows, meta = data.get("articles"), data.get("meta")
    if not isinstance(rows, list) or not isinstance(meta, dict):
        return None
    if not all(isinstance(r, dict) and isinstance(r.get("id"), str) and isinstance(r.get("shard"), str) for r in rows):
        return None
    return {"meta": meta, "articles": rows}


def shards_unchanged(store_path: Path, rows: list[dict[str, Any]]) -> bool:
    """Every shard the rows name is present and unchanged since the index was written (one directory scan)."""
    try:
        changed_at = {entry.name: entry.stat().st_mtime_ns for entry in os.scandir(shard_dir(store_path))}
        written_at = os.stat(store_path).st_mtime_ns
    except OSError:
        return False
    return all(changed_at.get(row["shard"], written_at + 1) <= written_at for row in rows)


def _index_tables(*, meta: dict[str, Any], articles: list[dict[str, Any]], entities: list[Entity],
                  skipped: list[dict[str, str]], stories: list[Story] | None = None) -> dict[str, list[Any]]:
    """The tables of an index file, stamped with the schema version."""
    return {"meta": [{**meta, "schema_version": SCHEMA_VERSION}], "articles": articles,
            "entities": entities, "skipped": skipped, "stories": stories or []}


def _link_or_copy(source: Path, target: Path) -> None:
    """``target`` becomes another name for ``source`` (a copy where hard links are not supported)."""
    try:
        os.link(source, target)
        return
    except FileExistsError:  # left by a build that was killed here
        target.unlink()
        return _link_or_copy(source, target)
    except OSError:
        pass
    try:
        shutil.copyfile(source, target)
    except BaseException:  # a full disk mid-copy: no partial file left behind
        target.unlink(missing_ok=True)
        raise


def _keep_as_previous(store_path: Path) -> None:
    """The current index (and its serving index) also becomes ``.prev``; the current names keep
    pointing at them until replaced."""
    for current, previous in _with_serving(store_path, previous_path(store_path)):
        prev_tmp = current.with_name(f".{current.name}.prev.tmp")
        _link_or_copy(current, prev_tmp)
        _replace_or_drop(prev_tmp, previous)


def _with_serving(current: Path, previous: Path) -> list[tuple[Path, Path]]:
    """An index pair, and its serving files' pair when the current one has a serving file (the
    index last: a serving file is only trusted when its index's fingerprint matches)."""
    from .serving_db import serving_path

    pairs = [(serving_path(current), serving_path(previous))]
    return [p for p in pairs if p[0].exists()] + [(current, previous)]


def _move_aside(store_path: Path, problem: str) -> Path:
    """Keep an unusable index for inspection instead of overwriting ``.prev`` with it."""
    aside = store_path.with_name(f"{store_path.name}.corrupt-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}")
    os.replace(store_path, aside)
    log.warning("unusable fact store moved aside to %s (%s); %s is kept for rollback",
                aside.name, problem, previous_path(store_path).name)
    return aside


def check_index(index: Path, store_path: Path | None = None) -> tuple[dict[str, Any] | None, str]:
    """An index as :func:`read_meta` reads it (``None`` if it cannot) and why it cannot be served ("" when it can).

    Shards are immutable once an index names them: one changed since the index was written is loaded
    (and checked against the schema), so damage on disk is found by the next build without reading
    every shard."""
    try:
        data = read_meta(index)
    except StoreError as exc:
        return None, str(exc)
    store = store_path or index
    try:
        changed_at = {entry.name: entry.stat().st_mtime_ns for entry in os.scandir(shard_dir(store)) if entry.is_file()}
        written_at = os.stat(index).st_mtime_ns
    except OSError:
        changed_at, written_at = {}, 0
    missing = [row["shard"] for row in data["articles"] if row["shard"] not in changed_at]
    if missing:
        return data, f"{len(missing)} shard file(s) missing, e.g. {missing[0]}"
    try:
        for row in data["articles"]:
            if changed_at[row["shard"]] > written_at:
                load_shard(store, row["shard"], expected_facts=row.get("facts"))
        if not _serving_fresh(index):  # the index changed since its serving index was derived (or has none)
            _check_against_shards(index, data, store)
    except StoreError as exc:
        return data, str(exc)
    return data, ""


def _serving_fresh(index: Path) -> bool:
    from .serving_db import is_fresh

    return is_fresh(index)


def _check_against_shards(index: Path, data: dict[str, Any], store: Path) -> None:
    """An index agrees with its shards' article records (ids, sentences its entity mentions point at)."""
    records = [load_shard(store, row["shard"], tables=(), expected_facts=row.get("facts"))["article"]
               for row in data["articles"]]
    try:
        check_record(data["articles"], records, data["entities"])
    except SchemaError as exc:
        raise StoreError(f"fact store {index} is damaged ({exc})") from exc


def index_problem(index: Path, store_path: Path | None = None) -> str:
    """Why an index file cannot be served ("" when it can): unreadable, wrong schema, a shard missing."""
    return check_index(index, store_path)[1]


def _shards_of(index: Path) -> set[str]:
    try:
        return {a["shard"] for a in _read_json(index).get("articles", {}).values()}
    except (StoreError, AttributeError, KeyError, TypeError):
        return set()


def collect_garbage(store_path: Path, keep: Iterable[str] | None = None) -> None:
    """Delete shards that neither the current nor the previous index uses.

    ``keep``: the shard names both indexes use, when the caller knows them (else both are read).
    """
    if keep is None:
        keep = _shards_of(store_path) | _shards_of(previous_path(store_path))
    keep = set(keep)
    directory = shard_dir(store_path)
    if not directory.is_dir():
        return
    for path in directory.iterdir():
        if path.name not in keep and (path.suffix == ".json" or path.name.endswith(".tmp")):
            path.unlink(missing_ok=True)


def rollback(store_path: Path) -> None:
    """Make the previous index current again (and the current one previous).

    Refused (:class:`StoreError`, nothing changed) when there is no previous store, it does not load,
    or it is the same store as the current one (a rollback would change nothing)."""
    prev = previous_path(store_path)
    if not prev.exists():
        raise StoreError("there is no previous store to roll back to")
    for row in read_meta(prev)["articles"]:  # refuse to roll back to something that does not load
        load_shard(store_path, row["shard"], expected_facts=row.get("facts"))
    problem = index_problem(store_path)
    if problem:  # an unusable current store is kept aside, not made the next rollback target
        if store_path.exists():
            _move_aside(store_path, problem)
        os.replace(prev, store_path)
        return
    if _same_index(store_path, prev):
        raise StoreError("the previous store is the same as the current one; nothing was rolled back")
    for current, previous in _with_serving(store_path, prev):
        if not previous.exists():  # the previous index has no serving file yet: opening it writes one
            continue
        tmp = current.with_name(f".{current.name}.swap.tmp")
        _link_or_copy(current, tmp)
        try:
            os.replace(previous, current)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        os.replace(tmp, previous)
    _fsync_dir(store_path.parent)


def _same_index(one: Path, other: Path) -> bool:
    """Whether two index files are one store (the same file, or the same bytes)."""
    if os.path.samefile(one, other):
        return True
    return one.stat().st_size == other.stat().st_size and one.read_bytes() == other.read_bytes()


# --------------------------------------------------------------------------- reading


def _read_json(path: Path) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError as exc:
        raise StoreError(f"no fact store at {path}") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StoreError(f"fact store {path} is unreadable ({exc.__class__.__name__}: {exc})") from exc
    if not isinstance(data, dict):
        raise StoreError(f"fact store {path} is not a TinyDB file")
    return data


def read_meta(store_path: Path) -> dict[str, Any]:
    """Build metadata and article list of a store, without loading its shards; every table checked
    against :mod:`knowledge.schema` (damage raises :class:`StoreError`)."""
    data = _read_json(store_path)
    try:
        meta = (table_rows(data, "meta") or [{}])[0]
    except SchemaError as exc:
        raise StoreError(f"fact store {store_path} is damaged ({exc})") from exc
    if meta.get("schema_version") != SCHEMA_VERSION:
        raise StoreError(
            f"fact store {store_path} has schema version {meta.get('schema_version')!r}; "
            f"this factbot reads version {SCHEMA_VERSION} (rebuild it with `factbot build`)"
        )
    try:
        return {**index_tables(data), "meta": meta}
    except SchemaError as exc:
        raise StoreError(f"fact store {store_path} is damaged ({exc})") from exc


def shard_path(store_path: Path, shard: str) -> Path:
    """Where a shard lives: only a plain file name inside the store's shard folder is ever read or deleted."""
    try:
        return shard_dir(store_path) / check_shard_name(shard)
    except SchemaError as exc:
        raise StoreError(f"fact store {store_path} is damaged ({exc})") from exc


def load_shard(store_path: Path, shard: str, *, tables: tuple[str, ...] = FACT_TABLES,
               expected_facts: int | None = None) -> ArticleFacts:
    """One article's record and facts (only ``tables``; the others are left empty), checked against
    :mod:`knowledge.schema`, and against the index's fact count when given (damage raises
    :class:`StoreError`)."""
    data = _read_json(shard_path(store_path, shard))
    try:
        return shard_facts(data, tables, expected_facts)  # type: ignore[return-value]
    except SchemaError as exc:
        raise StoreError(f"shard {shard} is damaged ({exc})") from exc


def load_store(store_path: str | os.PathLike[str]) -> ServingStore:
    """Open a store for answering from its serving index (rebuilt first when missing or stale);
    raises :class:`StoreError` with a readable reason."""
    from .serving import open_serving

    return open_serving(Path(store_path), Path(store_path))


def load_previous(store_path: str | os.PathLike[str]) -> ServingStore:
    """Open the ``.prev`` snapshot (what a rollback would serve)."""
    from .serving import open_serving

    return open_serving(previous_path(Path(store_path)), Path(store_path))


def load_record(store_path: str | os.PathLike[str], index_path: str | os.PathLike[str] | None = None) -> FactStore:
    """The whole record of a store in memory (its index, default the current one, and shards), with
    its search indexes: what the serving index is derived from."""
    path = Path(store_path)
    index_path = Path(index_path) if index_path is not None else path
    from .entity_index import attach_mentions, is_keyed

    with _collection_paused():
        index = read_meta(index_path)
        keyed = is_keyed(index["entities"])  # mentions are read from the shards, and dropped once attached
        tables = FACT_TABLES if keyed else SERVING_TABLES
        facts = [load_shard(path, row["shard"], tables=tables, expected_facts=row.get("facts"))
                 for row in index["articles"]]
        if keyed:
            attach_mentions(facts, index["entities"])  # type: ignore[arg-type]
            for f in facts:
                f["mentions"] = []
        try:
            check_record(index["articles"], [f["article"] for f in facts], index["entities"])
        except SchemaError as exc:
            raise StoreError(f"fact store {path} is damaged ({exc})") from exc
        try:
            return FactStore(meta=index["meta"], facts=facts, entities=index["entities"],
                             skipped=index["skipped"], path=path, stories=index["stories"],
                             shards=[row["shard"] for row in index["articles"]])
        except (AttributeError, IndexError, KeyError, TypeError, ValueError) as exc:
            raise StoreError(f"fact store {path} is damaged ({exc.__class__.__name__}: {exc})") from exc


_paused = 0
_resume = False
_paused_lock = threading.Lock()


@contextmanager
def _collection_paused() -> Iterator[None]:
    """No cyclic garbage collection while a store loads, then one full collection.

    Loading creates millions of long-lived containers; with the collector on, it runs full
    collections over them again and again as they pile up (about a third of the load time).
    """
    global _paused, _resume
    with _paused_lock:
        _paused += 1
        if _paused == 1:
            _resume = gc.isenabled()
            gc.disable()
    try:
        yield
    finally:
        with _paused_lock:
            _paused -= 1
            resume = _paused == 0 and _resume
            if resume:
                gc.enable()
        if resume:
            gc.collect()  # once, so the collector sees the snapshot as old (as many collections would)


@dataclass
class FactStore:
    """The record in memory (every article's facts), with its search indexes built once: the build
    derives the serving index from it (:mod:`knowledge.serving`); answers read that instead."""

    meta: dict[str, Any]
    facts: list[ArticleFacts]
    entities: list[Entity]
    skipped: list[dict[str, str]] = field(default_factory=list)
    path: Path | None = None
    stories: list[Story] | None = None  # newest first; None or not covering every article: grouped at load
    shards: list[str] = field(default_factory=list)  # the shard files the facts were read from

    def __post_init__(self) -> None:
        from .search import SearchIndex

        self.articles: dict[str, ArticleRecord] = {f["article"]["id"]: f["article"] for f in self.facts}
        self.by_article: dict[str, ArticleFacts] = {f["article"]["id"]: f for f in self.facts}
        self.entity_by_id: dict[str, Entity] = {e["id"]: e for e in self.entities}
        self._index_stories()
        self.index = SearchIndex(self)

    def _index_stories(self) -> None:
        """``story_by_id`` and ``story_of`` (article id -> story id); a store built without stories groups now."""
        from .stories import stories_of_store

        stories = self.stories or []
        story_of = {a: s["id"] for s in stories for a in s["articles"] if a in self.articles}
        if story_of.keys() != self.articles.keys():
            stories = stories_of_store(self)
            story_of = {a: s["id"] for s in stories for a in s["articles"]}
        self.stories = stories
        self.story_of: dict[str, str] = story_of
        self.story_by_id: dict[str, Story] = {s["id"]: s for s in stories}

    def sentence(self, article: str, sent: int) -> str:
        """The verbatim text of a sentence."""
        record = self.articles[article]
        start, end = record["sentences"][sent]
        return record["text"][start:end]

    def rows(self, table: str) -> Iterable[tuple[str, dict[str, Any]]]:
        """Every fact of one kind, with its article id."""
        for facts in self.facts:
            for row in facts.get(table, []):  # type: ignore[attr-defined]
                yield facts["article"]["id"], row


def settle_heap() -> None:
    """Collect once, then move every object alive into the permanent generation (``gc.freeze``).

    Call it after loading a store to answer from: the snapshot's millions of dicts and lists then
    never take part in a full collection again, so those no longer pause answers (0.2 s and more at
    2,000 articles). A replaced snapshot must be collected (its search index refers back to it), so
    after a swap this unfreezes, collects (one pause, right after the refresh) and freezes again; a
    snapshot still used by an answer in flight at that moment is collected after the next swap.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


class StoreHandle:
    """The snapshot currently answering; a refresh swaps it in one assignment."""

    def __init__(self, store: FactStore) -> None:
        self._store = store
        self._lock = threading.Lock()

    @property
    def current(self) -> FactStore:
        return self._store

    def swap(self, store: FactStore) -> FactStore:
        with self._lock:
            old, self._store = self._store, store
        return old
