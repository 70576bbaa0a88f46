"""In-memory indexes over a loaded store, built once: names, sentences and dated events.

Matching is forgiving (case, accents, curly quotes, plural/verb endings, typos) and
cheap per query: exact and token lookups first, fuzzy matching only over a
pre-filtered candidate list.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import functools
import itertools
import math
import re
import threading
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz, process

from . import relevance
from .dates import SEASON_START
from .entities import resolve_title, title_index
from .lexicon import MONTH_ABBREVIATIONS, MONTHS
from .text import STOPWORDS, WORD, fold, stem, stemmed, terms, words

if TYPE_CHECKING:
    from .facts import Entity
    from .store import FactStore

__all__ = ["STOPWORDS", "fold", "stem", "terms", "BM25", "SearchIndex", "SentenceHit", "EntityMatch"]


def _lookup_key(text: str) -> str:
    """How names are looked up at answer time: folded words, punctuation ignored ("Armenia’s" ~ "armenia s").

    Cheaper than :func:`knowledge.entities.name_key` (no regex normalisation), as load builds millions.
    """
    return " ".join(WORD.findall(fold(text)))


BM25_K1, BM25_B = 1.2, 0.75  # term-frequency saturation and length normalisation of sentence scores
DATE_TERMS_CACHE = 50_000  # distinct date wordings whose terms are kept (a few kinds of words, often asked about)


def name_claims(entity: Entity) -> Iterator[tuple[str, str]]:
    """``(article, lookup key)`` of the names an entity answers for in an article: each of its names in
    every article mentioning it, then each mention as written."""
    articles = {m["article"] for m in entity["mentions"]}
    for alias in {entity["name"], *entity["aliases"]}:
        key = _lookup_key(alias)
        if key:
            yield from ((article, key) for article in articles)
    for mention in entity["mentions"]:
        yield mention["article"], _lookup_key(mention["text"])


@functools.lru_cache(maxsize=DATE_TERMS_CACHE)
def _date_terms(text: str) -> tuple[str, ...]:
    """The terms of a date's words ("Dec. 5", "last December"): few forms, asked about often."""
    return tuple(terms(text))


def _holds_doc(docs: array, doc: int) -> bool:
    """Whether a sorted posting list holds a document."""
    i = bisect.bisect_left(docs, doc)
    return i < len(docs) and docs[i] == doc


class BM25:
    """Okapi BM25 over short documents, with typo-tolerant query terms."""

    def __init__(self, docs: Iterable[list[str]], *, k1: float = BM25_K1, b: float = BM25_B) -> None:
        # Postings as compact arrays (doc ids, term counts): a tenth of the memory of tuples.
        self.postings: dict[str, tuple[array, array]] = {}
        self.lengths = array("I")
        for doc_id, doc_terms in enumerate(docs):
            self.lengths.append(len(doc_terms))
            for term, count in Counter(doc_terms).items():
                posting = self.postings.get(term)
                if posting is None:
                    posting = self.postings[term] = (array("I"), array("I"))
                posting[0].append(doc_id)
                posting[1].append(count)
        self.k1, self.b = k1, b
        self.avg = (sum(self.lengths) / len(self.lengths)) if self.lengths else 1.0
        self.vocabulary = sorted(self.postings)
        self._by_initial: dict[str, list[str]] = defaultdict(list)
        for term in self.vocabulary:
            self._by_initial[term[0]].append(term)

    def correct(self, term: str) -> str | None:
        """The known term closest to a misspelt one (same first letter, ratio >= 80)."""
        if term in self.postings:
            return term
        if len(term) < 4:
            return None
        match = process.extractOne(term, self._by_initial.get(term[0], ()), scorer=fuzz.ratio,
                                   score_cutoff=80)
        return match[0] if match else None

    def idf(self, term: str) -> float:
        """How much a term tells documents apart (an unknown term: as much as the rarest)."""
        posting = self.postings.get(term)
        df = len(posting[0]) if posting else 0
        n = len(self.lengths)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def docs(self, term: str) -> array:
        """The documents holding a term, in order."""
        posting = self.postings.get(term)
        return posting[0] if posting else array("I")

    def has(self, term: str, doc: int) -> bool:
        return _holds_doc(self.docs(term), doc)

    def count(self, term: str, doc: int) -> int:
        """How many times a document holds a term."""
        posting = self.postings.get(term)
        if not posting:
            return 0
        i = bisect.bisect_left(posting[0], doc)
        return posting[1][i] if i < len(posting[0]) and posting[0][i] == doc else 0

    def scores(self, query_terms: Iterable[str]) -> dict[int, float]:
        result: dict[int, float] = defaultdict(float)
        for term in set(query_terms):
            posting = self.postings.get(term)
            if not posting:
                continue
            docs, counts = posting
            idf = self.idf(term)
            for doc_id, tf in zip(docs, counts):
                norm = tf + self.k1 * (1 - self.b + self.b * self.lengths[doc_id] / self.avg)
                result[doc_id] += idf * tf * (self.k1 + 1) / norm
        return result

    def search(self, query_terms: list[str], limit: int = 50) -> list[tuple[int, float]]:
        fixed = [t for t in (self.correct(t) for t in query_terms) if t]
        ranked = sorted(self.scores(fixed).items(), key=lambda kv: (-kv[1], kv[0]))
        return ranked[:limit]


