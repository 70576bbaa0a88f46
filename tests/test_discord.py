"""The Discord front end end to end: real discord.py against the fake Discord in tests/fakes."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import threading
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import discord
import pytest

import bot.answering as answering
import bot.discord_bot as discord_bot
from bot.config import Settings
from bot.discord_bot import ERROR_TEXT, FactBot, run_discord, short
from bot.render_discord import render_embeds, to_discord_markdown
from handlers import Citation, Context, Reply, User, Visibility, run_command, specs
from knowledge.refresh import Refresher
from knowledge.store import FactStore, StoreHandle
from tests.conftest import refreshable_copy
from tests.fakes.discord import EPHEMERAL, GUILD_ID, MANAGE_GUILD, FakeDiscord
from tests.test_discord_render import assert_within_limits, quote_of

ADMIN_ID = 700000000000000042
BLOCK_LIMIT = 10.0  # seconds a blocked answer waits for the test to release it (a failing test ends)


@pytest.fixture
def fake(fake_discord: FakeDiscord) -> FakeDiscord:
    return fake_discord


class Running:
    """A started bot and the task that runs it."""

    def __init__(self, bot: FactBot, task: asyncio.Task[None]) -> None:
        self.bot, self.task = bot, task

    async def stop(self) -> None:
        await self.bot.close()
        await asyncio.wait_for(self.task, 5)


async def start(handle: StoreHandle, refresher: Refresher | None = None, *, guild: int | None = GUILD_ID,
                admins: frozenset[str] = frozenset()) -> Running:
    settings = Settings(discord_token="fake-token", discord_guild_id=guild, admins=admins)
    bot = FactBot(settings, handle, refresher, guild_ready_timeout=0.05)
    task = asyncio.create_task(bot.start(settings.discord_token))
    await asyncio.wait_for(bot.wait_until_ready(), 5)
    return Running(bot, task)


@pytest.fixture
def handle(seed_store: FactStore) -> StoreHandle:
    return StoreHandle(seed_store)


@pytest.fixture
async def running(fake: FakeDiscord, handle: StoreHandle, caplog: pytest.LogCaptureFixture) -> AsyncIterator[Running]:
    caplog.set_level(logging.INFO)
    run = await start(handle)
    yield run
    await run.stop()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], "unexpected errors were logged"


async def ask(fake: FakeDiscord, name: str, value: str | None = None, **options: Any) -> dict[str, Any]:
    return await fake.callback(await fake.interact(name, value, **options))


async def expected(handle: StoreHandle, name: str, text: str = "") -> Reply:
    return await run_command(Context(handle=handle, user=User(id="t"), platform="test"), name, text)


def articles_with(handle: StoreHandle, quote: str) -> list[str]:
    return [a for a, record in handle.current.articles.items() if quote in record["text"]]


# ---------------------------------------------------------------------- login and sync

async def test_login_syncs_the_specs_to_the_guild(fake: FakeDiscord, running: Running) -> None:
    assert "global" not in fake.commands
    synced = fake.commands[str(GUILD_ID)]
    assert [c["name"] for c in synced] == [s.name for s in specs()] == ["who", "when", "sources", "compare",
                                                                      "stories", "help", "refresh", "add", "feeds"]
    for command, spec in zip(synced, specs(), strict=True):
        assert command["description"] == short(spec.summary) and 0 < len(command["description"]) <= 100
        assert command["type"] == 1
        permissions = command["default_member_permissions"]
        assert (permissions and str(permissions)) == (str(MANAGE_GUILD) if spec.admin_only else None)
        assert spec.argument is not None
        [option] = command["options"]
        assert option == {"type": 3, "name": spec.argument.name, "description": short(spec.argument.description),
                          "required": spec.argument.required,
                          **({"autocomplete": True} if spec.argument.autocomplete else {})}
    assert running.bot.allowed_mentions is not None
    assert running.bot.allowed_mentions.to_dict() == {"parse": []}
    assert running.bot.intents == discord.Intents.default()
    assert [c.path for c in fake.calls[:3]] == ["/users/@me", "/oauth2/applications/@me",
                                                f"/applications/{running.bot.application_id}/guilds/{GUILD_ID}/commands"]


async def test_without_a_guild_id_commands_sync_globally(fake: FakeDiscord, handle: StoreHandle) -> None:
    run = await start(handle, guild=None)
    try:
        assert [c["name"] for c in fake.commands["global"]] == [s.name for s in specs()]
        assert str(GUILD_ID) not in fake.commands
        assert (await ask(fake, "help"))["type"] == 4  # global commands answer in the guild too
    finally:
        await run.stop()


# ---------------------------------------------------------------------- commands

@pytest.mark.parametrize(("name", "value"), [("who", "Blinken"), ("when", "presidential election"),
                                             ("sources", "Lachin corridor"), ("compare", "casualties")])
async def test_each_command_answers_with_cited_embeds(fake: FakeDiscord, running: Running, handle: StoreHandle,
                                                      name: str, value: str) -> None:
    started = time.perf_counter()
    body = await ask(fake, name, value)
    assert time.perf_counter() - started < 1.0  # far inside Discord's 3 s
    assert body["type"] == 4
    data = body["data"]
    assert data["flags"] & EPHEMERAL
    assert data["allowed_mentions"] == {"parse": []}
    reply = await expected(handle, name, value)
    assert reply.ok and reply.citations
    assert data["embeds"] == [e.to_dict() for e in render_embeds(reply)]
    fields = [f for e in data["embeds"] for f in e.get("fields", [])]
    assert [quote_of(f["value"]) for f in fields] == [c.quote for c in reply.citations]
    for field, cite in zip(fields, reply.citations, strict=True):
        assert cite.article in articles_with(handle, quote_of(field["value"]))  # verbatim from its article
        assert field["name"].startswith(f"[{reply.citations.index(cite) + 1}] ")
    [row] = data["components"]
    assert [(b["label"], b["type"]) for b in row["components"]] == [("Post to channel", 2)]


async def test_help_lists_every_command(fake: FakeDiscord, running: Running) -> None:
    data = (await ask(fake, "help"))["data"]
    [embed] = data["embeds"]
    for spec in specs():
        if not spec.admin_only:
            assert to_discord_markdown(f"*{spec.usage}*") in embed["description"]
    assert "fields" not in embed and data["flags"] & EPHEMERAL and not data.get("components")


async def test_post_to_channel_posts_the_same_answer_publicly(fake: FakeDiscord, running: Running) -> None:
    interaction = await fake.interact("who", "Blinken")
    first = await fake.callback(interaction)
    button = first["data"]["components"][0]["components"][0]
    posted = await fake.callback(await fake.click(button["custom_id"], fake.responses[interaction]))
    assert posted["type"] == 4
    assert not posted["data"].get("flags", 0) & EPHEMERAL
    assert posted["data"]["embeds"] == first["data"]["embeds"]
    assert posted["data"]["content"] == "<@700000000000000001> shared `/who Blinken`"
    assert posted["data"]["allowed_mentions"] == {"parse": []}
    private_copy = f"/webhooks/{running.bot.application_id}/{fake.token(interaction)}/messages/@original"
    await fake.wait_for(lambda c: c.method == "DELETE" and c.path == private_copy)


async def test_a_failing_post_button_says_so_privately(fake: FakeDiscord, running: Running,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    interaction = await fake.interact("who", "Blinken")
    button = (await fake.callback(interaction))["data"]["components"][0]["components"][0]

    def broken(_: Reply) -> list[discord.Embed]:
        raise RuntimeError("render failed")

    monkeypatch.setattr(discord_bot, "render_embeds", broken)
    body = await fake.callback(await fake.click(button["custom_id"], fake.responses[interaction]))
    assert body["data"]["content"] == ERROR_TEXT and body["data"]["flags"] & EPHEMERAL
    [record] = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert "posting /who to the channel failed" in record.getMessage() and record.exc_info is not None
    caplog.clear()


async def test_not_found_and_missing_argument_say_so(fake: FakeDiscord, running: Running) -> None:
    [embed] = (await ask(fake, "who", "Zzyzx Qwerty"))["data"]["embeds"]
    assert "nobody called" in embed["description"] and "Try:" in embed["description"]
    assert not (await ask(fake, "who", "Qwerty Zzyzx"))["data"].get("components")  # nothing to post
    [embed] = (await ask(fake, "sources", "   "))["data"]["embeds"]
    assert "needs a topic" in embed["description"]


async def test_public_replies_go_to_the_channel_without_a_button(fake: FakeDiscord, running: Running,
                                                                 monkeypatch: pytest.MonkeyPatch,
                                                                 handle: StoreHandle) -> None:
    async def public(ctx: Context, name: str, text: str) -> Reply:
        return dataclasses.replace(await run_command(ctx, name, text), visibility=Visibility.PUBLIC)

    monkeypatch.setattr(answering, "run_command", public)
    data = (await ask(fake, "who", "Blinken"))["data"]
    assert not data.get("flags", 0) & EPHEMERAL and not data.get("components")
    assert data["embeds"] == [e.to_dict() for e in render_embeds(await expected(handle, "who", "Blinken"))]


async def test_hostile_input_is_escaped_and_mentions_nobody(fake: FakeDiscord, running: Running) -> None:
    hostile = "@everyone <@123> <#1> **x** [y](https://evil.example)"
    data = (await ask(fake, "who", hostile))["data"]
    description = data["embeds"][0]["description"]
    assert "@\u200beveryone" in description and "\\<@123>" in description and "\\<#1>" in description
    assert "\\*\\*x\\*\\*" in description and "]\\(https://evil" in description
    assert data["allowed_mentions"] == {"parse": []}


async def test_many_citations_reach_discord_within_limits(fake: FakeDiscord, running: Running,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    quote = "Officials said the convoy was held at the checkpoint for several hours on Tuesday. " * 6
    reply = Reply(text="*Compare: convoy*\n" + " ".join(f"[{n}]" for n in range(1, 81)), command="compare",
                  args="convoy", more="/sources convoy",
                  citations=tuple(Citation(article=f"a{n}", title=f"Story {n}", outlet="Wire", published="2023-09-20",
                                           url=f"https://news.example.org/{n}", quote=quote.strip(),
                                           link=f"https://news.example.org/{n}") for n in range(1, 81)))

    async def big(*_: object) -> Reply:
        return reply

    monkeypatch.setattr(answering, "run_command", big)
    embeds = [discord.Embed.from_dict(e) for e in (await ask(fake, "compare", "convoy"))["data"]["embeds"]]
    assert_within_limits(embeds)
    shown = sum(len(e.fields) for e in embeds)
    assert embeds[-1].footer.text == f"+{80 - shown} more: /sources convoy"


# ---------------------------------------------------------------------- autocomplete

async def test_who_autocompletes_entity_names(fake: FakeDiscord, running: Running) -> None:
    body = await ask(fake, "who", "blink", focused=True)
    assert body["type"] == 8
    choices = body["data"]["choices"]
    assert choices[0] == {"name": "Antony Blinken", "value": "Antony Blinken"}
    assert 0 < len(choices) <= 25 and all(len(c["name"]) <= 100 and len(c["value"]) <= 100 for c in choices)
    empty = (await ask(fake, "who", "", focused=True))["data"]["choices"]
    assert len(empty) == 25


async def test_topics_autocomplete_from_names_and_words(fake: FakeDiscord, running: Running) -> None:
    choices = [c["value"] for c in (await ask(fake, "compare", "casu", focused=True))["data"]["choices"]]
    assert choices and choices[0].startswith("casu")
    choices = [c["value"] for c in (await ask(fake, "sources", "lachin", focused=True))["data"]["choices"]]
    assert any("lachin" in c.lower() for c in choices)
    assert (await ask(fake, "sources", "xqzv", focused=True))["data"]["choices"] == []


# ---------------------------------------------------------------------- refresh and permissions

@pytest.fixture
def refresh_copy(tmp_path: Path, seed_store_path: Path) -> tuple[StoreHandle, Refresher]:
    """The seed store and all but one seed article, in tmp: a refresh removes that one, without spaCy."""
    handle, refresher, articles = refreshable_copy(tmp_path, seed_store_path)
    sorted(articles.glob("*.txt"))[-1].unlink()
    return handle, refresher


async def test_refresh_defers_shows_progress_and_edits_in_the_report(
        fake: FakeDiscord, refresh_copy: tuple[StoreHandle, Refresher]) -> None:
    handle, refresher = refresh_copy
    run = await start(handle, refresher)
    try:
        interaction = await fake.interact("refresh", permissions=MANAGE_GUILD)
        deferred = await fake.callback(interaction)
        assert deferred == {"type": 5, "data": {"flags": EPHEMERAL}}
        original = f"/webhooks/{run.bot.application_id}/{fake.token(interaction)}/messages/@original"
        progress = await fake.wait_for(lambda c: c.method == "PATCH" and c.path == original)
        assert progress.body["content"].startswith("Refresh started")
        final = await fake.wait_for(lambda c: c.method == "PATCH" and c.path == original
                                    and bool(c.body.get("embeds")), timeout=30)
        [embed] = final.body["embeds"]
        assert embed["description"].startswith("**Store refreshed.**")
        assert "1 removed" in embed["description"] and "Removed: 004\\_" in embed["description"]
        assert final.body["content"] is None and final.body["allowed_mentions"] == {"parse": []}
        assert len(handle.current.articles) == 4  # the new store is serving
    finally:
        await run.stop()


async def test_refresh_is_refused_without_manage_server(fake: FakeDiscord, running: Running,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    body = await ask(fake, "refresh", permissions=0)
    assert body["type"] == 4 and body["data"]["flags"] & EPHEMERAL
    assert "for server admins" in body["data"]["embeds"][0]["description"]
    assert not [c for c in fake.calls if c.method == "PATCH"]
    assert any("refused /refresh" in r.getMessage() and r.levelno == logging.WARNING for r in caplog.records)


async def test_admins_listed_in_settings_may_refresh(fake: FakeDiscord, handle: StoreHandle) -> None:
    run = await start(handle, None, admins=frozenset({str(ADMIN_ID)}))
    try:
        interaction = await fake.interact("refresh", user_id=ADMIN_ID, permissions=0)
        assert (await fake.callback(interaction))["type"] == 5
        final = await fake.wait_for(lambda c: c.method == "PATCH" and bool(c.body.get("embeds")))
        assert "not available here" in final.body["embeds"][0]["description"]  # passed the check
    finally:
        await run.stop()


# ---------------------------------------------------------------------- errors, slowness, reconnect

async def test_a_rejected_token_is_logged_and_ends_only_discord(fake: FakeDiscord, handle: StoreHandle,
                                                                caplog: pytest.LogCaptureFixture) -> None:
    fake.reject_token = True
    settings = Settings(discord_token="wrong-token-123456")
    await asyncio.wait_for(run_discord(settings, handle, Refresher(handle, articles_dir=".", store_path=".")), 5)
    assert "DISCORD_TOKEN was rejected" in caplog.text
    assert "wrong-token-123456" not in caplog.text


async def test_errors_get_a_short_private_message_and_a_logged_trace(
        fake: FakeDiscord, running: Running, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    async def broken(*_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(running.bot, "answer", broken)
    body = await ask(fake, "who", "Blinken")
    assert body["type"] == 4
    assert body["data"] | {"content": ERROR_TEXT, "flags": EPHEMERAL, "allowed_mentions": {"parse": []}} == body["data"]
    [record] = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert "/who failed" in record.getMessage() and record.exc_info is not None
    assert "boom" in caplog.text
    caplog.clear()


async def test_a_slow_answer_defers_then_edits(fake: FakeDiscord, running: Running,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The search blocks its thread for real (no await): the defer still goes out, then the edit."""
    release = threading.Event()

    async def blocking(ctx: Context, name: str, text: str) -> Reply:
        release.wait(BLOCK_LIMIT)  # blocks like a long search; were it on the event loop, nothing would defer
        return await run_command(ctx, name, text)

    monkeypatch.setattr(discord_bot, "DEFER_AFTER", 0.01)
    monkeypatch.setattr(answering, "run_command", blocking)
    interaction = await fake.interact("who", "Blinken")
    try:
        assert (await fake.callback(interaction))["type"] == 5
        assert not release.is_set()  # deferred while the answer was still blocked
    finally:
        release.set()
    edit = await fake.wait_for(lambda c: c.method == "PATCH" and fake.token(interaction) in c.path)
    assert "Antony Blinken" in edit.body["embeds"][0]["description"]
    assert edit.body["components"][0]["components"][0]["label"] == "Post to channel"


async def test_reconnect_mid_session_resumes_and_keeps_answering(fake: FakeDiscord, running: Running) -> None:
    assert (await ask(fake, "help"))["type"] == 4
    await fake.reconnect()
    async with asyncio.timeout(5):
        while fake.resumes == 0:
            await asyncio.sleep(0.01)
    body = await ask(fake, "sources", "Lachin corridor")
    assert body["type"] == 4 and body["data"]["embeds"][0]["fields"]
    assert fake.identifies == 1 and fake.resumes == 1
