"""The Discord front end: slash commands generated from the command specs, answered with cited embeds.

Answers are ephemeral, with a button that posts the same answer to the channel. Nothing the bot
sends can mention anyone (``allowed_mentions`` none), and slow work defers within Discord's 3 s.
Signing in and the first gateway connection are retried with backoff on network errors (discord.py
reconnects an established gateway itself); on a stop the answers in flight are delivered first.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

import aiohttp
import discord
from discord import app_commands
from rapidfuzz import fuzz, process
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, wait_exponential_jitter

from handlers import CommandSpec, Reply, User, Visibility, run_command, specs
from handlers.context import Context
from knowledge.refresh import Refresher
from knowledge.search import fold
from knowledge.store import FactStore, StoreHandle

from .answering import answer
from .config import Settings
from .health import REGISTRY, State
from .render_discord import render_embeds
from .runtime import context_for, make_guard

log = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()
TEXT_LIMIT = 100  # command and option descriptions, choice names and values
MAX_CHOICES = 25
DEFER_AFTER = 2.0  # seconds; Discord drops answers that come after 3 s unless deferred
PROGRESS_EVERY = 1.0  # seconds between progress edits, well inside the webhook rate limit
VIEW_TIMEOUT = 15 * 60.0  # an interaction token lives 15 minutes
MAX_TOPIC_WORDS = 3000  # most frequent words offered as topics, besides entity names
SLOW_COMMANDS = frozenset({"refresh"})
ERROR_TEXT = "Sorry, something went wrong while answering. The error has been logged; please try again."
RETRY_FIRST_WAIT = 1.0  # seconds before the second attempt to sign in and connect (plus as much jitter); doubles
RETRY_MAX_WAIT = 60.0  # the ceiling of that backoff; attempts go on until the bot is stopped
#: failures to reach Discord (DNS, refused, reset, timeouts, its 5xx): worth another attempt
NETWORK_ERRORS = (OSError, aiohttp.ClientError, discord.GatewayNotFound, discord.DiscordServerError)

def short(text: str, limit: int = TEXT_LIMIT) -> str:
    """``text`` on one line, cut with "…" to Discord's length for descriptions and choices."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class Suggester:
    """Autocomplete from the serving store: entity names, and for topics frequent words as well."""

    def __init__(self, handle: StoreHandle) -> None:
        self.handle = handle
        self._store: FactStore | None = None
        self._names: list[str] = []
        self._topics: list[str] = []
        self._prefixes: dict[str, tuple[str, ...]] = {}  # suggestion -> folded forms typing can start

    def _load(self) -> FactStore:
        store = self.handle.current
        if store is not self._store:  # built once per store; a refresh swaps the store
            index = store.index
            ranked = sorted(range(len(store.entities)), key=lambda i: -index.mention_counts[i])
            self._names = list(dict.fromkeys(short(store.entities[i]["name"]) for i in ranked))
            taken = {fold(n) for n in self._names}
            words = [w for w, _ in index.word_counts.most_common(MAX_TOPIC_WORDS) if w not in taken]
            self._topics = self._names + words
            self._prefixes = {s: (fold(s), *fold(s).split()[1:]) for s in self._topics}
            self._store = store
        return store

    def choices(self, kind: str, current: str) -> list[str]:
        """At most 25 suggestions for what has been typed so far, best first."""
        store = self._load()
        pool = self._names if kind == "entity" else self._topics
        typed = fold(" ".join(current.split()))
        if not typed:
            return pool[:MAX_CHOICES]
        found = [s for s in pool if any(form.startswith(typed) for form in self._prefixes[s])]
        if kind == "entity":
            found += [short(m.entity["name"]) for m in store.index.find_entities(current, limit=MAX_CHOICES)]
        if len(found) < MAX_CHOICES:
            found += [s for s, _, _ in process.extract(typed, pool, scorer=fuzz.WRatio, processor=fold,
                                                       score_cutoff=70, limit=MAX_CHOICES)]
        return list(dict.fromkeys(found))[:MAX_CHOICES]