def docs_within(posting: array, articles: set[str], article_at: Sequence[str],
                article_docs: Callable[[str], range]) -> Iterator[int]:
    """The documents of a posting list in the articles: the list walked, or each article's span
    looked up in it, whichever is shorter."""
    if len(posting) <= len(articles):
        yield from (doc for doc in posting if article_at[doc] in articles)
        return
    for span in map(article_docs, articles):
        yield from posting[bisect.bisect_left(posting, span.start):bisect.bisect_left(posting, span.stop)]


def title_holders(roles_of: Iterable[tuple[str, list[tuple[str, dict]]]],
                  index_of: Mapping[str, int]) -> dict[str, list[int]]:
    """The entities (by position) holding each folded title, from their roles."""
    found: dict[str, list[int]] = defaultdict(list)
    for entity, rows in roles_of:
        for title in dict.fromkeys(fold(row["role"]) for _, row in rows):
            found[title].append(index_of[entity])
    return found


def titled_docs(holders: Mapping[str, list[int]], articles_of: Callable[[int], set[str]],
                docs_of: Callable[[str], array], shared_titles: Container[tuple[str, str]],
                article_at: Sequence[str], article_docs: Callable[[str], range]) -> Iterator[tuple[int, list[int]]]:
    """``(entity position, sentences)``: sentences calling an entity by a title it holds ("the president"),
    in an article naming it where nobody else holds that title; ``holders``: the entities holding each
    folded title. Each title's rarest term is walked once, over its holders' articles; the others are
    looked up."""
    for title, entities in holders.items():
        wanted = role_title_terms(title)
        if not wanted:
            continue
        named = {i: articles_of(i) for i in entities}
        rarest, *others = sorted(map(docs_of, wanted), key=len)
        by_article: dict[str, list[int]] = defaultdict(list)
        for doc in docs_within(rarest, set().union(*named.values()), article_at, article_docs):
            if all(_holds_doc(o, doc) for o in others):
                by_article[article_at[doc]].append(doc)
        for i, articles in named.items():
            for article in articles & by_article.keys():
                if (article, title) not in shared_titles:
                    yield i, by_article[article]


def role_title_terms(title: str) -> set[str]:
    """The terms looked up to find a title said as a name (none for a title too short to be one)."""
    found = terms(title)
    return set(found) if sum(map(len, found)) >= MIN_TITLE_CHARS else set()


class _RowIndex:
    """Fact rows of one kind, found by the sentence they stand in or by a word of one field."""

    def __init__(self, rows: Iterable[tuple[str, dict]], field: str, doc_of: dict[tuple[str, int], int]) -> None:
        self.rows: list[tuple[str, dict]] = list(rows)
        self.by_doc: dict[int, list[int]] = defaultdict(list)
        self.by_term: dict[str, list[int]] = defaultdict(list)
        for i, (article, row) in enumerate(self.rows):
            self.by_doc[doc_of[(article, row["sent"])]].append(i)
            for term in set(terms(row[field])):
                self.by_term[term].append(i)

    def matching(self, docs: Iterable[int], query_terms: Iterable[str]) -> list[tuple[str, dict]]:
        """Rows in any of ``docs`` or with any of ``query_terms``, in store order."""
        found = {i for doc in docs for i in self.by_doc.get(doc, ())}
        found.update(i for term in query_terms for i in self.by_term.get(term, ()))
        return [self.rows[i] for i in sorted(found)]


class _Posted:
    """The terms of one indexed sentence, looked up in the postings (no re-reading of its text)."""

    __slots__ = ("index", "doc")

    def __init__(self, index: BM25, doc: int) -> None:
        self.index, self.doc = index, doc

    def __contains__(self, term: object) -> bool:
        return isinstance(term, str) and self.index.has(term, self.doc)


def _own_clause(row: dict, rows: list[dict]) -> set[str]:
    """The terms of a date's clause, without the date's own words and the clauses of the other dates
    it holds ("six arrests Wednesday, compared to 47 the previous night")."""
    own = set(terms(row["event"])) - set(terms(row["text"]))
    for other in rows:
        if other is not row and len(other["event"]) < len(row["event"]) and other["event"] in row["event"]:
            own -= set(terms(other["event"]))
    return own


def is_question(sentence: str) -> bool:
    """Whether a sentence asks (ends with a question mark, inside its closing quotes or brackets)."""
    return sentence.rstrip(QUOTE_CLOSERS).endswith("?")


def _times_another_act(row: dict) -> bool:
    """Whether a date's clause is one a subordinator sets beside the sentence's own act ("The walkout
    was called after talks broke down on Friday": Friday is when talks broke down)."""
    first = row["event"].split(maxsplit=1)[:1]
    return bool(first) and first[0].lower() in OTHER_ACT_SUBORDINATORS


def _event_rank(event: EventHit) -> tuple[bool, float, int, int, int]:
    """Of the dates shown, those timing the clause come before those naming a thing ("the 2012 order");
    then the best first, a day before a vaguer date scoring the same."""
    precision = PRECISION_RANK.get(event.row["precision"], len(PRECISION_RANK))
    return event.row.get("modifier", False), -event.score, precision, event.hit.doc, event.row["start"]


def _days_over_vaguer(found: list[EventHit]) -> list[EventHit]:
    """A day a source gives scores as well as the vaguer dates of the same source that hold it ("on
    Tuesday" and "earlier this week", "on June 20" and "in June"): it says more precisely when."""
    vaguer = [e for e in found if e.row["date"] and e.row["precision"] != "day" and not e.row.get("modifier", False)]
    lifted = []
    for event in found:
        if event.row["precision"] == "day" and event.row["date"] and not event.row.get("modifier", False):
            held = [v.score for v in vaguer if v.article == event.article and _holds(v.row, event.row["date"])]
            event = dataclasses.replace(event, score=max([event.score, *held]))
        lifted.append(event)
    return lifted


