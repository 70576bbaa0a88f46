"""News feeds: /feeds, FACTBOT_FEEDS and the poller, against a news site on 127.0.0.1 (no test touches the
internet). The poller is driven directly with an injected clock: no test waits on the wall clock."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from pathlib import Path

import pytest
import yaml

from handlers import Context, User, run_command
from handlers.feeds import FEEDS_USER, poll_cycle, poll_forever
from knowledge import fetch
from knowledge.feeds import (ENTRY_ATTEMPTS, MAX_BACKOFF, Entry, backoff, load_book, seed, state_path,
                             update_book)
from tests.fakes.news_site import NewsSite, entries_feed, feed, rss_feed
from tests.web_fixtures import Bot, bot, private_allowed, site  # noqa: F401 (pytest fixtures)

ADMIN = User(id="admin", is_admin=True)
MALLORY = User(id="mallory")
T0 = dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.timezone.utc)
INTERVAL = dt.timedelta(minutes=15)
WAIT_STEP = 0.01  # seconds between looks at the state file while `factbot run` runs
HANG_GUARD = 60.0  # seconds: only against a hang, never a speed limit



def ctx_of(bot: Bot, user: User = ADMIN, platform: str = "test") -> Context:
    handle, refresher, _ = bot
    return Context(handle=handle, user=user, platform=platform, refresher=refresher)


def follow(bot: Bot, *urls: str) -> None:
    update_book(state_path(bot[1].store_path), lambda book: seed(book, urls))


async def cycle(bot: Bot, now: dt.datetime) -> bool:
    return await poll_cycle(ctx_of(bot, FEEDS_USER, "feeds"), INTERVAL, now)


async def listing(bot: Bot) -> dict[str, str]:
    """``/feeds`` as asked by anyone: each feed's URL -> the rest of its line."""
    reply = await run_command(ctx_of(bot, MALLORY), "feeds", "")
    assert reply.ok, reply.text
    lines = [line.removeprefix("• ") for line in reply.text.splitlines()[1:]]
    return dict(line.split(": ", 1) for line in lines)


def url_of(path: Path) -> str:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n", 2)[1])["url"]


async def test_rss_and_atom_entries_land_as_articles_and_answers_cite_them(
        site: NewsSite, bot: Bot, caplog: pytest.LogCaptureFixture) -> None:
    handle, _, articles = bot
    for path, count in (("/feed.rss", 2), ("/feed.atom", 1)):
        reply = await run_command(ctx_of(bot), "feeds", f"add {site.url(path)}")
        assert reply.ok and reply.text.startswith(f"Following {site.url(path)} ({count} entries now)"), reply.text
    assert await listing(bot) == {site.url("/feed.rss"): "not polled yet", site.url("/feed.atom"): "not polled yet"}

    with caplog.at_level(logging.INFO, logger="factbot.feeds"):
        assert await cycle(bot, T0) is False
    saved = sorted(articles.glob("web-*.md"))
    assert sorted(url_of(p) for p in saved) == sorted(site.url(p) for p in ("/news/reservoir-plan",
                                                                            "/local/ferry.html", "/fr/cafe.html"))
    assert all(p.stem in handle.current.articles for p in saved)
    assert "feeds: Added ‘Water board approves Calder reservoir plan’ (Valley Courier, 2025-03-04)" in caplog.text
    for name, path in (("Lindqvist", "/news/reservoir-plan"), ("Ines Duarte", "/local/ferry.html")):
        answer = await run_command(ctx_of(bot, MALLORY), "who", name)
        assert answer.ok and {c.url for c in answer.citations} == {site.url(path)}
    shown = await listing(bot)
    assert shown[site.url("/feed.rss")] == "polled 2026-01-05 08:00 UTC: 2 new; next poll 2026-01-05 08:15 UTC"
    assert shown[site.url("/feed.atom")] == "polled 2026-01-05 08:00 UTC: 1 new; next poll 2026-01-05 08:15 UTC"

    store, page_hits, feed_hits = handle.current, site.hits["/news/reservoir.html"], site.hits["/feed.rss"]
    assert await cycle(bot, T0 + INTERVAL) is False  # the same entries again: not fetched, nothing refreshed
    assert sorted(articles.glob("web-*.md")) == saved and handle.current is store
    assert site.hits["/feed.rss"] == feed_hits + 1 and site.hits["/news/reservoir.html"] == page_hits
    assert (await listing(bot))[site.url("/feed.rss")].startswith("polled 2026-01-05 08:15 UTC: nothing new;")


