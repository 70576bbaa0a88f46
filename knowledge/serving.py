"""The serving index: every lookup answering needs, computed at build time and opened read-only.

``factstore.json.serve.sqlite`` sits next to the index it was derived from (``factstore.json.prev``
has ``factstore.json.prev.serve.sqlite``) and is stamped with that index's fingerprint. Opening a
store checks the stamp: a missing or stale serving file is rebuilt from the record (index and
shards), written to a temp file, fsynced and moved into place, so a killed build never leaves a
serving file that disagrees with its index. Nothing is tokenised or indexed at answer time.
The file is written a shard at a time (:mod:`knowledge.serving_build`), never from the whole record in memory.
"""

from __future__ import annotations

import os
import sqlite3
from array import array
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from . import serving_db as sdb
from .serving_db import fingerprint, is_fresh, serving_path
from .search import BM25, SearchIndex, _RowIndex

LAZY_VALUES = ("word_counts",)  # read from the file when first asked for (rarely used, whole)
KEYED = ("events_by_doc", "doc_labels")  # tables of sentence entries asked about for most sentences


def build_serving_index(store_path: str | os.PathLike[str], index_path: str | os.PathLike[str] | None = None) -> Path:
    """Write the serving index of a store (of ``index_path``, default the current index) from its record."""
    from .serving_build import write_streamed
    from .store import StoreError, _fsync_dir

    store_path = Path(store_path)
    index = Path(index_path) if index_path is not None else store_path
    stamp = fingerprint(index)
    target = serving_path(index)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        tmp.unlink(missing_ok=True)
        write_streamed(store_path, index, tmp, stamp)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        _fsync_dir(target.parent)
    except (sqlite3.Error, OSError) as exc:  # a full disk, say: the serving file in place stays as it was
        raise StoreError(f"cannot write the serving index {target} ({exc}); "
                         "the previous one is left in place") from exc
    finally:
        tmp.unlink(missing_ok=True)
    return target


def ensure_serving_index(store_path: str | os.PathLike[str], index_path: str | os.PathLike[str] | None = None) -> Path:
    """The serving index of a store, rebuilt first when missing or stale."""
    index = Path(index_path) if index_path is not None else Path(store_path)
    if not is_fresh(index):
        build_serving_index(store_path, index)
    return serving_path(index)


def open_serving(index_path: Path, store_path: Path) -> ServingStore:
    """A store answering from its serving index (rebuilt first when missing or stale); raises
    :class:`~knowledge.store.StoreError` when a shard of its record is missing (the next rebuild needs it)."""
    from .store import StoreError, shard_dir

    reader = sdb.Reader(ensure_serving_index(store_path, index_path))
    try:
        present = {entry.name for entry in os.scandir(shard_dir(store_path)) if entry.is_file()}
    except OSError:
        present = set()
    missing = [shard for shard in reader.get("shards") if shard not in present]
    if missing:
        reader.close()
        raise StoreError(f"{len(missing)} shard file(s) missing, e.g. {missing[0]}")
    return ServingStore(reader, store_path)


# --------------------------------------------------------------------------- reading


def _posting(value: tuple[bytes, bytes]) -> tuple[array, array]:
    docs, counts = array("I"), array("I")
    docs.frombytes(value[0])
    counts.frombytes(value[1])
    return docs, counts


class _SentenceDocs(Sequence[tuple[str, int]]):
    """``(article, sentence)`` of every indexed sentence, held as two arrays."""

    def __init__(self, stored: dict[str, Any]) -> None:
        self.ids: list[str] = stored["ids"]
        self.spans: dict[str, tuple[int, int]] = stored["spans"]  # first entry and number of sentences
        self.article, self.sent = array("I"), array("I")
        self.article.frombytes(stored["article"])
        self.sent.frombytes(stored["sent"])

    def __len__(self) -> int:
        return len(self.sent)

    def __getitem__(self, doc: Any) -> Any:
        if isinstance(doc, slice):
            return [self[i] for i in range(*doc.indices(len(self)))]
        return self.ids[self.article[doc]], self.sent[doc]


class _DocOf(Mapping[tuple[str, int], int]):
    """The sentence entry of ``(article, sentence)``."""

    def __init__(self, docs: _SentenceDocs) -> None:
        self.docs, self.spans = docs, docs.spans

    def __getitem__(self, key: tuple[str, int]) -> int:
        first, count = self.spans.get(key[0], (0, 0))
        if not (isinstance(key[1], int) and 0 <= key[1] < count):
            raise KeyError(key)
        return first + key[1]

    def __iter__(self) -> Iterator[tuple[str, int]]:
        return iter(self.docs)

    def __len__(self) -> int:
        return len(self.docs)