async def tell_privately(interaction: discord.Interaction, text: str) -> None:
    """A short ephemeral message, whether or not the interaction was answered already."""
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True)
        else:
            await interaction.response.send_message(text, ephemeral=True)
    except discord.HTTPException as exc:
        log.warning("discord: could not tell the user: %s", exc)


class PostToChannel(discord.ui.View):
    """A button under a private answer that posts the same answer for the whole channel.

    The private copy is deleted once the answer is posted, as in Slack.
    """

    def __init__(self, reply: Reply, origin: discord.Interaction) -> None:
        super().__init__(timeout=VIEW_TIMEOUT)
        self.reply = reply
        self.origin = origin  # the command whose private answer carries the button

    @discord.ui.button(label="Post to channel", style=discord.ButtonStyle.secondary)
    async def post(self, interaction: discord.Interaction, _: discord.ui.Button[PostToChannel]) -> None:
        asked = f"/{self.reply.command} {self.reply.args}".strip().replace("`", "'")
        await interaction.response.send_message(content=f"{interaction.user.mention} shared `{short(asked)}`",
                                                embeds=render_embeds(self.reply), allowed_mentions=NO_MENTIONS)
        log.info("discord: answer posted to channel: user=%s channel=%s command=%s",
                 interaction.user.id, interaction.channel_id, self.reply.command)
        self.stop()
        try:
            await self.origin.delete_original_response()
        except discord.HTTPException as exc:  # e.g. the token expired; the private copy just stays
            log.info("discord: private copy not deleted: %s", exc)

    async def on_error(self, interaction: discord.Interaction, error: Exception,
                       _: discord.ui.Item[PostToChannel]) -> None:
        log.error("discord: posting /%s to the channel failed: user=%s channel=%s", self.reply.command,
                  interaction.user.id, interaction.channel_id, exc_info=error)
        await tell_privately(interaction, ERROR_TEXT)