async def test_failing_feeds_are_recorded_and_retried_with_backoff_while_another_works(
        site: NewsSite, bot: Bot, monkeypatch: pytest.MonkeyPatch) -> None:
    handle, _, articles = bot
    failing = {"/broken.xml": "not a valid RSS or Atom feed", "/missing.rss": "the server answered 404 Not Found",
               "/slow.rss": "timed out"}
    follow(bot, site.url("/feed.rss"), *map(site.url, failing))
    await cycle(bot, T0)
    assert len(list(articles.glob("web-*.md"))) == 2  # the working feed's entries, refreshed into the store
    assert {url_of(p) for p in articles.glob("web-*.md")} <= {a.get("url") for a in handle.current.articles.values()}
    shown = await listing(bot)
    for path, reason in failing.items():
        assert shown[site.url(path)].startswith(f"polled 2026-01-05 08:00 UTC: failed: {reason}"), shown[site.url(path)]
        assert shown[site.url(path)].endswith("(1 in a row); trying again after 2026-01-05 08:15 UTC")

    await cycle(bot, T0 + INTERVAL)  # tried again after one interval; the wait then doubles
    assert (await listing(bot))[site.url("/broken.xml")].endswith("(2 in a row); trying again after "
                                                                  "2026-01-05 08:45 UTC")
    hits = {path: site.hits.get(path, 0) for path in failing}
    await cycle(bot, T0 + 2 * INTERVAL)
    assert {path: site.hits.get(path, 0) for path in failing} == hits  # backing off: not fetched
    assert (await listing(bot))[site.url("/feed.rss")].startswith("polled 2026-01-05 08:30 UTC: nothing new")
    await cycle(bot, T0 + 3 * INTERVAL)
    assert (await listing(bot))[site.url("/missing.rss")].endswith("(3 in a row); trying again after "
                                                                   "2026-01-05 09:45 UTC")

    monkeypatch.setitem(site.routes, "/broken.xml", feed(rss_feed(site.base)))  # the feed is fixed
    await cycle(bot, T0 + 7 * INTERVAL)
    assert (await listing(bot))[site.url("/broken.xml")] == ("polled 2026-01-05 09:45 UTC: nothing new, 2 not "
                                                             "added; next poll 2026-01-05 10:00 UTC")
    assert len(list(articles.glob("web-*.md"))) == 2  # the same articles by another feed: already there


