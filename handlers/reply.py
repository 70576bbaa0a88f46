"""The platform-neutral answer every command returns, and the citations it carries."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any


class Visibility(enum.Enum):
    """Who sees a reply: only the asker (default), or the whole channel."""

    PRIVATE = "private"
    PUBLIC = "public"


@dataclass(frozen=True, slots=True)
class Citation:
    """Evidence for a point in a reply: one sentence quoted verbatim from one article."""

    article: str
    title: str
    outlet: str
    published: str
    url: str
    quote: str
    sentence: int = -1  # index of the quoted sentence in the article, -1 when unknown
    link: str = ""  # where a reader can check the quote: the url, or the bot's article page
    context: str = ""  # the bot's page for the article with the quote highlighted, when served
    source: str = ""  # how replies name the article in running text (outlet, title or opening words)

    @property
    def context_link(self) -> str:
        """An extra "in context" link, offered when it differs from :attr:`link`."""
        return self.context if self.context and self.context != self.link else ""

    def __post_init__(self) -> None:
        if not self.quote.strip():
            raise ValueError("a citation needs a quoted sentence")

    @property
    def label(self) -> str:
        """A human name for the source: its title, else the name the reply text uses, else its id."""
        return self.title or self.source or f"Article {self.article}"

    @property
    def dateline(self) -> str:
        return self.published or "date of article unknown"

    def to_json(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "title": self.title,
            "outlet": self.outlet,
            "published": self.published,
            "url": self.url,
            "quote": self.quote,
            "sentence": self.sentence,
            "link": self.link,
            "context": self.context,
        }


@dataclass(frozen=True, slots=True)
class Reply:
    """Text (light markdown: ``*bold*``, ``_italic_``, ``•`` bullets) plus its evidence.

    A reply that found something (``ok``) without a citation cannot be built: use
    :func:`not_found` or :func:`notice` for answers that carry no evidence.
    Citation markers ``[1]``, ``[2]`` in ``text`` refer to ``citations`` in order.
    """

    text: str
    citations: tuple[Citation, ...] = ()
    ok: bool = True
    suggestions: tuple[str, ...] = ()
    visibility: Visibility = Visibility.PRIVATE
    command: str = ""
    args: str = ""
    more: str = ""  # a command that shows what did not fit ("/sources Aliyev")

    def __post_init__(self) -> None:
        if self.ok and not self.citations and not self.is_notice:
            raise ValueError("a reply that found something must cite its evidence")

    @property
    def is_notice(self) -> bool:
        """Help, usage and refresh reports: answers about the bot, not about the news."""
        return self.command in NOTICE_COMMANDS

    def to_json(self) -> dict[str, Any]:
        return {
            "command": self.command,
            "args": self.args,
            "ok": self.ok,
            "text": self.text,
            "citations": [c.to_json() for c in self.citations],
            "suggestions": list(self.suggestions),
        }


NOTICE_COMMANDS = frozenset({"help", "refresh", "add", "feeds"})


def not_found(text: str, *, suggestions: tuple[str, ...] | list[str] = (), command: str = "",
              args: str = "") -> Reply:
    """A plain "nothing found" reply with what to try instead."""
    return Reply(text=text, ok=False, suggestions=tuple(suggestions), command=command, args=args)


def notice(text: str, *, command: str, args: str = "", ok: bool = True,
           suggestions: tuple[str, ...] | list[str] = ()) -> Reply:
    """A reply about the bot itself (help, usage, refresh report): no evidence needed."""
    if command not in NOTICE_COMMANDS and ok:
        raise ValueError(f"/{command} replies that succeed must cite evidence")
    return Reply(text=text, ok=ok, command=command, args=args, suggestions=tuple(suggestions))
