"""/when: the calendar date of an event, with the original wording, or a short timeline."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from knowledge.search import EventHit

from .commands import Arg, command
from .context import Context
from .evidence import Citations, by_story, clip, source_name
from .reply import Reply, not_found

TIMELINE_ENTRIES = 10
MAX_DATES = 4  # per story
COUNT_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
ORDINALS = ("first", "second", "third", "fourth")
SEASON_NAMES = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
_PERIOD = re.compile(r"(?P<year>\d{4})-(?:Q(?P<quarter>[1-4])|H(?P<half>[12])|(?P<season>SP|SU|FA|WI))")


def human_date(iso: str, precision: str) -> str:
    """``2023-09-19`` -> ``Tuesday 19 September 2023``; weeks, weekends, months and periods likewise."""
    try:
        if precision == "day":
            day = dt.date.fromisoformat(iso)
            return f"{day:%A} {day.day} {day:%B %Y}"
        if precision == "week":
            monday = dt.date.fromisoformat(iso)
            return f"the week of Monday {monday.day} {monday:%B %Y}"
        if precision == "weekend":
            saturday = dt.date.fromisoformat(iso)
            return f"the weekend of Saturday {saturday.day} {saturday:%B %Y}"
        if precision == "month":
            return dt.date.fromisoformat(f"{iso}-01").strftime("%B %Y")
    except ValueError:
        pass
    return _period(iso)


def _period(iso: str) -> str:
    """``1989-Q3`` -> ``the third quarter of 1989``, ``1989-H2`` -> ``the second half of 1989``,
    ``2016-SU`` -> ``summer 2016``; anything else as it is."""
    m = _PERIOD.fullmatch(iso)
    if not m:
        return iso
    if m["quarter"]:
        return f"the {ORDINALS[int(m['quarter']) - 1]} quarter of {m['year']}"
    if m["half"]:
        return f"the {ORDINALS[int(m['half']) - 1]} half of {m['year']}"
    return f"{SEASON_NAMES[m['season']]} {m['year']}"


def _date_label(row: dict, *, article_dated: bool, story_year: str = "", with_time: bool = True,
                inferred: str = "") -> str:
    """The calendar date, or what is known of it: a year-less day, or only the words. In an undated
    article a resolved day was pinned by its weekday, and ``inferred`` is the article's inferred date."""
    time = f", {row['time']}" if row.get("time") and with_time else ""
    if row["date"]:
        pinned = " (year inferred from the weekday)" if not article_dated and row.get("relative") else ""
        return human_date(row["date"], row["precision"]) + time + pinned
    partial = row.get("partial", "")
    if partial.startswith("--"):
        try:
            day = dt.date.fromisoformat(f"2000{partial[1:]}")  # a leap year, so 29 February parses
        except ValueError:
            day = None
        if day:
            undated = f"; article dated {inferred} by inference" if inferred else "; article date unknown"
            year = "year not stated" + (f"; {story_year} in the other sources" if story_year
                                        else "" if article_dated else undated)
            return f"{day.day} {day:%B}{time} ({year})"
    why = "not placed on a calendar" if article_dated else "no year or article date to resolve it"
    return f"“{row['text']}” ({why})"


def _story_year(ctx: Context, story: str, article: str) -> str:
    """The one year the story's other dated articles were published in, else ""."""
    years = {ctx.store.articles[a]["published"][:4] for a in ctx.store.index.story_articles(story)
             if a != article and ctx.store.articles[a]["published"]}
    return years.pop() if len(years) == 1 else ""


def _day_key(row: dict) -> str:
    """What two dates must share to agree: the day of the year when both give one (a year-less day agrees)."""
    if row["precision"] == "day":
        return row["date"][5:]
    return row.get("partial", "")[2:] or row["date"] or row["text"]


def _count(n: int) -> str:
    return f"{COUNT_WORDS[n] if n < len(COUNT_WORDS) else n} source{'s' if n != 1 else ''}"


@command(examples=("/when presidential election", "/when ceasefire", "/when"))
async def when(ctx: Context,
               event: Annotated[str, Arg("Words describing the event, e.g. ceasefire", autocomplete="topic")] = ""
               ) -> Reply:
    """When something happened, as calendar dates with the article's own wording; alone, a timeline.

    Relative dates ("On Tuesday") are resolved against each article's date. Sources giving the same
    date are grouped; different dates are labelled as such.
    """
    if not event:
        return _timeline(ctx)
    found = ctx.store.index.dated_events(event)
    if not found:
        return not_found(f"I found no dated event matching “{event}”.",
                         suggestions=["/when", f"/sources {event}"], command="when", args=event)
    cites = Citations(ctx)
    lines = [f"*When: {event}*"]
    stories = by_story(ctx, found)
    for story, events in stories.items():
        if len(stories) > 1:
            lines.append(f"_In the story ‘{ctx.store.index.story_label(story)}’_")
        lines.extend(_date_lines(ctx, story, events, cites))
    return Reply(text="\n".join(lines), citations=tuple(cites.items), command="when", args=event,
                 suggestions=(f"/sources {event}", "/when"), more=f"/sources {event}")


def _date_lines(ctx: Context, story: str, events: list[EventHit], cites: Citations) -> list[str]:
    """One line per date, its sources grouped; a note when the sources give different dates."""
    groups: dict[str, dict[str, str]] = {}  # date label -> article -> how it says it
    for found in events:
        article, row = found.article, found.row
        record = ctx.store.articles[article]
        label = _date_label(row, article_dated=bool(record["published"]), story_year=_story_year(ctx, story, article),
                            with_time=False, inferred=record.get("published_inferred", ""))
        if label not in groups and len(groups) >= MAX_DATES:
            continue
        said = groups.setdefault(label, {})
        if article not in said:
            wording = f" “{row['text']}”" if row["text"] and (row["date"] or row.get("partial")) else ""
            said[article] = f"{source_name(ctx, article)}{wording} {cites.mark(article, row['sent'])}"
    lines = [f"• *{label}* — {_count(len(said))}: " + "; ".join(said.values()) for label, said in groups.items()]
    if len({_day_key(found.row) for found in events}) > 1:
        lines.append("_Sources give different dates or precision; each is shown with its source._")
    return lines


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

