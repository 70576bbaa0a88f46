"""/sources: which articles cover a topic, best first, each with the sentence that shows it."""

from __future__ import annotations

from typing import Annotated

from knowledge.search import fold

from .commands import Arg, command
from .context import Context
from .evidence import Citations, source_name
from .reply import Reply, not_found

MAX_ARTICLES = 8


def best_sentence_per_article(ctx: Context, topic: str) -> list[tuple[str, int, float]]:
    """``(article, sentence, score)`` for each article that covers the topic, best first."""
    best: dict[str, tuple[int, float]] = {}
    for hit in ctx.store.index.search_sentences(topic, limit=400):
        if hit.article not in best:
            best[hit.article] = (hit.sent, hit.score)
    return [(a, s, score) for a, (s, score) in best.items()]


@command(examples=("/sources Lachin corridor", "/sources Khankendi", "/sources peacekeepers"))
async def sources(ctx: Context,
                  topic: Annotated[str, Arg("What the articles should cover, e.g. Lachin corridor",
                                            autocomplete="topic")]) -> Reply:
    """Which articles cover a topic, best first, each with its best sentence.

    Names the text equates count: asking for Khankendi also finds articles that say Stepanakert.
    """
    found = best_sentence_per_article(ctx, topic)
    if not found:
        suggestions = [f"/who {n}" for n in ctx.store.index.suggestions(topic, limit=3)]
        return not_found(f"No article mentions “{topic}”.", suggestions=suggestions + ["/when"],
                         command="sources", args=topic)
    _, named = ctx.store.index.expand(topic)
    cites = Citations(ctx)
    lines = [f"*{len(found)} of {len(ctx.store.articles)} sources cover “{topic}”*"]
    for article, sent, _ in found[:MAX_ARTICLES]:
        note = _alias_note(ctx.store.sentence(article, sent), topic, named)
        lines.append(f"• {source_name(ctx, article)}{note} {cites.mark(article, sent)}")
    if len(found) > MAX_ARTICLES:
        lines.append(f"…and {len(found) - MAX_ARTICLES} more.")
    return Reply(text="\n".join(lines), citations=tuple(cites.items), command="sources", args=topic,
                 suggestions=(f"/compare {topic}", f"/when {topic}"))


def _alias_note(sentence: str, topic: str, named: list) -> str:
    """Say so when a sentence matched through another name for the topic."""
    folded, wanted = fold(sentence), fold(topic)
    if wanted in folded:
        return ""
    for entity in named:
        for alias in sorted({entity["name"], *entity["aliases"]}, key=len, reverse=True):
            if fold(alias) != wanted and fold(alias) in folded:
                return f" (as “{alias}”)"
    return ""
