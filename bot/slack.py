"""The Slack front end (slack-bolt): slash commands, @mentions in threads, a "Post to channel" button.

It only translates: Slack payloads become :func:`handlers.run_command` calls and replies become
Block Kit (:mod:`bot.render_slack`). Every request is acknowledged at once; the answer follows from a
background task through ``response_url`` (slash commands, buttons) or the thread (mentions), so slow
work such as ``/refresh`` never holds up Slack's 3-second ack. A failure is logged with its trace and
the user gets a short private message.

Socket Mode (bot + app token, no public URL) is the default; HTTP mode (``SLACK_MODE=http``) serves
``/slack/events`` next to the article pages. Each request's timestamp, signature and body are checked
before Bolt sees them (:func:`rejection`): anything that is not a well-formed request signed within the
replay window is a 401 and one short log line, never a traceback and never the body in the log.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from typing import Any

from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltRequest, AsyncRespond
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry import BackoffRetryIntervalCalculator
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (AsyncConnectionErrorRetryHandler,
                                                         AsyncRateLimitErrorRetryHandler,
                                                         AsyncServerErrorRetryHandler)
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient

from handlers import Context, User, Visibility, parse_line, specs
from handlers.guard import SlowDown
from knowledge.refresh import Refresher
from knowledge.store import StoreHandle

from .answering import answer
from .config import Settings
from .health import REGISTRY, State
from .render_slack import POST_ACTION, escape, render_message
from .runtime import context_for, make_guard
from .web import add_page_routes

log = logging.getLogger("factbot.slack")

EVENTS_PATH = "/slack/events"
NAMESPACE = "factbot"  # `/factbot <command> <args>` always works, even where a workspace has its own /who
REPLAY_WINDOW_SECONDS = 300  # Bolt accepts a signed request for this long; each may be used once
FAILURE_TEXT = "Sorry, something went wrong while answering. The error has been logged; please try again."
PROGRESS_UPDATES = 3  # a response_url takes 5 posts: up to 3 progress lines, the answer, 1 spare
PROGRESS_INTERVAL = 10.0  # seconds between progress lines after the first
NETWORK_RETRIES = 6  # a DNS or connection failure is retried this often, backing off 0.5, 1, 2 ... 16 s
RETRY_BACKOFF = 0.5
_LEADING_MENTIONS = re.compile(r"^\s*(?:<@[A-Z0-9]+(?:\|[^>]*)?>\s*)+")
TIMESTAMP_DIGITS = 12  # Unix seconds have 10 digits until the year 2286; more is no timestamp
_TIMESTAMP_SHAPE = re.compile(f"[0-9]{{1,{TIMESTAMP_DIGITS}}}")
_SIGNATURE_SHAPE = re.compile("v0=[0-9a-f]{64}")  # Slack's v0 scheme: HMAC-SHA256 in lowercase hex

Send = Callable[[str], Awaitable[None]]
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class Progress:
    """Progress lines for a slow command: the first at once, then at most one per interval."""

    def __init__(self, send: Send, *, limit: int = PROGRESS_UPDATES, interval: float = PROGRESS_INTERVAL) -> None:
        self.send = send
        self.limit = limit
        self.interval = interval
        self.sent = 0
        self._last = float("-inf")

    async def __call__(self, message: str) -> None:
        now = time.monotonic()
        if self.sent >= self.limit or now - self._last < self.interval:
            return
        self.sent += 1
        self._last = now
        try:
            await self.send(message)
        except Exception:  # a lost progress line must not stop the work it reports on
            log.exception("slack progress update failed")


class DeliveryFailed(Exception):
    """Slack did not take a message posted to a ``response_url``."""


class SlackBot:
    """The Bolt app wired to the command layer, and the background answers it has started."""

    def __init__(self, settings: Settings, handle: StoreHandle, refresher: Refresher | None, *,
                 client: AsyncWebClient | None = None, process_before_response: bool = False) -> None:
        self.settings = settings
        self.handle = handle
        self.refresher = refresher
        self.guard = make_guard(settings)
        self.tasks: set[asyncio.Task[None]] = set()
        self._seen_signatures: dict[str, float] = {}
        self.app = AsyncApp(
            token=settings.slack_bot_token if client is None else None,
            client=client,
            signing_secret=settings.slack_signing_secret,
            process_before_response=process_before_response,
        )
        if client is None:  # Bolt made the client: network errors retried, the API where configured
            self.app.client.retry_handlers = retry_handlers()
            self.app.client.base_url = settings.slack_api_url or self.app.client.base_url
        self.app.middleware(self._reject_replays)
        for name in (NAMESPACE, *(spec.name for spec in specs())):
            self.app.command(f"/{name}")(self._on_command)
        self.app.action(POST_ACTION)(self._on_post_to_channel)
        self.app.event("app_mention")(self._on_mention)
        self.app.error(self._on_error)

    async def _reject_replays(self, req: AsyncBoltRequest, next: Callable[[], Awaitable[BoltResponse]]
                              ) -> BoltResponse:
        """A signed HTTP request that was already answered is a replay: 401 (Socket Mode has no signature)."""
        signature = (req.headers.get("x-slack-signature") or [""])[0]
        if signature:
            now = time.monotonic()
            for seen, at in list(self._seen_signatures.items()):
                if now - at < REPLAY_WINDOW_SECONDS:
                    break  # insertion order: the rest are newer
                del self._seen_signatures[seen]
            if signature in self._seen_signatures:
                log.warning("rejected a replayed slack request")
                return BoltResponse(status=401, body="")
            self._seen_signatures[signature] = now
        return await next()

    # --- listeners: acknowledge, then answer in the background

    async def _on_command(self, ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        self._spawn(self._answer_command(command, respond), fail=lambda: self._fail_privately(respond))

    async def _on_post_to_channel(self, ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        self._spawn(self._post_to_channel(body, respond), fail=lambda: self._fail_privately(respond))

    async def _on_mention(self, event: dict[str, Any], client: AsyncWebClient) -> None:
        self._spawn(self._answer_mention(event, client),
                    fail=lambda: self._whisper(client, event, FAILURE_TEXT))

    async def _on_error(self, error: Exception, body: dict[str, Any]) -> None:
        log.error("slack request failed: type=%s command=%s", body.get("type"), body.get("command"), exc_info=error)

    # --- the work

    async def _answer_command(self, command: dict[str, Any], respond: AsyncRespond) -> None:
        ctx = self._context(str(command.get("user_id", "")), str(command.get("user_name", "")))
        progress = Progress(lambda line: self._send(respond, {"text": escape(line), "response_type": "ephemeral",
                                                              "replace_original": True}))
        ctx.progress = progress
        name, text = str(command.get("command", "")).lstrip("/"), str(command.get("text", ""))
        if name == NAMESPACE:  # /factbot who Blinken
            name, text = parse_line(text or "help")
        reply = await answer(ctx, name, text)
        message = render_message(reply, public=reply.visibility is Visibility.PUBLIC)
        if progress.sent:
            message["replace_original"] = True  # the answer takes the place of the progress line
        await self._send(respond, message)

    async def _post_to_channel(self, body: dict[str, Any], respond: AsyncRespond) -> None:
        """Answer the button's command line again and post it publicly; the private copy goes away."""
        action = (body.get("actions") or [{}])[0]
        user = body.get("user") or {}
        user_id, line = str(user.get("id", "")), str(action.get("value", ""))
        try:  # sharing counts against the rate limit, so a button cannot flood a channel
            self.guard.check(user_id, "post-to-channel", line)
        except SlowDown as exc:
            await self._send(respond, {"text": escape(str(exc)), "response_type": "ephemeral",
                                       "replace_original": False})
            return
        ctx = self._context(user_id, str(user.get("username", "")), guarded=False)
        reply = await answer(ctx, *parse_line(line))
        if not reply.ok:
            await self._send(respond, render_message(reply, public=False) | {"replace_original": True})
            return
        await self._send(respond, render_message(reply, public=True) | {"replace_original": False})
        await self._send(respond, {"delete_original": True})

    async def _answer_mention(self, event: dict[str, Any], client: AsyncWebClient) -> None:
        """``@factbot who Blinken``: answers in the thread; misses and refusals only to the asker."""
        line = _LEADING_MENTIONS.sub("", str(event.get("text", ""))).strip() or "help"
        ctx = self._context(str(event.get("user", "")), "")
        ctx.progress = Progress(lambda text: self._whisper(client, event, escape(text)))
        reply = await answer(ctx, *parse_line(line))
        message = render_message(reply, public=reply.ok)
        if reply.ok:
            await client.chat_postMessage(channel=event["channel"], thread_ts=_thread(event), text=message["text"],
                                          blocks=message["blocks"], unfurl_links=False, unfurl_media=False)
        else:
            await self._whisper(client, event, message["text"], blocks=message["blocks"])

    # --- helpers

    def _context(self, user_id: str, user_name: str, *, guarded: bool = True) -> Context:
        user = User(id=user_id, name=user_name, is_admin=bool(user_id) and user_id in self.settings.admins)
        return context_for(self.settings, self.handle, self.refresher, user=user, platform="slack",
                           guard=self.guard if guarded else None)

    def _spawn(self, work: Coroutine[Any, Any, None], *, fail: Callable[[], Awaitable[Any]]) -> None:
        task = asyncio.create_task(self._guarded(work, fail))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    @staticmethod
    async def _guarded(work: Coroutine[Any, Any, None], fail: Callable[[], Awaitable[Any]]) -> None:
        try:
            await work
        except Exception:
            log.exception("slack answer failed")
            try:
                await fail()
            except Exception:
                log.exception("could not tell the user that the answer failed")

    @staticmethod
    async def _send(respond: AsyncRespond, message: dict[str, Any]) -> None:
        response = await respond(message)
        if response.status_code != 200:
            raise DeliveryFailed(f"response_url answered {response.status_code}: {str(response.body)[:200]}")

    async def _fail_privately(self, respond: AsyncRespond) -> None:
        await self._send(respond, {"text": FAILURE_TEXT, "response_type": "ephemeral"})

    @staticmethod
    async def _whisper(client: AsyncWebClient, event: dict[str, Any], text: str,
                       blocks: list[dict[str, Any]] | None = None) -> None:
        await client.chat_postEphemeral(channel=event["channel"], user=event["user"], thread_ts=_thread(event),
                                        text=text, blocks=blocks)

    async def idle(self) -> None:
        """Wait until every background answer has been sent."""
        while self.tasks:
            await asyncio.gather(*self.tasks, return_exceptions=True)

    def socket_handler(self) -> AsyncSocketModeHandler:
        return AsyncSocketModeHandler(self.app, app_token=self.settings.slack_app_token)

    def web_app(self) -> web.Application:
        """``POST /slack/events`` (signed requests only) plus the article pages citations link to."""
        app = self.app.web_app(path=EVENTS_PATH)
        verifier = SignatureVerifier(self.settings.slack_signing_secret)

        @web.middleware
        async def signed_only(request: web.Request, handler: Handler) -> web.StreamResponse:
            if request.path != EVENTS_PATH:
                return await handler(request)
            reason = rejection(verifier, request.headers, await request.read())
            if reason:
                log.warning("slack: rejected a request to %s: %s", EVENTS_PATH, reason)
                return web.json_response({"error": "invalid request"}, status=401)
            return await handler(request)

        app.middlewares.append(signed_only)
        add_page_routes(app, self.handle, self.settings.links)
        return app