class FactBot(discord.Client):
    """A client whose command tree mirrors :func:`handlers.specs`."""

    def __init__(self, settings: Settings, handle: StoreHandle, refresher: Refresher | None,
                 **options: Any) -> None:
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False  # no voice: no warning about it
        super().__init__(intents=discord.Intents.default(), allowed_mentions=NO_MENTIONS, **options)
        self.settings = settings
        self.handle = handle
        self.refresher = refresher
        self.guard = make_guard(settings)
        self.suggester = Suggester(handle)
        self.guild = discord.Object(id=settings.discord_guild_id) if settings.discord_guild_id else None
        self.in_flight: set[asyncio.Task[Any]] = set()  # commands being answered (drained on a stop)
        self.tree = app_commands.CommandTree(self)
        self.tree.error(self.on_tree_error)
        for spec in specs():
            self.tree.add_command(self.slash_command(spec), guild=self.guild)

    async def setup_hook(self) -> None:
        where = f"guild {self.guild.id}" if self.guild else "all servers (global)"
        try:
            synced = await self.tree.sync(guild=self.guild)
        except discord.HTTPException as exc:
            log.error("discord: could not sync commands to %s: %s. Was the bot invited with the "
                      "applications.commands scope?", where, exc)
            return
        log.info("discord: synced %d commands to %s", len(synced), where)

    async def on_ready(self) -> None:
        REGISTRY.report("discord", State.CONNECTED, self.connected)
        log.info("discord: connected as %s (id %s) to %d server(s)", self.user,
                 self.user.id if self.user else "?", len(self.guilds))

    def connected(self) -> bool:
        """Whether the gateway connection is open now (``/readyz``)."""
        return not self.is_closed() and self.ws is not None and self.ws.open

    # ------------------------------------------------------------------ commands

    def slash_command(self, spec: CommandSpec) -> app_commands.Command[Any, ..., None]:
        """An app command for a spec: its summary, its argument as a described string option."""

        async def without_argument(interaction: discord.Interaction) -> None:
            await self.answer(interaction, spec, "")

        async def required(interaction: discord.Interaction, text: str) -> None:
            await self.answer(interaction, spec, text)

        async def optional(interaction: discord.Interaction, text: str = "") -> None:
            await self.answer(interaction, spec, text)

        argument = spec.argument
        callback: Callable[..., Coroutine[Any, Any, None]] = without_argument
        if argument is not None:
            callback = required if argument.required else optional
            callback = app_commands.rename(text=argument.name)(callback)
            callback = app_commands.describe(text=short(argument.description))(callback)
            if argument.autocomplete:
                callback = app_commands.autocomplete(text=self.autocompleter(argument.autocomplete))(callback)
        if spec.admin_only:  # only a hint to Discord; answer() checks again
            callback = app_commands.default_permissions(manage_guild=True)(callback)
        return app_commands.Command(name=spec.name, description=short(spec.summary), callback=callback)

    def autocompleter(self, kind: str) -> Callable[[discord.Interaction[Any], str],
                                                   Coroutine[Any, Any, list[app_commands.Choice[str]]]]:
        async def suggest(_: discord.Interaction[Any], current: str) -> list[app_commands.Choice[str]]:
            return [app_commands.Choice(name=s, value=s) for s in self.suggester.choices(kind, current)]

        return suggest

    def user_of(self, interaction: discord.Interaction) -> User:
        """Who asks; an admin has Manage Server here or is listed in FACTBOT_ADMINS."""
        perms = interaction.permissions
        manages = interaction.guild_id is not None and (perms.manage_guild or perms.administrator)
        user_id = str(interaction.user.id)
        return User(id=user_id, name=interaction.user.name, is_admin=manages or user_id in self.settings.admins)

    async def answer(self, interaction: discord.Interaction, spec: CommandSpec, text: str) -> None:
        """Run one command and send its reply, privately unless the reply says otherwise."""
        if task := asyncio.current_task():  # discord.py runs each command in a task of its own
            self.in_flight.add(task)
            task.add_done_callback(self.in_flight.discard)
        user = self.user_of(interaction)
        if spec.admin_only and not user.is_admin:
            log.warning("discord: refused /%s: user=%s guild=%s lacks Manage Server and is not in FACTBOT_ADMINS",
                        spec.name, user.id, interaction.guild_id)
            refusal = Reply(text=f"/{spec.name} is for server admins (Manage Server permission) only.",
                            ok=False, command=spec.name, args=text[:200], suggestions=("/help",))
            await interaction.response.send_message(embeds=render_embeds(refusal), ephemeral=True)
            return
        ctx = context_for(self.settings, self.handle, self.refresher, user=user, platform="discord",
                          guard=self.guard)
        if spec.name in SLOW_COMMANDS:
            await self.answer_slowly(interaction, ctx, spec, text)
            return
        task = asyncio.ensure_future(answer(ctx, spec.name, text))  # off the loop: the defer timer runs
        done, _ = await asyncio.wait({task}, timeout=DEFER_AFTER)
        if not done:
            log.info("discord: /%s is slow, deferring", spec.name)
            await interaction.response.defer(ephemeral=True, thinking=True)
        await self.send(interaction, await task)

    async def answer_slowly(self, interaction: discord.Interaction, ctx: Context, spec: CommandSpec,
                            text: str) -> None:
        """Defer at once, show progress in the deferred message, then replace it with the reply."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        loop = asyncio.get_running_loop()
        last = -PROGRESS_EVERY

        async def progress(message: str) -> None:
            nonlocal last
            if loop.time() - last < PROGRESS_EVERY:
                return
            last = loop.time()
            try:
                await interaction.edit_original_response(content=message)
            except discord.HTTPException as exc:
                log.warning("discord: could not show progress of /%s: %s", spec.name, exc)

        ctx.progress = progress
        await self.send(interaction, await run_command(ctx, spec.name, text))

    async def send(self, interaction: discord.Interaction, reply: Reply) -> None:
        """The reply as embeds: a new response, or an edit of the deferred one.

        Private answers that cite something get the Post to channel button (as in Slack).
        """
        embeds = render_embeds(reply)
        private = reply.visibility is Visibility.PRIVATE
        view = PostToChannel(reply, interaction) if private and reply.ok and reply.citations else None
        if interaction.response.is_done():
            await interaction.edit_original_response(content=None, embeds=embeds, view=view)
        elif view is not None:
            await interaction.response.send_message(embeds=embeds, view=view, ephemeral=private)
        else:
            await interaction.response.send_message(embeds=embeds, ephemeral=private)

    async def on_tree_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        """Log the trace; tell the user briefly and privately."""
        name = interaction.command.name if interaction.command else "?"
        log.error("discord: /%s failed: user=%s guild=%s", name, interaction.user.id, interaction.guild_id,
                  exc_info=error)
        await tell_privately(interaction, ERROR_TEXT)


    async def drain(self) -> None:
        """Let the answers in flight be delivered, for at most ``FACTBOT_DRAIN_SECONDS``."""
        if not self.in_flight:
            return
        _, pending = await asyncio.wait(set(self.in_flight), timeout=self.settings.drain_seconds)
        if pending:
            log.warning("discord: %d answer(s) still in flight after %d s; stopping anyway", len(pending),
                        self.settings.drain_seconds)


def network_cause(exc: BaseException | None) -> BaseException | None:
    """The failure to reach Discord behind ``exc`` (itself or what it was raised from), if any.

    A cancellation is never one. (A first gateway connection that fails surfaces from discord.py as
    an ``AttributeError`` raised while it handles the network error.)
    """
    if not isinstance(exc, Exception):
        return None
    while exc is not None and not isinstance(exc, NETWORK_ERRORS):
        exc = exc.__cause__ or exc.__context__
    return exc


def _log_retry(state: RetryCallState) -> None:
    """One line per failed attempt: what failed (never the token) and when the next one starts."""
    cause = network_cause(state.outcome.exception() if state.outcome else None)
    wait = state.next_action.sleep if state.next_action else 0.0
    REGISTRY.report("discord", State.CONNECTING)
    log.warning("discord: cannot reach Discord (attempt %d, %s: %s); retrying in %.1f s", state.attempt_number,
                type(cause).__name__, cause, wait)


def _retrying() -> AsyncRetrying:
    return AsyncRetrying(retry=retry_if_exception(lambda exc: network_cause(exc) is not None),
                         wait=wait_exponential_jitter(multiplier=RETRY_FIRST_WAIT, max=RETRY_MAX_WAIT,
                                                      jitter=RETRY_FIRST_WAIT),
                         before_sleep=_log_retry, reraise=True)


async def _serve(settings: Settings, handle: StoreHandle, refresher: Refresher) -> None:
    """One client: sign in, connect and answer until stopped; a stop drains the answers, then closes it."""
    async with FactBot(settings, handle, refresher) as bot:
        try:
            await bot.start(settings.discord_token)
        except asyncio.CancelledError:
            await bot.drain()
            raise


async def run_discord(settings: Settings, handle: StoreHandle, refresher: Refresher) -> None:
    """Connect with ``DISCORD_TOKEN`` and answer slash commands until stopped.

    Network errors before the gateway is up (DNS, refused, Discord's 5xx) are retried with backoff,
    each on a fresh client, one log line per retry. A rejected token is logged and ends only the
    Discord front end, not the other platforms.
    """
    REGISTRY.report("discord", State.CONNECTING)
    try:
        await _retrying()(_serve, settings, handle, refresher)
    except discord.LoginFailure:
        log.error("discord: DISCORD_TOKEN was rejected; Discord stays off (see docs/discord.md)")
    finally:
        REGISTRY.report("discord", State.DOWN)
