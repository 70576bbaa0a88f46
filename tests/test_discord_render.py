"""Unit tests for the pure Discord renderer: layout, limits, escaping, dropped citations."""

from __future__ import annotations

import re

import discord
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.render_discord import (
    DESCRIPTION_LIMIT,
    FIELD_NAME_LIMIT,
    FIELD_VALUE_LIMIT,
    FOUND_COLOUR,
    MAX_EMBEDS,
    MAX_FIELDS,
    NOT_FOUND_COLOUR,
    TOTAL_LIMIT,
    escape,
    render_embeds,
    to_discord_markdown,
)
from handlers.reply import Citation, Reply, not_found, notice

_ESCAPED = re.compile(r"\\([\\*_~`|<>#(\-])")
_MASKED_LINK = re.compile(r"\[([^\]]*)\]\((https?://[^)\s]+)\)")


def unescape(text: str) -> str:
    """What a reader sees for escaped text."""
    return _ESCAPED.sub(r"\1", text).replace("\u200b", "")


def quote_of(value: str) -> str:
    """The quoted sentence in a citation field, as a reader sees it."""
    lines = value.split("\n")[1:]
    return unescape("\n".join(line.removeprefix("> ") for line in lines))


def links_in(text: str) -> list[str]:
    return [m.group(2) for m in _MASKED_LINK.finditer(text)]


def links_of(embeds: list[discord.Embed]) -> list[str]:
    return [link for e in embeds for f in e.fields for link in links_in(f.value or "")]


def assert_within_limits(embeds: list[discord.Embed]) -> None:
    assert 1 <= len(embeds) <= MAX_EMBEDS
    assert sum(len(e) for e in embeds) <= TOTAL_LIMIT
    for embed in embeds:
        assert len(embed.description or "") <= DESCRIPTION_LIMIT
        assert len(embed.fields) <= MAX_FIELDS
        for f in embed.fields:
            assert 0 < len(f.name or "") <= FIELD_NAME_LIMIT
            assert 0 < len(f.value or "") <= FIELD_VALUE_LIMIT


def cite(n: int, *, quote: str = "", link: bool = True, title: str = "") -> Citation:
    url = f"https://news.example.org/story-{n}" if link else ""
    return Citation(article=f"a{n}", title=title or f"Story {n}", outlet=f"Outlet {n}", published="2023-09-20",
                    url=url, quote=quote or f"Officials said {n} people were evacuated.", sentence=n, link=url)


def test_answer_in_description_and_one_field_per_citation() -> None:
    reply = Reply(text="*Antony Blinken* (person)\n• US Secretary of State [1]\n• said: “calm” [2]",
                  citations=(cite(1), cite(2, link=False)), command="who", args="Blinken")
    [embed] = render_embeds(reply)
    assert embed.description == "**Antony Blinken** (person)\n- US Secretary of State [1]\n- said: “calm” [2]"
    assert embed.colour == FOUND_COLOUR
    assert [f.name for f in embed.fields] == ["[1] Story 1", "[2] Story 2"]
    first, second = (f.value or "" for f in embed.fields)
    assert first.startswith("[news.example.org](https://news.example.org/story-1) · Outlet 1 · 2023-09-20\n> ")
    assert quote_of(first) == "Officials said 1 people were evacuated."
    assert second.startswith("Outlet 2 · 2023-09-20\n> ")  # no link: no masked link, no empty brackets
    assert embed.footer.text is None
    assert_within_limits([embed])


def test_unknown_title_outlet_and_date_fall_back() -> None:
    bare = Citation(article="007", title="", outlet="", published="", url="", quote="A sentence.")
    [embed] = render_embeds(Reply(text="x [1]", citations=(bare,), command="sources"))
    assert embed.fields[0].name == "[1] Article 007"
    assert embed.fields[0].value == "date of article unknown\n> A sentence."


def test_not_found_is_grey_and_lists_what_to_try() -> None:
    [embed] = render_embeds(not_found("I found nobody called “Blonkon”.", suggestions=["/who Blinken", "/sources x`y"],
                                      command="who", args="Blonkon"))
    assert embed.colour == NOT_FOUND_COLOUR
    assert embed.description == "I found nobody called “Blonkon”.\nTry: `/who Blinken`, `/sources x'y`"
    assert not embed.fields


def test_notice_keeps_code_spans_and_converts_bullets() -> None:
    [embed] = render_embeds(notice("*factbot* help\n• *`/who <name>`* — who\n`/help <command>` explains.",
                                   command="help"))
    assert embed.description == "**factbot** help\n- **`/who <name>`** — who\n`/help <command>` explains."


