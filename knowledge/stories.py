"""Stories: articles about the same event or thread, grouped at build time and kept stable.

How answer code uses it (read-only; never imports spaCy):
  1. Find the stories a question is about: ``stories_of(store, hit_articles)`` (most hits first) or ``find_stories``.
  2. Answer inside one: keep hits with ``store.story_of[hit.article] == sid``; ``store.story_by_id[sid]`` is its Story.
  3. "N of M sources": ``M = len(store.story_by_id[sid]["articles"])``, N the story's articles that say it.
  4. Say which: f"in the story ‘{store.index.story_label(sid)}’, {M} articles"; cite its lead with ``story_sentence``.
  5. ``store.stories`` lists every story newest first; each has outlets, first/last ISO dates and key names.

Grouping: each article is a vector of its merged names and salient words (tf-idf: rare features weigh more, a
feature of one article only says nothing); a new or changed article joins the existing story whose centroid it
is closest to, if close enough and near enough in time, else starts one. Candidate stories come from an
inverted index (feature and time bucket to stories), so grouping costs about linear time. Ids are kept.
"""

from __future__ import annotations

import hashlib
import heapq
import inspect
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .facts import Entity, Story
from .search import STOPWORDS, fold, stem, terms

if TYPE_CHECKING:
    from .store import FactStore

#: how much of the similarity comes from shared names (the rest from shared words)
NAME_SHARE = 0.5
#: an article joins a story when its similarity to the story (times the date factor) reaches this; the
#: similarity counts every feature of the article (see :func:`_weighted`): at 0.175 the 2,000-article bench
#: tier keeps as many stories (1,371) as when only shared features counted, at 0.2 (1,370)
JOIN_THRESHOLD = 0.175
#: dates this close to a story's range count as the same time
GRACE_DAYS = 4
#: past this distance from a story's dates an article never joins it, nor when the story would then
#: span more than MAX_SPAN_DAYS (the next event of a long thread is another story)
MAX_GAP_DAYS = 21
MAX_SPAN_DAYS = 31
#: the date factor falls linearly from 1 after GRACE_DAYS to this at MAX_GAP_DAYS
FAR_FACTOR = 0.5
#: characters of an article's body read for its salient terms (the lead says what it is about), and the
#: most frequent terms of those kept (the build holds them for every article)
PROFILE_CHARS = 2500
PROFILE_TERMS = 50
#: a title word counts as this many body words
TITLE_REPEAT = 3
#: features kept per article, by weight
ARTICLE_NAMES = 25
ARTICLE_TERMS = 40
#: an article's heaviest features used to find candidate stories, and how many candidates are scored
CANDIDATE_FEATURES = 12
MAX_CANDIDATES = 10
#: days per time bucket of the inverted index
BUCKET_DAYS = 30
#: features in more than this share of the articles, and more than COMMON_MIN of them, do not find candidates
#: (they are in every story; looking them up would cost time, not change the best story)
COMMON_SHARE = 0.2
COMMON_MIN = 100
#: what a story shows; its key names are people, organisations and places (not groups: "Democrats")
LABEL_KINDS = frozenset({"PERSON", "ORG", "GPE", "LOC"})
KEY_NAMES = 4
LABEL_NAMES = 2
LABEL_WORDS = 9
ID_WORDS = 5
ID_HASH = 6
#: finding stories by words: what a matched name, title words and the best matching sentence are worth, the
#: score a story needs, and the share of the best story's score (below it, it is not what was asked about)
MATCH_NAME = 1.0
MATCH_TITLE = 1.0
MATCH_SENTENCES = 0.5
MATCH_FLOOR = 0.4
MATCH_RELATIVE = 0.4
MATCH_NAME_SCORE = 90
MATCH_NAME_COVERAGE = 0.5
MATCH_HITS = 200
MATCH_SENTENCES_EACH = 3
#: a sentence cited for a story has at least this many words
MIN_LEAD_WORDS = 6
LEAD_SENTENCES = 8
#: similarities are compared to this many decimals: the same sums added in another order differ in their last
#: bits, and a tie must go to the smaller id, never to the order the articles or names came in
SCORE_DIGITS = 9