def _holds(row: dict, day: str) -> bool:
    """Whether a vaguer date (a week, weekend, month, period, year or decade) holds the ISO ``day``."""
    iso, precision = row["date"], row["precision"]
    if precision in ("week", "weekend"):
        first = dt.date.fromisoformat(iso)
        return first <= dt.date.fromisoformat(day) < first + dt.timedelta(days=PERIOD_DAYS[precision])
    if precision in ("month", "year", "decade"):
        return day.startswith(iso.rstrip("s")[:3] if precision == "decade" else iso)
    m = _PERIOD.fullmatch(iso)
    if not m or precision not in ("quarter", "half", "season"):
        return False
    year, month = int(day[:4]), int(day[5:7])
    if m["season"]:  # a winter runs from its December into the next year
        first = SEASON_START[m["season"]]
        months = [(int(m["year"]) + (first + i - 1) // MONTHS_PER_YEAR, (first + i - 1) % MONTHS_PER_YEAR + 1)
                  for i in range(MONTHS_PER_SEASON)]
        return (year, month) in months
    length = MONTHS_PER_SEASON if m["quarter"] else 2 * MONTHS_PER_SEASON
    first = (int(m["quarter"] or m["half"]) - 1) * length + 1
    return year == int(m["year"]) and first <= month < first + length


class _OpenKinds:
    """The kinds of entity a sentence may refer to without naming: any when it names nobody
    ("Sentencing was set for May 2"), else those a pronoun in it fits ("She will be sentenced by Judge
    Ostrander")."""

    __slots__ = ("index", "doc", "_words")

    def __init__(self, index: SearchIndex, doc: int) -> None:
        self.index, self.doc = index, doc
        self._words: set[str] | None = None

    def __contains__(self, kind: object) -> bool:
        if self.doc not in self.index.doc_labels:
            return True
        if self._words is None:
            self._words = set(words(fold(self.index.store.sentence(*self.index.sentence_docs[self.doc]))))
        return not self._words.isdisjoint(PERSON_PRONOUNS if kind == "PERSON" else OTHER_PRONOUNS)


class _Around:
    """The words said around a sentence: its article's title and lead, and the sentences just before."""

    __slots__ = ("index", "docs", "title")

    def __init__(self, index: SearchIndex, doc: int) -> None:
        article, sent = index.sentence_docs[doc]
        first = doc - sent
        self.index = index.sentences
        self.docs = sorted({first, *range(max(first, doc - AROUND_SENTENCES), doc)} - {doc})
        self.title = index.title_terms(article)

    def __contains__(self, term: object) -> bool:
        return isinstance(term, str) and (term in self.title or any(self.index.has(term, d) for d in self.docs))


@dataclass(frozen=True, slots=True)
class EntityMatch:
    entity: Entity
    score: float
    matched: str  # the alias that matched


@dataclass(frozen=True, slots=True)
class SentenceHit:
    article: str
    sent: int
    score: float
    doc: int  # index into SearchIndex.sentence_docs
    coverage: float = 0.0  # share of the question's weight the sentence covers (relevant hits)
    story: str = ""  # id of the story the article belongs to ("" in a store without stories)


@dataclass(frozen=True, slots=True)
class EventHit:
    """A dated event a question is about: its row, and the sentence it stands in."""

    article: str
    row: dict
    score: float
    hit: SentenceHit


#: the stems of month names ("march", "may"), which are also words an event may be called by
MONTH_STEMS = frozenset(t for m in (*MONTHS, *MONTH_ABBREVIATIONS) for t in terms(m))
TITLE_SENTENCES = 50  # sentences read for the articles that give a title asked about as a name
# Relevance floors (shares of the question's informative weight, see knowledge.relevance).
STORY_FLOOR = 0.6  # a story is about the question when one of its sentences covers this share of it
REL_FLOOR = 0.8  # ... and scores this share of the best sentence of all
ABS_FLOOR = 0.5  # inside such a story, a sentence covering this share of the question is shown
MAX_MISSING = 0.3  # ... when it leaves out no concept holding more than this share of it
MAX_STORIES = 3
MAX_CANDIDATES = 300  # sentences scored per question, those holding the most of its rarest words
MAX_EVENT_SENTENCES = 40  # dates are looked for in this many of the best sentences
PHRASE_CHECKS = 20  # the best hits re-read to reward the question's words standing together
QUESTION_CREDIT = 0.6  # of a hit's score, for a sentence that asks a question (an explainer's heading)
QUOTE_CLOSERS = " \"'’”)"  # what may close a sentence after its question mark
WHEN_FLOOR = 0.45  # dates: the sentence covers this share of the question (its clause counts on top)
MIN_TITLE_CHARS = 5  # a title read as a name is longer than "Dr." or "Rep."
NAMED_IN_ARTICLE_CREDIT = 0.5  # dates: a name the sentence leaves to a pronoun, given by its article
PREVIOUS_SENTENCE_CREDIT = 0.7  # a date in the sentence before a relevant one that has none
CLAUSE_RATIO = 0.75  # of a sentence's dates, those whose clause covers this share of its best clause's cover
#: words opening a date's clause that time another act than the sentence's: a date there whose clause has
#: none of the question's words is not the question's date
OTHER_ACT_SUBORDINATORS = frozenset({"after", "before", "since", "until", "till", "when", "while", "once",
                                     "following", "because"})
EVENT_REL_FLOOR = 0.8  # dates shown: those scoring this share of the best date (and those agreeing with one);
# above RELATED_CREDIT, so a date only a related wording finds ("hearing") gives way to the asked one ("trial")
EVENT_SHARE = 0.6  # a dated sentence says this share of the question's event itself (the rest may be around)
AROUND_SENTENCES = 2  # the sentences before a dated one whose words count as said around it
PERIOD_DAYS = {"week": 7, "weekend": 2}  # the days a week or weekend row (dated by its first day) holds
MONTHS_PER_SEASON, MONTHS_PER_YEAR = 3, 12  # a quarter or season; a half is two of them
_PERIOD = re.compile(r"(?P<year>\d{4})-(?:Q(?P<quarter>[1-4])|H(?P<half>[12])|(?P<season>SP|SU|FA|WI))")
PRECISION_RANK = {p: i for i, p in enumerate(("day", "weekend", "week", "month", "quarter", "season", "half",
                                                "year", "decade"))}  # dates shown: the most precise first
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})  # dates: a person the sentence leaves unnamed
OTHER_PRONOUNS = frozenset({"it", "they", "them"})  # ... for anything else


