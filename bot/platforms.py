"""Starting the chat platforms that have credentials, side by side."""

from __future__ import annotations

import asyncio
import logging

from knowledge.refresh import Refresher
from knowledge.store import StoreHandle

from .config import Settings
from .health import serve_health

log = logging.getLogger(__name__)


async def run_platforms(settings: Settings, handle: StoreHandle, refresher: Refresher) -> bool:
    """Run Slack and/or Discord until stopped; False when neither is configured."""
    jobs = []
    if settings.slack_enabled:
        from .slack import run_slack

        jobs.append(run_slack(settings, handle, refresher))
    if settings.discord_enabled:
        from .discord_bot import run_discord

        jobs.append(run_discord(settings, handle, refresher))
    if not jobs:
        return False
    if settings.public_url and not (settings.slack_enabled and settings.slack_mode == "http"):
        from .web import serve_pages  # Slack's HTTP mode mounts the pages on its own server

        jobs.append(serve_pages(settings, handle))
    elif not (settings.slack_enabled and settings.slack_mode == "http"):
        jobs.append(serve_health(settings, handle))  # /healthz, /readyz whenever no other server runs
    log.info("starting %d platform(s)", len(jobs))
    await asyncio.gather(*jobs)
    return True