_WORD = re.compile(r"[a-z0-9]+")
_TITLE_TAIL = re.compile(r"\s+[|–—-]\s+[^|–—-]{2,40}$")  # " | Fox News", " - The Hill"
_CLAUSE = re.compile(r"[:;,]\s+")


@dataclass(slots=True)
class _Article:
    id: str
    title: str
    outlet: str
    day: date | None
    features: _Features

    @property
    def vector(self) -> dict[str, float]:
        return self.features.vector(self.id)


@dataclass(slots=True)
class _Group:
    """A story under construction; its centroid is summed when first needed (most stories of a refresh
    only keep their members)."""

    id: str
    members: list[_Article] = field(default_factory=list)
    centroid: dict[str, float] | None = None
    squares: float = 0.0  # the centroid's squared length
    first: date | None = None
    last: date | None = None

    @property
    def norm(self) -> float:
        return math.sqrt(self.squares)

    def summed(self) -> dict[str, float]:
        if self.centroid is None:
            self.centroid = defaultdict(float)
            for member in self.members:
                self._sum(self.centroid, member)
        return self.centroid

    def add(self, article: _Article) -> None:
        self.members.append(article)
        if self.centroid is not None:
            self._sum(self.centroid, article)
        if article.day is not None:
            self.first = min(self.first or article.day, article.day)
            self.last = max(self.last or article.day, article.day)

    def _sum(self, centroid: dict[str, float], article: _Article) -> None:
        for key, weight in article.vector.items():
            before = centroid[key]
            centroid[key] = before + weight
            self.squares += weight * (2 * before + weight)


# --------------------------------------------------------------------------- features


def profile_version() -> str:
    """A fingerprint of the code that makes :func:`article_words` profiles: a build keeps stored ones only if equal."""
    digest = hashlib.sha256()
    for function in (article_words, stem, terms):
        digest.update(Path(inspect.getsourcefile(inspect.unwrap(function)) or "").read_bytes())
    return digest.hexdigest()[:10]


def article_words(title: str, text: str) -> dict[str, int]:
    """The salient-term profile of one article: stemmed words of its title and lead (lowercased only, not
    folded: grouping needs the same words on both sides, not accents matched, and it reads every article)."""
    words = Counter(stem(w) for w in _WORD.findall(text[:PROFILE_CHARS].lower())
                    if len(w) > 2 and w not in STOPWORDS and not w.isdigit())
    for term in terms(title):
        if len(term) > 2 and not term.isdigit():
            words[term] += TITLE_REPEAT
    return dict(heapq.nsmallest(PROFILE_TERMS, words.items(), key=lambda tn: (-tn[1], tn[0])))


def _day(record: Mapping[str, Any]) -> date | None:
    for key in ("published", "published_inferred"):
        value = str(record.get(key) or "")[:10]
        try:
            return date.fromisoformat(value)
        except ValueError:
            continue
    return None


def _names_by_article(entities: Iterable[Entity]) -> dict[str, Counter[str]]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for entity in entities:
        for mention in entity["mentions"]:
            counts[mention["article"]][entity["id"]] += 1
    return counts


def _idf(df: Counter[str], n: int) -> dict[str, float]:
    """Smoothed idf of the features in more than one article (a feature of one article matches nothing)."""
    return {k: math.log(1 + n / c) for k, c in df.items() if c > 1}


def _weighted(counts: Mapping[str, int], idf: Mapping[str, float], keep: int, n: int) -> dict[str, float]:
    """tf-idf (sublinear tf) of an article's features that have an idf, heaviest ``keep``, divided by the
    length of all its features: what only this article has (idf of one article in ``n``) still counts
    towards its length, so one shared place name does not make a zoo story part of a strike."""
    weights = {k: (1 + math.log(c)) * idf[k] for k, c in counts.items() if k in idf}
    top = heapq.nsmallest(keep, weights.items(), key=lambda kv: (-kv[1], kv[0]))  # one order, whatever came in
    own = math.log(1 + n)
    own_squares = sum(((1 + math.log(c)) * own) ** 2 for k, c in counts.items() if k not in idf)
    norm = math.sqrt(sum(w * w for _, w in top) + own_squares) or 1.0
    return {k: w / norm for k, w in top}


