"""Rendering a reply as plain text for a terminal: the answer, then numbered citations."""

from __future__ import annotations

import re

from handlers.reply import Reply

_BOLD = re.compile(r"\*([^*\n]+)\*")
_ITALIC = re.compile(r"(?<![\w])_([^_\n]+)_(?![\w])")
_CODE = re.compile(r"`([^`\n]+)`")


def plain(text: str, *, ansi: bool = False) -> str:
    """Light markdown to plain (or ANSI-bold) text."""
    text = _BOLD.sub(r"\033[1m\1\033[0m" if ansi else r"\1", text)
    text = _ITALIC.sub(r"\1", text)
    return _CODE.sub(r"\1", text)


def render_text(reply: Reply, *, ansi: bool = False) -> str:
    lines = [plain(reply.text, ansi=ansi)]
    if reply.citations:
        lines.append("")
        for number, cite in enumerate(reply.citations, start=1):
            source = " · ".join(p for p in (cite.label, cite.outlet, cite.dateline) if p)
            lines.append(f"[{number}] {source}")
            lines.append(f"    “{cite.quote}”")
            if cite.link:
                lines.append(f"    {cite.link}")
            if cite.context_link:
                lines.append(f"    in context: {cite.context_link}")
    if reply.suggestions and not reply.ok:
        lines.append("Try: " + ", ".join(reply.suggestions))
    return "\n".join(lines)
