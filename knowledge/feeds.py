"""News feeds (RSS and Atom) the bot follows: their state beside the store, reading one, adding its entries.

``<store>.feeds.json`` (written atomically) holds, per feed, its URL, the last poll's time and result, the
entries already seen, the failures in a row and when to try next; and the feeds removed with ``/feeds
remove``, so that ``FACTBOT_FEEDS`` does not add them back. A feed is fetched with the page fetch's checks
(:mod:`knowledge.fetch`: http(s) only, no private addresses, timeouts, 5 MB) and parsed with feedparser;
each new entry's link goes through :func:`knowledge.webpage.add_url`, like ``/add``.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TypeVar

from .fetch import FetchError, fetch_feed
from .webpage import AlreadyThere, NotAnArticle, WebArticle, add_url, write_atomic

log = logging.getLogger(__name__)

STATE_SUFFIX = ".feeds.json"
STATE_VERSION = 1
BACKOFF_FACTOR = 2  # each failure in a row multiplies the wait before the next try by this ...
MAX_BACKOFF = dt.timedelta(hours=6)  # ... up to this (or the poll interval, when that is longer)
MAX_SEEN = 1000  # entry ids remembered per feed (the newest); an older one comes back as "already there"
MAX_NEW_PER_POLL = 20  # entries fetched per feed and poll; the others wait for the next poll
ENTRY_ATTEMPTS = 3  # polls at which an entry whose page cannot be fetched is tried before it is given up
DAMAGED_SUFFIX = ".damaged"

T = TypeVar("T")
_LOCK = threading.Lock()  # one read-change-write of a state file at a time (the poller and /feeds)


class FeedError(ValueError):
    """A feed that was fetched but cannot be read as RSS or Atom; the message says why."""


@dataclass
class Feed:
    """One followed feed and what its last poll found (times are ISO 8601, UTC)."""

    url: str
    last_poll: str = ""  # empty: not polled yet
    last_result: str = ""  # "2 new", "nothing new", or why it failed
    ok: bool = True
    failures: int = 0  # in a row
    next_try: str = ""  # empty: at the next poll
    seen: list[str] = field(default_factory=list)  # entry ids already handled, oldest first
    attempts: dict[str, int] = field(default_factory=dict)  # entry id -> polls at which its page failed


_FIELD_TYPES: dict[str, type] = {
    "url": str, "last_poll": str, "last_result": str, "ok": bool, "failures": int, "next_try": str,
    "seen": list, "attempts": dict}


@dataclass
class FeedBook:
    """Every followed feed by URL, and the URLs removed by an admin."""

    feeds: dict[str, Feed] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    link: str


@dataclass
class PollResult:
    """What polling one feed did: articles saved, entries done with, pages to try again, or the feed's error."""

    url: str
    error: str = ""
    added: list[tuple[str, WebArticle]] = field(default_factory=list)
    done: list[str] = field(default_factory=list)  # entry ids not to try again
    retry: dict[str, int] = field(default_factory=dict)  # entry id -> failed attempts so far
    notes: list[str] = field(default_factory=list)  # one line per entry not added, for the log


# --- the state file

def state_path(store_path: Path) -> Path:
    """``<store>.feeds.json``, beside the store."""
    return store_path.with_name(store_path.name + STATE_SUFFIX)


