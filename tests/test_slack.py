"""The Slack front end end to end: real slack-bolt against a fake Slack on 127.0.0.1.

Every command goes through Socket Mode envelopes and through signed HTTP requests; the tests
assert what reaches the fake's ``response_url`` sink or Web API. One fresh fake per test.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlencode

import aiohttp
import pytest
import yaml
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import Settings
from bot.render_slack import POST_ACTION
from bot.slack import FAILURE_TEXT, SlackBot, run_slack, start_http
from handlers import Citation, Reply, specs
from knowledge.refresh import Refresher
from knowledge.store import FactStore, StoreHandle
from tests.conftest import ROOT, refreshable_copy
from tests.fakes.slack import FakeSlack, assert_valid_blocks, signed_headers, texts_of, unescape

SECRET = "signing-secret-for-tests"
ADMIN = "U0ADMIN"
PUBLIC_URL = "https://factbot.example.org"
SETTINGS = Settings(slack_bot_token="xoxb-test-token", slack_app_token="xapp-test-token",
                    slack_signing_secret=SECRET, admins=frozenset({ADMIN}), public_url=PUBLIC_URL)
CITATION = re.compile(r"\*\[(\d+)\]\* <(https://factbot\.example\.org/articles/([^?#|]+)[^|]*)\|[^\n]*\n“(.*)”$", re.S)
QUIET = 0.05  # how long "nothing arrives" is watched for

ANSWERS = {
    "/who Blinken": ["Antony Blinken", "US Secretary of State"],
    "/when presidential election": ["*When: presidential election*", "September 9"],
    "/sources Lachin corridor": ["sources cover “Lachin corridor”"],
    "/compare casualties": ["*Compare: casualties*", "killed"],
    "/help": ["*factbot* answers from the articles", "/who", "/compare"],
}


@dataclass
class Harness:
    """A SlackBot connected to the fake through one transport."""

    fake: FakeSlack
    bot: SlackBot
    mode: str
    http: aiohttp.ClientSession | None = None
    events_url: str = ""

    async def send(self, kind: str, payload: dict[str, Any]) -> None:
        """Deliver what Slack would: an envelope (Socket Mode) or a signed request (HTTP)."""
        if self.mode == "socket":
            ack = await self.fake.send_envelope(kind, payload)
            assert ack["envelope_id"]
            return
        body, content_type = encode(kind, payload)
        status, text = await self.post(body, signed_headers(SECRET, body, content_type=content_type))
        assert status == 200, text

    async def post(self, body: str, headers: dict[str, str]) -> tuple[int, str]:
        assert self.http is not None
        async with self.http.post(self.events_url, data=body.encode(), headers=headers) as response:
            return response.status, await response.text()


def encode(kind: str, payload: dict[str, Any]) -> tuple[str, str]:
    """A payload as Slack puts it in an HTTP request body."""
    if kind == "events_api":
        return json.dumps(payload), "application/json"
    if kind == "interactive":
        return urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded"
    return urlencode(payload), "application/x-www-form-urlencoded"


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    slack = await FakeSlack().start()
    yield slack
    await slack.close()


@asynccontextmanager
async def connected(fake: FakeSlack, handle: StoreHandle, mode: str, *, refresher: Refresher | None = None,
                    process_before_response: bool = False) -> AsyncIterator[Harness]:
    bot = SlackBot(SETTINGS, handle, refresher, process_before_response=process_before_response,
                   client=AsyncWebClient(token=SETTINGS.slack_bot_token, base_url=fake.api_url))
    if mode == "socket":
        handler = bot.socket_handler()
        await handler.connect_async()
        try:
            yield Harness(fake, bot, mode)
        finally:
            await handler.close_async()
            await bot.idle()
        return
    runner, port = await start_http(bot, host="127.0.0.1", port=0)
    try:
        async with aiohttp.ClientSession() as http:
            yield Harness(fake, bot, mode, http, f"http://127.0.0.1:{port}/slack/events")
    finally:
        await runner.cleanup()
        await bot.idle()


@pytest.fixture
def handle(seed_store: FactStore) -> StoreHandle:
    return StoreHandle(seed_store)


def check_cited_answer(message: dict[str, Any], handle: StoreHandle) -> list[re.Match[str]]:
    """Valid blocks; every citation links to its article page and quotes it verbatim."""
    assert_valid_blocks(message["blocks"])
    citations = [CITATION.match(t) for t in texts_of(message["blocks"]) if t.startswith("*[")]
    for number, cited in enumerate(citations, start=1):
        assert cited, texts_of(message["blocks"])
        assert int(cited[1]) == number
        assert unescape(cited[4]) in handle.current.articles[unquote(cited[3])]["text"]
    return citations  # type: ignore[return-value]


# --- every command, through both transports


@pytest.mark.parametrize("mode", ["socket", "http"])
@pytest.mark.parametrize("line", list(ANSWERS))
async def test_command_answers_through_response_url(fake: FakeSlack, handle: StoreHandle, mode: str,
                                                    line: str) -> None:
    command, _, text = line.partition(" ")
    async with connected(fake, handle, mode) as slack:
        await slack.send("slash_commands", fake.slash(command, text))
        await fake.wait("response")
        await slack.bot.idle()
    [message] = fake.received["response"]  # one answer, nothing else
    answer = message["blocks"][0]["text"]["text"]
    for expected in ANSWERS[line]:
        assert expected in answer
    assert message["response_type"] == "ephemeral"
    assert message["unfurl_links"] is False and message["unfurl_media"] is False
    citations = check_cited_answer(message, handle)
    if command == "/help":
        assert not citations and "/refresh" not in answer  # admin-only commands are not offered
    else:
        assert citations
        assert message["blocks"][-1]["elements"][0]["value"] == line  # "Post to channel"


async def test_ack_comes_before_the_answer_with_process_before_response(fake: FakeSlack, handle: StoreHandle) -> None:
    async with connected(fake, handle, "http", process_before_response=True) as slack:
        await slack.send("slash_commands", fake.slash("/who", "Blinken"))
        [message] = await fake.wait("response")
    assert "Antony Blinken" in message["blocks"][0]["text"]["text"]


async def test_nothing_found_says_so_without_a_button(fake: FakeSlack, handle: StoreHandle) -> None:
    async with connected(fake, handle, "socket") as slack:
        await slack.send("slash_commands", fake.slash("/sources", "Atlantis submarine fleet"))
        [message] = await fake.wait("response")
    first = texts_of(message["blocks"])[0]
    assert first.startswith("No article") and "“Atlantis submarine fleet”" in first
    assert texts_of(message["blocks"])[1].startswith("Try: ")
    assert all(b["type"] != "actions" for b in message["blocks"])


async def test_hostile_input_comes_back_escaped(fake: FakeSlack, handle: StoreHandle) -> None:
    hostile = "<!channel> <@U123> <http://evil|click> & co"
    async with connected(fake, handle, "http") as slack:
        await slack.send("slash_commands", fake.slash("/sources", hostile))
        [message] = await fake.wait("response")
    for text in [message["text"], *texts_of(message["blocks"])]:
        assert "<!" not in text and "<@" not in text and "<http://evil" not in text
    assert "&lt;!channel&gt; &lt;@U123&gt; &lt;http://evil|click&gt; &amp; co" in texts_of(message["blocks"])[0]


async def test_hostile_mention_arguments_come_back_escaped(fake: FakeSlack, handle: StoreHandle) -> None:
    async with connected(fake, handle, "socket") as slack:
        await slack.send("events_api", fake.mention("sources <@U123> <!channel> & <http://evil|click>"))
        _, answer = await fake.first_of("chat.postMessage", "chat.postEphemeral")  # found or not
    for text in [answer["text"], *texts_of(answer["blocks"])]:
        assert "<!" not in text and "<@" not in text and "<http://evil" not in text
    assert "&lt;@U123&gt; &lt;!channel&gt; &amp; &lt;http://evil|click&gt;" in answer["blocks"][0]["text"]["text"]


async def test_usage_error_for_a_missing_argument(fake: FakeSlack, handle: StoreHandle) -> None:
    async with connected(fake, handle, "socket") as slack:
        await slack.send("slash_commands", fake.slash("/who", "   "))
        [message] = await fake.wait("response")
    assert "/who needs a name" in message["blocks"][0]["text"]["text"]
    assert "Usage: `/who &lt;name&gt;`" in message["blocks"][0]["text"]["text"]


# --- request verification (HTTP mode)


@pytest.mark.parametrize("attack", ["forged signature", "tampered body", "stale timestamp", "no signature"])
async def test_unverified_requests_get_401_and_no_answer(fake: FakeSlack, handle: StoreHandle, attack: str) -> None:
    body, content_type = encode("slash_commands", fake.slash("/who", "Blinken"))
    headers = {
        "forged signature": signed_headers("not-the-secret", body, content_type=content_type),
        "tampered body": signed_headers(SECRET, body.replace("Blinken", "Aliyev"), content_type=content_type),
        "stale timestamp": signed_headers(SECRET, body, timestamp=int(time.time()) - 301, content_type=content_type),
        "no signature": {"Content-Type": content_type},
    }[attack]
    async with connected(fake, handle, "http") as slack:
        status, _ = await slack.post(body, headers)
        await asyncio.sleep(QUIET)
        await slack.bot.idle()
    assert status == 401
    assert not fake.received["response"] and not fake.received["chat.postMessage"]


async def test_a_replayed_signed_request_is_rejected(fake: FakeSlack, handle: StoreHandle) -> None:
    body, content_type = encode("slash_commands", fake.slash("/who", "Blinken"))
    headers = signed_headers(SECRET, body, content_type=content_type)
    async with connected(fake, handle, "http") as slack:
        first, _ = await slack.post(body, headers)
        await fake.wait("response")
        replay, _ = await slack.post(body, headers)
        await asyncio.sleep(QUIET)
        await slack.bot.idle()
    assert (first, replay) == (200, 401)
    assert len(fake.received["response"]) == 1


# --- /refresh


@pytest.fixture
def refreshable(tmp_path: Path, seed_store_path: Path) -> tuple[StoreHandle, Refresher, Path]:
    """A copy of the seeds and of their store in tmp, and a Refresher over them."""
    return refreshable_copy(tmp_path, seed_store_path)


NEW_ARTICLE = """---
title: Ceasefire talks in Yevlakh
outlet: Test Wire
date: 2023-09-21
url: https://example.org/yevlakh
---
Representatives of the Karabakh Armenians met Azerbaijani officials in Yevlakh on Thursday.
The talks ended without an agreement, a spokesman said.
"""


CHANGES = {"added": ("zz_yevlakh", NEW_ARTICLE), "changed": ("003_bc241506b953dc3f", None)}


@pytest.mark.parametrize("mode, change", [("socket", "added"), ("http", "changed")])
async def test_admin_refresh_reports_what_changed(fake: FakeSlack, mode: str, change: str,
                                                  refreshable: tuple[StoreHandle, Refresher, Path]) -> None:
    handle, refresher, articles = refreshable
    article, text = CHANGES[change]
    if text is None:  # edit an article
        path = articles / f"{article}.txt"
        text = path.read_text(encoding="utf-8") + "\nA paragraph added later.\n"
    else:
        path = articles / f"{article}.md"
    path.write_text(text, encoding="utf-8")
    async with connected(fake, handle, mode, refresher=refresher) as slack:
        started = time.perf_counter()
        await slack.send("slash_commands", fake.slash("/refresh", "", user_id=ADMIN))
        acked = time.perf_counter() - started
        await fake.wait("response", 2, timeout=30)
        await slack.bot.idle()
        finished = time.perf_counter() - started
    assert acked < 1.0 < finished  # acknowledged at once; the build (a child process) ran in the background
    progress, *_, final = fake.received["response"]
    assert progress["text"].startswith("Refresh started") and progress["replace_original"] is True
    assert final["replace_original"] is True and final["response_type"] == "ephemeral"
    report = final["blocks"][0]["text"]["text"]
    assert report.startswith("*Store refreshed.*")
    assert f"1 {change}" in report and f"{change.capitalize()}: {article}" in report
    assert article in handle.current.articles
    assert len(fake.received["response"]) <= 4  # a response_url takes at most 5 posts


@pytest.mark.parametrize("mode", ["socket", "http"])
async def test_non_admin_refresh_is_refused_and_logged(fake: FakeSlack, mode: str, caplog: pytest.LogCaptureFixture,
                                                       refreshable: tuple[StoreHandle, Refresher, Path]) -> None:
    handle, refresher, articles = refreshable
    (articles / "zz_yevlakh.md").write_text(NEW_ARTICLE, encoding="utf-8")
    caplog.set_level(logging.WARNING, logger="factbot.commands")
    async with connected(fake, handle, mode, refresher=refresher) as slack:
        await slack.send("slash_commands", fake.slash("/refresh", "", user_id="U0MALLORY"))
        [message] = await fake.wait("response")
        await slack.bot.idle()
    assert message["response_type"] == "ephemeral"
    assert message["blocks"][0]["text"]["text"] == "/refresh is for admins only."
    assert len(fake.received["response"]) == 1 and not refresher.running
    assert "zz_yevlakh" not in handle.current.articles
    assert any("refused admin command" in r.getMessage() and "U0MALLORY" in r.getMessage() and "slack" in
               r.getMessage() for r in caplog.records)


# --- app_mention in threads


@pytest.mark.parametrize("mode", ["socket", "http"])
async def test_mention_in_a_thread_answers_in_that_thread(fake: FakeSlack, handle: StoreHandle, mode: str) -> None:
    async with connected(fake, handle, mode) as slack:
        await slack.send("events_api", fake.mention("who Blinken", ts="1700000500.000900",
                                                    thread_ts="1700000400.000100"))
        [posted] = await fake.wait("chat.postMessage")
    assert posted["channel"] == "C0NEWS" and posted["thread_ts"] == "1700000400.000100"
    assert posted["unfurl_links"] is False and posted["unfurl_media"] is False
    assert "Antony Blinken" in posted["blocks"][0]["text"]["text"]
    assert all(b["type"] != "actions" for b in posted["blocks"])  # already public: nothing to share
    check_cited_answer(posted, handle)


async def test_mention_outside_a_thread_starts_one(fake: FakeSlack, handle: StoreHandle) -> None:
    async with connected(fake, handle, "socket") as slack:
        await slack.send("events_api", fake.mention("/compare casualties", ts="1700000600.000100"))
        [posted] = await fake.wait("chat.postMessage")
    assert posted["thread_ts"] == "1700000600.000100"
    assert "*Compare: casualties*" in posted["blocks"][0]["text"]["text"]


async def test_mention_refusal_is_private_in_the_thread(fake: FakeSlack, handle: StoreHandle) -> None:
    async with connected(fake, handle, "socket") as slack:
        await slack.send("events_api", fake.mention("refresh", user="U0MALLORY", thread_ts="1700000400.000100"))
        [whisper] = await fake.wait("chat.postEphemeral")
        await slack.bot.idle()
    assert whisper["user"] == "U0MALLORY" and whisper["thread_ts"] == "1700000400.000100"
    assert whisper["text"] == "/refresh is for admins only."
    assert not fake.received["chat.postMessage"]


# --- "Post to channel"


@pytest.mark.parametrize("mode", ["socket", "http"])
async def test_post_to_channel_reposts_the_answer_publicly(fake: FakeSlack, handle: StoreHandle, mode: str) -> None:
    async with connected(fake, handle, mode) as slack:
        await slack.send("slash_commands", fake.slash("/sources", "Lachin corridor"))
        [private] = await fake.wait("response")
        button = private["blocks"][-1]["elements"][0]
        assert button["action_id"] == POST_ACTION
        await slack.send("interactive", fake.button(button["value"]))
        _, public, deleted = await fake.wait("response", 3)
    assert public["response_type"] == "in_channel" and public["replace_original"] is False
    assert public["blocks"] == private["blocks"][:-1]  # the same answer, without the button
    assert deleted["delete_original"] is True and deleted["_url"] == public["_url"]


# --- limits and failures


async def test_many_citations_stay_within_limits(fake: FakeSlack, handle: StoreHandle,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    citations = tuple(Citation(article=f"a{n}", title=f"Report {n}", outlet="Wire", published="2023-09-20",
                               url="", link=f"https://example.org/{n}", quote=f"Quote {n}: " + "many words " * 120)
                      for n in range(1, 81))
    many = Reply(text="*Sources*\n" + " ".join(f"[{n}]" for n in range(1, 81)), citations=citations,
                 command="sources", args="everything", more="/sources everything")

    async def answer(*_: Any) -> Reply:
        return many

    monkeypatch.setattr("bot.answering.run_command", answer)
    async with connected(fake, handle, "socket") as slack:
        await slack.send("slash_commands", fake.slash("/sources", "everything"))
        [message] = await fake.wait("response")
    assert_valid_blocks(message["blocks"])
    texts = texts_of(message["blocks"])
    shown = sum(t.startswith("*[") for t in texts)
    assert len(message["blocks"]) == 50 and texts[-1] == f"+{80 - shown} more: `/sources everything`"


async def test_a_failure_gives_a_short_private_message_and_a_logged_trace(
        fake: FakeSlack, handle: StoreHandle, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    def broken(*_: Any, **__: Any) -> dict[str, Any]:
        raise RuntimeError("renderer exploded")

    monkeypatch.setattr("bot.slack.render_message", broken)
    caplog.set_level(logging.ERROR, logger="factbot.slack")
    async with connected(fake, handle, "http") as slack:
        await slack.send("slash_commands", fake.slash("/who", "Blinken"))
        [message] = await fake.wait("response")
        await slack.bot.idle()
    assert message == {"text": FAILURE_TEXT, "response_type": "ephemeral", "_url": message["_url"]}
    [record] = [r for r in caplog.records if r.name == "factbot.slack"]
    assert record.exc_info and "renderer exploded" in str(record.exc_info[1])


async def test_malformed_payload_does_not_crash(fake: FakeSlack, handle: StoreHandle) -> None:
    async with connected(fake, handle, "socket") as slack:
        await slack.send("slash_commands", {"command": "/who", "response_url": fake.response_url()})
        [message] = await fake.wait("response")
    assert "/who needs a name" in message["blocks"][0]["text"]["text"]


def test_manifest_matches_the_command_specs() -> None:
    manifest = yaml.safe_load((ROOT / "slack-manifest.yml").read_text(encoding="utf-8"))
    commands = {c["command"]: c for c in manifest["features"]["slash_commands"]}
    assert list(commands) == ["/factbot", *(f"/{spec.name}" for spec in specs())]
    for spec in specs():
        command = commands[f"/{spec.name}"]
        assert command["usage_hint"] == spec.usage.partition(" ")[2]
        assert 0 < len(command["description"]) <= 100 and command["should_escape"] is False
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == {"commands", "chat:write", "app_mentions:read"}
    assert manifest["settings"]["event_subscriptions"]["bot_events"] == ["app_mention"]
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert manifest["settings"]["interactivity"]["is_enabled"] is True


# --- running it


async def test_run_slack_connects_and_answers_until_cancelled(fake: FakeSlack, handle: StoreHandle) -> None:
    client = AsyncWebClient(token=SETTINGS.slack_bot_token, base_url=fake.api_url)
    running = asyncio.create_task(run_slack(SETTINGS, handle, None, client=client))
    await fake.send_envelope("slash_commands", fake.slash("/who", "Blinken"))
    [message] = await fake.wait("response")
    running.cancel()
    with pytest.raises(asyncio.CancelledError):
        await running
    assert "Antony Blinken" in message["blocks"][0]["text"]["text"]
    assert fake.received["apps.connections.open"]


@pytest.mark.parametrize("token", ["slack_bot_token", "slack_app_token"])
async def test_run_slack_ends_at_once_on_a_rejected_token(fake: FakeSlack, handle: StoreHandle, token: str,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    settings = replace(SETTINGS, **{token: "not-a-valid-token"})
    client = AsyncWebClient(token=settings.slack_bot_token, base_url=fake.api_url)
    await asyncio.wait_for(run_slack(settings, handle, None, client=client), timeout=5)
    assert not fake.received["apps.connections.open"]
    assert any("a token was rejected (invalid_auth)" in r.getMessage() for r in caplog.records
               if r.levelno == logging.ERROR)
    assert "not-a-valid-token" not in caplog.text
