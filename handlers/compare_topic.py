"""What a /compare topic asks about: its content words, its names, and the measures it counts.

"McCulloch's father" is a name (McCulloch, which picks the articles) and a content word (father,
which picks the sentences). "casualties" is a content word that also stands for the measures
killed and injured. Each topic word is a group of alternatives with an idf weight, so a sentence's
match can be measured as the share of the topic's weight it covers.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import re
from collections import defaultdict
from dataclasses import dataclass

from knowledge.lexicon import RELATED_WORDINGS
from knowledge.search import BM25, SearchIndex, fold, terms
from knowledge.text import past_verbs

# Topic words that ask about counts, and the measures they cover (a general gazetteer).
_MEASURE_TOPICS = {
    "casualties victims toll": ("killed", "injured"),
    "deaths dead killed died fatalities": ("killed",),
    "injured injuries wounded hurt": ("injured",),
}
MEASURE_WORDS: dict[str, tuple[str, ...]] = {
    term: measures for words, measures in _MEASURE_TOPICS.items() for term in terms(words)
}


# Wordings news uses for the same thing (a general gazetteer, one word each): a quantity counting one
# of them counts what a topic word asks about ("jobs": "1,200 positions were at risk").
@functools.cache  # stemmed on first use, not at every start
def synonyms() -> dict[str, frozenset[str]]:
    """Each one-word wording's stem -> the stems of its group's one-word wordings (itself included)."""
    found: dict[str, set[str]] = defaultdict(set)
    for group in RELATED_WORDINGS:
        stems = {t for word in group if " " not in word for t in terms(word)}
        for stem in stems:
            found[stem] |= stems
    return {stem: frozenset(others) for stem, others in found.items()}


# The words a sentence may use for a measure: "died", "deaths" for killed.
MEASURE_TERMS: dict[str, frozenset[str]] = {
    measure: frozenset(t for t, ms in MEASURE_WORDS.items() if ms == (measure,))
    for measures in _MEASURE_TOPICS.values() for measure in measures
}
# "how long", "how many": the question word asks for an amount and is not itself the topic.
_QUESTION = re.compile(r"\bhow\s+(long|many|much|often|far|big|large|old)\b")
# The kind of quantity each question word asks for ("how long" -> a duration).
ASKED_KINDS = {"long": "duration", "many": "count", "much": "money", "often": "count"}
PREFIX_MIN = 5  # a topic word this long also matches words it begins ("chair" ~ "chairwoman")
MAX_LONGER_WORDS = 20  # at most this many such words per topic word
INITIALS_MAX = 2  # a capitalised word this short is part of a name ("Jr.", "J.")
_PLURALS = ("", "s", "es")  # "the Clintons" names the Clintons
_TOKEN = re.compile(r"\d+(?:/\d+)+|[^\W_][\w'’.]*")  # words, and numbers such as 9/11 as one
_EVENT_NUMBER = re.compile(r"\d+(?:/\d+)+")  # "9/11", "24/7": names of events, not amounts


@dataclass(frozen=True, slots=True)
class TermGroup:
    """One topic word and what a sentence may say instead (its measures, a corrected spelling)."""

    term: str
    alternatives: frozenset[str]
    weight: float  # idf in the sentence index
    is_name: bool  # part of a name the store knows (McCulloch, House Democrats)

    def found_in(self, words: set[str]) -> bool:
        if self.alternatives & words:
            return True
        return any(w.startswith(a) for a in self.alternatives if len(a) >= PREFIX_MIN for w in words)


@dataclass(frozen=True, slots=True)
class Topic:
    text: str
    groups: tuple[TermGroup, ...]
    measures: frozenset[str]  # measures of counts the topic asks about ("killed")
    entities: tuple[dict, ...]  # entities the topic names
    alias_terms: tuple[frozenset[str], ...] = ()  # the terms of each name of those entities
    verbs: frozenset[str] = frozenset()  # terms of the topic's past verbs ("passed" in "how the bill passed")
    kinds: frozenset[str] = frozenset()  # kinds of quantity the question asks for ("how long": duration)

    @property
    def content(self) -> tuple[TermGroup, ...]:
        """The groups that pick sentences: the content words, or the names when there are none."""
        words = tuple(g for g in self.groups if not g.is_name)
        return words or self.names

    @property
    def names(self) -> tuple[TermGroup, ...]:
        return tuple(g for g in self.groups if g.is_name)

    @property
    def is_about_names(self) -> bool:
        """A topic that is only a name ("Jim Manley"): compare what each source calls and titles it."""
        return bool(self.entities) and not any(not g.is_name for g in self.groups)

    def share(self, bm25: BM25, doc: int) -> float:
        """The share of the topic's content a sentence of the index holds; naming a topic
        entity by any of its names ("Brellick" for "Port Aundry") holds all of a name topic."""
        if self.is_about_names and any(all(bm25.has(t, doc) for t in alias) for alias in self.alias_terms):
            return 1.0
        total = sum(g.weight for g in self.content)
        held = sum(g.weight for g in self.content if any(bm25.has(a, doc) for a in g.alternatives))
        return held / total if total else 0.0

    def words(self) -> set[str]:
        """Every alternative of every group: words a fact's fields may share with the topic."""
        return {a for g in self.groups for a in g.alternatives}

    def content_words(self) -> set[str]:
        """Every alternative of the groups that pick sentences (see :attr:`content`)."""
        return {a for g in self.content for a in g.alternatives}

    def related_words(self) -> set[str]:
        """The content words' other wordings ("posit" for "job"): what a quantity may count instead."""
        return {s for a in self.content_words() for s in synonyms().get(a, ())}


