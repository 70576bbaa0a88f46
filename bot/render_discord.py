"""Rendering a reply as Discord embeds: the answer in the description, one field per citation.

Pure functions, no network. Discord's limits are enforced here: 6000 characters over all
embeds, 10 embeds, 25 fields per embed, 4096 per description, 1024 per field value and 256
per field name. Citations that do not fit are dropped whole, lowest-ranked (last) first,
and a "+N more" footer says where to see them; a quote is never cut to make room for another.
Article text and user input are escaped so nothing in them formats, links or mentions.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import discord

from handlers.reply import Citation, Reply

from . import rendering

TOTAL_LIMIT = 6000
MAX_EMBEDS = 10
MAX_FIELDS = 25
DESCRIPTION_LIMIT = 4096
FIELD_VALUE_LIMIT = 1024
FIELD_NAME_LIMIT = 256
MAX_LINK_CHARS = 512  # a longer link would crowd the quote out of its field

FOUND_COLOUR = discord.Colour(0x2B6CB0)
NOT_FOUND_COLOUR = discord.Colour(0x8A8F98)

_SPECIAL = re.compile(r"([\\*_~`|<]|(?<=\])\()")
_LINE_START = re.compile(r"^(\s*)([#>-])", re.MULTILINE)
_MASS_MENTION = re.compile(r"@(everyone|here)")
_CODE = re.compile(r"(`[^`\n]+`)")
_LIGHT_MARKDOWN = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=\S)\*(?![\w*])"
                             r"|(?<![\w\\])_(?=[^\s_])([^_\n]+?)(?<=\S)_(?!\w)")
_BULLET = re.compile(r"^• ", re.MULTILINE)


def escape(text: str) -> str:
    """Text shown as written: no markdown, links, mentions, headers or list markers."""
    text = _SPECIAL.sub(r"\\\1", text)
    text = _LINE_START.sub(r"\1\\\2", text)
    return _MASS_MENTION.sub("@\u200b\\1", text)


def _escape_outside_code(text: str) -> str:
    """Escape everything but `` `code` `` spans, which Discord shows as written anyway."""
    return "".join(part if _CODE.fullmatch(part) else escape(part) for part in _CODE.split(text))


def to_discord_markdown(text: str) -> str:
    """A reply's light markdown (``*bold*``, ``_italic_``, `` `code` ``, ``•`` bullets) for Discord.

    Everything else is escaped, including the text inside bold and italic.
    """
    parts: list[str] = []
    pos = 0
    for match in _LIGHT_MARKDOWN.finditer(text):
        parts.append(_escape_outside_code(text[pos:match.start()]))
        bold, italic = match.groups()
        parts.append(f"**{_escape_outside_code(bold)}**" if bold is not None
                     else f"_{_escape_outside_code(italic)}_")
        pos = match.end()
    parts.append(_escape_outside_code(text[pos:]))
    return _BULLET.sub("- ", "".join(parts))


def clip_escaped(text: str, limit: int) -> str:
    """:func:`bot.rendering.clip_escaped` with this platform's escaping."""
    return rendering.clip_escaped(text, limit, escape=escape)


def _clip_lines(text: str, limit: int) -> str:
    """Whole lines of already-rendered text, then "…", within ``limit``."""
    if len(text) <= limit:
        return text
    kept = text[: limit - 2].rsplit("\n", 1)[0]
    return kept + "\n…"


def _code(text: str) -> str:
    return "`" + text.replace("`", "'") + "`"


def description_of(reply: Reply) -> str:
    """The answer text, plus what to try instead when nothing was found."""
    text = to_discord_markdown(reply.text)
    if reply.suggestions and not reply.ok:
        text += "\nTry: " + ", ".join(_code(s) for s in reply.suggestions)
    return _clip_lines(text, DESCRIPTION_LIMIT)


def _link_markdown(link: str) -> str:
    """A masked link named after the site, or "" when the link cannot be one."""
    if not link.startswith(("https://", "http://")) or len(link) > MAX_LINK_CHARS:
        return ""
    host = urlsplit(link).hostname or "source"
    safe = link.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
    return f"[{escape(host.removeprefix('www.'))}]({safe})"


def citation_field(number: int, cite: Citation) -> tuple[str, str]:
    """``("[n] title", "link · outlet · date\\n> quoted sentence")`` within the field limits."""
    prefix = f"[{number}] "
    name = prefix + clip_escaped(cite.label, FIELD_NAME_LIMIT - len(prefix))
    meta = " · ".join(p for p in (_link_markdown(cite.link), escape(cite.outlet), escape(cite.dateline)) if p)
    lines = cite.quote.strip().splitlines() or [cite.quote]
    room = FIELD_VALUE_LIMIT - len(meta) - 1 - 2 * len(lines)
    quote = clip_escaped("\n".join(lines), room)
    value = meta + "\n" + "\n".join("> " + line for line in quote.split("\n"))
    return name, value


def more_line(dropped: int, more: str) -> str:
    """The footer for citations that did not fit."""
    return f"+{dropped} more: {escape(more)}" if more else f"+{dropped} more sources not shown"


def render_embeds(reply: Reply) -> list[discord.Embed]:
    """The reply as at most 10 embeds, within every Discord limit."""
    description = description_of(reply)
    fields = [citation_field(n, c) for n, c in enumerate(reply.citations, start=1)]
    used = len(description)
    kept: list[tuple[str, str]] = []
    for i, (name, value) in enumerate(fields):
        left = len(fields) - i - 1
        footer = len(more_line(left, reply.more)) if left else 0
        if len(kept) == MAX_EMBEDS * MAX_FIELDS or used + len(name) + len(value) + footer > TOTAL_LIMIT:
            break
        kept.append((name, value))
        used += len(name) + len(value)

    colour = FOUND_COLOUR if reply.ok else NOT_FOUND_COLOUR
    embeds = [discord.Embed(description=description or None, colour=colour)]
    for start in range(0, len(kept), MAX_FIELDS):
        if start:
            embeds.append(discord.Embed(colour=colour))
        for name, value in kept[start:start + MAX_FIELDS]:
            embeds[-1].add_field(name=name, value=value, inline=False)
    if len(kept) < len(fields):
        embeds[-1].set_footer(text=more_line(len(fields) - len(kept), reply.more))
    return embeds