def test_eighty_long_citations_fit_with_a_more_line() -> None:
    quote = "The ministry said " + "the convoy was delayed at the checkpoint again " * 8 + "on Tuesday."
    reply = Reply(text="*Compare: casualties*\n" + "\n".join(f"• claim [{n}]" for n in range(1, 81)),
                  citations=tuple(cite(n, quote=quote) for n in range(1, 81)), command="compare",
                  args="casualties", more="/sources casualties")
    embeds = render_embeds(reply)
    assert_within_limits(embeds)
    fields = [f for e in embeds for f in e.fields]
    shown = len(fields)
    assert 0 < shown < 80
    assert [f.name for f in fields] == [f"[{n}] Story {n}" for n in range(1, shown + 1)]  # highest-ranked kept
    assert all(quote_of(f.value or "") == quote for f in fields)  # none cut mid-way
    assert embeds[-1].footer.text == f"+{80 - shown} more: /sources casualties"


def test_many_short_citations_spread_over_embeds_of_25_fields() -> None:
    reply = Reply(text="Timeline", citations=tuple(cite(n, quote=f"Q{n}.", link=False, title="T")
                                                   for n in range(1, 81)), command="when")
    embeds = render_embeds(reply)
    assert_within_limits(embeds)
    assert len(embeds) > 1 and all(len(e.fields) == MAX_FIELDS for e in embeds[:-1])
    shown = sum(len(e.fields) for e in embeds)
    if shown < 80:
        assert embeds[-1].footer.text == f"+{80 - shown} more sources not shown"


def test_overlong_description_is_cut_at_a_line() -> None:
    text = "\n".join(f"• line {n} " + "x" * 60 for n in range(200))
    [embed] = render_embeds(Reply(text=text, citations=(cite(1),), command="sources"))
    assert len(embed.description or "") <= DESCRIPTION_LIMIT
    assert (embed.description or "").endswith("x\n…")
    assert_within_limits([embed])


def test_a_quote_longer_than_a_field_is_clipped_with_an_ellipsis() -> None:
    quote = "word " * 400 + "end."
    [embed] = render_embeds(Reply(text="x [1]", citations=(cite(1, quote=quote),), command="sources"))
    shown = quote_of(embed.fields[0].value or "")
    assert shown.endswith("…") and quote.startswith(shown[:-1].rstrip())
    assert_within_limits([embed])


def test_hostile_article_text_and_user_input_are_escaped() -> None:
    hostile = "@everyone @here <@123> <@&5> <#1> **bold** __u__ ~~s~~ ||spoiler|| [click](https://evil.example) `x`"
    reply = Reply(text=f"*Results for “{hostile}”* [1]\n> quoted\n# header", command="sources", args=hostile,
                  citations=(cite(1, quote=hostile, title=hostile[:40]),))
    [embed] = render_embeds(reply)
    visible = (embed.description or "") + (embed.fields[0].name or "") + (embed.fields[0].value or "")
    assert "@everyone" not in visible and "@here" not in visible
    for live in (r"<[@#]", r"\*\*bold", r"__u", r"~~s", r"\|\|spoiler", r"\]\(https://evil"):
        assert not re.search(r"(?<!\\)" + live, visible), live
    assert "\\> quoted" in (embed.description or "") and "\\# header" in (embed.description or "")
    assert "\\`x\\`" in (embed.fields[0].value or "")  # code in an article stays text
    assert quote_of(embed.fields[0].value or "") == hostile
    assert links_of([embed]) == ["https://news.example.org/story-1"]


def test_light_markdown_content_is_escaped_inside_bold() -> None:
    assert to_discord_markdown("*a_b <@1>* and _x*y_") == "**a\\_b \\<@1>** and _x\\*y_"


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_escape_round_trips(text: str) -> None:
    assert unescape(escape(text)) == text.replace("\u200b", "")


@settings(max_examples=60, deadline=None)
@given(text=st.text(min_size=1, max_size=6000),
       quotes=st.lists(st.text(min_size=1, max_size=1500).filter(str.strip), min_size=1, max_size=60),
       title=st.text(max_size=400), more=st.text(max_size=300))
def test_any_reply_renders_within_limits(text: str, quotes: list[str], title: str, more: str) -> None:
    citations = tuple(cite(n, quote=q, title=title) for n, q in enumerate(quotes, start=1))
    embeds = render_embeds(Reply(text=text, citations=citations, command="sources", more=more))
    assert_within_limits(embeds)
    fields = [f for e in embeds for f in e.fields]
    assert fields, "every answer shows at least its first citation"
    if len(fields) < len(quotes):
        assert (embeds[-1].footer.text or "").startswith(f"+{len(quotes) - len(fields)} more")
