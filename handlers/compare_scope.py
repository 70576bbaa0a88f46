"""Which sentences of which story a /compare topic is about.

A sentence matches when it holds most of the topic's content (by idf weight) and its article
names what the topic names: "McCulloch's father" wants a sentence saying father in an article
that mentions McCulloch. Matches are then grouped by story; only the stories the best matches
belong to are answered, and only their articles count.

Inside a story the topic is read again with the story's own weights: words every article of the
story uses ("the bill" in a story about a bill) tell its sentences apart less than the rarer ones.
A sentence of the story matches when it says the topic's verb ("passed" in "how the bill first
passed"), else its rarest word in the story, and, counting what is said around it (title, lead,
the sentences before), holds most of the topic; other stories never get this second reading.
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from dataclasses import dataclass

from knowledge.search import SearchIndex

from .compare_topic import TermGroup, Topic
from .context import Context

MAX_HITS = 300  # sentences retrieved before the floor is applied
CONTENT_FLOOR = 0.5  # share of the topic's content weight a sentence must hold
NAME_FLOOR = 0.5  # share of the topic's name weight its article must hold
STORY_RATIO = 0.75  # a further story is answered when its best match scores this much of the best
MAX_STORIES = 2
AROUND_CREDIT = 0.8  # inside the story, a topic word said around a sentence instead of in it


@dataclass(frozen=True, slots=True)
class Match:
    """A sentence about the topic."""

    article: str
    sent: int
    doc: int  # index into SearchIndex.sentence_docs
    score: float  # retrieval score
    coverage: float  # share of the topic's content weight the sentence holds


@dataclass(slots=True)
class Story:
    """The articles of one story and the sentences of them that are about the topic."""

    label: str  # "" when the store has no stories
    articles: list[str]
    matches: list[Match]

    @property
    def covering(self) -> list[str]:
        """Articles with a sentence about the topic, best first."""
        return list(dict.fromkeys(m.article for m in self.matches))


def find_matches(ctx: Context, topic: Topic) -> list[Match]:
    """Sentences about the topic, best first (content share, then retrieval score)."""
    index = ctx.store.index
    query = " ".join([topic.text, *sorted(topic.words())])  # "deaths" also finds "died"
    hits = index.search_sentences(query, limit=MAX_HITS)
    picks_articles = bool(topic.names) and topic.names != topic.content
    named_articles = _articles_naming(index, topic.names) if picks_articles else None
    matches = []
    for hit in hits:
        if named_articles is not None and named_articles.get(hit.article, 0.0) < NAME_FLOOR:
            continue
        share = topic.share(index.sentences, hit.doc)
        if share >= CONTENT_FLOOR:
            matches.append(Match(hit.article, hit.sent, hit.doc, hit.score, share))
    return sorted(matches, key=lambda m: (-round(m.coverage, 2), -m.score))


def _articles_naming(index: SearchIndex, names: tuple[TermGroup, ...]) -> dict[str, float]:
    """For each article, the share of the topic's name weight it holds somewhere."""
    total = sum(g.weight for g in names)
    held: dict[str, float] = defaultdict(float)
    for group in names:
        articles = {index.sentence_docs[doc][0] for a in group.alternatives
                    for doc in index.sentences.postings.get(a, ((), ()))[0]}
        for article in articles:
            held[article] += group.weight / total if total else 0.0
    return held


def stories(ctx: Context, matches: list[Match], topic: Topic | None = None) -> list[Story]:
    """The stories the best matches belong to, best first, each with its matches (read again inside
    the story when the ``topic`` is given)."""
    grouped: dict[str, list[Match]] = defaultdict(list)
    for match in matches:
        grouped[ctx.store.index.story_of(match.article)].append(match)
    ranked = sorted(grouped.items(), key=lambda kv: -max(m.score for m in kv[1]))
    best = max(m.score for m in ranked[0][1]) if ranked else 0.0
    kept = [(sid, ms) for sid, ms in ranked if max(m.score for m in ms) >= STORY_RATIO * best]
    return [_in_story(ctx, topic, _story(ctx, sid, ms)) for sid, ms in kept[:MAX_STORIES]]


def _story(ctx: Context, story_id: str, matches: list[Match]) -> Story:
    record = ctx.store.story_by_id.get(story_id)
    if record is None:
        return Story("", list(dict.fromkeys(m.article for m in matches)), matches)
    articles = [a for a in record["articles"] if a in ctx.store.articles]
    return Story(record["label"] or record["title"], articles, matches)


def _in_story(ctx: Context, topic: Topic | None, story: Story) -> Story:
    """The story's sentences about the topic by the story's own weights (see the module doc);
    the matches as found when the topic is a name or a single word, or nothing is found."""
    content = topic.content if topic and not topic.is_about_names else ()
    if not story.label or len(content) < 2:
        return story
    index = ctx.store.index
    docs = [d for a in story.articles for d in index.article_docs(a)]
    held = [holding(index, g.alternatives, story.articles) for g in content]
    weights = [math.log(1 + (len(docs) - len(h) + 0.5) / (len(h) + 0.5)) if h else 0.0 for h in held]
    total = sum(weights)
    telling = max(range(len(content)), key=lambda i: (bool(held[i]), content[i].term in topic.verbs, weights[i], -i))
    if not held[telling] or not total:
        return story
    found: list[Match] = []
    for doc in sorted(held[telling]):
        around = index.around(doc)
        share = sum(w * (1.0 if doc in h else AROUND_CREDIT if any(a in around for a in g.alternatives) else 0.0)
                    for g, h, w in zip(content, held, weights)) / total
        if share >= CONTENT_FLOOR:
            article, sent = index.sentence_docs[doc]
            found.append(Match(article, sent, doc, share, share))
    if not found:
        return story
    found.sort(key=lambda m: (-round(m.coverage, 2), m.doc))
    return Story(story.label, story.articles, found)


def reworded_matches(ctx: Context, topic: Topic, articles: list[str]) -> list[Match]:
    """Sentences of the articles about a topic analysed with its other wordings ("corruption" for
    "bribes"), best first: a source that words the topic otherwise is not silent on it."""
    index = ctx.store.index
    docs: set[int] = set()
    for group in topic.content:
        docs |= holding(index, group.alternatives, articles)
    found = []
    for doc in sorted(docs):
        share = topic.share(index.sentences, doc)
        if share >= CONTENT_FLOOR:
            article, sent = index.sentence_docs[doc]
            found.append(Match(article, sent, doc, share, share))
    return sorted(found, key=lambda m: (-round(m.coverage, 2), m.doc))


def holding(index: SearchIndex, alternatives: frozenset[str], articles: list[str]) -> set[int]:
    """The sentences of the articles holding any of the alternatives."""
    found: set[int] = set()
    for alternative in alternatives:
        postings = index.sentences.docs(alternative)
        for article in articles:
            span = index.article_docs(article)
            start = bisect.bisect_left(postings, span.start)
            end = bisect.bisect_left(postings, span.stop, start)
            found.update(postings[start:end])
    return found