# In a record loaded in memory, built on first use or by :meth:`SearchIndex.warm` (the build warms it to write
# the serving index, which answers read; see :mod:`knowledge.serving`).
_TOPIC_ATTRIBUTES = frozenset({
    "sentence_docs", "sentences", "doc_of", "events", "events_by_doc", "entity_docs", "timeline", "statements",
    "framings", "aliases_by_article", "numbers_by_measure", "numbers_by_doc", "word_counts", "doc_labels",
    "measures_by_term", "story_words", "article_at", "titled_docs",
})
_TOPIC_WORD = re.compile(r"[a-z][a-z'-]{3,}")  # words of four letters or more, hyphenated ones whole


def topic_words(folded: str) -> Iterator[str]:
    """The words of a folded sentence counted for topic suggestions (unstemmed, no stopwords)."""
    return (w for w in _TOPIC_WORD.findall(folded) if w not in STOPWORDS)


def _measures_by_term(numbers_by_measure: dict[str, Any]) -> dict[str, list[str]]:
    """The measures of quantities by each term of their wording, in store order."""
    found: dict[str, list[str]] = defaultdict(list)
    for measure in numbers_by_measure:
        for term in set(terms(measure)):
            found[term].append(measure)
    return found


def _story_words(store: FactStore) -> dict[str, frozenset[str]]:
    """The terms of each story's label, key names and article titles."""
    return {story["id"]: frozenset(terms(" ".join([story["label"], *story["names"],
                                                   *(store.articles[a]["title"] for a in story["articles"])])))
            for story in store.stories or ()}


def _by_article(rows: Iterable[tuple[str, dict]]) -> dict[str, list[tuple[int, dict]]]:
    """Fact rows grouped by article, each with its position among all of them."""
    found: dict[str, list[tuple[int, dict]]] = defaultdict(list)
    for i, (article, row) in enumerate(rows):
        found[article].append((i, row))
    return found