class _Features:
    """Each article's names and words weighed by rarity; an article's vector is computed when first needed."""

    def __init__(self, records: list[Mapping[str, Any]], names: dict[str, Counter[str]],
                 words: Mapping[str, Mapping[str, int]]) -> None:
        n = self.count = len(records)
        self.names, self.words = names, words
        name_df = Counter(k for r in records for k in names.get(r["id"], ()))
        word_df = Counter(k for r in records for k in words.get(r["id"], ()))
        self.name_idf, self.word_idf = _idf(name_df, n), _idf(word_df, n)
        limit = max(COMMON_SHARE * n, COMMON_MIN)
        self.common = {f"n:{k}" for k, c in name_df.items() if c > limit}
        self.common.update(f"w:{k}" for k, c in word_df.items() if c > limit)
        self._vectors: dict[str, dict[str, float]] = {}

    def keys(self, article: str) -> list[str]:
        """The features an article can share with another (in more than one article, not in most)."""
        keys = [f"n:{k}" for k in self.names.get(article, ()) if k in self.name_idf]
        keys += [f"w:{k}" for k in self.words.get(article, ()) if k in self.word_idf]
        return [k for k in keys if k not in self.common]

    def vector(self, article: str) -> dict[str, float]:
        """Unit length: names and words, each part unit length, mixed by NAME_SHARE."""
        vector = self._vectors.get(article)
        if vector is None:
            named = _weighted(self.names.get(article, {}), self.name_idf, ARTICLE_NAMES, self.count)
            worded = _weighted(self.words.get(article, {}), self.word_idf, ARTICLE_TERMS, self.count)
            share = NAME_SHARE if named and worded else (1.0 if named else 0.0)
            vector = {f"n:{k}": w * math.sqrt(share) for k, w in named.items()}
            vector.update({f"w:{k}": w * math.sqrt(1 - share) for k, w in worded.items()})
            self._vectors[article] = vector
        return vector


# --------------------------------------------------------------------------- grouping


def _date_factor(day: date | None, group: _Group) -> float:
    """1 within GRACE_DAYS of the story's dates, falling to FAR_FACTOR at MAX_GAP_DAYS, 0 beyond."""
    if day is None or group.first is None or group.last is None:
        return 1.0
    gap = max((group.first - day).days, (day - group.last).days, 0)
    if gap > MAX_GAP_DAYS or (max(day, group.last) - min(day, group.first)).days > MAX_SPAN_DAYS:
        return 0.0
    if gap <= GRACE_DAYS:
        return 1.0
    return 1.0 - (1.0 - FAR_FACTOR) * (gap - GRACE_DAYS) / (MAX_GAP_DAYS - GRACE_DAYS)


def _bucket(day: date | None) -> int | None:
    """The time bucket of a date (None: undated)."""
    return day.toordinal() // BUCKET_DAYS if day else None


