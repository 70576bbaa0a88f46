"""/compare's relation topics: "<person>'s <relation>" ("X's wife", "the mayor's lawyer").

The topic names an owner and a relation. The people it asks about are those a role relates to
the owner: a role headed by the relation word and naming the owner ("wife of Ann Reyes"), or a
possessive one whose owner part is a name ("Mr. Reyes's lawyer"). Each source may call such a
person differently ("Katherine", "Kit"): the reply shows which source uses which name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.search import fold, terms

from .compare_scope import Story
from .compare_topic import INITIALS_MAX, Topic
from .context import Context

MAX_RELATED = 3  # "X's lawyer": at most this many people so related
_POSSESSIVE = re.compile(r"^(?P<owner>.+?)['’]s\s+(?P<relation>.+)$")
_LINKS = re.compile(r"\s+(?:of|for|to)\s+")  # "wife of X", "lawyer for X", "adviser to X"
_OWNER_LEAD = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Relation:
    """The owner's significant name terms and the relation's terms."""

    owner: frozenset[str]
    relation: frozenset[str]
    owner_is_name: bool  # "Ann Reyes's lawyer", not "the company's chief executive"


def relation_of(topic: Topic) -> Relation | None:
    """The owner and relation a possessive topic asks about; None for other topics."""
    found = _POSSESSIVE.match(topic.text.strip())
    if not found:
        return None
    owner_text = _OWNER_LEAD.sub("", found.group("owner").strip())
    owner, relation = _significant(owner_text), frozenset(terms(found.group("relation")))
    if not owner or not relation:
        return None
    return Relation(owner, relation, owner_text[:1].isupper())


def related_people(ctx: Context, relation: Relation, story: Story) -> list[dict]:
    """The entities a role in the story's articles relates to the owner by the relation."""
    articles = set(story.articles)
    found = list(dict.fromkeys(entity_id for entity_id, _, row in ctx.store.index.roles_in(articles)
                               if _relates(row["role"], relation)))
    entities = (ctx.store.entity_by_id.get(entity_id) for entity_id in found[:MAX_RELATED])
    return [e for e in entities if e]


def _relates(role: str, relation: Relation) -> bool:
    """Whether a role says the relation of the owner: "wife of X" or "X's wife"."""
    role = " ".join(role.split())
    possessive = _POSSESSIVE.match(role)
    if possessive:
        owner_part = possessive.group("owner")
        return (all(w[:1].isupper() for w in owner_part.split())
                and relation.relation <= set(terms(possessive.group("relation")))
                and _names_owner(owner_part, relation))
    head, *rest = _LINKS.split(role, maxsplit=1)
    if not relation.relation <= set(terms(head)):
        return False
    if not relation.owner_is_name:
        return True  # "the company's chief executive": the story's holder of that title
    return bool(rest) and _names_owner(rest[0], relation)


def _names_owner(text: str, relation: Relation) -> bool:
    return bool(_significant(text) & relation.owner)


def _significant(text: str) -> frozenset[str]:
    """Terms of a name that tell it apart: not initials, "Jr." or "Mr."."""
    return frozenset(t for t in terms(fold(text)) if len(t) > INITIALS_MAX)
