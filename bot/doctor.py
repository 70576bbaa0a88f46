"""Checks of the effective configuration: at start (one :class:`ConfigError` line) and ``factbot config``."""

from __future__ import annotations

import os
import sys
from dataclasses import fields
from pathlib import Path

from knowledge.model import model_missing

from .config import ConfigError, Settings

SHOWN_SECRET_CHARS = 5  # a token's prefix says its kind (xoxb-, xapp-) without giving it away
MIN_CHARS_TO_SHOW = 20  # a shorter secret shows only its length
TOKEN_PREFIXES = {"slack_bot_token": ("SLACK_BOT_TOKEN", "xoxb-"), "slack_app_token": ("SLACK_APP_TOKEN", "xapp-")}
BUILDING_COMMANDS = ("build",)


def _writable_dir(path: Path) -> bool:
    """The folder exists and is writable, or the nearest existing parent could create it."""
    while not path.exists():
        path = path.parent
    return path.is_dir() and os.access(path, os.W_OK | os.X_OK)


def path_problems(settings: Settings, command: str) -> list[str]:
    """Folders the command cannot use, one line each naming the variable and the fix."""
    problems = []
    articles = settings.articles_dir
    if articles.exists() and not (articles.is_dir() and os.access(articles, os.R_OK | os.X_OK)):
        problems.append(f"FACTBOT_ARTICLES (--articles) {articles} is not a readable folder; "
                        "fix its permissions or point the variable at the articles folder")
    elif not articles.exists() and command in BUILDING_COMMANDS:
        problems.append(f"FACTBOT_ARTICLES (--articles) {articles} does not exist; "
                        "create it or point the variable at the articles folder")
    store = settings.store_path
    if (command in BUILDING_COMMANDS or not store.exists()) and not _writable_dir(store.parent):
        problems.append(f"FACTBOT_STORE (--store) {store}: the folder {store.parent} is not writable; "
                        "fix its permissions or choose a writable path")
    if command in BUILDING_COMMANDS and (missing := model_missing()):
        problems.append(missing)
    return problems


def _interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def check_start(settings: Settings, command: str) -> None:
    """Raise the first problem as a :class:`ConfigError` (the caller prints it and exits 2).

    ``factbot run`` with no platform starts the terminal chat; without a terminal (a container, a
    service) that would end at once, so it is a configuration problem instead.
    """
    if problems := path_problems(settings, command):
        raise ConfigError(problems[0])
    if command == "run" and not (settings.slack_enabled or settings.discord_enabled) and not _interactive():
        raise ConfigError("no chat platform configured and no terminal to chat in: set SLACK_BOT_TOKEN and "
                          "SLACK_APP_TOKEN (Slack), or DISCORD_TOKEN (Discord), in .env or the environment "
                          "(see .env.example); `factbot serve` serves only the article pages")


def mask(value: str) -> str:
    """A secret as its kind and length only."""
    if not value:
        return "(not set)"
    shown = value[:SHOWN_SECRET_CHARS] if len(value) >= MIN_CHARS_TO_SHOW else ""
    return f"{shown}… ({len(value)} characters)"


def describe(settings: Settings) -> list[str]:
    """The effective configuration, one ``name = value`` line each, secrets masked."""
    secret = {f.name for f in fields(settings) if not f.repr}
    lines = []
    for f in fields(settings):
        value = getattr(settings, f.name)
        if f.name in secret:
            shown = mask(value)
        elif isinstance(value, (frozenset, tuple)):
            shown = ", ".join(sorted(value) if isinstance(value, frozenset) else value) or "(none)"
        else:
            shown = "(not set)" if value in ("", None) else str(value)
        lines.append(f"{f.name} = {shown}")
    platforms = [name for name, on in (("slack", settings.slack_enabled), ("discord", settings.discord_enabled)) if on]
    lines.append(f"platforms = {', '.join(platforms) or 'none (factbot run starts the terminal chat; without a terminal it exits 2)'}")
    return lines


def problems(settings: Settings) -> list[str]:
    """Everything ``factbot config`` checks: folders, the model, the shape of each token."""
    found = path_problems(settings, "build")
    for name, (variable, prefix) in TOKEN_PREFIXES.items():
        value = getattr(settings, name)
        if value and not value.startswith(prefix):
            found.append(f"{variable} does not start with {prefix}; copy it again from the Slack app's settings")
    if settings.discord_token and (" " in settings.discord_token or settings.discord_token.count(".") != 2):
        found.append("DISCORD_TOKEN is not shaped like a bot token (three parts joined by dots); "
                     "reset and copy it from the Discord developer portal's Bot page")
    return found
