"""Entities as the index stores them: each with the name keys merged into it instead of its mentions.

The shards already hold every mention; the index records which entity each name key went to
(``keys``), and :func:`attach_mentions` puts the mentions back from the articles exactly as
:func:`knowledge.merge.merge_entities` added them (same entities, same order). No spaCy here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from .entities import title_index
from .facts import ArticleFacts, Entity
from .merge import add_mentions, grouped_entities, resolve_title_mentions
from .schema import KEYS


def merge_keyed(facts: list[ArticleFacts]) -> list[Entity]:
    """The entities of :func:`knowledge.merge.merge_entities`, each also carrying its sorted name keys
    under ``keys``; the facts' own fields are left as they are."""
    entity_of_key, entities, _ = grouped_entities(facts)
    keys: dict[str, list[str]] = defaultdict(list)
    for key, eid in entity_of_key.items():
        keys[eid].append(key)
    for eid, entity in entities.items():
        entity[KEYS] = sorted(keys[eid])  # type: ignore[typeddict-unknown-key]
    return list(entities.values())


def index_entities(entities: Iterable[Entity]) -> list[dict[str, Any]]:
    """The entities as the index stores them: without mentions (the shards hold those)."""
    return [{k: v for k, v in e.items() if k != "mentions"} for e in entities]


def is_keyed(entities: Iterable[dict[str, Any]]) -> bool:
    """Whether entities read from an index carry name keys instead of mentions."""
    return any(KEYS in e for e in entities)


def attach_mentions(facts: list[ArticleFacts], entities: list[dict[str, Any]]) -> None:
    """Give entities read from an index their mentions (in place, ``keys`` removed), from the articles'
    mentions in index order: what merging added, since it links each name key to one entity."""
    entity_of_key = {key: e["id"] for e in entities for key in e.get(KEYS, ())}
    for entity in entities:
        entity.pop(KEYS, None)
        entity["mentions"] = []
    titles = title_index(r for af in facts for r in af["roles"])
    resolve_title_mentions(facts, titles)
    add_mentions(facts, entity_of_key, {e["id"]: e for e in entities})  # type: ignore[misc]
