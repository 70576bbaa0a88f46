"""A fake Slack on 127.0.0.1 for testing the real slack-bolt stack (see shared/notes/platform-fakes.md).

It plays the three parts of Slack the bot talks to:

- the Web API under ``/api/`` (``auth.test``, ``chat.postMessage``, ``chat.postEphemeral``,
  ``apps.connections.open``; anything else answers ``ok: false``), checking the token kind;
- ``response_url`` sinks under ``/response/<n>``, one fresh url per payload;
- a Socket Mode websocket at ``/socket`` that sends ``hello`` and envelopes and collects acks.

Everything received is kept in :attr:`FakeSlack.received` by kind (``"response"`` or the API
method name); tests ``await fake.wait(kind, count)`` instead of sleeping.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import time
from collections import defaultdict
from typing import Any

from aiohttp import WSMsgType, web

BOT_USER = "UBOT"
TEAM = "T0FAKE"
TEXT_LIMIT = 3000
MAX_BLOCKS = 50


class FakeSlack:
    """One fake workspace; start it with ``await FakeSlack().start()``, stop it with ``close()``."""

    def __init__(self) -> None:
        self.received: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.acks: dict[str, dict[str, Any]] = {}
        self.url = ""
        self._changed = asyncio.Condition()
        self._socket: web.WebSocketResponse | None = None
        self._socket_ready = asyncio.Event()
        self._ids = itertools.count(1)
        self._runner: web.AppRunner | None = None

    async def start(self) -> FakeSlack:
        app = web.Application()
        app.router.add_post("/api/{method}", self._api)
        app.router.add_post("/response/{n}", self._response)
        app.router.add_get("/socket", self._websocket)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.url = f"http://{host}:{port}"
        return self

    async def close(self) -> None:
        if self._socket is not None:
            await self._socket.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"  # the trailing slash matters to slack_sdk

    def response_url(self) -> str:
        return f"{self.url}/response/{next(self._ids)}"

    # --- what Slack sends to the bot

    def slash(self, command: str, text: str = "", *, user_id: str = "U0ALICE", user_name: str = "alice",
              channel_id: str = "C0NEWS") -> dict[str, str]:
        """A slash-command payload (the same fields over HTTP and Socket Mode)."""
        return {
            "token": "legacy-verification-token", "team_id": TEAM, "team_domain": "newsroom",
            "channel_id": channel_id, "channel_name": "news", "user_id": user_id, "user_name": user_name,
            "command": command, "text": text, "api_app_id": "A0FACTBOT", "is_enterprise_install": "false",
            "response_url": self.response_url(), "trigger_id": f"{next(self._ids)}.trigger",
        }

    def mention(self, text: str, *, user: str = "U0ALICE", channel: str = "C0NEWS", ts: str = "1700000100.000200",
                thread_ts: str | None = None) -> dict[str, Any]:
        """An ``event_callback`` carrying an ``app_mention``."""
        event: dict[str, Any] = {"type": "app_mention", "user": user, "text": f"<@{BOT_USER}> {text}",
                                 "ts": ts, "channel": channel, "event_ts": ts}
        if thread_ts:
            event["thread_ts"] = thread_ts
        return {"token": "legacy-verification-token", "team_id": TEAM, "api_app_id": "A0FACTBOT",
                "event": event, "type": "event_callback", "event_id": f"Ev{next(self._ids)}",
                "event_time": int(time.time()),
                "authorizations": [{"team_id": TEAM, "user_id": BOT_USER, "is_bot": True}]}

    def button(self, value: str, *, action_id: str = "post_to_channel", user_id: str = "U0ALICE",
               channel: str = "C0NEWS") -> dict[str, Any]:
        """A ``block_actions`` payload for a button in an ephemeral message."""
        return {
            "type": "block_actions", "team": {"id": TEAM, "domain": "newsroom"},
            "user": {"id": user_id, "username": "alice", "team_id": TEAM}, "api_app_id": "A0FACTBOT",
            "token": "legacy-verification-token", "trigger_id": f"{next(self._ids)}.trigger",
            "container": {"type": "message", "message_ts": "1700000200.000300", "channel_id": channel,
                          "is_ephemeral": True},
            "channel": {"id": channel, "name": "news"}, "response_url": self.response_url(),
            "actions": [{"type": "button", "action_id": action_id, "block_id": "b1", "value": value,
                         "text": {"type": "plain_text", "text": "Post to channel"},
                         "action_ts": "1700000201.000400"}],
        }

    async def send_envelope(self, kind: str, payload: dict[str, Any], *, timeout: float = 15.0) -> dict[str, Any]:
        """Send one Socket Mode envelope and return the client's ack (``{"envelope_id", "payload"?}``)."""
        await asyncio.wait_for(self._socket_ready.wait(), timeout)
        assert self._socket is not None
        envelope_id = f"env-{next(self._ids)}"
        await self._socket.send_json({"envelope_id": envelope_id, "type": kind, "payload": payload,
                                      "accepts_response_payload": kind != "events_api",
                                      "retry_attempt": 0, "retry_reason": ""})
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: envelope_id in self.acks), timeout)
        return self.acks[envelope_id]

    async def wait(self, kind: str, count: int = 1, *, timeout: float = 15.0) -> list[dict[str, Any]]:
        """The first ``count`` bodies of ``kind`` ("response" or an API method) once they have arrived."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: len(self.received[kind]) >= count), timeout)
        return self.received[kind][:count]

    async def first_of(self, *kinds: str, timeout: float = 15.0) -> tuple[str, dict[str, Any]]:
        """``(kind, body)`` of the first body received of any of ``kinds``."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: any(self.received[k] for k in kinds)), timeout)
        kind = next(k for k in kinds if self.received[k])
        return kind, self.received[kind][0]

    # --- what the bot sends to Slack

    async def _record(self, kind: str, body: dict[str, Any]) -> None:
        async with self._changed:
            self.received[kind].append(body)
            self._changed.notify_all()

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if request.content_type == "application/json":
            body = await request.json()
        else:
            body = dict(await request.post())
        body.update(request.query)
        token = request.headers.get("Authorization", "").removeprefix("Bearer ") or str(body.get("token", ""))
        wanted = "xapp-" if method == "apps.connections.open" else "xoxb-"
        if not token.startswith(wanted):
            return web.json_response({"ok": False, "error": "invalid_auth"})
        await self._record(method, body)
        ts = f"1700000300.{next(self._ids):06d}"
        answers: dict[str, dict[str, Any]] = {
            "auth.test": {"ok": True, "url": "https://newsroom.slack.com/", "team": "Newsroom", "user": "factbot",
                          "team_id": TEAM, "user_id": BOT_USER, "bot_id": "B0FACTBOT", "is_enterprise_install": False},
            "chat.postMessage": {"ok": True, "channel": body.get("channel"), "ts": ts,
                                 "message": {"type": "message", "user": BOT_USER, "ts": ts,
                                             "text": body.get("text", ""), "blocks": body.get("blocks", [])}},
            "chat.postEphemeral": {"ok": True, "message_ts": ts},
            "apps.connections.open": {"ok": True, "url": f"ws://{request.host}/socket"},
        }
        return web.json_response(answers.get(method, {"ok": False, "error": "unknown_method"}))

    async def _response(self, request: web.Request) -> web.Response:
        body = await request.json()
        body["_url"] = str(request.url)
        await self._record("response", body)
        return web.Response(text="ok")

    async def _websocket(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self._socket = socket
        await socket.send_json({"type": "hello", "num_connections": 1,
                                "debug_info": {"host": "fake-slack", "approximate_connection_time": 3600},
                                "connection_info": {"app_id": "A0FACTBOT"}})
        self._socket_ready.set()
        async for message in socket:
            if message.type == WSMsgType.TEXT:
                ack = json.loads(message.data)
                async with self._changed:
                    self.acks[ack["envelope_id"]] = ack
                    self._changed.notify_all()
        return socket


def signed_headers(secret: str, body: str, *, timestamp: int | None = None,
                   content_type: str = "application/x-www-form-urlencoded") -> dict[str, str]:
    """The headers Slack signs a request with: ``v0=HMAC-SHA256(secret, "v0:{ts}:{body}")``."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}", "Content-Type": content_type}


def texts_of(blocks: list[dict[str, Any]]) -> list[str]:
    """Every text in section and context blocks, in order."""
    out: list[str] = []
    for block in blocks:
        if block["type"] == "section":
            out.append(block["text"]["text"])
        elif block["type"] == "context":
            out.extend(element["text"] for element in block["elements"])
    return out


def unescape(text: str) -> str:
    """What Slack shows for escaped mrkdwn text."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def assert_valid_blocks(blocks: list[dict[str, Any]]) -> None:
    """Within Slack's limits, and valid for slack_sdk's own Block Kit models."""
    from slack_sdk.models.blocks import Block

    assert 0 < len(blocks) <= MAX_BLOCKS, len(blocks)
    for block in blocks:
        Block.parse(block).validate_json()  # type: ignore[union-attr]
        if block["type"] == "context":
            assert 1 <= len(block["elements"]) <= 10
    for text in texts_of(blocks):
        assert 0 < len(text) <= TEXT_LIMIT, len(text)
