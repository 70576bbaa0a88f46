"""/compare's proper names for a topic's referent: what each source calls "the planned center".

A topic such as "the planned community center near the park" has a head noun (center). A source
may call the thing by a proper name instead, written in one of a few plain English ways:

- before the head or a word for a planned thing: "the Elm Street project", "the Harbor 9 center";
- as what a verb takes in a sentence that has the head: "the right to build the Linden Hall";
- as a short quoted label holding a word of the topic: "the “park mosque”" (titles count too).

People, places and peoples are never such names; nor are the topic's own words.
"""

from __future__ import annotations

import re
from collections import defaultdict

from knowledge.search import fold, terms
from knowledge.lexicon import MONTH_ABBREVIATIONS, MONTHS
from knowledge.text import STOPWORDS, stem, words

from .compare_scope import Story, holding
from .compare_topic import Topic
from .context import Context
from .evidence import Citations, source_name

# Words a planned or built thing is called by when a proper name stands before them.
THING_NOUNS = frozenset({"project", "plan", "proposal", "development", "site", "building", "complex",
                         "center", "centre", "facility", "scheme"})
PREPOSITIONS = frozenset({"near", "in", "at", "on", "of", "for", "by", "from", "to", "with", "over", "about"})
NOT_REFERENTS = frozenset({"PERSON", "GPE", "NORP", "DATE", "TIME", "CARDINAL", "MONEY", "PERCENT"})
MAX_QUOTE_WORDS = 5  # a quoted label is a short phrase, not a quoted statement
MAX_NAMES = 6
MIN_NAMES = 2  # names side by side: one alone says nothing of how the sources differ
_NAME = r"(?:[A-Z][\w’'-]*|\d+)(?:\s+(?:[A-Z][\w’'-]*|\d+))*"
_BEFORE_NOUN = re.compile(rf"\bthe\s+({_NAME})\s+([a-z]+)\b")
_AFTER_VERB = re.compile(rf"\b([a-z]+)\s+the\s+({_NAME})")
_QUOTED = re.compile(r"[“\"]([^”\"]{3,60})[”\"]")
_CLAUSE_MARKS = re.compile(r"[.,;:!?]")  # a quoted sentence, not a label


def head_noun(topic: Topic) -> str:
    """The stem of the topic's head: its last word before a preposition ("center" in "the planned
    center near the park"); "" when that word is part of a name ("House Democrats")."""
    head = ""
    for word in words(fold(topic.text)):
        if word in PREPOSITIONS and head:
            break
        if word not in STOPWORDS:
            head = word
    named = {t for g in topic.names for t in g.alternatives}
    return stem(head) if head and stem(head) not in named else ""


def referent_names(ctx: Context, topic: Topic, story: Story, cites: Citations) -> tuple[list[str], set[str]]:
    """One line naming, per source, the proper names it gives the topic's referent; and those sources."""
    head = head_noun(topic)
    if not head or topic.is_about_names or not story.label:
        return [], set()
    found: dict[str, dict[str, str]] = defaultdict(dict)  # name -> article -> how it is cited
    own = topic.words()
    for article in story.articles:
        for name, sent in _names_in(ctx, article, head, topic):
            if set(terms(name)) <= own or fold(name) in {fold(n) for n in found if fold(n) != fold(name)}:
                continue
            found[name].setdefault(article, cites.mark(article, sent) if sent >= 0 else "(in its title)")
    if len(found) < MIN_NAMES:
        return [], set()  # one name, nothing to set it against
    parts = [f"“{name}”: " + ", ".join(f"{source_name(ctx, a)} {mark}" for a, mark in uses.items())
             for name, uses in list(found.items())[:MAX_NAMES]]
    return ["• what it is called: " + "; ".join(parts)], {a for uses in found.values() for a in uses}


def _names_in(ctx: Context, article: str, head: str, topic: Topic) -> list[tuple[str, int]]:
    """(name, sentence) for each referent name an article writes (sentence -1: its title); only the
    sentences holding the head, a word for a thing or a topic word are read."""
    store, index = ctx.store, ctx.store.index
    nouns = THING_NOUNS | {head}
    title = store.articles[article].get("title") or ""
    names: list[tuple[str, int]] = [(q, -1) for q in _quoted(title, head, topic)]
    heads = holding(index, frozenset({head}), [article])
    things = holding(index, frozenset(map(stem, nouns)), [article])
    topical = holding(index, frozenset(topic.words()), [article])
    for doc in sorted(heads | things | topical):
        sent = index.sentence_docs[doc][1]
        text = store.sentence(article, sent)
        if doc in things:
            names += [(m.group(1), sent) for m in _BEFORE_NOUN.finditer(text) if stem(m.group(2)) in nouns]
        if doc in heads:
            names += [(m.group(2), sent) for m in _AFTER_VERB.finditer(text) if m.group(1) not in STOPWORDS]
        if doc in topical and ('"' in text or "“" in text):
            names += [(q, sent) for q in _quoted(text, head, topic)]
    return [(name, sent) for name, sent in names if _may_name_a_thing(ctx, article, name)]


def _quoted(text: str, head: str, topic: Topic) -> list[str]:
    """Short quoted labels (no sentence inside) holding a word of the topic ("the “park mosque”")."""
    wanted = topic.words() | {head}
    return [q for q in (m.group(1).strip() for m in _QUOTED.finditer(text))
            if len(q.split()) <= MAX_QUOTE_WORDS and not _CLAUSE_MARKS.search(q) and wanted & set(terms(q))]


def _may_name_a_thing(ctx: Context, article: str, name: str) -> bool:
    """Not a person, place, people or date the article names, not a possessive ("the Senate's top
    Democrat"), and more than stop words and numbers ("the 120 seats")."""
    if fold(name).endswith("'s"):
        return False
    said = words(fold(name))
    if not any(w not in STOPWORDS and not w.isdigit() for w in said) \
            or any(w in MONTHS or w in MONTH_ABBREVIATIONS for w in said):
        return False
    entity = ctx.store.index.entity_in(article, name)
    return entity is None or entity["label"] not in NOT_REFERENTS