def load_book(path: Path) -> FeedBook:
    """The feeds' state; empty when there is none. A damaged file is moved aside (and logged), never used."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return FeedBook()
    except (OSError, ValueError) as exc:
        return _damaged(path, exc)
    try:
        return _book_of(data)
    except (TypeError, ValueError, KeyError) as exc:
        return _damaged(path, exc)


def _book_of(data: object) -> FeedBook:
    if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
        raise ValueError(f"not a version {STATE_VERSION} feed state")
    if not _strings(data["removed"]):
        raise TypeError("removed is not a list of URLs")
    book = FeedBook(removed=data["removed"])
    for item in data["feeds"]:
        feed = Feed(**item)
        _check(feed)
        book.feeds[feed.url] = feed
    return book


def _check(feed: Feed) -> None:
    for name, kind in _FIELD_TYPES.items():
        if not isinstance(getattr(feed, name), kind):
            raise TypeError(f"{name} of {feed.url!r} is not a {kind.__name__}")
    if not _strings(feed.seen) or not _strings(list(feed.attempts)) or \
            not all(type(n) is int for n in feed.attempts.values()):
        raise TypeError(f"the entries of {feed.url!r} are not ids and counts")
    for stamp in (feed.last_poll, feed.next_try):
        when = parse_time(stamp)
        if when is not None and when.tzinfo is None:
            raise ValueError(f"{stamp!r} of {feed.url!r} has no time zone")


def _strings(items: object) -> bool:
    return isinstance(items, list) and all(isinstance(item, str) for item in items)


def _damaged(path: Path, exc: Exception) -> FeedBook:
    aside = path.with_name(path.name + DAMAGED_SUFFIX)
    log.warning("feed state %s is damaged (%s); moved to %s, starting afresh", path, exc, aside.name)
    try:
        path.replace(aside)
    except OSError as move:
        log.warning("cannot move %s aside: %s", path, move)
    return FeedBook()


def save_book(path: Path, book: FeedBook) -> None:
    data = {"version": STATE_VERSION, "feeds": [asdict(feed) for feed in book.feeds.values()],
            "removed": book.removed}
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def update_book(path: Path, change: Callable[[FeedBook], T]) -> T:
    """Read the state, apply ``change``, write it back (one at a time); what ``change`` returned."""
    with _LOCK:
        book = load_book(path)
        outcome = change(book)
        save_book(path, book)
        return outcome


def parse_time(stamp: str) -> dt.datetime | None:
    return dt.datetime.fromisoformat(stamp) if stamp else None


# --- changes to the book

def seed(book: FeedBook, urls: Iterable[str]) -> list[str]:
    """Follow each of ``urls`` (``FACTBOT_FEEDS``) not followed yet and not removed by an admin."""
    new = [url for url in urls if url not in book.feeds and url not in book.removed]
    for url in new:
        book.feeds[url] = Feed(url=url)
    return new


def follow(book: FeedBook, url: str) -> bool:
    """Follow ``url`` (an admin's ``/feeds add``); False when it is followed already."""
    if url in book.feeds:
        return False
    book.feeds[url] = Feed(url=url)
    book.removed = [u for u in book.removed if u != url]
    return True


def unfollow(book: FeedBook, url: str) -> bool:
    """Stop following ``url`` and remember that it was removed; False when it was not followed."""
    if book.feeds.pop(url, None) is None:
        return False
    if url not in book.removed:
        book.removed.append(url)
    return True


def due(book: FeedBook, now: dt.datetime) -> list[Feed]:
    """The feeds to poll at ``now``: never polled, or their next try has come."""
    return [feed for feed in book.feeds.values() if (parse_time(feed.next_try) or now) <= now]


def backoff(failures: int, interval: dt.timedelta) -> dt.timedelta:
    """The wait after ``failures`` in a row: the interval, doubled per further failure, capped."""
    cap = max(MAX_BACKOFF, interval)
    delay = interval
    for _ in range(failures - 1):
        delay = min(delay * BACKOFF_FACTOR, cap)
        if delay == cap:
            break
    return delay


def record(book: FeedBook, result: PollResult, now: dt.datetime, interval: dt.timedelta) -> Feed | None:
    """Apply one poll's result to its feed (unless it was removed meanwhile) and set its next try."""
    feed = book.feeds.get(result.url)
    if feed is None:
        return None
    feed.last_poll = now.isoformat()
    if result.error:
        feed.ok, feed.failures, feed.last_result = False, feed.failures + 1, result.error
        feed.next_try = (now + backoff(feed.failures, interval)).isoformat()
        return feed
    feed.ok, feed.failures, feed.last_result = True, 0, summary(result)
    feed.seen = (feed.seen + result.done)[-MAX_SEEN:]
    kept = {entry: tries for entry, tries in feed.attempts.items() if entry not in result.done}
    feed.attempts = {**kept, **result.retry}
    feed.next_try = (now + interval).isoformat()
    return feed


def summary(result: PollResult) -> str:
    """“2 new”, “nothing new”, with “, 1 not added” when some entries were not."""
    head = f"{len(result.added)} new" if result.added else "nothing new"
    return head + (f", {len(result.notes)} not added" if result.notes else "")


# --- reading a feed and adding its entries (blocking: run them in a worker thread)

def read_feed(url: str) -> list[Entry]:
    """The feed's entries that have a link, in the feed's order; :class:`FetchError` or :class:`FeedError`."""
    import feedparser  # only the feeds need it

    page = fetch_feed(url)
    # A stream, never bytes or str: feedparser.parse fetches a str URL and opens a file name itself.
    parsed = feedparser.parse(io.BytesIO(page.raw),
                              response_headers={"content-location": page.url, "content-type": page.content_type})
    entries = [Entry(id=str(e.get("id") or e["link"]), link=str(e["link"])) for e in parsed.entries if e.get("link")]
    if not entries and parsed.get("bozo"):
        problem = " ".join(str(parsed.get("bozo_exception", "")).split())
        raise FeedError(f"not a valid RSS or Atom feed ({problem or 'unreadable XML'})")
    if not parsed.get("version"):
        raise FeedError("not an RSS or Atom feed")
    return entries


def new_entries(feed: Feed, entries: list[Entry]) -> list[Entry]:
    """The entries not seen yet (each once), at most :data:`MAX_NEW_PER_POLL`."""
    seen = set(feed.seen)
    fresh: dict[str, Entry] = {}
    for entry in entries:
        if entry.id not in seen and entry.id not in fresh:
            fresh[entry.id] = entry
    return list(fresh.values())[:MAX_NEW_PER_POLL]


def add_entry(entry: Entry, feed: Feed, folder: Path, result: PollResult) -> None:
    """Fetch the entry's page into ``folder`` (the ``/add`` path) and note the outcome in ``result``.

    A page that cannot be fetched (a timeout, a 5xx) or written is tried again at the next polls, at most
    :data:`ENTRY_ATTEMPTS` times; one already there or with no article is not tried again.
    """
    try:
        result.added.append(add_url(entry.link, folder))
    except (AlreadyThere, NotAnArticle) as exc:
        result.notes.append(f"{entry.link}: {exc}")
    except (FetchError, OSError) as exc:  # OSError: the articles folder could not be written
        tries = feed.attempts.get(entry.id, 0) + 1
        again = tries < ENTRY_ATTEMPTS
        result.notes.append(f"{entry.link}: {exc} ({'will try again' if again else f'gave up after {tries} tries'})")
        if again:
            result.retry[entry.id] = tries
            return
    result.done.append(entry.id)