class SearchIndex:
    """All lookups answering needs, built in memory from a loaded record (``load_record``): the build
    writes them into the serving index, whose :class:`~knowledge.serving.ServingIndex` reads them.

    Names, roles and statements by person are built at load; the sentence and event
    indexes (the bulk of the work on a large store) on first use or by :meth:`warm`.
    """

    def __init__(self, store: FactStore) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._build_names(store.entities)
        self._build_people(store)

    def __getattr__(self, name: str) -> Any:
        if name not in _TOPIC_ATTRIBUTES:
            raise AttributeError(name)
        self.warm()
        return self.__dict__[name]

    def warm(self) -> None:
        """Build the topic indexes now (idempotent, thread-safe)."""
        with self._lock:
            if "sentences" not in self.__dict__:
                self._build_topics(self.store)

    def _build_people(self, store: FactStore) -> None:
        """Roles and statements by entity id; roles by article too, each with its entity's rank in ``roles_of``."""
        self.roles_of: dict[str, list[tuple[str, dict]]] = defaultdict(list)
        self.statements_of: dict[str, list[tuple[str, dict]]] = defaultdict(list)
        self.roles_by_article: dict[str, list[tuple[int, str, dict]]] = defaultdict(list)
        rank: dict[str, int] = {}
        holders: dict[tuple[str, str], set[str]] = defaultdict(set)
        for article, row in store.rows("roles"):
            entity = self.entity_in(article, row["name"])
            if entity:
                self.roles_of[entity["id"]].append((article, row))
                self.roles_by_article[article].append((rank.setdefault(entity["id"], len(rank)), entity["id"], row))
                holders[(article, fold(row["role"]))].add(entity["id"])
        # titles two people hold in one article name neither of them there
        self.shared_titles = {key for key, ids in holders.items() if len(ids) > 1}
        titles = title_index(row for _, row in store.rows("roles"))
        for article, row in store.rows("statements"):
            entity = self.entity_in(article, row["speaker"]) or self._titled(row["speaker"], titles)
            if entity:
                self.statements_of[entity["id"]].append((article, row))

    def _build_topics(self, store: FactStore) -> None:
        """Sentences, dated events, statements, framings and counts, searchable by words."""
        sentence_docs: list[tuple[str, int]] = []
        sentence_terms: list[list[str]] = []
        word_counts: Counter[str] = Counter()  # unstemmed, for topic suggestions
        for facts in store.facts:
            record = facts["article"]
            for i, (start, end) in enumerate(record["sentences"]):
                folded = fold(record["text"][start:end])
                sentence_docs.append((record["id"], i))
                sentence_terms.append(stemmed(folded))
                word_counts.update(topic_words(folded))
        doc_of = {doc: i for i, doc in enumerate(sentence_docs)}
        # a reference ("now", "recently") dates no event
        events: list[tuple[str, dict]] = [(a, r) for a, r in store.rows("dates") if not r.get("ref")]
        events_by_doc: dict[int, list[int]] = defaultdict(list)
        for i, (article, row) in enumerate(events):
            events_by_doc[doc_of[(article, row["sent"])]].append(i)
        entity_docs = [frozenset(doc_of[key] for m in e["mentions"] if (key := (m["article"], m["sent"])) in doc_of)
                       for e in store.entities]
        doc_labels: dict[int, set[str]] = defaultdict(set)
        for entity, docs in zip(store.entities, entity_docs):
            for doc in docs:
                doc_labels[doc].add(entity["label"])
        numbers_by_measure: dict[str, list[tuple[str, dict]]] = defaultdict(list)
        numbers_by_doc: dict[int, list[tuple[str, dict]]] = defaultdict(list)
        for article, row in store.rows("numbers"):
            numbers_by_measure[row["measure"]].append((article, row))
            numbers_by_doc[doc_of[(article, row["sent"])]].append((article, row))
        self.__dict__.update(
            sentence_docs=sentence_docs,
            article_at=[article for article, _ in sentence_docs],
            sentences=BM25(sentence_terms),
            doc_of=doc_of,
            events=events,
            events_by_doc=events_by_doc,
            entity_docs=entity_docs,
            doc_labels=doc_labels,
            timeline=sorted(((a, r) for a, r in events if r["date"] and r["precision"] in ("day", "month")),
                            key=lambda ar: (ar[1]["date"], ar[0], ar[1]["sent"])),
            statements=_RowIndex(store.rows("statements"), "content", doc_of),
            framings=_RowIndex(store.rows("framings"), "phrase", doc_of),
            aliases_by_article=_by_article(store.rows("aliases")),
            numbers_by_measure=numbers_by_measure,
            numbers_by_doc=numbers_by_doc,
            measures_by_term=_measures_by_term(numbers_by_measure),
            story_words=_story_words(store),
            word_counts=word_counts,
        )
        article_at, titled = self.__dict__["article_at"], self.__dict__.setdefault("titled_docs", defaultdict(set))
        holders = title_holders(self.roles_of.items(), {e["id"]: i for i, e in enumerate(store.entities)})
        for i, docs in titled_docs(holders, lambda i: {article_at[doc] for doc in entity_docs[i]},
                                   self.sentences.docs, self.shared_titles, article_at, self.article_docs):
            titled[i].update(docs)

    # ------------------------------------------------------------------ names

    def _build_names(self, entities: list[Entity]) -> None:
        """The name lookups over the entities; ``in_article`` from each one's :func:`name_claims`
        (the first entity claiming a name in an article has it)."""
        self._build_name_keys(entities)
        self.in_article: dict[tuple[str, str], str] = {}
        for entity in entities:
            for claim in name_claims(entity):
                self.in_article.setdefault(claim, entity["id"])

    def _build_name_keys(self, entities: list[Entity]) -> None:
        """Every name lookup but ``in_article``: the entities' names, name words and mention counts."""
        self.alias_owners: dict[str, list[int]] = defaultdict(list)
        self.token_owners: dict[str, set[int]] = defaultdict(set)
        self.mention_counts: list[int] = []
        for i, entity in enumerate(entities):
            self.mention_counts.append(len(entity["mentions"]))
            for alias in {entity["name"], *entity["aliases"]}:
                key = _lookup_key(alias)
                if not key:
                    continue
                if i not in self.alias_owners[key]:
                    self.alias_owners[key].append(i)
                for token in WORD.findall(key):
                    if len(token) > 2 and token not in STOPWORDS:
                        self.token_owners[token].add(i)
        self.entity_labels = [entity["label"] for entity in entities]
        self.mention_rank = sorted(range(len(entities)), key=lambda i: -self.mention_counts[i])  # most mentioned first
        self.alias_keys = sorted(self.alias_owners)
        self._aliases_by_initial: dict[str, set[str]] = defaultdict(set)
        for key in self.alias_keys:
            for word in WORD.findall(key):
                self._aliases_by_initial[word[0]].add(key)
        self._name_words_by_initial: dict[str, list[str]] = defaultdict(list)
        for word in sorted(self.token_owners):
            self._name_words_by_initial[word[0]].append(word)

    def _titled(self, speaker: str, titles: dict[tuple[str, str], set[str]]) -> Entity | None:
        """The one person the corpus gives a title a speaker is called by ("the Azerbaijani president")."""
        name = resolve_title(speaker, titles) if speaker else ""
        owners = self.alias_owners.get(_lookup_key(name), []) if name else []
        return self.store.entities[owners[0]] if len(owners) == 1 else None

    def entity_in(self, article: str, name: str) -> Entity | None:
        """The entity a name written in one article refers to."""
        entity_id = self.in_article.get((article, _lookup_key(name)))
        return self.store.entity_by_id.get(entity_id) if entity_id else None

    def find_entities(self, query: str, *, limit: int = 5, labels: Iterable[str] = ()) -> list[EntityMatch]:
        """Entities whose name or alias matches the query, best first."""
        wanted = set(labels)
        key = _lookup_key(query)
        scored: dict[int, tuple[float, str]] = {}

        def offer(index: int, score: float, alias: str) -> None:
            # an entity no sentence mentions (a name merging met only in an alias pair) has nothing to cite
            if not self.mention_counts[index] or (wanted and self.store.entities[index]["label"] not in wanted):
                return
            if score > scored.get(index, (-1.0, ""))[0]:
                scored[index] = (score, alias)

        for index in self.alias_owners.get(key, ()):
            offer(index, 100.0, key)
        query_tokens = [t for t in key.split() if len(t) > 2 and t not in STOPWORDS]
        if not scored and query_tokens:
            sets = [self.token_owners.get(t, set()) for t in query_tokens]
            for index in set.intersection(*sets) if sets else set():
                offer(index, 95.0, self.store.entities[index]["name"])
        if not scored and query_tokens:
            self._offer_fuzzy(key, query_tokens, offer)
        ranked = sorted(scored.items(),
                        key=lambda kv: (-kv[1][0], -self.mention_counts[kv[0]], kv[0]))
        return [EntityMatch(self.store.entities[i], s, a) for i, (s, a) in ranked[:limit]]

    def _offer_fuzzy(self, key: str, query_tokens: list[str], offer: Callable[[int, float, str], None]) -> None:
        """Typos: every query word must be close to a word of the name ("blinkin" ~ "blinken")."""
        per_token: list[dict[int, float]] = []
        for token in query_tokens:
            owners: dict[int, float] = {}
            for word, score, _ in process.extract(token, self._name_words_by_initial.get(token[0], ()),
                                                  scorer=fuzz.ratio, score_cutoff=75, limit=10):
                for index in self.token_owners[word]:
                    owners[index] = max(owners.get(index, 0.0), float(score))
            per_token.append(owners)
        common = set.intersection(*(set(o) for o in per_token)) if per_token else set()
        for index in common:
            score = sum(o[index] for o in per_token) / len(per_token)
            offer(index, min(score, 94.0), self.store.entities[index]["name"])

    def expand(self, query: str) -> tuple[list[str], list[Entity]]:
        """Query terms plus the names of entities the query names (aliases count)."""
        query_terms = terms(query)
        named = [m.entity for m in self.find_entities(query, limit=3) if m.score >= 90]
        extra = [t for e in named for alias in {e["name"], *e["aliases"]} for t in terms(alias)]
        return query_terms + [t for t in extra if t not in query_terms], named

    # ------------------------------------------------------------------ sentences

    def holders_of_title(self, title: str, *, limit: int = TITLE_SENTENCES) -> list[Entity]:
        """The people an article gives every word of a title ("the environment minister", "Harlow's
        chief executive"), most often given first: read from the roles of the articles whose
        sentences best match the title."""
        wanted = set(terms(title))
        if not wanted:
            return []
        found: Counter[str] = Counter()
        for article in dict.fromkeys(hit.article for hit in self.search_sentences(title, limit=limit)):
            for _, entity_id, row in self.roles_by_article.get(article, ()):
                if wanted <= set(terms(f"{row.get('affiliation', '')} {row['role']}")):
                    found[entity_id] += 1
        return [self.store.entity_by_id[e] for e, _ in found.most_common() if e in self.store.entity_by_id]

    def search_sentences(self, query: str, *, limit: int = 50) -> list[SentenceHit]:
        """Sentences matching the query (aliases of named entities count), best first."""
        query_terms, _ = self.expand(query)
        return [SentenceHit(*self.sentence_docs[doc], score, doc)
                for doc, score in self.sentences.search(query_terms, limit)]

    # ------------------------------------------------------------------ relevance

    def parse(self, query: str) -> relevance.Query:
        """The question as weighted concepts over this store's words and names."""
        return relevance.parse(query, names=self._name_docs, idf=self.sentences.idf,
                               correct=self.sentences.correct)

    def _name_docs(self, key: str) -> relevance.Named | None:
        """What the entity index knows of a name key: the sentences naming any entity called so by name
        or by title, the articles naming it, the sentences naming a longer name holding it, and its
        kinds (None: no entity is called so)."""
        owners = self.alias_owners.get(key)
        if not owners:
            return None
        docs: set[int] = set()
        for i in owners:
            docs.update(self.entity_docs[i])
            docs.update(self.titled_docs.get(i, ()))
        return relevance.Named(frozenset(docs), frozenset(map(self.article_at.__getitem__, docs)),
                               self._shadow_docs(key, owners),
                               frozenset(self.store.entities[i]["label"] for i in owners))

    def _shadow_docs(self, key: str, owners: list[int]) -> frozenset[int]:
        """Sentences naming something else whose longer name holds ``key`` ("White House", "House of
        Lords" for "House"): there the words of ``key`` are not that name. People are left out (a
        surname is their own)."""
        wanted = f" {key} "
        shadow: set[int] = set()
        for i in self.token_owners.get(key.rsplit(" ", 1)[-1], ()):
            entity = self.store.entities[i]
            if i in owners or entity["label"] == "PERSON":
                continue
            if any(wanted in f" {_lookup_key(alias)} " for alias in (entity["name"], *entity["aliases"])):
                shadow.update(self.entity_docs[i])
        return frozenset(shadow)

    def relevant(self, query: str, *, floor: float = ABS_FLOOR) -> list[SentenceHit]:
        """Sentences matching the question well enough, inside the stories it is about, best first.

        The stories are those with a sentence covering ``STORY_FLOOR`` of the question and scoring
        ``REL_FLOOR`` of the best one; inside them every sentence covering ``floor`` of it counts.
        """
        query_ = dataclasses.replace(self.parse(query), context=NAMED_IN_ARTICLE_CREDIT)
        return self._in_top_stories(self._scored(query_, floor)) if query_.concepts else []

    def _candidates(self, query: relevance.Query, floor: float) -> list[int]:
        """Sentences holding one of the heaviest concepts (a sentence with none cannot reach ``floor``)."""
        weight: dict[int, float] = defaultdict(float)
        for concept in query.heaviest(1 - floor):
            docs: set[int] = set(concept.docs)
            for wording in (concept.words, *concept.related):
                docs.update(self.sentences.docs(min(wording, key=lambda t: len(self.sentences.docs(t)))))
            for doc in docs:
                weight[doc] += concept.weight
        ranked = sorted(weight, key=lambda d: (-weight[d], d))
        return ranked[:MAX_CANDIDATES]

    def _scored(self, query: relevance.Query, floor: float) -> list[SentenceHit]:
        """Candidates covering ``floor`` of the question, best first; the best few re-read for phrases."""
        hits: list[SentenceHit] = []
        for doc in self._candidates(query, floor):
            article, sent = self.sentence_docs[doc]
            coverage, missing = query.coverage(doc, _Posted(self.sentences, doc), article, floor,
                                               open_kinds=_OpenKinds(self, doc) if query.context else None)
            if coverage >= floor and missing <= MAX_MISSING:
                hits.append(SentenceHit(article, sent, coverage, doc, coverage, self.story_of(article)))
        hits.sort(key=lambda h: (-h.score, h.doc))
        hits[:PHRASE_CHECKS] = [self._reread(query, h) for h in hits[:PHRASE_CHECKS]]
        hits.sort(key=lambda h: (-h.score, h.doc))
        return hits

    def _reread(self, query: relevance.Query, hit: SentenceHit) -> SentenceHit:
        """One of the best hits scored on its text: the question's words standing together add to it; a
        question asks and says nothing ("Why are the drivers striking?"), so the article's statements of
        the same come before it."""
        text = self.store.sentence(hit.article, hit.sent)
        score = hit.coverage
        if query.bigrams:
            score += relevance.PHRASE_BONUS * query.phrase_share(stemmed(fold(text)))
        if is_question(text):
            score *= QUESTION_CREDIT
        return dataclasses.replace(hit, score=score)

    def _in_top_stories(self, hits: list[SentenceHit]) -> list[SentenceHit]:
        """The hits of the few stories whose best hit is close to the best of all."""
        if not hits:
            return []
        best = hits[0].score
        stories = list(dict.fromkeys(h.story for h in hits
                                     if h.score >= REL_FLOOR * best and h.coverage >= STORY_FLOOR))[:MAX_STORIES]
        return [h for h in hits if h.story in stories]

    def dated_events(self, query: str, *, floor: float = WHEN_FLOOR) -> list[EventHit]:
        """Dates the question is about, best first, and the dates of other sources agreeing with them.

        A dated sentence (or, for a sentence without a date, the one before it, in an article with no
        dated sentence of its own about the question) says the question's event itself; the rest of the question may be said around it (see :class:`_Around`). Of a
        sentence's dates, those whose own clause covers the question best count.
        """
        query_ = dataclasses.replace(self.parse(query), context=NAMED_IN_ARTICLE_CREDIT)
        if not query_.concepts:
            return []
        hits = self._in_top_stories(self._event_sentences(query_, floor))[:MAX_EVENT_SENTENCES]
        found = [event for hit in hits for event in self._dates_of(query_, hit)]
        found.sort(key=lambda e: (-e.score, e.hit.doc, e.row["start"]))
        placed = [e for e in found if e.row["date"] or e.row.get("partial")]
        found = placed or found  # words that name no date only when nothing better is known
        own = {e.article for e in found if e.row["sent"] == e.hit.sent}
        found = [e for e in found if e.row["sent"] == e.hit.sent or e.article not in own]
        best = max((e.score for e in found if not e.row.get("modifier", False)), default=0.0) or \
            (found[0].score if found else 0.0)
        found = _days_over_vaguer(found)
        shown = sorted((e for e in found if e.score >= EVENT_REL_FLOOR * best), key=_event_rank)
        if any(not e.row.get("modifier", False) for e in shown):  # "the 2012 order" does not time the act
            shown = [e for e in shown if not e.row.get("modifier", False)]
        dates, articles = {e.row["date"] for e in shown if e.row["date"]}, {e.article for e in shown}
        agreeing = [e for e in found if e.score < EVENT_REL_FLOOR * best and e.row["date"] in dates
                    and e.article not in articles and not articles.add(e.article)]
        return shown + agreeing

    def _event_sentences(self, query: relevance.Query, floor: float) -> list[SentenceHit]:
        """Sentences with (or just after) a date that say the question's event and, with what is
        said around them, cover ``floor`` of the question; best first."""
        weight: dict[int, float] = defaultdict(float)
        event = [c for c in query.concepts if c.event]
        for concept in event:
            docs: set[int] = set(concept.docs)
            for wording in (concept.words, *concept.related):
                docs.update(self.sentences.docs(min(wording, key=lambda t: len(self.sentences.docs(t)))))
            for doc in docs:
                if doc in self.events_by_doc or (doc - 1 in self.events_by_doc and self.sentence_docs[doc][1]):
                    if not self._only_a_date_says(concept.words, doc):
                        weight[doc] += concept.weight
        # a sentence below this cannot say EVENT_SHARE of the event, even with its names left to pronouns
        least = EVENT_SHARE * sum(c.weight for c in event) - query.context * sum(c.weight for c in event if c.name)
        hits: list[SentenceHit] = []
        for doc in sorted((d for d in weight if weight[d] >= least), key=lambda d: (-weight[d], d))[:MAX_CANDIDATES]:
            article, sent = self.sentence_docs[doc]
            present, kinds = _Posted(self.sentences, doc), _OpenKinds(self, doc)
            if query.event_share(doc, present, article, kinds) < EVENT_SHARE:
                continue
            coverage, missing = query.coverage(doc, present, article, floor, _Around(self, doc), kinds)
            if coverage >= floor and missing <= MAX_MISSING:
                hits.append(SentenceHit(article, sent, coverage, doc, coverage, self.story_of(article)))
        return sorted(hits, key=lambda h: (-h.score, h.doc))

    def _only_a_date_says(self, stems: tuple[str, ...], doc: int) -> bool:
        """Whether a question's month word ("the march") is in a sentence only as its dates' month
        ("vote on March 28"): the date is the answer's form, not the event asked about."""
        if len(stems) != 1 or stems[0] not in MONTH_STEMS:
            return False
        in_dates = sum(_date_terms(row["text"]).count(stems[0]) for _, row in
                       (self.events[i] for i in self.events_by_doc.get(doc, ())))
        return in_dates > 0 and self.sentences.count(stems[0], doc) <= in_dates

    def _dates_of(self, query: relevance.Query, hit: SentenceHit) -> list[EventHit]:
        """The dates of a hit (or of the sentence before it) whose clause covers the question about
        as well as the sentence's best clause; the date's own words are not its clause's."""
        dated, credit = self.events_by_doc.get(hit.doc), 1.0
        if not dated and hit.sent > 0 and not self._denies(hit.doc):
            # "... on Tuesday night." "Still, the police made 47 arrests." (what a source denies is not
            # dated by the sentence before: "A lawsuit filed on Friday ..." "It denies it started the fire.")
            dated, credit = self.events_by_doc.get(hit.doc - 1), PREVIOUS_SENTENCE_CREDIT
        rows = [self.events[i] for i in dated or ()]
        clauses = [query.coverage(-1, _own_clause(row, [r for _, r in rows]))[0] for _, row in rows]
        best = max(clauses, default=0.0)
        return [EventHit(article, row, credit * hit.score, hit)
                for (article, row), clause in zip(rows, clauses)
                if clause >= CLAUSE_RATIO * best and (clause or not _times_another_act(row))]

    def _denies(self, doc: int) -> bool:
        """Whether a sentence holds a denial."""
        return any(row["denial"] for _, row in self.statements.matching((doc,), ()))

    def around(self, doc: int) -> Container[str]:
        """The terms said around a sentence: its article's title and lead, and the sentences just before."""
        return _Around(self, doc)

    def article_docs(self, article: str) -> range:
        """The sentence index entries of an article, in order."""
        first = self.doc_of.get((article, 0))
        return range(first, first + len(self.store.articles[article]["sentences"])) if first is not None else range(0)

    def title_terms(self, article: str) -> frozenset[str]:
        """The searchable terms of an article's title (read once)."""
        cache: dict[str, frozenset[str]] = self.__dict__.setdefault("_title_terms", {})
        if article not in cache:
            cache[article] = frozenset(terms(self.store.articles[article].get("title") or ""))
        return cache[article]

    def roles_in(self, articles: Iterable[str]) -> list[tuple[str, str, dict]]:
        """``(entity id, article, role row)`` of the roles in the articles, entities in ``roles_of`` order."""
        found = sorted(((rank, entity, article, row) for article in set(articles)
                        for rank, entity, row in self.roles_by_article.get(article, ())), key=lambda r: r[0])
        return [(entity, article, row) for _, entity, article, row in found]

    def aliases_in(self, articles: Iterable[str]) -> list[tuple[str, dict]]:
        """``(article, row)`` of the alias pairs ("X, also called Y") in the articles, in store order."""
        found = sorted(((i, article, row) for article in set(articles)
                        for i, row in self.aliases_by_article.get(article, ())), key=lambda r: r[0])
        return [(article, row) for _, article, row in found]

    # ------------------------------------------------------------------ stories

    def measures_with(self, query_terms: Iterable[str]) -> set[str]:
        """The measures of quantities whose wording has one of the terms."""
        return {m for t in set(query_terms) for m in self.measures_by_term.get(t, ())}

    def story_of(self, article: str) -> str:
        """The id of the story an article belongs to."""
        return self.store.story_of.get(article, "")

    def story_label(self, story: str) -> str:
        """How replies name a story ("" for an unknown id)."""
        record = self.store.story_by_id.get(story)
        return record["label"] if record else ""

    def story_articles(self, story: str) -> list[str]:
        """The articles of a story, oldest first."""
        record = self.store.story_by_id.get(story)
        return list(record["articles"]) if record else []

    def suggestions(self, query: str, *, limit: int = 5, label: str = "") -> list[str]:
        """Names close to what was asked, for "did you mean" lines; else the most mentioned ones."""
        key = _lookup_key(query)
        candidates = {a for word in key.split() for a in self._aliases_by_initial.get(word[0], ())}
        found = process.extract(key, list(candidates), scorer=fuzz.WRatio, limit=limit * 3, score_cutoff=65)
        names: list[str] = []
        for alias, _, _ in found:
            owner = self.alias_owners[alias][0]
            name = self.store.entities[owner]["name"]
            if self.mention_counts[owner] and name not in names:
                names.append(name)
        if not names:
            ranked = (i for i in self.mention_rank if not label or self.entity_labels[i] == label)
            names = [self.store.entities[i]["name"] for i in itertools.islice(ranked, limit)]
        return names[:limit]