class _Grouper:
    """Stories under construction, with an inverted index from feature and time bucket to articles.

    An article is filed under the bucket of its date, so a new article looks only at the articles of the
    few buckets whose stories it could join, and only their stories' centroids are summed.
    """

    def __init__(self, features: _Features) -> None:
        self.features = features
        self.groups: dict[str, _Group] = {}
        self.group_of: dict[str, str] = {}
        self.postings: dict[int | None, dict[str, list[str]]] = defaultdict(dict)  # bucket -> feature -> articles

    def add(self, group_id: str, article: _Article, *, new: bool = False) -> None:
        """Put an article in a story (``new``: one this build starts, its centroid kept up as it grows)."""
        group = self.groups.get(group_id)
        if group is None:
            group = self.groups[group_id] = _Group(group_id, centroid=defaultdict(float) if new else None)
        table = self.postings[_bucket(article.day)]
        for key in self.features.keys(article.id):
            posting = table.get(key)
            if posting is None:
                table[key] = [article.id]
            else:
                posting.append(article.id)
        self.group_of[article.id] = group_id
        group.add(article)

    def _near(self, key: str, day: date | None) -> set[str]:
        """The stories of the articles filed under ``key`` that an article of that day could join."""
        if day is None:
            buckets: Iterable[int | None] = list(self.postings)
        else:
            reach = (MAX_GAP_DAYS + MAX_SPAN_DAYS) // BUCKET_DAYS + 1
            here = day.toordinal() // BUCKET_DAYS
            buckets = (None, *range(here - reach, here + reach + 1))
        tables = (self.postings.get(b) for b in buckets)
        return {self.group_of[a] for table in tables if table for a in table.get(key, ())}

    def best(self, article: _Article) -> tuple[str, float]:
        """The story the article is closest to (after the date factor), and that similarity."""
        vector = article.vector
        top = heapq.nsmallest(CANDIDATE_FEATURES, vector.items(), key=lambda kv: (-kv[1], kv[0]))
        hits: Counter[str] = Counter(g for key, _ in top for g in self._near(key, article.day))
        eligible = ((g, _date_factor(article.day, self.groups[g])) for g in hits)
        ranked = heapq.nsmallest(MAX_CANDIDATES, ((g, f) for g, f in eligible if f),
                                 key=lambda gf: (-hits[gf[0]], gf[0]))
        best_id, best_score = "", 0.0
        for group_id, factor in ranked:
            group = self.groups[group_id]
            centroid = group.summed()
            if not group.squares:
                continue
            score = round(factor * sum(w * centroid.get(k, 0.0) for k, w in vector.items()) / group.norm,
                          SCORE_DIGITS)
            if score > best_score or (score == best_score and best_id and group_id < best_id):
                best_id, best_score = group_id, score
        return best_id, best_score

    def new_id(self, article: _Article) -> str:
        words = _words(article.title or article.id)[:ID_WORDS] or ["story"]
        digest = hashlib.sha1(article.id.encode("utf-8")).hexdigest()
        for size in range(ID_HASH, len(digest) + 1):
            story_id = f"{'-'.join(words)}-{digest[:size]}"
            if story_id not in self.groups:
                return story_id
        raise ValueError(f"no free story id for {article.id}")  # only if every prefix of a sha1 is taken


def _order(article: _Article) -> tuple[bool, date, str]:
    return article.day is None, article.day or date.min, article.id


def group_articles(records: list[Mapping[str, Any]], entities: list[Entity], words: Mapping[str, Mapping[str, int]],
                   previous: Iterable[Story] = (), moved: Iterable[str] | None = None) -> list[Story]:
    """Group articles into stories.

    ``records``: article rows (id, title, outlet, published, published_inferred); ``words``: each article's
    :func:`article_words`; ``previous``: the stories of the last build; ``moved``: articles new or changed
    since then (``None``: every article not in a previous story). Articles not moved stay in their story
    (and its id); a story left without members goes; moved articles join the best story or start one.
    """
    previous = list(previous)
    features = _Features(records, _names_by_article(entities), words)
    articles = {r["id"]: _Article(r["id"], str(r.get("title") or ""), str(r.get("outlet") or ""), _day(r),
                                  features) for r in records}
    grouper = _Grouper(features)
    moved_set = set(articles) if moved is None else set(moved)
    placed: set[str] = set()
    for story in previous:
        for article_id in story.get("articles", ()):
            if article_id in articles and article_id not in moved_set and article_id not in placed:
                grouper.add(story["id"], articles[article_id])
                placed.add(article_id)
    for article in sorted((a for a in articles.values() if a.id not in placed), key=_order):
        group_id, score = grouper.best(article)
        if group_id and score >= JOIN_THRESHOLD:
            grouper.add(group_id, article)
        else:
            grouper.add(grouper.new_id(article), article, new=True)
    names = {e["id"]: e["name"] for e in entities if e["label"] in LABEL_KINDS}
    kept = {s["id"]: s for s in previous if set(s.get("articles", ())) == _unmoved(grouper, s["id"], moved_set)}
    return sorted((kept.get(g.id) or _story(g, names) for g in grouper.groups.values()), key=_newest_first)


def _unmoved(grouper: _Grouper, group_id: str, moved: set[str]) -> set[str] | None:
    """A story's members when none of them moved (its record from the last build still holds), else None."""
    group = grouper.groups.get(group_id)
    members = {a.id for a in group.members} if group else set()
    return members if group and not members & moved else None


# --------------------------------------------------------------------------- what a story shows


