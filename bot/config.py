"""Settings from the environment (and an optional ``.env`` file), validated once at start.

Every problem is a :class:`ConfigError`: one line naming the variable and the fix. Paths are made
absolute once, so a rebuild child and the build lock do not depend on the working directory.
Secrets are never logged.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from dotenv import load_dotenv as _read_dotenv

from knowledge.links import Links

DEFAULT_ARTICLES = "seeds"
DEFAULT_STORE = "data/factstore.json"
DEFAULT_HTTP_PORT = 8080
DEFAULT_RATE_LIMIT = 20
DEFAULT_FEED_INTERVAL = 15  # minutes between polls of the feeds
MAX_FEED_INTERVAL = 7 * 24 * 60  # a week, in minutes
DEFAULT_DRAIN_SECONDS = 7  # on SIGTERM/SIGINT, answers in flight get this long (under `docker stop`'s 10 s)
MAX_DRAIN_SECONDS = 3600
MAX_PORT = 65535
SLACK_MODES = ("socket", "http")
# What each Slack mode needs; setting some of them but not all is an error.
SLACK_NEEDS = {"socket": ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"), "http": ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET")}


class ConfigError(ValueError):
    """A setting that cannot work; the message names the variable and the fix."""


def load_dotenv(path: str | Path = ".env") -> None:
    """Read a ``.env`` file (python-dotenv: quotes, inline comments, ``${VAR}``); variables already set win."""
    _read_dotenv(Path(path), override=False, interpolate=True)


def _csv(value: str) -> frozenset[str]:
    return frozenset(v.strip() for v in value.split(",") if v.strip())


def _int(env: dict[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise ConfigError(f"{name}={raw!r} is not a whole number from {low} to {high}; "
                          f"fix it in .env or the environment (default {default})")
    return int(raw)


def _choice(env: dict[str, str], name: str, default: str, choices: tuple[str, ...]) -> str:
    raw = env.get(name, "").strip() or default
    if raw.lower() not in {c.lower() for c in choices}:
        raise ConfigError(f"{name}={raw!r} is not one of {', '.join(choices)}; set one of them (default {default})")
    return raw


def _check_slack(env: dict[str, str], mode: str) -> None:
    """Some Slack variables set but not all the mode needs: name the missing ones."""
    given = [name for name in SLACK_NEEDS[mode] if env.get(name, "").strip()]
    missing = [name for name in SLACK_NEEDS[mode] if name not in given]
    if given and missing:
        raise ConfigError(f"Slack is half configured ({', '.join(given)} set): set {' and '.join(missing)} "
                          f"for SLACK_MODE={mode}, or unset {', '.join(given)} (see .env.example)")


def _feeds(value: str) -> tuple[str, ...]:
    """``FACTBOT_FEEDS``: comma-separated http(s) URLs, each once, in the order given."""
    urls = tuple(dict.fromkeys(u.strip() for u in value.split(",") if u.strip()))
    for url in urls:
        if not _http_url(url):
            raise ConfigError(f"FACTBOT_FEEDS: {url!r} is not an http(s) URL; list RSS or Atom feed URLs "
                              "separated by commas")
    return urls


def _http_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:  # an unclosed [IPv6] host
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def _api_url(url: str) -> str:
    if url and not url.startswith(("https://", "http://")):
        raise ConfigError(f"SLACK_API_URL={url!r} is not an http(s) URL; leave it empty for Slack's own API")
    return url if not url or url.endswith("/") else url + "/"  # slack_sdk joins method names onto it


def _absolute(path: Path) -> Path:
    return path.expanduser().resolve()


@dataclass(frozen=True)
class Settings:
    """Everything configurable; paths are absolute. ``repr`` hides secrets."""

    articles_dir: Path = Path(DEFAULT_ARTICLES)
    store_path: Path = Path(DEFAULT_STORE)
    admins: frozenset[str] = frozenset()
    log_level: str = "INFO"
    public_url: str = ""
    http_port: int = DEFAULT_HTTP_PORT
    link_secret: str = field(default="", repr=False)
    slack_bot_token: str = field(default="", repr=False)
    slack_app_token: str = field(default="", repr=False)
    slack_signing_secret: str = field(default="", repr=False)
    slack_mode: str = "socket"
    slack_api_url: str = ""  # the Web API's base URL; empty: Slack's own (set for a proxy or a fake Slack)
    discord_token: str = field(default="", repr=False)
    discord_guild_id: int | None = None
    rate_limit_per_minute: int = DEFAULT_RATE_LIMIT
    feeds: tuple[str, ...] = ()  # RSS/Atom URLs followed from the start (FACTBOT_FEEDS)
    feed_interval_minutes: int = DEFAULT_FEED_INTERVAL
    drain_seconds: int = DEFAULT_DRAIN_SECONDS

    def __post_init__(self) -> None:
        object.__setattr__(self, "articles_dir", _absolute(Path(self.articles_dir)))
        object.__setattr__(self, "store_path", _absolute(Path(self.store_path)))

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides: object) -> Settings:
        """Read and check the variables; raises :class:`ConfigError` on the first problem."""
        env = dict(os.environ if env is None else env)
        mode = _choice(env, "SLACK_MODE", "socket", SLACK_MODES).lower()
        _check_slack(env, mode)
        guild = env.get("DISCORD_GUILD_ID", "").strip()
        if guild and not guild.isdigit():
            raise ConfigError(f"DISCORD_GUILD_ID={guild!r} is not a server id (digits only); "
                              "copy it with Developer Mode on, or leave it empty")
        values: dict[str, object] = {
            "articles_dir": Path(env.get("FACTBOT_ARTICLES") or DEFAULT_ARTICLES),
            "store_path": Path(env.get("FACTBOT_STORE") or DEFAULT_STORE),
            "admins": _csv(env.get("FACTBOT_ADMINS", "")),
            "log_level": (env.get("FACTBOT_LOG_LEVEL") or "INFO").upper(),  # bot.logs warns on an unknown one
            "public_url": env.get("FACTBOT_PUBLIC_URL", "").strip().rstrip("/"),
            "http_port": _int(env, "FACTBOT_HTTP_PORT", DEFAULT_HTTP_PORT, 0, MAX_PORT),
            "link_secret": env.get("FACTBOT_LINK_SECRET", ""),
            "slack_bot_token": env.get("SLACK_BOT_TOKEN", "").strip(),
            "slack_app_token": env.get("SLACK_APP_TOKEN", "").strip(),
            "slack_signing_secret": env.get("SLACK_SIGNING_SECRET", "").strip(),
            "slack_mode": mode,
            "slack_api_url": _api_url(env.get("SLACK_API_URL", "").strip()),
            "discord_token": env.get("DISCORD_TOKEN", "").strip(),
            "discord_guild_id": int(guild) if guild else None,
            "rate_limit_per_minute": _int(env, "FACTBOT_RATE_LIMIT", DEFAULT_RATE_LIMIT, 1, 10**6),
            "feeds": _feeds(env.get("FACTBOT_FEEDS", "")),
            "feed_interval_minutes": _int(env, "FACTBOT_FEED_INTERVAL", DEFAULT_FEED_INTERVAL, 1, MAX_FEED_INTERVAL),
            "drain_seconds": _int(env, "FACTBOT_DRAIN_SECONDS", DEFAULT_DRAIN_SECONDS, 0, MAX_DRAIN_SECONDS),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]

    @property
    def links(self) -> Links:
        return Links(public_url=self.public_url, secret=self.link_secret)

    @property
    def slack_enabled(self) -> bool:
        if self.slack_mode == "http":
            return bool(self.slack_bot_token and self.slack_signing_secret)
        return bool(self.slack_bot_token and self.slack_app_token)

    @property
    def discord_enabled(self) -> bool:
        return bool(self.discord_token)

    def secrets(self) -> list[str]:
        """Values that must never appear in logs or replies."""
        return [s for s in (self.link_secret, self.slack_bot_token, self.slack_app_token,
                            self.slack_signing_secret, self.discord_token) if s]