def analyse(index: SearchIndex, topic: str, *, reworded: bool = False) -> Topic:
    """Split a topic into weighted term groups, names and measures; ``reworded``: each word also
    stands for its other wordings ("the deal": "takeover", "acquisition")."""
    text = _QUESTION.sub(" ", topic)
    kinds = frozenset(ASKED_KINDS[q.group(1)] for q in _QUESTION.finditer(topic) if q.group(1) in ASKED_KINDS)
    entities = tuple(m.entity for m in index.find_entities(topic, limit=3) if m.score >= 90)
    entity_terms = {t for e in entities for alias in (e["name"], *e["aliases"]) for t in terms(alias)}
    topic_terms = terms(text)
    measures = {m for t in topic_terms for m in MEASURE_WORDS.get(t, ())}
    measures |= index.measures_with(topic_terms)
    groups: dict[str, TermGroup] = {}
    for word in _TOKEN.finditer(text):
        for term in terms(word.group()):
            if term in groups:
                continue
            alternatives = {term, *(t for m in MEASURE_WORDS.get(term, ()) for t in MEASURE_TERMS[m]),
                            *(synonyms().get(term, ()) if reworded else ())}
            corrected = index.sentences.correct(term)
            if corrected:
                alternatives.add(corrected)
            alternatives |= _longer_words(index.sentences, alternatives)
            is_name = term in entity_terms or _is_name_word(index, word.group())
            groups[term] = TermGroup(term, frozenset(alternatives), _idf(index, alternatives), is_name)
    aliases = tuple({frozenset(terms(a)) for e in entities for a in (e["name"], *e["aliases"])} - {frozenset()})
    return Topic(text=topic, groups=tuple(groups.values()), measures=frozenset(measures), entities=entities,
                 alias_terms=aliases, verbs=frozenset(past_verbs(fold(text))), kinds=kinds)


def _longer_words(bm25: BM25, alternatives: set[str]) -> set[str]:
    """Indexed words that begin with a long enough alternative ("chair" -> "chairwoman")."""
    found: set[str] = set()
    for prefix in (a for a in alternatives if len(a) >= PREFIX_MIN):
        start = bisect.bisect_left(bm25.vocabulary, prefix)
        for word in itertools.islice(bm25.vocabulary, start, start + MAX_LONGER_WORDS):
            if not word.startswith(prefix):
                break
            found.add(word)
    return found


def _is_name_word(index: SearchIndex, word: str) -> bool:
    """A capitalised word some entity's name has ("Clintons'" ~ Clinton), an initial, or "9/11"."""
    if _EVENT_NUMBER.fullmatch(word):
        return True
    if not word[0].isupper():
        return False
    folded = fold(word).rstrip("'’").removesuffix("'s").removesuffix("’s")
    return len(folded.strip(".")) <= INITIALS_MAX or any(
        folded.removesuffix(ending) in index.token_owners for ending in _PLURALS)


def _idf(index: SearchIndex, alternatives: set[str]) -> float:
    """The rarest alternative's idf: a topic word weighs what its best evidence would."""
    bm25 = index.sentences
    n = len(bm25.lengths)
    df = min((len(bm25.postings[a][0]) for a in alternatives if a in bm25.postings), default=0)
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def sentence_words(text: str) -> set[str]:
    """The searchable words of a sentence, as topic groups are matched against them."""
    return set(terms(fold(text)))
