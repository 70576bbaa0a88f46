"""A fake Discord on 127.0.0.1 (aiohttp): the REST routes and gateway frames discord.py needs.

Point discord.py at it with :meth:`FakeDiscord.patch`; every REST call it receives is recorded,
and tests send interactions through the gateway as Discord would.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import discord
import pytest
import yarl
from aiohttp import WSMsgType, web

APP_ID = 900000000000000001
BOT_ID = 900000000000000002
GUILD_ID = 900000000000000003
CHANNEL_ID = 900000000000000004
OWNER_ID = 900000000000000005
MANAGE_GUILD = 1 << 5
MEMBER_PERMISSIONS = (1 << 10) | (1 << 11) | (1 << 31)  # view channel, send messages, use app commands
EPHEMERAL = 1 << 6
TIMESTAMP = "2024-01-01T00:00:00+00:00"


@dataclass(frozen=True, slots=True)
class Call:
    """One REST request the bot made."""

    method: str
    path: str
    body: Any


def _json(data: Any, status: int = 200) -> web.Response:
    # exactly "application/json": discord.py does not parse "application/json; charset=utf-8"
    return web.Response(body=json.dumps(data).encode(), status=status, headers={"Content-Type": "application/json"})


def user_payload(user_id: int, name: str, *, bot: bool = False) -> dict[str, Any]:
    return {"id": str(user_id), "username": name, "global_name": name, "discriminator": "0", "avatar": None,
            "bot": bot, "public_flags": 0}


class FakeDiscord:
    """REST under ``/api/v10`` and a websocket gateway at ``/gateway``; one per test."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.commands: dict[str, list[dict[str, Any]]] = {}  # "global" or guild id -> synced commands
        self.responses: dict[str, dict[str, Any]] = {}  # interaction id -> the message its response created
        self.identifies = 0
        self.reject_token = False
        self.resumes = 0
        self._changed = asyncio.Event()
        self._ids = itertools.count(910000000000000000)
        self._seq = itertools.count(1)
        self._ws: web.WebSocketResponse | None = None
        self._runner: web.AppRunner | None = None
        self.port = 0

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    def patch(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Send discord.py's REST and gateway traffic here for the rest of the test."""
        monkeypatch.setattr(discord.http.Route, "BASE", f"http://127.0.0.1:{self.port}/api/v10")
        monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(self.gateway_url))

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    def next_id(self) -> str:
        return str(next(self._ids))

    # ------------------------------------------------------------------ REST

    async def _rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        body: Any = await request.json() if request.can_read_body else None
        self.calls.append(Call(request.method, path, body))
        self._changed.set()
        self._changed = asyncio.Event()
        parts = path.strip("/").split("/")
        if self.reject_token:
            return _json({"message": "401: Unauthorized", "code": 0}, status=401)
        match request.method, parts:
            case "GET", ["users", "@me"]:
                return _json(user_payload(BOT_ID, "factbot", bot=True))
            case "GET", ["oauth2", "applications", "@me"]:
                return _json({"id": str(APP_ID), "name": "factbot", "description": "", "icon": None,
                              "bot_public": True, "bot_require_code_grant": False, "verify_key": "0" * 64,
                              "owner": user_payload(OWNER_ID, "owner"), "interactions_endpoint_url": None,
                              "flags": 0})
            case "PUT", ["applications", _, "commands"]:
                return _json(self._synced("global", body))
            case "PUT", ["applications", _, "guilds", guild, "commands"]:
                return _json(self._synced(guild, body))
            case "POST", ["interactions", interaction_id, _, "callback"]:
                return _json(self._callback(interaction_id, body))
            case "PATCH", ["webhooks", _, _, "messages", "@original"]:
                return _json(self.message(body, message_id=self.next_id()))
            case "DELETE", ["webhooks", _, _, "messages", "@original"]:
                return web.Response(status=204)
            case "POST", ["webhooks", _, _]:
                return _json(self.message(body, message_id=self.next_id()))
        return _json({"message": "404: Not Found", "code": 0}, status=404)

    def _synced(self, where: str, body: list[dict[str, Any]]) -> list[dict[str, Any]]:
        synced = [{**cmd, "id": self.next_id(), "application_id": str(APP_ID), "version": self.next_id(),
                   "guild_id": None if where == "global" else where} for cmd in body]
        self.commands[where] = synced
        return synced

    def _callback(self, interaction_id: str, body: dict[str, Any]) -> dict[str, Any]:
        kind = body["type"]
        answer: dict[str, Any] = {"interaction": {"id": interaction_id, "type": 2}}
        if kind in (4, 5):  # a message, or "thinking…" for a deferred one
            data = body.get("data") or {}
            message = self.responses[interaction_id] = self.message(data, message_id=self.next_id())
            answer["interaction"].update(response_message_id=message["id"], response_message_loading=kind == 5,
                                         response_message_ephemeral=bool(data.get("flags", 0) & EPHEMERAL))
            answer["resource"] = {"type": kind, "message": message}
        return answer

    def message(self, data: dict[str, Any], *, message_id: str) -> dict[str, Any]:
        """A message as Discord returns it after the bot sent ``data``."""
        return {"id": message_id, "channel_id": str(CHANNEL_ID), "guild_id": str(GUILD_ID),
                "author": user_payload(BOT_ID, "factbot", bot=True), "content": data.get("content") or "",
                "timestamp": TIMESTAMP, "edited_timestamp": None, "tts": False, "mention_everyone": False,
                "mentions": [], "mention_roles": [], "attachments": [], "embeds": data.get("embeds") or [],
                "pinned": False, "type": 0, "flags": data.get("flags", 0),
                "components": data.get("components") or [], "application_id": str(APP_ID)}

    async def wait_for(self, predicate: Callable[[Call], bool], *, timeout: float = 5.0) -> Call:
        """The first recorded call (past or future) that matches."""
        async with asyncio.timeout(timeout):
            seen = 0
            while True:
                for call in self.calls[seen:]:
                    if predicate(call):
                        return call
                seen = len(self.calls)
                await self._changed.wait()

    async def callback(self, interaction_id: str, *, timeout: float = 5.0) -> dict[str, Any]:
        """The body of the bot's response to one interaction."""
        call = await self.wait_for(lambda c: c.path == f"/interactions/{interaction_id}/{self.token(interaction_id)}"
                                   "/callback", timeout=timeout)
        return call.body

    @staticmethod
    def token(interaction_id: str) -> str:
        return f"token-{interaction_id}"

    # ------------------------------------------------------------------ gateway

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._ws = ws
        await ws.send_json({"op": 10, "d": {"heartbeat_interval": 41250}})
        async for frame in ws:
            if frame.type is not WSMsgType.TEXT:
                continue
            message = json.loads(frame.data)
            if message["op"] == 1:
                await ws.send_json({"op": 11})
            elif message["op"] == 2:
                self.identifies += 1
                await self.dispatch("READY", self._ready())
                await self.dispatch("GUILD_CREATE", self._guild())
            elif message["op"] == 6:
                self.resumes += 1
                await self.dispatch("RESUMED", {})
        return ws

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        assert self._ws is not None, "the bot is not connected"
        await self._ws.send_json({"op": 0, "t": event, "s": next(self._seq), "d": data})

    async def reconnect(self) -> None:
        """Ask the bot to reconnect (op 7), as Discord does when it moves a session."""
        assert self._ws is not None
        await self._ws.send_json({"op": 7, "d": None})

    def _ready(self) -> dict[str, Any]:
        return {"v": 10, "user": user_payload(BOT_ID, "factbot", bot=True), "guilds": [{"id": str(GUILD_ID),
                "unavailable": True}], "session_id": "fake-session", "resume_gateway_url": self.gateway_url,
                "application": {"id": str(APP_ID), "flags": 0}, "private_channels": [], "relationships": []}

    def _guild(self) -> dict[str, Any]:
        everyone = {"id": str(GUILD_ID), "name": "@everyone", "permissions": str(MEMBER_PERMISSIONS),
                    "position": 0, "color": 0, "hoist": False, "managed": False, "mentionable": False, "flags": 0}
        return {"id": str(GUILD_ID), "name": "Newsroom", "owner_id": str(OWNER_ID), "roles": [everyone],
                "channels": [self._channel()], "members": [], "member_count": 3, "features": [], "emojis": [],
                "stickers": [], "threads": [], "voice_states": [], "presences": [], "stage_instances": [],
                "guild_scheduled_events": [], "large": False, "unavailable": False, "joined_at": TIMESTAMP,
                "icon": None, "splash": None, "mfa_level": 0, "verification_level": 0,
                "default_message_notifications": 0, "explicit_content_filter": 0, "premium_tier": 0,
                "preferred_locale": "en-US", "nsfw_level": 0, "system_channel_flags": 0}

    def _channel(self) -> dict[str, Any]:
        return {"id": str(CHANNEL_ID), "type": 0, "name": "general", "position": 0, "guild_id": str(GUILD_ID),
                "permission_overwrites": [], "nsfw": False, "parent_id": None, "topic": None}

    # ------------------------------------------------------------------ interactions

    async def interact(self, name: str, value: str | None = None, *, option: str = "", focused: bool = False,
                       user_id: int = 700000000000000001, permissions: int = MEMBER_PERMISSIONS) -> str:
        """Send a slash command (or, with ``focused``, an autocomplete request); returns its id."""
        synced = next(c for cmds in self.commands.values() for c in cmds if c["name"] == name)
        options = []
        if value is not None:
            option = option or synced["options"][0]["name"]
            options.append({"name": option, "type": 3, "value": value, **({"focused": True} if focused else {})})
        data = {"id": synced["id"], "name": name, "type": 1, "options": options, "guild_id": str(GUILD_ID)}
        return await self._interaction(4 if focused else 2, data, user_id=user_id, permissions=permissions)

    async def click(self, custom_id: str, message: dict[str, Any], *, user_id: int = 700000000000000001) -> str:
        """Press a button on a message; returns the interaction id."""
        data = {"custom_id": custom_id, "component_type": 2}
        return await self._interaction(3, data, user_id=user_id, permissions=MEMBER_PERMISSIONS, message=message)

    async def _interaction(self, kind: int, data: dict[str, Any], *, user_id: int, permissions: int,
                           **extra: Any) -> str:
        interaction_id = self.next_id()
        await self.dispatch("INTERACTION_CREATE", {
            "id": interaction_id, "application_id": str(APP_ID), "type": kind, "token": self.token(interaction_id),
            "version": 1, "attachment_size_limit": 8 * 1024 * 1024, "guild_id": str(GUILD_ID),
            "channel_id": str(CHANNEL_ID), "channel": self._channel(),
            "member": {"user": user_payload(user_id, f"user{user_id % 1000}"), "roles": [], "flags": 0,
                       "permissions": str(permissions), "joined_at": TIMESTAMP, "deaf": False, "mute": False,
                       "nick": None, "avatar": None},
            "locale": "en-US", "guild_locale": "en-US", "app_permissions": str(MEMBER_PERMISSIONS),
            "entitlements": [], "authorizing_integration_owners": {"0": str(GUILD_ID)}, "context": 0,
            "data": data, **extra,
        })
        return interaction_id
