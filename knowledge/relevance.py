"""How well a sentence matches a question: the share of the question's informative weight it covers.

A question is read as *concepts*: the names it contains (matched through the entity index, so any
alias counts), phrases the related-wordings list knows ("first responders" ~ "rescue workers") and
single words. Each concept weighs what its words tell apart (their idf). A sentence covers a concept
by naming the entity, by the question's own words, or (for less) by a related wording.

The question's leading run of words (its subject, verb and what the verb takes: "the House vote to
override") is its *event*; the rest ("the 9/11 veto") may be said around the sentence instead, in
the article's title, lead or the sentences just before (see :meth:`Query.coverage`).
A name is not covered by its words standing inside a longer name ("House" in "White House").
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Container
from dataclasses import dataclass

from .entities import COUNTRY_OF
from .lexicon import RELATED_WORDINGS
from .nicknames import SUFFIXES as NAME_SUFFIXES
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
AROUND_CREDIT = 0.8  # a word of the question outside its event, said around the sentence instead
# Words that keep the event run going ("vote to override", "be sentenced", "Azerbaijan's forces").
EVENT_CONNECTORS = frozenset({"to", "be", "been", "being", "s"})


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
    event: bool = False  # part of the question's event (its subject, verb and object), not its setting
    shadow: Collection[int] = ()  # sentences naming a longer name holding these words ("White House")
    labels: frozenset[str] = frozenset()  # entity labels of the entity the words name (names only)

    def credit(self, doc: int, present: Container[str], article: str = "", context: float = 0.0,
               around: Container[str] | None = None, open_kinds: Container[str] | None = None) -> float:
        """The share of this concept a sentence covers (0..1).

        ``context``: the share a sentence gets for standing in an article that names the entity ("she"
        after "Odile Brandt") when it could refer to it (``open_kinds``: the kinds of entity its
        pronouns may stand for; None: any);
        ``around``: the words said around the sentence, which cover a concept outside the event.
        """
        own = self._own(doc, present, article, context, open_kinds)
        if around is None or self.event or own >= 1.0:
            return own
        return max(own, AROUND_CREDIT * self._own(-1, around))

    def _own(self, doc: int, present: Container[str], article: str = "", context: float = 0.0,
             open_kinds: Container[str] | None = None) -> float:
        if doc in self.docs:
            return 1.0
        shadowed = doc in self.shadow
        if not shadowed and all(w in present for w in self.words):
            return 1.0
        if any(all(w in present for w in wording) for wording in self.related):
            return RELATED_CREDIT
        if self.name and not shadowed and _surname(self.words) in present:
            return SURNAME_CREDIT
        own = sum(self.word_weights)
        share = 0.0 if shadowed or not own else sum(
            x for w, x in zip(self.words, self.word_weights) if w in present) / own
        if article in self.articles and (open_kinds is None or any(k in open_kinds for k in self.labels)):
            return max(share, context)
        return share


@dataclass(frozen=True)
class Query:
    concepts: tuple[Concept, ...]
    bigrams: tuple[tuple[str, str], ...]  # adjacent informative words of the question
    context: float = 0.0  # credit for a name the sentence's article gives (see Concept.credit)

    @functools.cached_property
    def total(self) -> float:
        return sum(c.weight for c in self.concepts)

    def coverage(self, doc: int, present: Container[str], article: str = "", floor: float = 0.0,
                 around: Container[str] | None = None, open_kinds: Container[str] | None = None
                 ) -> tuple[float, float]:
        """The share of the question's weight a sentence covers, and the largest share it leaves out.

        Stops early (returning what it has) once the sentence cannot reach ``floor``. ``around``
        and ``open_kinds``: see :meth:`Concept.credit`.
        """
        total = self.total
        if not total:
            return 0.0, 1.0
        left_out = largest = 0.0
        for concept in self.concepts:
            credit = concept.credit(doc, present, article, self.context, around, open_kinds)
            missing = concept.weight * (1 - credit) / total
            left_out, largest = left_out + missing, max(largest, missing)
            if left_out > 1 - floor:
                break
        return 1 - left_out, largest

    def event_share(self, doc: int, present: Container[str], article: str = "",
                    open_kinds: Container[str] | None = None) -> float:
        """The share of the event's weight the sentence itself covers; 0 when it leaves out a name
        of the event (the actor: "the House", not "the Senate", voted)."""
        event = [c for c in self.concepts if c.event]
        total = sum(c.weight for c in event)
        covered = 0.0
        for concept in event:
            credit = concept.credit(doc, present, article, self.context, None, open_kinds)
            if concept.name and not credit:
                return 0.0
            covered += concept.weight * credit
        return covered / total if total else 0.0

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


def _country_wordings() -> tuple[tuple[str, ...], ...]:
    """Each country with its demonyms ("Azerbaijan", "Azerbaijani", "Azeri"), from the gazetteer."""
    groups: dict[str, list[str]] = defaultdict(list)
    for word, country in COUNTRY_OF.items():
        groups[country].append(word)
    return tuple((country.lower(), *words_) for country, words_ in groups.items())


@functools.cache  # stemming every wording takes ~0.1 s: paid by the first question, not by every start
def related_wordings() -> dict[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """The stems of each wording -> the stems of the wordings related to it."""
    index: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {}
    for group in RELATED_WORDINGS + _country_wordings():
        stems = [tuple(terms(wording)) for wording in group]
        for wording in stems:
            others = tuple(o for o in stems if o != wording and o)
            index[wording] = tuple(dict.fromkeys(index.get(wording, ()) + others))
    return index


@functools.cache
def _max_phrase() -> int:
    """The most words a related wording has."""
    return max(len(k) for k in related_wordings())


@dataclass(frozen=True, slots=True)
class Named:
    """What the entity index knows of a name the question holds."""

    docs: Collection[int]  # sentences naming it (by name or title)
    articles: Collection[str]  # articles naming it
    shadow: Collection[int] = ()  # sentences naming a longer name that holds it ("White House")
    labels: frozenset[str] = frozenset()  # the kinds of entity it names


def parse(text: str, *, names: Callable[[str], Named | None],
          idf: Callable[[str], float], correct: Callable[[str], str | None]) -> Query:
    """A question as weighted concepts, those of its leading run marked as its event.

    ``names`` gives what the entity index knows of a name key (None: not a name), ``idf`` a
    stem's weight, ``correct`` the known stem closest to an unknown one.
    """
    tokens = words(strip_question(text))
    concepts: list[Concept] = []
    rest: list[str] = []
    in_event: list[bool] = []
    started, event = False, True
    i = 0
    while i < len(tokens):
        n, named = _name_at(tokens, i, names)
        if named is not None:
            name_stems = tuple(dict.fromkeys(stemmed(" ".join(tokens[i:i + n]))))
            weights = tuple(map(idf, name_stems))
            concepts.append(Concept(name_stems, max(weights, default=0.0), docs=named.docs, name=True,
                                    related=related_wordings().get(name_stems, ()),
                                    articles=named.articles, word_weights=weights, event=event,
                                    shadow=named.shadow, labels=named.labels))
            rest.append("|")  # a name breaks a phrase
            in_event.append(event)
            started = True
            i += n
            continue
        if tokens[i] not in STOPWORDS:
            rest.append(stem(tokens[i]))
            in_event.append(event)
            started = True
        elif started and tokens[i] not in EVENT_CONNECTORS:
            event = False
        i += 1
    concepts.extend(_word_concepts(rest, in_event, idf, correct))
    informative = [t for t in rest if t != "|"]
    bigrams = tuple((a, b) for a, b in zip(rest, rest[1:]) if "|" not in (a, b))
    return Query(tuple(_unique(concepts)), bigrams if len(informative) > 1 else ())


def _name_at(tokens: list[str], i: int, names: Callable[[str], Named | None]) -> tuple[int, Named | None]:
    """The longest name starting at token ``i``: (its length, what is known of it), else (0, None)."""
    for n in range(min(MAX_NAME_WORDS, len(tokens) - i), 0, -1):
        span = tokens[i:i + n]
        if tokens[i] in STOPWORDS or span[-1] in STOPWORDS:
            continue
        if n == 1 and len(span[0]) < MIN_NAME_CHARS:
            continue
        found = names(" ".join(span))
        if found is not None:
            return n, found
    return 0, None


def _word_concepts(stems: list[str], in_event: list[bool], idf: Callable[[str], float],
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
        for n in range(min(_max_phrase(), len(stems) - i), 0, -1):
            phrase = tuple(stems[i:i + n])
            if "|" in phrase or (n > 1 and phrase not in related_wordings()):
                continue
            related = related_wordings().get(phrase, ())
            closest = correct(phrase[0]) if n == 1 and not related else phrase[0]
            if closest and closest != phrase[0]:
                related += ((closest,),)
            weights = tuple(map(idf, phrase))
            concepts.append(Concept(phrase, sum(weights), related=related, word_weights=weights,
                                    event=any(in_event[i:i + n])))
            i += n
            break
    return concepts


def _unique(concepts: list[Concept]) -> list[Concept]:
    seen: set[tuple[str, ...]] = set()
    return [c for c in concepts if not (c.words in seen or seen.add(c.words))]
