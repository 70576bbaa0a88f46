"""Rendering a reply as plain text for a terminal: the answer, then numbered citations.

Article text and user input may carry terminal escape sequences (an OSC 8 hyperlink that forges a
link, an OSC 0 window title, CSI 2J clearing the screen): :func:`safe` removes them and every other
control character but newline and tab before the chat adds its own bold.
"""

from __future__ import annotations

import json
import re

from handlers.reply import Reply

_BOLD = re.compile(r"\*([^*\n]+)\*")
_ITALIC = re.compile(r"(?<![\w])_([^_\n]+)_(?![\w])")
_CODE = re.compile(r"`([^`\n]+)`")
#: what a terminal reads as a control: CSI up to its final byte; OSC, DCS, SOS, PM and APC up to BEL or
#: ST (or the end of the line); any other ESC sequence; any other C0 or C1 control and DEL; and the
#: bidirectional embedding, override and isolate controls, which reorder what follows them on screen
#: (the left-to-right and right-to-left marks, which only hint, stay for right-to-left text)
_TERMINAL_CONTROL = re.compile(
    "\x1b\\[[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"
    "|\x1b[\\]PX^_][^\x07\x1b\n]*(?:\x07|\x1b\\\\)?"
    "|\x1b[\x20-\x2f]*[\x30-\x7e]?"
    "|[\x00-\x08\x0b-\x1f\x7f-\x9f]"
    "|[\u202a-\u202e\u2066-\u2069]"
)
_C1 = re.compile("[\x7f-\x9f]")


def safe(text: str) -> str:
    """``text`` without terminal escape sequences or control characters (newlines and tabs stay)."""
    return _TERMINAL_CONTROL.sub("", text)


def json_line(value: object) -> str:
    """``value`` as one line of JSON whose strings carry no raw control character: ``json`` escapes C0
    controls and ESC, and C1 controls (CSI, OSC as one byte) are escaped here; the data is unchanged."""
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False))


def plain(text: str, *, ansi: bool = False) -> str:
    """Light markdown to plain (or ANSI-bold) text; escape sequences in ``text`` are removed first."""
    text = _BOLD.sub(r"\033[1m\1\033[0m" if ansi else r"\1", safe(text))
    text = _ITALIC.sub(r"\1", text)
    return _CODE.sub(r"\1", text)


def render_text(reply: Reply, *, ansi: bool = False) -> str:
    """The reply's text, its numbered citations and, for a miss, its suggestions; nothing raw from input."""
    lines: list[str] = []
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
    return "\n".join([plain(reply.text, ansi=ansi), *map(safe, lines)])