def rejection(verifier: SignatureVerifier, headers: Mapping[str, str], body: bytes) -> str:
    """Why a request to ``/slack/events`` is not one Slack signed just now, or "" when it is."""
    timestamp = headers.get("X-Slack-Request-Timestamp", "")
    signature = headers.get("X-Slack-Signature", "")
    if not _TIMESTAMP_SHAPE.fullmatch(timestamp):
        return "no timestamp, or not Unix seconds"
    if abs(time.time() - int(timestamp)) > REPLAY_WINDOW_SECONDS:
        return "timestamp outside the replay window"
    if not _SIGNATURE_SHAPE.fullmatch(signature):
        return "no signature, or not a v0 signature"
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return "body is not UTF-8"
    if not verifier.is_valid(text, timestamp, signature):
        return "signature does not match"
    return ""


def retry_handlers() -> list[AsyncRetryHandler]:
    """Web API calls (sign-in, Socket Mode's connection URL, replies) retry network errors with backoff."""
    backoff = BackoffRetryIntervalCalculator(backoff_factor=RETRY_BACKOFF)
    return [AsyncConnectionErrorRetryHandler(max_retry_count=NETWORK_RETRIES, interval_calculator=backoff),
            AsyncRateLimitErrorRetryHandler(max_retry_count=NETWORK_RETRIES),
            AsyncServerErrorRetryHandler(max_retry_count=NETWORK_RETRIES, interval_calculator=backoff)]


