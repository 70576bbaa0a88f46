"""/when: the calendar date of an event, with the original wording, or a short timeline."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from knowledge.search import terms

from .commands import Arg, command
from .context import Context
from .evidence import Citations, clip, source_name
from .reply import Reply, not_found

TIMELINE_ENTRIES = 10
MAX_DATES = 6


def human_date(iso: str, precision: str) -> str:
    """``2023-09-19`` -> ``Tuesday 19 September 2023``; months, years and decades likewise."""
    try:
        if precision == "day":
            day = dt.date.fromisoformat(iso)
            return f"{day:%A} {day.day} {day:%B %Y}"
        if precision == "week":
            monday = dt.date.fromisoformat(iso)
            return f"the week of Monday {monday.day} {monday:%B %Y}"
        if precision == "month":
            return dt.date.fromisoformat(f"{iso}-01").strftime("%B %Y")
    except ValueError:
        pass
    return iso


def _date_label(row: dict, *, article_dated: bool) -> str:
    """The calendar date, or what is known of it: a year-less day, or only the words."""
    time = f", {row['time']}" if row.get("time") else ""
    if row["date"]:
        return human_date(row["date"], row["precision"]) + time
    partial = row.get("partial", "")
    if partial.startswith("--"):
        try:
            day = dt.date.fromisoformat(f"2000{partial[1:]}")  # a leap year, so 29 February parses
            year = "year not stated" + ("" if article_dated else "; article date unknown")
            return f"{day.day} {day:%B}{time} ({year})"
        except ValueError:
            pass
    why = "not placed on a calendar" if article_dated else "no year or article date to resolve it"
    return f"“{row['text']}” ({why})"


@command(examples=("/when presidential election", "/when ceasefire", "/when"))
async def when(ctx: Context,
               event: Annotated[str, Arg("Words describing the event, e.g. ceasefire", autocomplete="topic")] = ""
               ) -> Reply:
    """When something happened, as calendar dates with the article's own wording; alone, a timeline.

    Relative dates ("On Tuesday") are resolved against each article's date.
    """
    index = ctx.store.index
    if not event:
        return _timeline(ctx)
    ranked = index.event_index.search(terms(event), limit=40)
    if not ranked:
        return not_found(f"I found no dated event matching “{event}”.",
                         suggestions=["/when", f"/sources {event}"], command="when", args=event)
    best = ranked[0][1]
    cites = Citations(ctx)
    groups: dict[str, list[str]] = {}
    for doc, score in ranked:
        if score < best * 0.6 or len(groups) >= MAX_DATES:
            break
        article, row = index.events[doc]
        label = _date_label(row, article_dated=bool(ctx.store.articles[article]["published"]))
        wording = f"“{row['text']}”" if row["date"] and row["text"] else ""
        groups.setdefault(label, []).append(
            f"{source_name(ctx, article)} {wording} {cites.mark(article, row['sent'])}".replace("  ", " "))
    lines = [f"*When: {event}*"]
    for label, sources in groups.items():
        lines.append(f"• *{label}* — " + "; ".join(sources))
    if len(groups) > 1:
        lines.append("_Sources give different dates or precision; each is shown with its source._")
    return Reply(text="\n".join(lines), citations=tuple(cites.items), command="when", args=event,
                 suggestions=(f"/sources {event}", "/when"), more=f"/sources {event}")


def _timeline(ctx: Context) -> Reply:
    dated = ctx.store.index.timeline
    if not dated:
        return not_found("The articles contain no dates I could place on a calendar.",
                         suggestions=["/sources <topic>"], command="when")
    cites = Citations(ctx)
    lines = ["*Timeline*"]
    seen: set[tuple[str, str]] = set()
    for article, row in dated:
        key = (row["date"], row["event"][:60])
        if key in seen:
            continue
        seen.add(key)
        lines.append(f"• *{human_date(row['date'], row['precision'])}* — {clip(row['event'], 120)} "
                     f"{cites.mark(article, row['sent'])}")
        if len(seen) >= TIMELINE_ENTRIES:
            break
    return Reply(text="\n".join(lines), citations=tuple(cites.items), command="when",
                 suggestions=("/when <event>",))

