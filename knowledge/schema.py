"""The one schema of everything the store reads back from disk: names, index and shard tables, rows.

The row shapes are the records of :mod:`knowledge.facts` (checked field by field from their type
hints) and :class:`IndexRow`; a value read from disk that does not fit — a missing or mistyped field,
a sentence or span outside the article's text, a shard name that is no plain file name — is damage
(:class:`SchemaError`), and the file holding it is a corrupt index or shard.
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Callable, Iterable
from typing import Any, Literal, NotRequired, TypedDict, Union

from .facts import (AliasPair, ArticleRecord, DatedEvent, EntityLabel, EntityMention, Framing, Mention, NumericClaim,
                    Role, Statement, Story)

SHARD_SUFFIX = ".json"
#: the index field of an entity that lists its name keys (an index with it holds no mentions)
KEYS = "keys"
Check = Callable[[Any], bool]


class SchemaError(ValueError):
    """A value read from disk does not have the shape the store writes; the message says where."""


class IndexRow(TypedDict):
    """One article's row in the index (what the build compares and the garbage collector keeps)."""

    id: str
    shard: str
    content_hash: str
    path: NotRequired[str]
    title: NotRequired[str]
    outlet: NotRequired[str]
    published: NotRequired[str]
    url: NotRequired[str]
    extractor: NotRequired[str]
    facts: NotRequired[int]
    words: NotRequired[int]
    stat: NotRequired[list[int] | None]
    story_terms: NotRequired[dict[str, int]]


class MetaRow(TypedDict):
    """The index's one ``meta`` row: what the build recorded about itself."""

    schema_version: int
    built_at: NotRequired[str]
    articles_dir: NotRequired[str]
    corpus_fingerprint: NotRequired[str]
    articles: NotRequired[int]
    facts: NotRequired[int]
    entities: NotRequired[int]
    sources_stat: NotRequired[list[int] | None]
    story_profile: NotRequired[str]


class IndexEntity(TypedDict):
    """A merged entity as the index stores it: its name keys (its mentions are in the shards), or, from an
    index written before keys, its mentions."""

    id: str
    name: str
    label: EntityLabel
    aliases: list[str]
    keys: NotRequired[list[str]]
    mentions: NotRequired[list[EntityMention]]


class SkippedRow(TypedDict):
    path: str
    reason: str


#: the row shape of each shard table (``article`` holds one ArticleRecord)
SHARD_ROWS: dict[str, type] = {"mentions": Mention, "roles": Role, "statements": Statement, "dates": DatedEvent,
                               "numbers": NumericClaim, "aliases": AliasPair, "framings": Framing}
#: the row shape of each index table (``meta`` holds one row)
INDEX_ROWS: dict[str, type] = {"meta": MetaRow, "articles": IndexRow, "entities": IndexEntity, "skipped": SkippedRow,
                               "stories": Story}


def is_safe_segment(name: object) -> bool:
    """A single, non-empty path segment, not ``.``/``..`` (nor only dots), without separators or NUL."""
    return isinstance(name, str) and bool(name.strip(".")) and not any(c in name for c in "/\\\x00")


def check_shard_name(name: object) -> str:
    """A shard name is a plain, visible ``.json`` file name inside the store's folder (never a path)."""
    if not (isinstance(name, str) and is_safe_segment(name) and name.endswith(SHARD_SUFFIX)
            and not name.startswith(".")):
        raise SchemaError(f"shard name {str(name)[:80]!r} is not a plain file name")
    return name


def table_rows(data: dict[str, Any], table: str) -> list[dict[str, Any]]:
    """A TinyDB table's documents in insertion order; each one must be a mapping. A table TinyDB never
    wrote is absent (no rows); one that is present must be a table (``null`` is damage, not "empty")."""
    if table not in data:
        return []
    docs = data[table]
    if not isinstance(docs, dict):
        raise SchemaError(f"table {table!r} is not a TinyDB table")
    try:
        keys = sorted(docs, key=int)
    except ValueError as exc:
        raise SchemaError(f"table {table!r} has a document id that is not a number") from exc
    rows = [docs[k] for k in keys]
    if not all(isinstance(row, dict) for row in rows):
        raise SchemaError(f"table {table!r} has a document that is not a mapping")
    return rows


