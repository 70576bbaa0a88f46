"""Any input, any command: no exception escapes, every reply fits Slack and Discord, nobody is pinged.

Hypothesis feeds every command from :func:`handlers.specs` random unicode, control characters, huge
arguments, markdown, mention and link syntax and quotes, mixed with names the seed store knows (so
cited answers are rendered too). Each reply is rendered by both public renderers and checked.
"""

from __future__ import annotations

import asyncio
import logging
import re
from pathlib import Path

import discord
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.render_discord import render_embeds
from bot.render_slack import render_message, safe_link
from handlers import CommandSpec, Context, Reply, User, run_command, run_line, specs
from handlers.guard import Guard
from knowledge.refresh import Refresher
from knowledge.store import FactStore, StoreHandle
from tests.fakes.slack import assert_valid_blocks, texts_of
from tests.test_discord_render import assert_within_limits

EXAMPLES = 200
HOSTILE = (
    "<!channel>", "<!here>", "<!everyone>", "<!subteam^S1>", "<@U123>", "<@U123|boss>", "<#C1>", "<#C1|general>",
    "@everyone", "@here", "@channel", "<@123456789>", "<@!123456789>", "<@&42>", "<#987654321>",
    "<http://x|y>", "<https://evil.example|Your bank>", "<mailto:a@b.c|mail>", "[click](https://evil.example)",
    "[x]( https://evil.example )", "**bold**", "__u__", "~~s~~", "||spoiler||", "`code`", "```block```", "> quote",
    "# Header", "- item", "*", "_", "|", "&", "&lt;", "&amp;", "<", ">", "\\", "\"", "'", "“", "”", "«", "»",
    "\u200b", "\u202e", "\ufeff", "\x00", "\x07", "\x1b[31m", "\n", "\r\n", "\t", "\u2028", "😀", "e\u0301",
)
KNOWN = ("Blinken", "Aliyev", "Lachin corridor", "casualties", "presidential election", "Karabakh", "rollback")
HUGE = ("x" * 100_000, "<!channel>" * 10_000, "Blinken " * 12_500, "\n" * 100_000, "é" * 100_000)

TEXTS = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(st.sampled_from(HOSTILE), st.sampled_from(KNOWN), st.text(max_size=12)),
             max_size=12).map("".join),
    st.lists(st.one_of(st.sampled_from(HOSTILE), st.sampled_from(KNOWN)), max_size=8).map(" ".join),
    st.sampled_from(("", " ", "\n\n", *HUGE)),
)

_SLACK_ANGLE = re.compile(r"<([^<>]*)>")
_DISCORD_UNESCAPED_ANGLE = re.compile(r"(?<!\\)(?:\\\\)*<")
_DISCORD_MASKED_LINK = re.compile(r"\]\(([^)\s]*)")
_MASS_MENTION = re.compile(r"@(everyone|here)")
_DISCORD_CODE = re.compile(r"`[^`\n]+`")  # shown as written by Discord: nothing in it pings or links


def discord_texts(embeds: list[discord.Embed]) -> list[str]:
    """The embed texts where Discord renders markdown and mentions (footers are plain text)."""
    out: list[str] = []
    for embed in embeds:
        out.append(embed.description or "")
        out.extend(f"{f.name}\n{f.value}" for f in embed.fields)
    return out


def assert_renders_safely(reply: Reply) -> None:
    """Within both platforms' limits; no mention, channel link or link that is not a citation's."""
    assert isinstance(reply, Reply)
    slack_links = {safe_link(c.link) for c in reply.citations} - {""}
    for public in (False, True):
        message = render_message(reply, public=public)
        assert_valid_blocks(message["blocks"])
        assert 0 < len(message["text"]) <= 3000
        for text in [*texts_of(message["blocks"]), message["text"]]:
            for inside in _SLACK_ANGLE.findall(text):
                assert inside.partition("|")[0] in slack_links, f"forged Slack markup <{inside}> in {text!r}"
    embeds = render_embeds(reply)
    assert_within_limits(embeds)
    discord_links = {c.link for c in reply.citations}
    for text in map(lambda t: _DISCORD_CODE.sub("`code`", t), discord_texts(embeds)):
        assert not _DISCORD_UNESCAPED_ANGLE.search(text), f"unescaped '<' in {text!r}"
        assert not _MASS_MENTION.search(text), f"mass mention in {text!r}"
        for link in _DISCORD_MASKED_LINK.findall(text):
            assert link.replace("%20", " ") in discord_links, f"forged link {link!r} in {text!r}"


def context(store: FactStore, tmp: Path, *, admin: bool) -> Context:
    """A context with a guard that never refuses (so every example reaches its command)."""
    handle = StoreHandle(store)
    refresher = Refresher(handle, articles_dir=tmp / "no-articles", store_path=tmp / "no-store.json")
    return Context(handle=handle, user=User(id="U0FUZZ", is_admin=admin), platform="test", refresher=refresher,
                   guard=Guard(per_minute=0, repeat_seconds=0))


@pytest.fixture(scope="module")
def tmp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


CASES = [(spec, False) for spec in specs()] + [(spec, True) for spec in specs() if spec.admin_only]


@pytest.mark.parametrize("spec, admin", CASES, ids=[f"{s.name}-{'admin' if a else 'user'}" for s, a in CASES])
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS)
def test_every_command_survives_any_argument(seed_store: FactStore, tmp: Path, spec: CommandSpec, admin: bool,
                                             text: str) -> None:
    if spec.name == "refresh" and admin and not text.strip():
        return  # a real rebuild; covered in test_reliability
    reply = asyncio.run(run_command(context(seed_store, tmp, admin=admin), spec.name, text))
    assert_renders_safely(reply)
    if spec.admin_only and not admin:
        assert not reply.ok and "admins only" in reply.text


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(line=TEXTS, prefix=st.sampled_from(["", "/", "/who ", "/sources ", "/help ", "/compare ", "/when "]))
def test_any_command_line_answers_and_logs_one_clean_line(seed_store: FactStore, tmp: Path, prefix: str,
                                                          line: str) -> None:
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logger = logging.getLogger("factbot.commands")
    level = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    try:
        reply = asyncio.run(run_line(context(seed_store, tmp, admin=False), prefix + line))
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    assert_renders_safely(reply)
    [summary] = [r.getMessage() for r in records if r.getMessage().startswith("command ")]
    assert summary.isprintable() and len(summary) < 200, summary
    assert re.fullmatch(r"command user=U0FUZZ platform=test command=\S+ latency_ms=[\d.]+ ok=(True|False)", summary)
