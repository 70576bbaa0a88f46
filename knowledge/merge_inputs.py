"""What merging and story grouping read of each article, kept beside the index so a refresh reads no shard.

``factstore.json.merge`` maps each shard name to that article's merge inputs (its record without text
and sentences, its mentions, roles and alias pairs as tuples, its fact and word counts), marshalled.
Shards are immutable and named by content and extraction rules, so an entry never goes stale; the
file is only a shortcut: missing, of another version or damaged, it is ignored and the shards are
read (and it is written anew). No spaCy here.
"""

from __future__ import annotations

import logging
import marshal
import os
from pathlib import Path
from typing import Any

from .facts import ArticleFacts

log = logging.getLogger(__name__)

INPUTS_VERSION = 1  # bump when what an entry holds changes
SUFFIX = ".merge"
#: the article record's fields an entry keeps (what index rows and story grouping read)
RECORD_FIELDS = ("id", "path", "title", "outlet", "published", "published_inferred", "url", "content_hash")
MENTION_FIELDS = ("text", "name", "label", "title_of", "sent", "start", "end")
ROLE_FIELDS = ("name", "role", "affiliation", "country", "former", "entity", "sent", "start", "end")

Entry = tuple[tuple[Any, ...], list[tuple[Any, ...]], list[tuple[Any, ...]], list[list[str]], int, int]


def inputs_path(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + SUFFIX)


def entry_of(facts: ArticleFacts, fact_count: int, words: int) -> Entry:
    """One article's merge inputs (copied: merging may change the facts it is given)."""
    record = facts["article"]
    return (tuple(record.get(f, "") for f in RECORD_FIELDS),  # type: ignore[misc]
            [tuple(m[f] for f in MENTION_FIELDS) for m in facts.get("mentions", [])],  # type: ignore[literal-required]
            [tuple(r[f] for f in ROLE_FIELDS) for r in facts.get("roles", [])],  # type: ignore[literal-required]
            [list(pair["names"]) for pair in facts.get("aliases", [])], fact_count, words)


def facts_of(entry: Entry) -> tuple[ArticleFacts, int, int]:
    """The slim facts merging reads (record, mentions, roles, aliases; the other tables empty), the
    article's fact count and word count."""
    record, mentions, roles, aliases, fact_count, words = entry
    facts = {"article": dict(zip(RECORD_FIELDS, record)),
             "mentions": [dict(zip(MENTION_FIELDS, m)) for m in mentions],
             "roles": [dict(zip(ROLE_FIELDS, r)) for r in roles],
             "aliases": [{"names": list(names)} for names in aliases],
             "statements": [], "numbers": [], "framings": []}
    return facts, fact_count, words  # type: ignore[return-value]


def read_inputs(store_path: Path) -> dict[str, Entry]:
    """The entries by shard name ({} when the file is missing, of another version or damaged)."""
    try:
        data = marshal.loads(inputs_path(store_path).read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    if not (isinstance(data, tuple) and len(data) == 2 and data[0] == INPUTS_VERSION and isinstance(data[1], dict)):
        return {}
    return {name: entry for name, entry in data[1].items() if _well_formed(entry)}


def _well_formed(entry: Any) -> bool:
    """An entry of the shape :func:`entry_of` writes (a damaged one is read from its shard instead)."""
    if not (isinstance(entry, tuple) and len(entry) == 6 and isinstance(entry[0], tuple)
            and len(entry[0]) == len(RECORD_FIELDS) and all(isinstance(v, str) for v in entry[0])):
        return False
    sized = ((entry[1], len(MENTION_FIELDS)), (entry[2], len(ROLE_FIELDS)))
    return (all(isinstance(rows, list) and all(isinstance(r, tuple) and len(r) == n for r in rows) for rows, n in sized)
            and isinstance(entry[3], list) and all(isinstance(p, list) for p in entry[3])
            and isinstance(entry[4], int) and isinstance(entry[5], int))


def write_inputs(store_path: Path, entries: dict[str, Entry]) -> None:
    """Replace the file with ``entries`` (not synced: a lost or torn file only costs reading the shards)."""
    path = inputs_path(store_path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(marshal.dumps((INPUTS_VERSION, entries)))
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        log.warning("could not write %s: %s", path.name, exc)