def index_tables(data: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The index's tables, every row checked (``meta`` as a list of its one row)."""
    tables = {table: checked_rows(table_rows(data, table), shape, table) for table, shape in INDEX_ROWS.items()}
    _check_counts(tables)
    for row in tables["articles"]:
        if not is_safe_segment(row["id"]):
            raise SchemaError(f"article id {row['id'][:80]!r} is not a plain path segment")
        check_shard_name(row["shard"])
    _unique((row["id"] for row in tables["articles"]), "article id")
    _unique((row["id"] for row in tables["entities"]), "entity id")
    _check_entity_kind(tables["entities"])
    return tables


def _check_entity_kind(entities: list[dict[str, Any]]) -> None:
    """Every entity of an index carries name keys (at least one, each in no other entity), or every
    one carries its mentions (an index written before keys): one lost is damage, not a silent blank."""
    keyed = [entity for entity in entities if KEYS in entity]
    if keyed and len(keyed) != len(entities):
        raise SchemaError("an entity of a keyed index has no name keys")
    if not keyed and not all("mentions" in entity for entity in entities):
        raise SchemaError("an entity has neither name keys nor mentions")
    if any(not entity[KEYS] for entity in keyed):
        raise SchemaError("an entity has an empty list of name keys")
    _unique((key for entity in keyed for key in entity[KEYS]), "entity name key")


def shard_facts(data: dict[str, Any], tables: Iterable[str], expected_facts: int | None = None) -> dict[str, Any]:
    """A shard's article record and the fact ``tables`` asked for (the others left empty), all checked;
    with ``expected_facts`` (the index's count for the article), a shard whose tables hold another
    number of rows (a table lost or cut short) is damage too."""
    wanted = set(tables)
    if expected_facts is not None and _row_count(data) != expected_facts:
        raise SchemaError(f"the shard holds {_row_count(data)} facts, the index counted {expected_facts}")
    articles = checked_rows(table_rows(data, "article"), ArticleRecord, "article")
    if not articles:
        raise SchemaError("no article record")
    record = articles[0]
    if not is_safe_segment(record["id"]):
        raise SchemaError(f"article id {record['id'][:80]!r} is not a plain path segment")
    _check_sentences(record)
    facts: dict[str, Any] = {"article": record}
    for table, shape in SHARD_ROWS.items():
        rows = checked_rows(table_rows(data, table), shape, table) if table in wanted else []
        check_spans(rows, record, table)
        facts[table] = rows
    return facts


def _row_count(data: dict[str, Any]) -> int:
    """How many fact rows a shard's tables hold (a table that is no TinyDB table holds none)."""
    return sum(len(docs) for table in SHARD_ROWS if isinstance(docs := data.get(table), dict))


def check_spans(rows: Iterable[dict[str, Any]], record: dict[str, Any], table: str) -> None:
    """Every row's sentence index and ``[start, end)`` span fall inside the article's text."""
    count, size = len(record["sentences"]), len(record["text"])
    for row in rows:
        if not (0 <= row["sent"] < count and 0 <= row["start"] <= row["end"] <= size):
            raise SchemaError(f"a {table} row points outside article {record['id']!r}")


def check_record(rows: list[dict[str, Any]], records: list[dict[str, Any]], entities: Iterable[dict[str, Any]]) -> None:
    """An index and its shards agree: each shard holds its row's article, and the index's entity
    mentions point at sentences and spans of articles the store holds."""
    for row, record in zip(rows, records):
        if row["id"] != record["id"]:
            raise SchemaError(f"shard {row['shard']} holds article {record['id'][:80]!r}, not {row['id']!r}")
    check_mentions(entities, {record["id"]: (len(record["sentences"]), len(record["text"])) for record in records})


def check_mentions(entities: Iterable[dict[str, Any]], sizes: dict[str, tuple[int, int]]) -> None:
    """The entities' mentions point at sentences and spans of the articles in ``sizes`` (article id ->
    its number of sentences and length of text)."""
    for entity in entities:
        for mention in entity.get("mentions", ()):
            size = sizes.get(mention["article"])
            if size is None:
                raise SchemaError(f"entity {entity['id']!r} mentions an article the store lacks")
            if not (0 <= mention["sent"] < size[0] and 0 <= mention["start"] <= mention["end"] <= size[1]):
                raise SchemaError(f"a entity mention row points outside article {mention['article']!r}")


def _check_sentences(record: dict[str, Any]) -> None:
    size = len(record["text"])
    for span in record["sentences"]:
        if len(span) != 2 or not 0 <= span[0] <= span[1] <= size:
            raise SchemaError(f"a sentence span of article {record['id']!r} is outside its text")


def _check_counts(tables: dict[str, list[dict[str, Any]]]) -> None:
    """The index holds as many articles and entities as its ``meta`` row says it wrote."""
    meta = tables["meta"][0] if tables["meta"] else {}
    for table in ("articles", "entities"):
        if table in meta and meta[table] != len(tables[table]):
            raise SchemaError(f"table {table!r} holds {len(tables[table])} rows, meta says {meta[table]}")


def _unique(values: Iterable[str], what: str) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise SchemaError(f"{what} {value[:80]!r} appears twice")
        seen.add(value)


def checked_rows(rows: list[dict[str, Any]], shape: type, table: str) -> list[dict[str, Any]]:
    """``rows`` when each fits ``shape`` (a TypedDict): required fields present, every field well typed."""
    check = _row_check(shape)
    for row in rows:
        problem = check(row)
        if problem:
            raise SchemaError(f"a row of table {table!r} is damaged ({problem})")
    return rows


@functools.cache
def _row_check(shape: type) -> Callable[[dict[str, Any]], str]:
    """A function naming what is wrong with a row of ``shape`` ("" when nothing is)."""
    hints = typing.get_type_hints(shape, include_extras=True)
    optional = {name for name, hint in hints.items() if typing.get_origin(hint) is NotRequired}
    fields = [(name, _value_check(hint), name in optional) for name, hint in hints.items()]

    def problem(row: dict[str, Any]) -> str:
        for name, check, may_lack in fields:
            if name not in row:
                if not may_lack:
                    return f"no {name!r}"
            elif not check(row[name]):
                return f"{name!r} is {type(row[name]).__name__}"
        return ""

    return problem


def _value_check(hint: Any) -> Check:
    """A predicate for one field's type hint (str, int, float, bool, None, Literal, list, dict, unions, records)."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is NotRequired:
        return _value_check(args[0])
    if origin is Literal:
        kinds = tuple({type(a) for a in args})
        return lambda v: type(v) in kinds
    if origin in (Union, types.UnionType):
        checks = [_value_check(a) for a in args]
        return lambda v: any(c(v) for c in checks)
    if origin is list:
        item = _value_check(args[0])
        return lambda v: type(v) is list and all(item(x) for x in v)
    if origin is dict:
        key, value = _value_check(args[0]), _value_check(args[1])
        return lambda v: type(v) is dict and all(key(k) and value(x) for k, x in v.items())
    if isinstance(hint, type) and issubclass(hint, dict):  # a TypedDict record
        row = _row_check(hint)
        return lambda v: type(v) is dict and not row(v)
    if hint is float:
        return lambda v: type(v) in (int, float)
    if hint is type(None):
        return lambda v: v is None
    return lambda v: type(v) is hint
