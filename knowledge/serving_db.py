"""The serving index file: one SQLite database of keyed, marshalled values, read lazily.

Every lookup answering needs is a *table* of ``key -> value`` rows (values are ``marshal``-encoded,
so tuples, sets and frozensets come back as they were written); small globals sit in ``kv``. The
answer path opens the file read-only and decodes only the rows a question touches, keeping the most
recent ones in a bounded cache. Ranking stays in Python (the same arithmetic as the in-memory
indexes, so answers are identical); SQLite only replaces building and holding those indexes.
"""

from __future__ import annotations

import marshal
import os
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from .facts import SCHEMA_VERSION

SERVING_VERSION = 6  # bump when what is written changes
SUFFIX = ".serve.sqlite"
CACHE_ROWS = 4096  # decoded rows kept per table (the most recently used)
PAGE_ROWS = 512  # rows fetched at a time when a table or sequence is walked in order
KEY_SEP = "\x1f"  # joins the parts of a tuple key
RANGES = "ranges"  # kv: each table's first and last rowid
BUILD_CACHE_KIB = 65536  # page cache of a connection writing a serving file (and of its scratch file)

SCHEMA = """
CREATE TABLE kv (key TEXT PRIMARY KEY, value BLOB) WITHOUT ROWID;
CREATE TABLE map (name TEXT, key, value BLOB);
"""
INDEX = "CREATE UNIQUE INDEX map_key ON map (name, key)"  # made after filling (faster, denser)


def encode_key(key: Any) -> str | int:
    """How a key is stored: ints and strings as they are, tuples joined (their parts as strings)."""
    if isinstance(key, tuple):
        return KEY_SEP.join(str(part) for part in key)
    return key


def dumps(value: Any) -> bytes:
    return marshal.dumps(value)


def build_pragmas(db: sqlite3.Connection, schema: str = "main") -> None:
    """A file written once by one build and only then moved into place: no journal, no syncs (the
    caller fsyncs the finished file), a larger page cache."""
    for pragma in ("journal_mode = OFF", "synchronous = OFF", f"cache_size = {-BUILD_CACHE_KIB}"):
        db.execute(f"PRAGMA {schema}.{pragma}")


class Writer:
    """Fills a new serving file (one transaction, committed by :meth:`close`)."""

    def __init__(self, path: Path, scratch: Path | None = None) -> None:
        """``scratch``: a file attached as schema ``scratch`` for the build's own tables (the caller removes it)."""
        self.db = sqlite3.connect(path, isolation_level=None)
        build_pragmas(self.db)
        if scratch is not None:
            self.db.execute("ATTACH DATABASE ? AS scratch", (str(scratch),))
            build_pragmas(self.db, "scratch")
        self.db.executescript(SCHEMA)
        self.db.execute("BEGIN")
        self.ranges: dict[str, tuple[int, int]] = {}  # each table's rows, in the order written

    def put(self, key: str, value: Any) -> None:
        self.db.execute("INSERT INTO kv VALUES (?, ?)", (key, dumps(value)))

    def table(self, name: str, items: Iterator[tuple[Any, Any]] | Any,
              encode: Callable[[Any], Any] = lambda v: v) -> None:
        """A table in the order given (walking it later keeps that order)."""
        self.append(name, ((k, encode(v)) for k, v in items))

    def append(self, name: str, items: Iterator[tuple[Any, Any]] | Any) -> None:
        """More rows of a table, after those written before (no other table may be written in between)."""
        first = self.ranges.get(name, (self._last_rowid() + 1, 0))[0]
        rows = ((name, encode_key(k), dumps(v)) for k, v in items)
        self.db.executemany("INSERT INTO map VALUES (?, ?, ?)", rows)
        self.ranges[name] = (first, self._last_rowid())

    def copy(self, name: str, key_value: str, source: str) -> None:
        """A table from SQL: ``SELECT key_value FROM source``, two columns already encoded (keys as
        :func:`encode_key` writes them, marshalled values); ``source`` may end with an ORDER BY."""
        first = self._last_rowid() + 1
        self.db.execute(f"INSERT INTO map (name, key, value) SELECT ?, {key_value} FROM {source}", (name,))
        self.ranges[name] = (first, self._last_rowid())

    def _last_rowid(self) -> int:
        return self.db.execute("SELECT coalesce(max(rowid), 0) FROM map").fetchone()[0]

    def close(self) -> None:
        self.put(RANGES, self.ranges)
        self.db.execute(INDEX)
        self.db.execute("COMMIT")
        self.db.close()


