"""``factbot``: build the store, chat or ask in the terminal, or run the chat platforms."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .config import ConfigError, Settings, load_dotenv

if TYPE_CHECKING:
    from knowledge.refresh import Refresher
    from knowledge.store import StoreHandle

log = logging.getLogger("factbot")
CONFIG_ERROR = 2  # exit code of a configuration problem (argparse's usage errors use it too)


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--store", help="fact store file (FACTBOT_STORE; default data/factstore.json)")
    common.add_argument("--articles", help="articles folder (FACTBOT_ARTICLES; default seeds/)")
    parser = argparse.ArgumentParser(prog="factbot", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("build", parents=[common], help="build or update the fact store from the articles")
    sub.add_parser("chat", parents=[common], help="ask questions interactively in the terminal")
    ask = sub.add_parser("ask", parents=[common], help="answer commands and exit")
    ask.add_argument("--json", action="store_true", help="one JSON object per command per line")
    ask.add_argument("commands", nargs="+", metavar="COMMAND", help='e.g. "/who Blinken"')
    add = sub.add_parser("add", parents=[common], help="fetch web articles into the folder and refresh")
    add.add_argument("urls", nargs="+", metavar="URL", help="a news article's web address")
    sub.add_parser("run", parents=[common], help="run every front end that has credentials")
    sub.add_parser("serve", parents=[common], help="serve only the article pages over HTTP")
    sub.add_parser("config", parents=[common], aliases=["doctor"],
                   help="print the effective configuration (secrets masked) and check it")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; a configuration problem is one line on stderr and exit code 2."""
    load_dotenv()
    args = _parser().parse_args(argv)
    if args.command == "doctor":
        args.command = "config"
    quiet = args.command in ("build", "chat", "ask", "add") and not os.environ.get("FACTBOT_LOG_LEVEL")
    try:
        settings = Settings.from_env(
            store_path=Path(args.store) if args.store else None,
            articles_dir=Path(args.articles) if args.articles else None,
            log_level="WARNING" if quiet else None,  # per-command log lines would clutter a terminal
        )
        if args.command == "config":
            return _config(settings)
        from .doctor import check_start

        check_start(settings, args.command)
    except ConfigError as exc:
        print(f"factbot: {exc}", file=sys.stderr)
        return CONFIG_ERROR
    from .logs import configure_logging

    configure_logging(settings)
    from knowledge.store import BuildError, StoreError

    try:
        if args.command == "build":
            from .runtime import build

            try:
                build(settings)
            except OSError as exc:  # a full disk or read-only folder: one clear line, not a traceback
                where = f": {exc.filename}" if exc.filename else ""
                raise StoreError(f"cannot write the fact store {settings.store_path} "
                                 f"({exc.strerror or exc}{where})") from exc
            return 0
        return asyncio.run(_serve(args, settings))
    except (BuildError, StoreError) as exc:
        print(f"factbot: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _config(settings: Settings) -> int:
    """``factbot config``: the effective configuration, then each problem found (exit 2 if any)."""
    from .doctor import describe, problems

    print("\n".join(describe(settings)))
    found = problems(settings)
    for problem in found:
        print(f"problem: {problem}")
    print("configuration ok" if not found else f"{len(found)} problem(s)")
    return CONFIG_ERROR if found else 0


async def _serve(args: argparse.Namespace, settings: Settings) -> int:
    from .runtime import context_for, make_refresher, open_store
    from .terminal import LOCAL_USER, ask, chat

    handle = open_store(settings)
    refresher = make_refresher(settings, handle)
    if args.command == "ask":
        ctx = context_for(settings, handle, refresher, user=LOCAL_USER, platform="terminal")
        ok = await ask(ctx, args.commands, as_json=args.json)
        return 0 if ok else 1
    if args.command == "add":
        from handlers.add import add_urls

        reply = await add_urls(context_for(settings, handle, refresher, user=LOCAL_USER, platform="terminal"),
                               args.urls)
        print(reply.text)
        return 0 if reply.ok else 1
    if args.command == "serve":
        from .web import serve_pages

        await serve_pages(settings, handle)
        return 0
    if args.command == "run":
        return await _run(settings, handle, refresher)
    await chat(context_for(settings, handle, refresher, user=LOCAL_USER, platform="terminal"))
    return 0


async def _run(settings: Settings, handle: StoreHandle, refresher: Refresher) -> int:
    """The long-running bot: the platforms with credentials (else the terminal chat), the feed poller beside."""
    from handlers.feeds import FEEDS_USER, poll_forever

    from .platforms import run_platforms
    from .runtime import context_for

    poller = asyncio.create_task(poll_forever(
        context_for(settings, handle, refresher, user=FEEDS_USER, platform="feeds"),
        dt.timedelta(minutes=settings.feed_interval_minutes), settings.feeds))
    try:
        if await run_platforms(settings, handle, refresher):
            return 0
        print("No chat platform configured; starting the terminal chat.\n"
              "Set SLACK_BOT_TOKEN + SLACK_APP_TOKEN (Slack) or DISCORD_TOKEN (Discord) to enable them "
              "(see .env.example).", file=sys.stderr)
        if not os.environ.get("FACTBOT_LOG_LEVEL"):
            logging.getLogger().setLevel(logging.WARNING)
        await _chat_with_pages(settings, handle, refresher)
        return 0
    finally:
        poller.cancel()


async def _chat_with_pages(settings: Settings, handle: StoreHandle, refresher: Refresher) -> None:
    """The terminal chat of ``factbot run``, with the article pages served when FACTBOT_PUBLIC_URL is set."""
    from .runtime import context_for
    from .terminal import LOCAL_USER, chat

    ctx = context_for(settings, handle, refresher, user=LOCAL_USER, platform="terminal")
    pages = None
    if settings.public_url:
        from .web import serve_pages

        pages = asyncio.create_task(serve_pages(settings, handle))
    try:
        await chat(ctx)
    finally:
        if pages:
            pages.cancel()


if __name__ == "__main__":
    raise SystemExit(main())
