"""Slack and Discord render the same replies with the same quotes and the same citation links."""

from __future__ import annotations

import html
import re
from urllib.parse import unquote

import pytest

from bot.render_discord import render_embeds
from bot.render_slack import render_blocks
from handlers import Citation, Context, Reply, User, run_line
from knowledge.links import Links
from knowledge.store import FactStore, StoreHandle
from tests.test_discord_render import links_in, quote_of

_SLACK_CITATION = re.compile(r"^\*\[(\d+)\]\* (?:<([^|>]+)\|[^>]*>)?[^\n]*\n“(.*)”$", re.DOTALL)
LINKS = Links(public_url="https://factbot.example.org", secret="parity-secret")

Shown = list[tuple[int, str, str]]  # (number, link, quote) as a reader sees them


def slack_citations(reply: Reply) -> Shown:
    shown = []
    for block in render_blocks(reply):
        if block["type"] == "context":
            match = _SLACK_CITATION.match(block["elements"][0]["text"])
            if match:
                number, link, quote = match.groups()
                shown.append((int(number), html.unescape(link or ""), html.unescape(quote)))
    return shown


def discord_citations(reply: Reply) -> Shown:
    shown = []
    for field in (f for e in render_embeds(reply) for f in e.fields):
        number = int((field.name or "").split("]", 1)[0].lstrip("["))
        links = links_in(field.value or "")
        shown.append((number, links[0] if links else "", quote_of(field.value or "")))
    return shown


@pytest.mark.parametrize("line", ["/who Blinken", "/when presidential election", "/sources Lachin corridor",
                                  "/compare casualties", "/who Aliyev", "/when"])
async def test_seed_replies_carry_the_same_quotes_and_links(seed_store: FactStore, line: str) -> None:
    ctx = Context(handle=StoreHandle(seed_store), user=User(id="parity"), platform="test", links=LINKS)
    reply = await run_line(ctx, line)
    assert reply.ok and reply.citations
    expected = [(n, c.link, c.quote) for n, c in enumerate(reply.citations, start=1)]
    assert all(link.startswith("https://factbot.example.org/articles/") for _, link, _ in expected)
    assert slack_citations(reply) == discord_citations(reply) == expected


def test_when_citations_do_not_fit_both_keep_the_same_first_ones() -> None:
    quote = "Officials said the convoy & its escort were held at the <checkpoint> for hours. " * 5
    cites = tuple(Citation(article=f"a{n}", title=f"Story {n}", outlet="Wire", published="2023-09-20",
                           url=f"https://news.example.org/{n}?a=1&b=(2)", quote=quote.strip(),
                           link=f"https://news.example.org/{n}?a=1&b=(2)") for n in range(1, 81))
    reply = Reply(text="*Compare: convoy*", citations=cites, command="compare", more="/sources convoy")
    slack, discord = slack_citations(reply), discord_citations(reply)
    common = min(len(slack), len(discord))
    assert 0 < common < 80
    expected = [(n, c.link, c.quote) for n, c in enumerate(cites[:common], start=1)]
    for shown in (slack, discord):  # links may be percent-encoded differently, but lead to the same place
        assert [(n, unquote(link), q) for n, link, q in shown[:common]] == expected