class Reader:
    """A read-only connection shared by threads (queries are serialised)."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
        self.lock = threading.Lock()
        self.ranges: dict[str, tuple[int, int]] = self.get(RANGES, {})

    def get(self, key: str, default: Any = None) -> Any:
        with self.lock:
            row = self.db.execute("SELECT value FROM kv WHERE key = ?", (key,)).fetchone()
        return marshal.loads(row[0]) if row else default

    def row(self, name: str, key: Any) -> bytes | None:
        with self.lock:
            row = self.db.execute("SELECT value FROM map WHERE name = ? AND key = ?", (name, key)).fetchone()
        return row[0] if row else None

    def count(self, name: str) -> int:
        first, last = self.ranges.get(name, (1, 0))
        return last - first + 1

    def walk(self, name: str, *, values: bool = True) -> Iterator[tuple[Any, bytes | None]]:
        """Every row of a table in the order it was written, a page at a time."""
        column = "value" if values else "NULL"
        first, last = self.ranges.get(name, (1, 0))
        for start in range(first, last + 1, PAGE_ROWS):
            with self.lock:
                page = self.db.execute(f"SELECT key, {column} FROM map WHERE rowid BETWEEN ? AND ? ORDER BY rowid",
                                       (start, min(last, start + PAGE_ROWS - 1))).fetchall()
            yield from page

    def close(self) -> None:
        self.db.close()


_ABSENT = object()  # cached: the key is not in the table


class Table(Mapping[Any, Any]):
    """One table as a read-only mapping (keys as written; missing keys are absent, not created)."""

    def __init__(self, reader: Reader, name: str, decode: Callable[[Any], Any] = lambda v: v,
                 decode_key: Callable[[Any], Any] = lambda k: k, keys: frozenset[Any] | None = None) -> None:
        """``keys``: the table's keys when they are held in memory (asking for an absent key costs no query)."""
        self.reader, self.name, self.decode, self.decode_key, self.keys = reader, name, decode, decode_key, keys
        self._cache: OrderedDict[Any, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._len: int | None = None

    def __getitem__(self, key: Any) -> Any:
        stored = encode_key(key)
        with self._lock:
            if stored in self._cache:
                self._cache.move_to_end(stored)
                value = self._cache[stored]
                if value is _ABSENT:
                    raise KeyError(key)
                return value
        if self.keys is not None and not self._held(stored):
            raise KeyError(key)
        raw = self.reader.row(self.name, stored)
        value = _ABSENT if raw is None else self.decode(marshal.loads(raw))
        with self._lock:
            self._cache[stored] = value
            if len(self._cache) > CACHE_ROWS:
                self._cache.popitem(last=False)
        if value is _ABSENT:
            raise KeyError(key)
        return value

    def _held(self, key: Any) -> bool:
        return self.keys is not None and key in self.keys

    def __contains__(self, key: object) -> bool:
        if self.keys is not None:
            return self._held(key)
        try:
            self[key]
        except (KeyError, TypeError):
            return False
        return True

    def __iter__(self) -> Iterator[Any]:
        return (self.decode_key(k) for k, _ in self.reader.walk(self.name, values=False))

    def items(self) -> Iterator[tuple[Any, Any]]:  # type: ignore[override]
        return ((self.decode_key(k), self.decode(marshal.loads(v))) for k, v in self.reader.walk(self.name))

    def values(self) -> Iterator[Any]:  # type: ignore[override]
        return (value for _, value in self.items())

    def __len__(self) -> int:
        if self._len is None:
            self._len = self.reader.count(self.name)
        return self._len


class Rows(Sequence[Any]):
    """A table keyed 0..n-1 as a read-only list."""

    def __init__(self, table: Table) -> None:
        self.table = table

    def __len__(self) -> int:
        return len(self.table)

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        return self.table[i]

    def __iter__(self) -> Iterator[Any]:
        return self.table.values()


def serving_path(index_path: Path) -> Path:
    """Where the serving index of an index file lives."""
    return index_path.with_name(index_path.name + SUFFIX)


def fingerprint(index_path: Path) -> str:
    """What identifies the record a serving file was derived from (hard links keep it, rewrites change it)."""
    from .store import StoreError  # the store module imports this one

    try:
        st = os.stat(index_path)
    except FileNotFoundError as exc:
        raise StoreError(f"no fact store at {index_path}") from exc
    return f"{SERVING_VERSION}:{SCHEMA_VERSION}:{marshal.version}:{st.st_size}:{st.st_mtime_ns}"


def is_fresh(index_path: Path) -> bool:
    """Whether the serving file exists and was derived from the index as it is now."""
    path = serving_path(index_path)
    if not path.exists():
        return False
    try:
        reader = Reader(path)
        try:
            return reader.get("fingerprint") == fingerprint(index_path)
        finally:
            reader.close()
    except (sqlite3.DatabaseError, ValueError, EOFError, TypeError):
        return False