async def test_a_feed_that_breaks_the_reader_does_not_stop_the_others(site: NewsSite, bot: Bot,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from handlers import feeds as poller

    bad, walls = site.url("/feed.atom"), site.url("/walls.rss")
    monkeypatch.setitem(site.routes, "/walls.rss", feed(entries_feed(site.base, "/login.html")))
    real = poller.read_feed

    def read(url: str) -> list[Entry]:
        if url == bad:
            raise RuntimeError("a parser bug")
        return real(url)

    monkeypatch.setattr(poller, "read_feed", read)
    follow(bot, bad, walls)
    assert await cycle(bot, T0) is False
    shown = await listing(bot)
    assert shown[bad].startswith("polled 2026-01-05 08:00 UTC: failed: unexpected error (RuntimeError; see the log)")
    assert shown[walls].startswith("polled 2026-01-05 08:00 UTC: nothing new, 1 not added;")  # a login wall


def test_backoff_doubles_up_to_a_cap() -> None:
    waits = [backoff(failures, INTERVAL) for failures in range(1, 8)]
    assert waits[:4] == [INTERVAL, 2 * INTERVAL, 4 * INTERVAL, 8 * INTERVAL]
    assert waits[-1] == MAX_BACKOFF and all(a <= b for a, b in zip(waits, waits[1:]))
    assert backoff(10_000, INTERVAL) == MAX_BACKOFF
    assert backoff(3, 2 * MAX_BACKOFF) == 2 * MAX_BACKOFF  # never sooner than the interval itself


async def test_an_entry_whose_page_times_out_is_tried_again_then_given_up(site: NewsSite, bot: Bot,
                                                                          caplog: pytest.LogCaptureFixture) -> None:
    _, _, articles = bot
    follow(bot, site.url("/slow-entry.rss"))
    with caplog.at_level(logging.INFO, logger="factbot.feeds"):
        for n in range(ENTRY_ATTEMPTS + 1):
            await cycle(bot, T0 + n * INTERVAL)
    assert site.hits["/slow.html"] == ENTRY_ATTEMPTS and not list(articles.glob("web-*.md"))
    assert caplog.text.count("timed out (read timeout) (will try again)") == ENTRY_ATTEMPTS - 1
    assert f"gave up after {ENTRY_ATTEMPTS} tries" in caplog.text
    assert (await listing(bot))[site.url("/slow-entry.rss")].startswith("polled 2026-01-05 08:45 UTC: nothing new;")


async def test_private_addresses_are_refused_without_the_variable(site: NewsSite, bot: Bot,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(fetch.ALLOW_PRIVATE_VARIABLE)
    _, refresher, articles = bot
    reply = await run_command(ctx_of(bot), "feeds", f"add {site.url('/feed.rss')}")
    assert not reply.ok and "resolves to a private or local address (127.0.0.1)" in reply.text
    assert fetch.ALLOW_PRIVATE_VARIABLE in reply.text and not state_path(refresher.store_path).exists()
    follow(bot, site.url("/feed.rss"))  # from FACTBOT_FEEDS: the poll is refused the same way
    hits = dict(site.hits)
    await cycle(bot, T0)
    assert "failed: 127.0.0.1 resolves to a private or local address" in (await listing(bot))[site.url("/feed.rss")]
    assert site.hits == hits and not list(articles.glob("web-*.md"))


async def test_remove_is_remembered_and_factbot_feeds_does_not_add_it_back(site: NewsSite, bot: Bot) -> None:
    rss, broken = site.url("/feed.rss"), site.url("/broken.xml")
    follow(bot, rss)
    reply = await run_command(ctx_of(bot), "feeds", f"remove {rss}")
    assert reply.ok and reply.text == f"Stopped following {rss}; the articles it brought stay."
    again = await run_command(ctx_of(bot), "feeds", f"remove {rss}")
    assert not again.ok and "Not following" in again.text
    times = iter([T0, T0 + INTERVAL])
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        if len(slept) == 2:
            raise asyncio.CancelledError  # the bot stops

    with pytest.raises(asyncio.CancelledError):
        await poll_forever(ctx_of(bot, FEEDS_USER, "feeds"), INTERVAL, [rss, broken], clock=lambda: next(times),
                           sleep=sleep)
    assert slept == [INTERVAL.total_seconds()] * 2
    assert list(await listing(bot)) == [broken]
    assert (await listing(bot))[broken].startswith("polled 2026-01-05 08:15 UTC: failed: not a valid RSS")


async def test_feeds_add_and_remove_are_for_admins_only(site: NewsSite, bot: Bot) -> None:
    _, refresher, _ = bot
    hits = dict(site.hits)
    for action in ("add", "remove"):
        reply = await run_command(ctx_of(bot, MALLORY), "feeds", f"{action} {site.url('/feed.rss')}")
        assert not reply.ok and reply.text == f"/feeds {action} is for admins only."
    assert site.hits == hits and not state_path(refresher.store_path).exists()
    nothing = await run_command(ctx_of(bot, MALLORY), "feeds", "")
    assert not nothing.ok and "No feeds are followed" in nothing.text
    unknown = await run_command(ctx_of(bot), "feeds", "subscribe x")
    assert not unknown.ok and "Unknown /feeds action “subscribe”" in unknown.text and "/feeds add <url>" in unknown.text
    bare = await run_command(ctx_of(bot), "feeds", "add")
    assert not bare.ok and bare.text.startswith("/feeds add needs a feed's URL.")


async def test_a_damaged_state_file_is_moved_aside(bot: Bot) -> None:
    path = state_path(bot[1].store_path)
    path.write_text('{"version": 1, "feeds": [{"url": 3}], "removed": []}', encoding="utf-8")
    reply = await run_command(ctx_of(bot), "feeds", "")
    assert not reply.ok and "No feeds are followed" in reply.text
    assert not path.exists() and path.with_name(path.name + ".damaged").exists()


async def test_factbot_run_polls_the_feeds_beside_the_platforms(site: NewsSite, bot: Bot,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The poller starts with the platforms (its first poll at once, FACTBOT_FEEDS followed) and stops with them."""
    from bot import cli, platforms
    from bot.config import Settings

    handle, refresher, articles = bot
    settings = Settings(articles_dir=articles, store_path=refresher.store_path, feeds=(site.url("/broken.xml"),))
    path = state_path(refresher.store_path)

    async def platforms_running(*_: object) -> bool:
        """The platforms run until the first poll is recorded."""
        while not any(feed.last_poll for feed in load_book(path).feeds.values()):
            await asyncio.sleep(WAIT_STEP)
        return True

    monkeypatch.setattr(platforms, "run_platforms", platforms_running)
    assert await asyncio.wait_for(cli._run(settings, handle, refresher), HANG_GUARD) == 0
    [line] = (await listing(bot)).values()
    assert "failed: not a valid RSS or Atom feed" in line and "(1 in a row)" in line
    await asyncio.sleep(0)  # the cancelled poller ends
    assert not [t for t in asyncio.all_tasks() if t.get_coro().__name__ == "poll_forever"]  # type: ignore[union-attr]


# --- the admin check on both platforms

@pytest.mark.parametrize("mode", ["socket", "http"])
async def test_slack_feeds_add_is_refused_to_non_admins(site: NewsSite, bot: Bot, mode: str) -> None:
    from tests.fakes.slack import FakeSlack
    from tests.test_slack import ADMIN as SLACK_ADMIN, connected

    handle, refresher, _ = bot
    hits = dict(site.hits)
    fake = await FakeSlack().start()
    try:
        async with connected(fake, handle, mode, refresher=refresher) as slack:
            await slack.send("slash_commands", fake.slash("/feeds", f"add {site.url('/feed.rss')}",
                                                          user_id="U0MALLORY"))
            [refused] = await fake.wait("response")
            assert site.hits == hits and not state_path(refresher.store_path).exists()
            await slack.send("slash_commands", fake.slash("/feeds", f"add {site.url('/feed.rss')}",
                                                          user_id=SLACK_ADMIN))
            await fake.wait("response", 2)  # "Reading …", then the reply
            await slack.bot.idle()
            followed = fake.received["response"][-1]
    finally:
        await fake.close()
    assert refused["blocks"][0]["text"]["text"] == "/feeds add is for admins only."
    assert followed["blocks"][0]["text"]["text"].startswith(f"Following {site.url('/feed.rss')}")


async def test_discord_feeds_add_is_refused_without_manage_server(fake_discord: object, site: NewsSite,
                                                                  bot: Bot) -> None:
    from tests.fakes.discord import MANAGE_GUILD
    from tests.test_discord import ask, start

    handle, refresher, _ = bot
    hits = dict(site.hits)
    run = await start(handle, refresher)
    try:
        refused = await ask(fake_discord, "feeds", f"add {site.url('/feed.rss')}", permissions=0)  # type: ignore[arg-type]
        assert site.hits == hits and not state_path(refresher.store_path).exists()
        followed = await ask(fake_discord, "feeds", f"add {site.url('/feed.rss')}",  # type: ignore[arg-type]
                             permissions=MANAGE_GUILD, user_id=700000000000000002)
    finally:
        await run.stop()
    assert refused["data"]["embeds"][0]["description"].startswith(
        "/feeds add is for server admins (Manage Server permission) only.")
    assert followed["data"]["embeds"][0]["description"].startswith(f"Following {site.url('/feed.rss')}")


# --- configuration

FEED_VARIABLES = ("FACTBOT_FEEDS", "FACTBOT_FEED_INTERVAL")


@pytest.mark.parametrize(("dotenv", "hint"), [
    ("FACTBOT_FEED_INTERVAL=abc\n", "FACTBOT_FEED_INTERVAL='abc' is not a whole number from 1 to 10080"),
    ("FACTBOT_FEED_INTERVAL=0\n", "FACTBOT_FEED_INTERVAL='0' is not a whole number"),
    ("FACTBOT_FEEDS=https://news.example/rss, ftp://news.example/atom\n", "FACTBOT_FEEDS: 'ftp://news.example/atom'"),
])
def test_a_bad_feed_setting_is_one_line_and_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str], dotenv: str, hint: str) -> None:
    from bot.cli import CONFIG_ERROR, main

    for name in FEED_VARIABLES:
        monkeypatch.setenv(name, "")  # so that undoing restores what was there (load_dotenv writes os.environ)
        monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text(dotenv, encoding="utf-8")
    code = main(["run"])
    err = capsys.readouterr().err
    assert code == CONFIG_ERROR and err.count("\n") == 1 and hint in err and "Traceback" not in err


def test_factbot_config_shows_the_feeds_and_the_interval(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    from bot.cli import main

    monkeypatch.setenv("FACTBOT_FEEDS", "https://a.example/rss, https://b.example/atom,https://a.example/rss")
    monkeypatch.setenv("FACTBOT_FEED_INTERVAL", "30")
    main(["config", "--articles", str(tmp_path), "--store", str(tmp_path / "fs.json")])
    out = capsys.readouterr().out.splitlines()
    assert "feeds = https://a.example/rss, https://b.example/atom" in out
    assert "feed_interval_minutes = 30" in out
