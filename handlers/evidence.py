"""Turning facts into citations: the verbatim sentence and where to check it."""

from __future__ import annotations

from .context import Context
from .reply import Citation


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
