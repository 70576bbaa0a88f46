"""render_slack: Reply -> Block Kit, with hand-built replies (no store, no network)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.render_slack import (MAX_BLOCKS, POST_ACTION, TEXT_LIMIT, escape, render_blocks, render_message,
                              safe_link, text_chunks)
from handlers.reply import Citation, Reply, not_found, notice
from tests.fakes.slack import assert_valid_blocks, texts_of, unescape

SNAPSHOT = Path(__file__).parent / "snapshots" / "slack_blocks.json"
HOSTILE = "<!channel> <@U123> <http://evil|click> & <#C0GENERAL> <!subteam^S1> @here"
# Our own markup: a link whose target is an http(s) url; every other "<" must be escaped.
OUR_LINK = re.compile(r"<https?://[^|<>\s]+\|[^<>]*>")


def cite(n: int, *, link: str = "", quote: str = "", title: str | None = None) -> Citation:
    return Citation(article=f"a{n:03d}", title=f"Article title {n}" if title is None else title, outlet=f"Outlet {n}",
                    published="2023-09-20", url=link, link=link,
                    quote=quote or f"Sentence number {n} says something worth quoting.", sentence=n)


def sample_replies() -> dict[str, Reply]:
    """One reply of each kind the command layer produces."""
    return {
        "answer": Reply(
            text="*Compare: casualties*\n*Numbers*\n• killed: 27 — Ministry (AP) [1]; about 200 — Ombudsman [2]\n"
                 "_Say nothing about it:_ Reuters; `/sources casualties` for more",
            citations=(cite(1, link="https://example.org/ap?id=1&lang=en"),
                       cite(2, title="", quote="The ombudsman said about 200 people were killed.")),
            command="compare", args="casualties", more="/sources casualties"),
        "not_found": not_found("No article mentions “Atlantis”.", suggestions=["/who Atlantis", "/when"],
                               command="sources", args="Atlantis"),
        "help": notice("*factbot* answers from the articles it was given.\n• */who <name>* — who someone is",
                       command="help"),
        "hostile": Reply(text=f"*Who: {HOSTILE}*\n• says {HOSTILE} [1]",
                         citations=(cite(1, link="javascript:alert(1)", quote=f"He wrote {HOSTILE}.",
                                         title=HOSTILE),),
                         command="who", args=HOSTILE),
    }


def test_blocks_match_snapshot() -> None:
    rendered = {name: render_blocks(reply) for name, reply in sample_replies().items()}
    if not SNAPSHOT.exists():
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(json.dumps(rendered, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        pytest.fail(f"wrote {SNAPSHOT}; review it and commit it")
    assert rendered == json.loads(SNAPSHOT.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", list(sample_replies()))
def test_sample_replies_are_valid_block_kit(name: str) -> None:
    assert_valid_blocks(render_message(sample_replies()[name], public=False)["blocks"])


def test_answer_section_then_numbered_citations_with_links_only_when_known() -> None:
    blocks = render_blocks(sample_replies()["answer"])
    assert [b["type"] for b in blocks] == ["section", "divider", "context", "context"]
    assert blocks[0]["text"]["text"].startswith("*Compare: casualties*\n*Numbers*\n• killed: 27")
    first, second = texts_of(blocks)[1:]
    assert first == ("*[1]* <https://example.org/ap?id=1&amp;lang=en|Article title 1> · Outlet 1 · 2023-09-20\n"
                     "“Sentence number 1 says something worth quoting.”")
    assert "<" not in second and second.startswith("*[2]* Article a002 · Outlet 2 · 2023-09-20\n")
    assert "“The ombudsman said about 200 people were killed.”" in second


def test_every_text_object_is_verbatim_mrkdwn() -> None:
    for reply in sample_replies().values():
        for block in render_blocks(reply):
            for text in [block.get("text"), *block.get("elements", [])]:
                if text and text.get("type") == "mrkdwn":
                    assert text["verbatim"] is True


def test_hostile_text_cannot_ping_or_forge_links() -> None:
    message = render_message(sample_replies()["hostile"], public=True)
    for text in [message["text"], *texts_of(message["blocks"])]:
        assert "<!" not in text and "<@" not in text and "<#" not in text and "<http://evil" not in text
        assert not OUR_LINK.sub("", text).count("<"), text
        assert "&lt;!channel&gt; &lt;@U123&gt; &lt;http://evil|click&gt; &amp; &lt;#C0GENERAL&gt;" in text
    # the javascript: link is not a link; the title is shown escaped instead
    assert "javascript" not in json.dumps(message["blocks"])


def test_quote_shows_verbatim_once_unescaped() -> None:
    quote = "Officials said 5 < 7 & \"50 > 40\" — <@U999> wasn't there."
    text = texts_of(render_blocks(Reply(text="x [1]", citations=(cite(1, quote=quote),), command="who")))[1]
    assert quote in unescape(text)


@pytest.mark.parametrize("link, expected", [
    ("https://example.org/a b|c>d", "https://example.org/a%20b%7Cc%3Ed"),
    ("http://example.org/?q=1&r=2", "http://example.org/?q=1&amp;r=2"),
    ("ftp://example.org/x", ""),
    ("javascript:alert(1)", ""),
    ("", ""),
    ("https://example.org/" + "x" * 2000, ""),
])
def test_safe_link(link: str, expected: str) -> None:
    assert safe_link(link) == expected


def test_eighty_long_citations_stay_within_limits_with_more_line() -> None:
    quotes = [f"Quote {n}: " + "a long sentence with words & more words " * 30 for n in range(1, 81)]
    reply = Reply(text="*Sources*\n" + "\n".join(f"• source {n} [{n}]" for n in range(1, 81)),
                  citations=tuple(cite(n, link=f"https://example.org/{n}", quote=q) for n, q in enumerate(quotes, 1)),
                  command="sources", args="Lachin corridor", more="/sources Lachin corridor")
    message = render_message(reply, public=False)
    blocks = message["blocks"]
    assert_valid_blocks(blocks)
    assert len(blocks) == MAX_BLOCKS
    assert blocks[-1]["elements"][0]["action_id"] == POST_ACTION
    citation_texts = [t for t in texts_of(blocks) if t.startswith("*[")]
    shown = len(citation_texts)
    assert texts_of(blocks)[-1] == f"+{80 - shown} more: `/sources Lachin corridor`"
    for n, text in enumerate(citation_texts, start=1):  # the first ones, in order, each quote whole
        assert text.startswith(f"*[{n}]* <https://example.org/{n}|")
        assert f"“{escape(quotes[n - 1].strip())}”" in text


def test_more_line_without_a_more_command() -> None:
    reply = Reply(text="x", citations=tuple(cite(n) for n in range(1, 61)), command="who")
    assert texts_of(render_blocks(reply))[-1] == f"+{60 - 47} more sources not shown."


def test_long_answer_splits_between_lines_without_cutting_entities() -> None:
    text = "\n".join(f"• line {n} & <stuff> " + "word " * 40 for n in range(200))
    chunks = text_chunks(text)
    assert len(chunks) > 1 and all(len(c) <= TEXT_LIMIT for c in chunks)
    assert "\n".join(chunks) == escape(text)


def test_one_huge_line_splits_between_words() -> None:
    text = "&&&& " * 2000
    chunks = text_chunks(text)
    assert all(len(c) <= TEXT_LIMIT for c in chunks)
    assert " ".join(chunks).split() == escape(text).split()


def test_huge_quote_is_clipped_to_fit_its_block() -> None:
    quote = "Word & word " * 600
    text = texts_of(render_blocks(Reply(text="x [1]", citations=(cite(1, quote=quote),), command="who")))[1]
    assert len(text) <= TEXT_LIMIT and text.endswith("…”")
    assert quote.startswith(unescape(text.split("“", 1)[1][:-2]))


def test_private_cited_answer_is_ephemeral_with_post_button() -> None:
    message = render_message(sample_replies()["answer"], public=False)
    assert message["response_type"] == "ephemeral"
    assert message["unfurl_links"] is False and message["unfurl_media"] is False
    button = message["blocks"][-1]["elements"][0]
    assert button["action_id"] == POST_ACTION and button["value"] == "/compare casualties"
    assert message["text"].startswith("Compare: casualties\nNumbers\n")


def test_public_answer_is_in_channel_without_button() -> None:
    message = render_message(sample_replies()["answer"], public=True)
    assert message["response_type"] == "in_channel"
    assert all(b["type"] != "actions" for b in message["blocks"])


@pytest.mark.parametrize("name", ["not_found", "help"])
def test_nothing_to_share_without_citations(name: str) -> None:
    assert all(b["type"] != "actions" for b in render_message(sample_replies()[name], public=False)["blocks"])


def test_not_found_says_what_to_try() -> None:
    blocks = render_blocks(sample_replies()["not_found"])
    assert texts_of(blocks) == ["No article mentions “Atlantis”.", "Try: `/who Atlantis`, `/when`"]


@settings(max_examples=60, deadline=None)
@given(text=st.text(min_size=1, max_size=4000), quotes=st.lists(st.text(min_size=1, max_size=3500).filter(str.strip),
                                                                 max_size=60),
       title=st.text(max_size=400), link=st.sampled_from(["", "https://example.org/x?a=1&b=<2>", "mailto:x@y"]))
def test_any_reply_renders_within_limits_and_escaped(text: str, quotes: list[str], title: str, link: str) -> None:
    citations = tuple(Citation(article="a", title=title, outlet=title, published="", url="", quote=q, link=link)
                      for q in quotes)
    reply = Reply(text=text, citations=citations, ok=bool(citations), command="sources" if citations else "help",
                  args=text[:200], more="/sources <x>")
    message = render_message(reply, public=False)
    assert_valid_blocks(message["blocks"])
    for rendered in [message["text"], *texts_of(message["blocks"])]:
        assert "<" not in OUR_LINK.sub("", rendered) and ">" not in OUR_LINK.sub("", rendered)
