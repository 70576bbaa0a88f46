"""Starting the chat platforms that have credentials, side by side, and stopping them on a signal."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Coroutine
from typing import Any

from knowledge.refresh import Refresher
from knowledge.store import StoreHandle

from .config import Settings
from .health import serve_health

log = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
CLOSE_SECONDS = 2.0  # after draining its answers (FACTBOT_DRAIN_SECONDS), each platform closes within this


def _jobs(settings: Settings, handle: StoreHandle, refresher: Refresher) -> list[Coroutine[Any, Any, None]]:
    jobs = []
    if settings.slack_enabled:
        from .slack import run_slack

        jobs.append(run_slack(settings, handle, refresher))
    if settings.discord_enabled:
        from .discord_bot import run_discord

        jobs.append(run_discord(settings, handle, refresher))
    if not jobs:
        return jobs
    if settings.public_url and not (settings.slack_enabled and settings.slack_mode == "http"):
        from .web import serve_pages  # Slack's HTTP mode mounts the pages on its own server

        jobs.append(serve_pages(settings, handle))
    elif not (settings.slack_enabled and settings.slack_mode == "http"):
        jobs.append(serve_health(settings, handle))  # /healthz, /readyz whenever no other server runs
    return jobs


def _retrieve(done: asyncio.Future[Any]) -> None:
    if not done.cancelled():
        done.exception()


async def run_platforms(settings: Settings, handle: StoreHandle, refresher: Refresher) -> bool:
    """Run Slack and/or Discord until they end or SIGTERM/SIGINT; False when neither is configured.

    On a signal each platform drains the answers in flight, closes, and one line is logged.
    """
    jobs = _jobs(settings, handle, refresher)
    if not jobs:
        return False
    loop = asyncio.get_running_loop()
    received: asyncio.Future[signal.Signals] = loop.create_future()
    for sig in STOP_SIGNALS:
        loop.add_signal_handler(sig, lambda sig=sig: received.done() or received.set_result(sig))
    log.info("starting %d platform(s)", len(jobs))
    tasks = [asyncio.ensure_future(job) for job in jobs]
    running = asyncio.gather(*tasks)
    running.add_done_callback(_retrieve)  # after a stop its children's cancellation is expected
    try:
        await asyncio.wait({running, received}, return_when=asyncio.FIRST_COMPLETED)
        if received.done():
            for task in tasks:
                task.cancel()
            await asyncio.wait(tasks, timeout=settings.drain_seconds + CLOSE_SECONDS)
            log.info("stopped on %s: answers in flight delivered, platforms closed", received.result().name)
        else:
            await running  # every platform ended by itself: raise what failed
    finally:
        for sig in STOP_SIGNALS:
            loop.remove_signal_handler(sig)
        received.cancel()
    return True
