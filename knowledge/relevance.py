"""How well a sentence matches a question: the share of the question's informative weight it covers.

A question is read as *concepts*: the names it contains (matched through the entity index, so any
alias counts), phrases the related-wordings list knows ("first responders" ~ "rescue workers") and
single words. Each concept weighs what its words tell apart (their idf). A sentence covers a concept
by naming the entity, by the question's own words, or (for less) by a related wording.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection, Container
from dataclasses import dataclass

from .lexicon import NAME_SUFFIXES, RELATED_WORDINGS
from .text import STOPWORDS, fold, stem, stemmed, terms, words

# How a question starts says what kind of answer it wants, not what it is about.
_QUESTION_LEAD = re.compile(
    r"^(?:(?:how\s+(?:long|many|much|often|far|soon)|how|when|where|who|whom|what|why|which|whether"
    r"|did|does|do|will|would|was|were|is|are|has|have|had|can|could|should|shall)\b\s*)+")
MAX_NAME_WORDS = 5
MIN_NAME_CHARS = 3  # a one-word name shorter than this is a stop word or an initial
RELATED_CREDIT = 0.75  # a related wording covers a concept at this share of its weight
SURNAME_CREDIT = 0.75  # a name's last word alone ("Mr. Jackson") covers it at this share
PHRASE_BONUS = 0.15  # added to the score when the question's adjacent words stand together


@dataclass(frozen=True, slots=True)
class Concept:
    """One thing the question asks about."""

    words: tuple[str, ...]  # the question's own stems
    weight: float
    related: tuple[tuple[str, ...], ...] = ()  # other wordings (stems) that cover it, for less
    docs: Collection[int] = ()  # sentences naming the entity the words name (names only)
    name: bool = False
    articles: Collection[str] = ()  # articles naming that entity (names only)

    word_weights: tuple[float, ...] = ()  # idf of each of ``words``

    def credit(self, doc: int, present: Container[str], article: str = "", context: float = 0.0) -> float:
        """The share of this concept a sentence covers (0..1); ``context``: the share a sentence
        gets for standing in an article that names the entity ("she" after "Odile Brandt")."""
        if doc in self.docs or all(w in present for w in self.words):
            return 1.0
        if any(all(w in present for w in wording) for wording in self.related):
            return RELATED_CREDIT
        if self.name and _surname(self.words) in present:
            return SURNAME_CREDIT
        own = sum(self.word_weights)
        share = sum(x for w, x in zip(self.words, self.word_weights) if w in present) / own if own else 0.0
        return max(share, context) if article in self.articles else share


@dataclass(frozen=True)
class Query:
    concepts: tuple[Concept, ...]
    bigrams: tuple[tuple[str, str], ...]  # adjacent informative words of the question
    context: float = 0.0  # credit for a name the sentence's article gives (see Concept.credit)

    @functools.cached_property
    def total(self) -> float:
        return sum(c.weight for c in self.concepts)

    def coverage(self, doc: int, present: Container[str], article: str = "",
                 floor: float = 0.0) -> tuple[float, float]:
        """The share of the question's weight a sentence covers, and the largest share it leaves out.

        Stops early (returning what it has) once the sentence cannot reach ``floor``.
        """
        total = self.total
        if not total:
            return 0.0, 1.0
        left_out = largest = 0.0
        for concept in self.concepts:
            missing = concept.weight * (1 - concept.credit(doc, present, article, self.context)) / total
            left_out, largest = left_out + missing, max(largest, missing)
            if left_out > 1 - floor:
                break
        return 1 - left_out, largest

    def phrase_share(self, sequence: list[str]) -> float:
        """The share of the question's adjacent word pairs that stand together in a sentence."""
        if not self.bigrams:
            return 0.0
        pairs = set(zip(sequence, sequence[1:]))
        return sum(b in pairs for b in self.bigrams) / len(self.bigrams)

    def heaviest(self, share: float) -> list[Concept]:
        """The fewest heaviest concepts holding more than ``share`` of the weight: a sentence
        covering none of them cannot reach ``1 - share``."""
        chosen: list[Concept] = []
        for concept in sorted(self.concepts, key=lambda c: -c.weight):
            if sum(c.weight for c in chosen) > share * self.total:
                break
            chosen.append(concept)
        return chosen