class _ServedBM25(BM25):
    """The sentence index's postings, read per term from the serving file."""

    def __init__(self, reader: sdb.Reader) -> None:  # noqa: D107 - does not call BM25's builder
        stored = reader.get("bm25")
        self.k1, self.b, self.avg = stored["k1"], stored["b"], stored["avg"]
        self.lengths = array("I")
        self.lengths.frombytes(stored["lengths"])
        self.vocabulary = stored["vocabulary"]
        self.postings = sdb.Table(reader, "postings", _posting)  # type: ignore[assignment]
        self._by_initial = sdb.Table(reader, "by_initial")  # type: ignore[assignment]


class ServingIndex(SearchIndex):
    """:class:`SearchIndex`'s lookups over the serving file: the same methods, nothing built at open."""

    def __init__(self, store: ServingStore, reader: sdb.Reader) -> None:  # noqa: D107 - no building
        import threading

        self.store, self.reader, self._lock = store, reader, threading.Lock()  # type: ignore[assignment]
        table = lambda name: sdb.Table(reader, name)  # noqa: E731
        rows = lambda name: sdb.Rows(table(name))  # noqa: E731
        for name in ("mention_counts", "entity_labels", "mention_rank", "shared_titles"):
            setattr(self, name, reader.get(name))
        for name in ("alias_owners", "token_owners", "roles_of", "roles_by_article", "statements_of",
                     "numbers_by_measure", "numbers_by_doc", "measures_by_term", "story_words", "aliases_by_article",
                     "titled_docs"):
            setattr(self, name, table(name))
        for name in KEYED:
            keys = array("I")
            keys.frombytes(reader.get(f"keys:{name}"))
            setattr(self, name, sdb.Table(reader, name, keys=frozenset(keys)))
        self.in_article = sdb.Table(reader, "in_article")  # type: ignore[assignment]
        self._aliases_by_initial = table("aliases_by_initial")
        self._name_words_by_initial = table("name_words_by_initial")
        self.sentences = _ServedBM25(reader)
        self.sentence_docs = _SentenceDocs(reader.get("sentence_docs"))
        self.doc_of = _DocOf(self.sentence_docs)
        ids = self.sentence_docs.ids
        self.article_at = [ids[i] for i in self.sentence_docs.article]  # one shared string per sentence
        self.events, self.entity_docs, self.timeline = rows("events"), rows("entity_docs"), rows("timeline")
        for name in ("statements", "framings"):
            found = _RowIndex.__new__(_RowIndex)
            found.rows, found.by_doc, found.by_term = rows(f"{name}.rows"), table(f"{name}.by_doc"), \
                table(f"{name}.by_term")
            setattr(self, name, found)

    def article_docs(self, article: str) -> range:
        """The sentence index entries of an article (from the spans held at open: no article is read)."""
        first, count = self.sentence_docs.spans.get(article, (0, 0))
        return range(first, first + count)

    def __getattr__(self, name: str) -> Any:
        if name not in LAZY_VALUES:
            raise AttributeError(name)
        value = self.reader.get(name)
        self.__dict__[name] = Counter(dict(value)) if name == "word_counts" else value
        return self.__dict__[name]


class _EntityById(Mapping[str, Any]):
    def __init__(self, ids: sdb.Table, entities: sdb.Rows) -> None:
        self.ids, self.entities = ids, entities

    def __getitem__(self, entity_id: str) -> Any:
        return self.entities[self.ids[entity_id]]

    def __iter__(self) -> Iterator[str]:
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)


class _FactsOf(Mapping[str, Any]):
    """An article's record and the facts answers read per article (its quantities)."""

    def __init__(self, articles: sdb.Table, numbers: sdb.Table) -> None:
        self.articles, self.numbers = articles, numbers

    def __getitem__(self, article: str) -> dict[str, Any]:
        return {"article": self.articles[article], "numbers": self.numbers[article]}

    def __iter__(self) -> Iterator[str]:
        return iter(self.articles)

    def __len__(self) -> int:
        return len(self.articles)


class ServingStore:
    """A store snapshot answering from its serving file (the same reading surface as ``FactStore``)."""

    def __init__(self, reader: sdb.Reader, path: Path) -> None:
        self.reader, self.path = reader, path
        self.meta: dict[str, Any] = reader.get("meta")
        self.skipped: list[dict[str, str]] = reader.get("skipped")
        self.stories: list[Any] = reader.get("stories")
        self.story_of: dict[str, str] = reader.get("story_of")
        self.story_by_id = {s["id"]: s for s in self.stories}
        self.articles = sdb.Table(reader, "article")
        self.by_article = _FactsOf(self.articles, sdb.Table(reader, "numbers_of"))
        self.entities = sdb.Rows(sdb.Table(reader, "entity"))
        self.entity_by_id = _EntityById(sdb.Table(reader, "entity_id"), self.entities)
        self.index = ServingIndex(self, reader)

    def sentence(self, article: str, sent: int) -> str:
        """The verbatim text of a sentence."""
        record = self.articles[article]
        start, end = record["sentences"][sent]
        return record["text"][start:end]