def _central(group: _Group) -> _Article:
    """The member closest to the story's centroid (in angle: an article with much of its own is not
    less central for it), a titled one if any."""
    centroid = group.summed()

    def closeness(article: _Article) -> tuple[bool, float, str]:
        dot = sum(w * centroid.get(k, 0.0) for k, w in article.vector.items())
        length = math.sqrt(sum(w * w for w in article.vector.values())) or 1.0
        return not article.title, -round(dot / length, SCORE_DIGITS), article.id
    return min(group.members, key=closeness)


def _key_names(group: _Group, names: Mapping[str, str]) -> list[str]:
    """The names that weigh most in the story (summed over its articles), each once: a name inside a
    heavier one ("Saudi" in "Saudi Arabia") is left out, and so is the outlet of one of its articles."""
    outlets = {tuple(_words(a.outlet)) for a in group.members}
    weight: Counter[str] = Counter()
    for key, value in sorted(group.summed().items()):
        if key.startswith("n:") and key[2:] in names:
            weight[names[key[2:]]] += value
    kept: list[str] = []
    for name, _ in sorted(weight.items(), key=lambda kv: (-round(kv[1], SCORE_DIGITS), kv[0])):
        words = set(_words(name))
        overlaps = any(words <= set(_words(other)) or set(_words(other)) <= words for other in kept)
        if not overlaps and tuple(_words(name)) not in outlets:
            kept.append(name)
        if len(kept) == KEY_NAMES:
            break
    return kept


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold(text))


def short_title(title: str) -> str:
    """A headline cut to a few words: outlet suffix dropped, then the first clause if it is long."""
    title = _TITLE_TAIL.sub("", " ".join(title.split()))
    words = title.split()
    if len(words) <= LABEL_WORDS:
        return title
    clause = _CLAUSE.split(title, maxsplit=1)[0]
    if 3 <= len(clause.split()) <= LABEL_WORDS:
        return clause
    return " ".join(words[:LABEL_WORDS]) + " …"


def _label(title: str, key_names: list[str]) -> str:
    """The short title and the key names it does not already say; only names when there is no title."""
    if not title:
        return ", ".join(key_names[:LABEL_NAMES + 1]) or "Untitled story"
    said = set(_words(title))
    extra = [n for n in key_names if _words(n) and _words(n)[-1] not in said][:LABEL_NAMES]
    return f"{title} — {', '.join(extra)}" if extra else title


def _story(group: _Group, names: Mapping[str, str]) -> Story:
    members = sorted(group.members, key=_order)
    central = _central(group)
    key_names = _key_names(group, names)
    title = short_title(central.title)
    return Story(id=group.id, label=_label(title, key_names), title=title, articles=[a.id for a in members],
                 outlets=sorted({a.outlet for a in members if a.outlet}),
                 first=group.first.isoformat() if group.first else "",
                 last=group.last.isoformat() if group.last else "", names=key_names, central=central.id)


def _newest_first(story: Story) -> tuple[bool, int, int, str]:
    def ordinal(iso: str) -> int:
        return date.fromisoformat(iso).toordinal() if iso else 0
    return not story["last"], -ordinal(story["last"]), -ordinal(story["first"]), story["id"]


# --------------------------------------------------------------------------- a loaded store


def stories_of_store(store: FactStore) -> list[Story]:
    """Group a loaded store's articles (for stores built before stories were stored)."""
    records = [f["article"] for f in store.facts]
    words = {r["id"]: article_words(r["title"], r.get("text", "")) for r in records}
    return group_articles(records, store.entities, words)  # type: ignore[arg-type]


def story_sentence(store: FactStore, story_id: str) -> tuple[str, int]:
    """``(article, sentence)`` to cite for a story: in the lead of its central article (else of another), the
    first sentence of some length that says a key name, else the first of some length, else the first."""
    story = store.story_by_id[story_id]
    keys = [fold(n) for n in story["names"]]
    for article in [story["central"], *story["articles"]]:
        count = min(len(store.articles[article]["sentences"]), LEAD_SENTENCES)
        lead = [fold(store.sentence(article, i)) for i in range(count)]
        usable = [i for i, text in enumerate(lead) if len(text.split()) >= MIN_LEAD_WORDS] or list(range(count))
        if usable:
            return article, next((i for i in usable if any(k in lead[i] for k in keys)), usable[0])
    raise ValueError(f"story {story_id} has no sentence to cite")


