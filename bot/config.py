"""Settings from the environment (and an optional ``.env`` file). Secrets are never logged."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.links import Links

DEFAULT_ARTICLES = "seeds"
DEFAULT_STORE = "data/factstore.json"


def load_dotenv(path: str | Path = ".env") -> None:
    """Read ``KEY=value`` lines into the environment; variables already set win."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        key = key.removeprefix("export ").strip()
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        else:
            value = re.sub(r"(?:^|\s+)#.*$", "", value)  # an inline comment
        os.environ.setdefault(key, value)


def _csv(value: str) -> frozenset[str]:
    return frozenset(v.strip() for v in value.split(",") if v.strip())


@dataclass(frozen=True)
class Settings:
    """Everything configurable. ``repr`` hides secrets."""

    articles_dir: Path = Path(DEFAULT_ARTICLES)
    store_path: Path = Path(DEFAULT_STORE)
    admins: frozenset[str] = frozenset()
    log_level: str = "INFO"
    public_url: str = ""
    http_port: int = 8080
    link_secret: str = field(default="", repr=False)
    slack_bot_token: str = field(default="", repr=False)
    slack_app_token: str = field(default="", repr=False)
    slack_signing_secret: str = field(default="", repr=False)
    slack_mode: str = "socket"
    discord_token: str = field(default="", repr=False)
    discord_guild_id: int | None = None
    rate_limit_per_minute: int = 20

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides: object) -> Settings:
        env = dict(os.environ if env is None else env)
        guild = env.get("DISCORD_GUILD_ID", "").strip()
        values: dict[str, object] = {
            "articles_dir": Path(env.get("FACTBOT_ARTICLES") or DEFAULT_ARTICLES),
            "store_path": Path(env.get("FACTBOT_STORE") or DEFAULT_STORE),
            "admins": _csv(env.get("FACTBOT_ADMINS", "")),
            "log_level": (env.get("FACTBOT_LOG_LEVEL") or "INFO").upper(),
            "public_url": env.get("FACTBOT_PUBLIC_URL", "").strip().rstrip("/"),
            "http_port": int(env.get("FACTBOT_HTTP_PORT") or 8080),
            "link_secret": env.get("FACTBOT_LINK_SECRET", ""),
            "slack_bot_token": env.get("SLACK_BOT_TOKEN", ""),
            "slack_app_token": env.get("SLACK_APP_TOKEN", ""),
            "slack_signing_secret": env.get("SLACK_SIGNING_SECRET", ""),
            "slack_mode": (env.get("SLACK_MODE") or "socket").lower(),
            "discord_token": env.get("DISCORD_TOKEN", ""),
            "discord_guild_id": int(guild) if guild.isdigit() else None,
            "rate_limit_per_minute": int(env.get("FACTBOT_RATE_LIMIT") or 20),
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