async def drain(bot: SlackBot) -> None:
    """Let the answers in flight be delivered, for at most ``FACTBOT_DRAIN_SECONDS`` (answers started
    meanwhile, a refresh's report after its progress line, are waited for too)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + bot.settings.drain_seconds
    while bot.tasks and (left := deadline - loop.time()) > 0:
        await asyncio.wait(set(bot.tasks), timeout=left)  # wait, not gather: a timeout cancels nothing
    if bot.tasks:
        log.warning("slack: %d answer(s) still in flight after %d s; stopping anyway", len(bot.tasks),
                    bot.settings.drain_seconds)


def _thread(event: dict[str, Any]) -> str:
    """The thread to answer in: the mention's thread, or a new one under the mention."""
    return str(event.get("thread_ts") or event.get("ts", ""))


async def start_http(bot: SlackBot, *, host: str = "0.0.0.0", port: int = 0) -> tuple[web.AppRunner, int]:
    """Serve HTTP mode; returns the runner (to ``cleanup()``) and the bound port."""
    if not bot.settings.slack_signing_secret:
        raise ValueError("Slack HTTP mode needs SLACK_SIGNING_SECRET")
    runner = web.AppRunner(bot.web_app(), access_log=None)  # page links carry signatures
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner, runner.addresses[0][1]


