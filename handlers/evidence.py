"""Turning facts into citations: the verbatim sentence and where to check it."""

from __future__ import annotations

from collections import Counter
from typing import Protocol, TypeVar

from .context import Context
from .reply import Citation


class _InArticle(Protocol):
    @property
    def article(self) -> str: ...


HitT = TypeVar("HitT", bound=_InArticle)


def cite(ctx: Context, article: str, sent: int) -> Citation:
    """A citation of one sentence, linked to the article (or the bot's page for it)."""
    record = ctx.store.articles[article]
    page = ctx.links.article_page(article, sent)
    return Citation(
        article=article,
        title=record["title"],
        outlet=record["outlet"],
        published=record["published"],
        url=record["url"],
        quote=ctx.store.sentence(article, sent),
        sentence=sent,
        link=record["url"] or page,
        context=page,
        source=source_name(ctx, article),
    )


class Citations:
    """Collects citations for one reply, numbering each distinct sentence once."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx
        self._numbers: dict[tuple[str, int], int] = {}
        self.items: list[Citation] = []

    def mark(self, article: str, sent: int) -> str:
        """The ``[n]`` marker for a sentence, adding its citation the first time."""
        key = (article, sent)
        if key not in self._numbers:
            self.items.append(cite(self._ctx, article, sent))
            self._numbers[key] = len(self.items)
        return f"[{self._numbers[key]}]"

    def __len__(self) -> int:
        return len(self.items)


def source_name(ctx: Context, article: str) -> str:
    """How a reply names an article in running text: outlet, else title, else its opening words."""
    record = ctx.store.articles[article]
    if record["outlet"] or record["title"]:
        return record["outlet"] or clip(record["title"], 48)
    return f"“{clip(record['text'], 40)}”"


def clip(text: str, limit: int = 220) -> str:
    """Whitespace folded and cut at a word boundary, for paraphrase lines (never for quotes)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"


def source_names(ctx: Context, articles: list[str]) -> dict[str, str]:
    """How a list names each article: its outlet, with the title where the outlet appears twice."""
    names = {a: source_name(ctx, a) for a in articles}
    repeated = {n for n, count in Counter(names.values()).items() if count > 1}
    for article, name in names.items():
        title = ctx.store.articles[article]["title"]
        if name in repeated and title and title != name:
            names[article] = f"{name}, “{clip(title, 60)}”"
    return names


def by_story(ctx: Context, hits: list[HitT]) -> dict[str, list[HitT]]:
    """Hits grouped by the story their article belongs to, stories in order of their best hit."""
    groups: dict[str, list[HitT]] = {}
    for hit in hits:
        groups.setdefault(ctx.store.index.story_of(hit.article), []).append(hit)
    return groups


def story_size(ctx: Context, story: str) -> int:
    """How many articles a story has."""
    return len(ctx.store.index.story_articles(story)) or len(ctx.store.articles)


def story_heading(ctx: Context, story: str, count: int, what: str) -> str:
    """“*In the story ‘Holder visits Ferguson’, 2 of 3 sources cover …*”."""
    label = ctx.store.index.story_label(story)
    where = f"In the story ‘{label}’, " if label else ""
    return f"*{where}{count} of {story_size(ctx, story)} sources {what}*"
