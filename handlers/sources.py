"""/sources: which articles cover a topic, story by story, each with the sentence that shows it."""

from __future__ import annotations

from typing import Annotated

from knowledge.search import SentenceHit, fold

from .commands import Arg, command
from .context import Context
from .evidence import Citations, by_story, source_names, story_heading
from .reply import Reply, not_found

MAX_ARTICLES = 8  # per story


def best_sentence_per_article(ctx: Context, topic: str) -> list[SentenceHit]:
    """The best relevant sentence of each article that covers the topic, best first."""
    best: dict[str, SentenceHit] = {}
    for hit in ctx.store.index.relevant(topic):
        best.setdefault(hit.article, hit)
    return list(best.values())


@command(examples=("/sources Lachin corridor", "/sources Khankendi", "/sources peacekeepers"))
async def sources(ctx: Context,
                  topic: Annotated[str, Arg("What the articles should cover, e.g. Lachin corridor",
                                            autocomplete="topic")]) -> Reply:
    """Which articles cover a topic, best first, each with its best sentence; grouped by story.

    Names the text equates count: asking for Khankendi also finds articles that say Stepanakert.
    """
    found = best_sentence_per_article(ctx, topic)
    if not found:
        suggestions = [f"/who {n}" for n in ctx.store.index.suggestions(topic, limit=3)]
        return not_found(f"No article says enough about “{topic}” to count as covering it.",
                         suggestions=suggestions + ["/when"], command="sources", args=topic)
    _, named = ctx.store.index.expand(topic)
    cites = Citations(ctx)
    lines: list[str] = []
    for story, hits in by_story(ctx, found).items():
        lines.append(story_heading(ctx, story, len(hits), f"cover “{topic}”"))
        names = source_names(ctx, [h.article for h in hits])
        for hit in hits[:MAX_ARTICLES]:
            note = _alias_note(ctx.store.sentence(hit.article, hit.sent), topic, named)
            lines.append(f"• {names[hit.article]}{note} {cites.mark(hit.article, hit.sent)}")
        if len(hits) > MAX_ARTICLES:
            lines.append(f"…and {len(hits) - MAX_ARTICLES} more.")
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