def stories_of(store: FactStore, articles: Iterable[str]) -> list[tuple[str, int]]:
    """``(story id, how many of the given articles it holds)``, most first: which stories a set of hits is about."""
    counts = Counter(store.story_of[a] for a in articles if a in store.story_of)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def find_stories(store: FactStore, query: str) -> list[tuple[str, float]]:
    """``(story id, score)`` of the stories a few words are about, best first.

    A story scores by its strongest evidence: the share of its articles naming an entity the query names
    (or saying the query's words as written),
    the share of the query's words in its label, key names and titles, or its best matching sentence
    (its best few, relative to the best story's, discounted: sentences are weaker evidence than a title). Ties go to the
    story with more evidence overall.
    """
    evidence: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for story_id, share in _name_shares(store, query).items():
        evidence[story_id][0] = MATCH_NAME * share
    wanted = set(terms(query))
    for story in store.stories if wanted else ():
        said = store.index.story_words.get(story["id"], frozenset())
        if wanted & said:
            evidence[story["id"]][1] = MATCH_TITLE * len(wanted & said) / len(wanted)
    relative, said = _sentence_shares(store, query)
    for story_id, share in relative.items():
        evidence[story_id][2] = MATCH_SENTENCES * share
    for story_id, share in said.items():
        evidence[story_id][0] = max(evidence[story_id][0], MATCH_NAME * share)
    best = max((max(e) for e in evidence.values()), default=0.0)
    kept = [(sid, max(e), sum(e)) for sid, e in evidence.items()
            if max(e) >= MATCH_FLOOR and max(e) >= MATCH_RELATIVE * best]
    return [(sid, score) for sid, score, _ in sorted(kept, key=lambda k: (-k[1], -k[2], k[0]))]


def _sentence_shares(store: FactStore, query: str) -> tuple[dict[str, float], dict[str, float]]:
    """Per story: its best few matching sentences' scores summed, relative to the best story's (one stray
    sentence matching a word weighs less than a story full of matches); and the share of its articles with
    a matching sentence that says the query's words as written (a name the entity index split in two)."""
    best: dict[str, list[float]] = defaultdict(list)
    phrase = " ".join(_words(query))
    saying: dict[str, set[str]] = defaultdict(set)
    for hit in store.index.search_sentences(query, limit=MATCH_HITS):  # best first
        story_id = store.story_of.get(hit.article)
        if not story_id:
            continue
        if len(best[story_id]) < MATCH_SENTENCES_EACH:
            best[story_id].append(hit.score)
        if phrase and f" {phrase} " in f" {' '.join(_words(store.sentence(hit.article, hit.sent)))} ":
            saying[story_id].add(hit.article)
    sums = {story_id: sum(scores) for story_id, scores in best.items()}
    top = max(sums.values(), default=0.0)
    relative = {story_id: total / top for story_id, total in sums.items()} if top > 0 else {}
    said = {sid: len(articles) / len(store.story_by_id[sid]["articles"]) for sid, articles in saying.items()}
    return relative, said


def _name_shares(store: FactStore, query: str) -> dict[str, float]:
    """For the entities the query names: per story, the largest share of its articles that name one, times the
    share of the query's words the name covers ("9/11 bill" is not about Bill Clinton)."""
    wanted = set(terms(query))
    shares: dict[str, float] = {}
    for match in store.index.find_entities(query, limit=3):
        named = {t for alias in (match.entity["name"], *match.entity["aliases"]) for t in terms(alias)}
        coverage = len(wanted & named) / len(wanted) if wanted else 0.0
        if match.score < MATCH_NAME_SCORE or coverage < MATCH_NAME_COVERAGE:
            continue
        naming = Counter(store.story_of[a] for a in {m["article"] for m in match.entity["mentions"]}
                         if a in store.story_of)
        for story_id, count in naming.items():
            share = coverage * count / len(store.story_by_id[story_id]["articles"])
            shares[story_id] = max(shares.get(story_id, 0.0), share)
    return shares