async def run_slack(settings: Settings, handle: StoreHandle, refresher: Refresher | None, *,
                    client: AsyncWebClient | None = None) -> None:
    """Run the Slack front end until cancelled: Socket Mode, or HTTP mode with ``SLACK_MODE=http``.

    A rejected token is logged and ends only the Slack front end (not the other platforms),
    instead of being retried forever.
    """
    bot = SlackBot(settings, handle, refresher, client=client)
    REGISTRY.report("slack", State.CONNECTING)
    try:
        identity = await bot.app.client.auth_test()
        if settings.slack_mode != "http":
            await bot.app.client.apps_connections_open(app_token=settings.slack_app_token)
    except SlackApiError as exc:
        log.error("slack: a token was rejected (%s); Slack stays off (see docs/slack.md)",
                  exc.response.get("error", "unknown error"))
        REGISTRY.report("slack", State.DOWN)
        return
    log.info("slack: signed in as %s in %s", identity.get("user"), identity.get("team"))
    if settings.slack_mode == "http":
        runner, port = await start_http(bot, port=settings.http_port)
        log.info("slack: HTTP mode, listening on port %d at %s", port, EVENTS_PATH)
        REGISTRY.report("slack", State.CONNECTED)  # signed in; Slack posts to us
        try:
            await asyncio.Event().wait()
        finally:
            REGISTRY.report("slack", State.DOWN)
            await drain(bot)
            await runner.cleanup()
        return
    handler = bot.socket_handler()
    log.info("slack: Socket Mode, connecting")
    try:
        await handler.connect_async()
        REGISTRY.report("slack", State.CONNECTED, handler.client.is_connected)
        await asyncio.Event().wait()
    finally:
        REGISTRY.report("slack", State.DOWN)
        await drain(bot)
        await handler.close_async()
