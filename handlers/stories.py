"""/stories: the stories (articles about one event) in the store, newest first, or those some words are about."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from knowledge.facts import Story
from knowledge.stories import find_stories, story_sentence

from .commands import Arg, command
from .context import Context
from .evidence import Citations
from .reply import Reply, not_found

MAX_STORIES = 10
MAX_OUTLETS = 4


def date_range(first: str, last: str) -> str:
    """``14–16 August 2010``, ``28 September – 2 October 2016``, ``30 November 2016``; "undated" without dates."""
    if not first:
        return "undated"
    start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last or first)
    if start == end:
        return f"{end.day} {end:%B %Y}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%B %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%B} – {end.day} {end:%B %Y}"
    return f"{start.day} {start:%B %Y} – {end.day} {end:%B %Y}"


def story_line(ctx: Context, story: Story, cites: Citations) -> str:
    """One bullet: label, article count, outlets, dates, and the cited lead of its central article."""
    count = len(story["articles"])
    outlets = story["outlets"][:MAX_OUTLETS]
    more = len(story["outlets"]) - len(outlets)
    shown = ", ".join(outlets) + (f" and {more} more" if more > 0 else "")
    article, sent = story_sentence(ctx.store, story["id"])
    parts = [f"{count} article{'s' if count != 1 else ''}", *([shown] if shown else []),
             date_range(story["first"], story["last"])]
    return f"• *{story['label']}* — {' · '.join(parts)} {cites.mark(article, sent)}"


@command(examples=("/stories", "/stories ceasefire", "/stories Aliyev"))
async def stories(ctx: Context,
                  words: Annotated[str, Arg("Names or words of a story, e.g. ceasefire", autocomplete="topic")] = ""
                  ) -> Reply:
    """The stories in the articles (articles about the same event), newest first; `/stories <words>` finds one.

    Each story shows its key names and title, how many articles and which outlets cover it, and its dates.
    """
    store = ctx.store
    if words:
        found = [store.story_by_id[sid] for sid, _ in find_stories(store, words)]
        if not found:
            return not_found(f"No story is about “{words}”.", suggestions=["/stories", f"/sources {words}"],
                             command="stories", args=words)
        of = f"{len(found)} of {len(store.stories)} {'story' if len(store.stories) == 1 else 'stories'}"
        header = f"*{of} match{'es' if len(found) == 1 else ''} “{words}”*"
    else:
        found = store.stories
        if not found:
            return not_found("There are no articles in the store yet.", suggestions=["/refresh"],
                             command="stories")
        count = f"{len(found)} stor{'ies' if len(found) != 1 else 'y'}"
        header = f"*{count} in {len(store.articles)} articles*, newest first"
    cites = Citations(ctx)
    lines = [header, *(story_line(ctx, story, cites) for story in found[:MAX_STORIES])]
    if len(found) > MAX_STORIES:
        lines.append(f"…and {len(found) - MAX_STORIES} more: `/stories <words>` finds one.")
    suggestions = tuple(f"/sources {story['names'][0]}" for story in found[:3] if story["names"])
    return Reply(text="\n".join(lines), citations=tuple(cites.items), command="stories", args=words,
                 suggestions=suggestions)
