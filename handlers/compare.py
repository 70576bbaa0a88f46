"""/compare: how the sources of a story differ on a topic — numbers, names, framing, claims, silence.

Every line comes from a sentence about the topic (see :mod:`handlers.compare_scope`) in the story
the topic belongs to; the other articles of that story are listed as saying nothing about it.
"""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Any

from knowledge.search import fold, is_question

from .commands import Arg, command
from .compare_excerpt import focus
from .compare_names import names, roles
from .compare_numbers import Lines, numbers
from .compare_scope import Story, find_matches, reworded_matches, stories
from .compare_topic import Topic, analyse
from .context import Context
from .evidence import Citations, clip, source_name
from .reply import Reply, not_found

MAX_PER_SECTION = 6
MAX_SOURCES_SHOWN = 8  # "what each source says": one line per article, at most this many
MAX_SILENT_NAMED = 10
CLAIM_CHARS = 160


@command(examples=("/compare casualties", "/compare Stepanakert", "/compare operation"))
async def compare(ctx: Context,
                  topic: Annotated[str, Arg("What to compare across sources, e.g. casualties",
                                            autocomplete="topic")]) -> Reply:
    """How the sources of a story differ on a topic: numbers, names, framing, claims and denials.

    Also shows what each source says about it, and which articles of the story say nothing.
    """
    wanted = analyse(ctx.store.index, topic)
    found = stories(ctx, find_matches(ctx, wanted), wanted)
    reworded = analyse(ctx.store.index, topic, reworded=True)
    if not found:  # no source uses the topic's words: its other wordings ("the deal": "takeover")
        wanted = reworded
        found = stories(ctx, find_matches(ctx, wanted), wanted)
    else:  # a source of the story that words it otherwise ("corruption" for "bribes") is no silent one
        for story in found:
            silent = [a for a in story.articles if a not in story.covering]
            story.matches += reworded_matches(ctx, reworded, silent) if silent and story.label else []
    if not found:
        return not_found(f"No source says anything about “{topic}” that I could compare.",
                         suggestions=[f"/sources {topic}", "/stories", "/who <name>"],
                         command="compare", args=topic)
    cites = Citations(ctx)
    blocks = [_story_block(ctx, wanted, story, cites, several=len(found) > 1) for story in found]
    text = f"*Compare: {topic}*\n" + "\n".join(blocks)
    return Reply(text=text, citations=tuple(cites.items), command="compare", args=topic,
                 suggestions=(f"/sources {topic}",), more=f"/sources {topic}")


def _story_block(ctx: Context, topic: Topic, story: Story, cites: Citations, *, several: bool) -> str:
    """The sections of one story, from aligned facts to what each source says and who is silent."""
    lines: list[str] = []
    if story.label:
        count = len(story.articles)
        lines.append(f"_In the story ‘{story.label}’, {count} article{'s' if count != 1 else ''}_")
    elif several:
        lines.append("_In another story_")
    parts: list[tuple[str, Lines]] = [
        ("Numbers", numbers(ctx, topic, story, cites)),
        ("Names", names(ctx, topic, story, cites)),
        ("Titles", roles(ctx, topic, story, cites)),
        ("Framing", _framings(ctx, story, cites)),
        ("Claims and denials", _claims(ctx, story, cites)),
    ]
    aligned: set[str] = set()
    covering = set(story.covering)
    for title, part in parts:
        if part.lines:
            lines.append(f"*{title}*\n" + "\n".join(part.lines))
        aligned |= part.aligned
        covering |= part.covering
    lines.append(_what_each_says(ctx, topic, story, cites, compared=len(aligned) > 1))
    silent = [a for a in story.articles if a not in covering]
    if silent and story.label:
        lines.append("*Say nothing about it:* " + _named_once(ctx, silent, among=story.articles))
    return "\n".join(lines)


def _what_each_says(ctx: Context, topic: Topic, story: Story, cites: Citations, *, compared: bool) -> str:
    """The words of each source's best sentence on the topic, one line per article; a sentence that
    states something before one that asks ("Will there be replacement buses?")."""
    best: dict[str, Any] = {}
    stated: set[str] = set()
    for match in story.matches:
        if match.article in stated:
            continue
        if not is_question(ctx.store.sentence(match.article, match.sent)):
            best[match.article] = match
            stated.add(match.article)
        else:
            best.setdefault(match.article, match)
    lines = [f"• {source_name(ctx, m.article)}: “{focus(ctx.store.sentence(m.article, m.sent), topic.content)}” "
             f"{cites.mark(m.article, m.sent)}" for m in list(best.values())[:MAX_SOURCES_SHOWN]]
    if len(best) < 2 and not compared:
        head = f"*What it says* — only {source_name(ctx, next(iter(best)))} says anything about it"
    elif not compared:
        head = "*What each source says* — fewer than two sources give something comparable"
    else:
        head = "*What each source says*"
    return head + "\n" + "\n".join(lines)


def _framings(ctx: Context, story: Story, cites: Citations) -> Lines:
    """Labels sources put on the topic: short quoted phrases in sentences about it; labels from two
    sources or more ("security operation", "full-scale invasion") are set side by side."""
    docs = {m.doc for m in story.matches}
    seen: set[str] = set()
    lines: list[str] = []
    sources: set[str] = set()
    for article, row in ctx.store.index.framings.matching(docs, ()):
        key = fold(row["phrase"]) + "|" + fold(row["speaker"])
        if key in seen or len(lines) >= MAX_PER_SECTION:
            continue
        seen.add(key)
        sources.add(article)
        lines.append(f"• “{row['phrase']}” — {row['speaker'] or 'unattributed'} ({source_name(ctx, article)}) "
                     f"{cites.mark(article, row['sent'])}")
    return Lines(lines, sources if len(sources) > 1 else set(), sources)


def _claims(ctx: Context, story: Story, cites: Citations) -> Lines:
    """Statements in sentences about the topic, denials first."""
    rows = ctx.store.index.statements.matching({m.doc for m in story.matches}, ())
    denials = [r for r in rows if r[1]["denial"]][:MAX_PER_SECTION]
    claims = [r for r in rows if not r[1]["denial"]][: max(0, MAX_PER_SECTION - len(denials))]
    lines = [f"• {_attribution(row)}: “{clip(row['content'], CLAIM_CHARS)}” ({source_name(ctx, article)}) "
             f"{cites.mark(article, row['sent'])}" for article, row in denials + claims]
    return Lines(lines, set(), set())


def _attribution(row: dict[str, Any]) -> str:
    """"Yerevan denies", "Baku announced", "according to an AFP reporter"."""
    speaker = row["speaker"] or "unattributed"
    if row["denial"]:
        return f"{speaker} denies"
    cue = row["cue"] or "says"
    return f"{cue} {speaker}" if cue.lower().startswith("according") else f"{speaker} {cue}"


def _named_once(ctx: Context, articles: list[str], among: list[str] | None = None) -> str:
    """Each article once: its outlet, with its title where the outlet gives more than one of ``among``
    (default: of the articles named)."""
    outlets = Counter(source_name(ctx, a) for a in (among or articles))
    named = []
    for article in articles[:MAX_SILENT_NAMED]:
        name, title = source_name(ctx, article), ctx.store.articles[article]["title"]
        named.append(f"{name} (‘{clip(title, 60)}’)" if outlets[name] > 1 and title and title != name else name)
    more = f" and {len(articles) - MAX_SILENT_NAMED} more" if len(articles) > MAX_SILENT_NAMED else ""
    return ", ".join(named) + more