def _surname(name: tuple[str, ...]) -> str:
    """The last word of a name that is not a generational suffix ("Jackson" in "Jesse Jackson Jr.")."""
    return next((w for w in reversed(name) if w not in NAME_SUFFIXES), name[-1])


def strip_question(text: str) -> str:
    """The question without its interrogative lead ("when did", "how long", "will")."""
    return _QUESTION_LEAD.sub("", fold(text).strip())


def _related_index() -> dict[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    index: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {}
    for group in RELATED_WORDINGS:
        stems = [tuple(terms(wording)) for wording in group]
        for wording in stems:
            others = tuple(o for o in stems if o != wording and o)
            index[wording] = tuple(dict.fromkeys(index.get(wording, ()) + others))
    return index


RELATED = _related_index()
MAX_PHRASE = max(len(k) for k in RELATED)


def parse(text: str, *, names: Callable[[str], tuple[Collection[int], Collection[str]] | None],
          idf: Callable[[str], float], correct: Callable[[str], str | None]) -> Query:
    """A question as weighted concepts.

    ``names`` gives the sentences and articles naming an entity for a name key (None: not a name), ``idf`` a
    stem's weight, ``correct`` the known stem closest to an unknown one.
    """
    tokens = words(strip_question(text))
    concepts: list[Concept] = []
    rest: list[str] = []
    i = 0
    while i < len(tokens):
        n, (docs, articles) = _name_at(tokens, i, names)
        if n:
            name_stems = tuple(dict.fromkeys(stemmed(" ".join(tokens[i:i + n]))))
            weights = tuple(map(idf, name_stems))
            concepts.append(Concept(name_stems, max(weights, default=0.0), docs=docs, name=True,
                                    articles=articles, word_weights=weights))
            rest.append("|")  # a name breaks a phrase
            i += n
            continue
        if tokens[i] not in STOPWORDS:
            rest.append(stem(tokens[i]))
        i += 1
    concepts.extend(_word_concepts(rest, idf, correct))
    informative = [t for t in rest if t != "|"]
    bigrams = tuple((a, b) for a, b in zip(rest, rest[1:]) if "|" not in (a, b))
    return Query(tuple(_unique(concepts)), bigrams if len(informative) > 1 else ())


def _name_at(tokens: list[str], i: int, names: Callable[[str], tuple[Collection[int], Collection[str]] | None]
             ) -> tuple[int, tuple[Collection[int], Collection[str]]]:
    """The longest name starting at token ``i``: (its length, (sentences, articles) naming it), else (0, ...)."""
    for n in range(min(MAX_NAME_WORDS, len(tokens) - i), 0, -1):
        span = tokens[i:i + n]
        if tokens[i] in STOPWORDS or span[-1] in STOPWORDS:
            continue
        if n == 1 and len(span[0]) < MIN_NAME_CHARS:
            continue
        found = names(" ".join(span))
        if found is not None:
            return n, found
    return 0, ((), ())


def _word_concepts(stems: list[str], idf: Callable[[str], float],
                   correct: Callable[[str], str | None]) -> list[Concept]:
    """Single words, and the phrases the related-wordings list knows, longest first.

    A word the articles never use is also matched, as a related wording, by the closest one they do.
    """
    concepts: list[Concept] = []
    i = 0
    while i < len(stems):
        if stems[i] == "|":
            i += 1
            continue
        for n in range(min(MAX_PHRASE, len(stems) - i), 0, -1):
            phrase = tuple(stems[i:i + n])
            if "|" in phrase or (n > 1 and phrase not in RELATED):
                continue
            related = RELATED.get(phrase, ())
            closest = correct(phrase[0]) if n == 1 and not related else phrase[0]
            if closest and closest != phrase[0]:
                related += ((closest,),)
            weights = tuple(map(idf, phrase))
            concepts.append(Concept(phrase, sum(weights), related=related, word_weights=weights))
            i += n
            break
    return concepts


def _unique(concepts: list[Concept]) -> list[Concept]:
    seen: set[tuple[str, ...]] = set()
    return [c for c in concepts if not (c.words in seen or seen.add(c.words))]
