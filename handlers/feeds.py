"""/feeds: the news feeds the bot follows (anyone); ``add``/``remove`` one (admins). And the poller: every
interval, the feeds that are due are read, their new entries added as articles, then one refresh runs.

A feed that fails (a timeout, bad XML, a 404) is recorded with the reason, shown by ``/feeds``, and tried
again after a backoff; it never stops the bot or the other feeds.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import Annotated

from knowledge.feeds import (Feed, FeedBook, FeedError, PollResult, add_entry, due, follow, load_book, new_entries,
                             parse_time, read_feed, record, seed, state_path, unfollow, update_book)
from knowledge.fetch import FetchError
from knowledge.webpage import WebArticle

from .add import refresh_and_report
from .commands import Arg, command
from .context import Context, User
from .dispatch import field
from .errors import Busy, NotAllowed
from .reply import Reply, notice

log = logging.getLogger("factbot.feeds")

ACTIONS = ("add", "remove")
FEEDS_USER = User(id="feeds", name="feed poller", is_admin=True)  # who the poller's refresh runs as
SHOWN_TIME = "%Y-%m-%d %H:%M UTC"
USAGE = "Use `/feeds`, `/feeds add <url>` or `/feeds remove <url>`."


@command(examples=("/feeds", "/feeds add https://example.com/news/rss.xml",
                   "/feeds remove https://example.com/news/rss.xml"))
async def feeds(ctx: Context,
                action: Annotated[str, Arg("Leave empty to list the feeds; admins: `add <url>` or `remove <url>`")]
                = "") -> Reply:
    """The news feeds (RSS, Atom) the bot follows, with each one's last poll and its result.

    Admins follow a feed with `/feeds add <url>` and stop with `/feeds remove <url>`. New entries are
    added as articles at each poll (every FACTBOT_FEED_INTERVAL minutes), then the store is refreshed once.
    """
    if ctx.refresher is None:
        return notice("Feeds are not available here.", command="feeds", args=action, ok=False)
    verb, _, url = action.strip().partition(" ")
    verb, url = verb.lower(), url.strip()
    if not verb:
        return await _list(ctx)
    if verb not in ACTIONS:
        return notice(f"Unknown /feeds action “{verb}”. {USAGE}", command="feeds", args=action, ok=False)
    if not url:
        return notice(f"/feeds {verb} needs a feed's URL. {USAGE}", command="feeds", args=action, ok=False)
    if not ctx.user.is_admin:
        log.warning("refused admin command: user=%s platform=%s command=feeds-%s", field(ctx.user.id),
                    ctx.platform, verb)
        who = "server admins (Manage Server permission)" if ctx.platform == "discord" else "admins"
        raise NotAllowed(f"/feeds {verb} is for {who} only.")
    return await (_follow(ctx, url) if verb == "add" else _unfollow(ctx, url))


async def _list(ctx: Context) -> Reply:
    assert ctx.refresher is not None
    book = await asyncio.to_thread(load_book, state_path(ctx.refresher.store_path))
    if not book.feeds:
        return notice("No feeds are followed. Admins add one with `/feeds add <url>` (or FACTBOT_FEEDS).",
                      command="feeds", ok=False)
    lines = [f"*Feeds* ({len(book.feeds)})", *(f"• {feed_line(feed)}" for feed in book.feeds.values())]
    return notice("\n".join(lines), command="feeds")


def feed_line(feed: Feed) -> str:
    """One feed: its URL, when it was last polled and what that found, and when it is tried next."""
    if not feed.last_poll:
        return f"{feed.url}: not polled yet"
    polled, following = shown(feed.last_poll), shown(feed.next_try)
    if feed.ok:
        return f"{feed.url}: polled {polled}: {feed.last_result}; next poll {following}"
    return (f"{feed.url}: polled {polled}: failed: {feed.last_result} ({feed.failures} in a row); "
            f"trying again after {following}")


def shown(stamp: str) -> str:
    when = parse_time(stamp)
    return when.astimezone(dt.timezone.utc).strftime(SHOWN_TIME) if when else "the next poll"


async def _follow(ctx: Context, url: str) -> Reply:
    """Read the feed once (so a wrong address is refused with the reason), then follow it."""
    assert ctx.refresher is not None
    path = state_path(ctx.refresher.store_path)
    if url in (await asyncio.to_thread(load_book, path)).feeds:
        return notice(f"Already following {url}.", command="feeds", args=f"add {url}", ok=False)
    await ctx.progress(f"Reading {url}…")
    try:
        entries = await asyncio.to_thread(read_feed, url)
    except (FetchError, FeedError) as exc:
        return notice(f"Not following {url}: {exc}. Nothing was written.", command="feeds", args=f"add {url}",
                      ok=False)
    await asyncio.to_thread(update_book, path, lambda book: follow(book, url))
    log.info("feeds: %s followed by user=%s platform=%s", url, field(ctx.user.id), ctx.platform)
    return notice(f"Following {url} ({len(entries)} entries now); its new entries are added at the next poll.",
                  command="feeds", args=f"add {url}")


async def _unfollow(ctx: Context, url: str) -> Reply:
    assert ctx.refresher is not None
    path = state_path(ctx.refresher.store_path)
    if not await asyncio.to_thread(update_book, path, lambda book: unfollow(book, url)):
        return notice(f"Not following {url}; `/feeds` lists the feeds.", command="feeds", args=f"remove {url}",
                      ok=False)
    log.info("feeds: %s removed by user=%s platform=%s", url, field(ctx.user.id), ctx.platform)
    return notice(f"Stopped following {url}; the articles it brought stay.", command="feeds", args=f"remove {url}")


# --- the poller

Clock = Callable[[], dt.datetime]
Sleep = Callable[[float], Awaitable[None]]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


async def poll_forever(ctx: Context, interval: dt.timedelta, seeded: Iterable[str], *, clock: Clock = utc_now,
                       sleep: Sleep = asyncio.sleep) -> None:
    """Follow ``seeded`` (``FACTBOT_FEEDS``, except feeds an admin removed), then poll every ``interval``
    until cancelled. A failing poll is logged; the next one runs all the same."""
    assert ctx.refresher is not None
    if urls := list(seeded):
        await asyncio.to_thread(update_book, state_path(ctx.refresher.store_path), lambda book: seed(book, urls))
    owed = False
    while True:
        try:
            owed = await poll_cycle(ctx, interval, clock(), owed=owed)
        except Exception:
            log.exception("feeds: the poll failed; trying again in %s", interval)
        await sleep(interval.total_seconds())


async def poll_cycle(ctx: Context, interval: dt.timedelta, now: dt.datetime, *, owed: bool = False) -> bool:
    """Poll every feed due at ``now``, add their new entries, then run one refresh for the batch.

    ``owed``: refresh even with nothing new (the last one was busy or failed). Returns whether a refresh
    is still owed.
    """
    assert ctx.refresher is not None
    path = state_path(ctx.refresher.store_path)
    book: FeedBook = await asyncio.to_thread(load_book, path)
    added: list[tuple[str, WebArticle]] = []
    for feed in due(book, now):
        try:
            result = await _poll(ctx, feed)
        except Exception as exc:  # a bug with one feed's content must not stop the others
            log.exception("feeds: reading %s failed unexpectedly", feed.url)
            result = PollResult(url=feed.url, error=f"unexpected error ({exc.__class__.__name__}; see the log)")
        recorded = await asyncio.to_thread(update_book, path, lambda b, r=result: record(b, r, now, interval))
        if recorded is not None:
            log.log(logging.INFO if recorded.ok else logging.WARNING, "feeds: %s", feed_line(recorded))
        for note in result.notes:
            log.info("feeds: not added %s", note)
        added += result.added
    if not (added or owed):
        return False
    return await _refresh(ctx, added)


async def _poll(ctx: Context, feed: Feed) -> PollResult:
    """Read one feed and add its new entries, one blocking step at a time (a stop cancels between them)."""
    assert ctx.refresher is not None
    result = PollResult(url=feed.url)
    try:
        entries = await asyncio.to_thread(read_feed, feed.url)
    except (FetchError, FeedError) as exc:
        result.error = str(exc)
        return result
    for entry in new_entries(feed, entries):
        await asyncio.to_thread(add_entry, entry, feed, ctx.refresher.articles_dir, result)
    return result


async def _refresh(ctx: Context, added: list[tuple[str, WebArticle]]) -> bool:
    """One refresh for the batch, reported in the log; True when it must be run again (busy or failed)."""
    try:
        reply = await refresh_and_report(ctx, added, "feeds")
    except Busy as exc:
        log.info("feeds: %d article(s) saved; a refresh is running, the next poll refreshes (%s)", len(added), exc)
        return True
    for line in reply.text.splitlines() or ["store refreshed"]:
        log.log(logging.INFO if reply.ok else logging.WARNING, "feeds: %s", line)
    return not reply.ok
