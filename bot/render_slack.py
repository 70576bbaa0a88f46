"""Rendering a reply as Slack Block Kit: the answer in sections, one context block per citation.

Pure functions, no network. Slack's limits are enforced here: 50 blocks per message and 3000
characters per text object (section text and each context element). Citations that do not fit
are dropped whole, lowest-ranked (last) first, with a "+N more" line saying where to see them;
a quote is never cut to make room for another one.

Article text and user input are escaped (``&``, ``<``, ``>``) and every text object is
``verbatim``, so nothing in them can mention anyone (``<!channel>``, ``<@U123>``, ``@here``),
link a channel or forge a link. The reply's light markdown (``*bold*``, ``_italic_``,
`` `code` ``, ``•`` bullets) is a subset of Slack's mrkdwn and passes through unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import quote, urlsplit

from handlers.reply import Citation, Reply

from . import rendering
from .render_terminal import plain

MAX_BLOCKS = 50
TEXT_LIMIT = 3000  # section text, and each element of a context block
LABEL_LIMIT = 300  # title, outlet and date in a citation's head line
MAX_LINK_CHARS = 1000  # a longer link would crowd the quote out of its block
MAX_SUGGESTIONS = 8  # 8 x 300 characters stay within one text object
POST_ACTION = "post_to_channel"
POST_LABEL = "Post to channel"

Block = dict[str, Any]


def escape(text: str) -> str:
    """Slack's control characters as entities: shown as written, never parsed."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip_escaped(text: str, limit: int) -> str:
    """:func:`bot.rendering.clip_escaped` with this platform's escaping."""
    return rendering.clip_escaped(text, limit, escape=escape)


def mrkdwn(text: str) -> Block:
    """A text object that Slack formats but does not auto-link or auto-mention."""
    return {"type": "mrkdwn", "text": text, "verbatim": True}


def safe_link(link: str) -> str:
    """An http(s) link usable inside ``<link|label>``, or "" when it cannot be one."""
    link = link.strip()
    if urlsplit(link).scheme not in ("http", "https"):
        return ""
    # Percent-encode what would end the link early ("|", ">", spaces), keep the rest as is.
    safe = escape(quote(link, safe=":/?#[]@!$&'()*+,;=%~"))
    return safe if len(safe) <= MAX_LINK_CHARS else ""


def text_chunks(text: str, *, limit: int = TEXT_LIMIT) -> list[str]:
    """The escaped text in pieces of at most ``limit`` characters, split between lines (or words)."""
    pieces = (piece for line in text.split("\n") for piece in _fit_line(line, limit))
    return [chunk for chunk in _pack(pieces, limit=limit, sep="\n") if chunk.strip()]


def _fit_line(line: str, limit: int) -> list[str]:
    """One escaped line, or its words regrouped into pieces within ``limit`` when it is too long."""
    escaped = escape(line)
    if len(escaped) <= limit:
        return [escaped]
    words = (escape(w) if len(escape(w)) <= limit else clip_escaped(w, limit) for w in line.split(" "))
    return _pack(words, limit=limit, sep=" ")


def _pack(pieces: Iterable[str], *, limit: int, sep: str) -> list[str]:
    """Join pieces (each within ``limit``) greedily with ``sep`` into strings within ``limit``."""
    packed: list[str] = []
    current = ""
    for piece in pieces:
        joined = f"{current}{sep}{piece}" if current else piece
        if len(joined) <= limit:
            current = joined
        else:
            packed.append(current)
            current = piece
    packed.append(current)
    return packed


def citation_text(number: int, cite: Citation) -> str:
    """``*[n]* <link|title> · outlet · date`` and the quoted sentence below, within one text object."""
    label = clip_escaped(cite.label, LABEL_LIMIT)
    link = safe_link(cite.link)
    title = f"<{link}|{label}>" if link else label
    parts = (title, clip_escaped(cite.outlet, LABEL_LIMIT), clip_escaped(cite.dateline, LABEL_LIMIT))
    head = f"*[{number}]* " + " · ".join(p for p in parts if p)
    room = TEXT_LIMIT - len(head) - 3  # newline and the two quotation marks
    return f"{head}\n“{clip_escaped(cite.quote.strip(), room)}”"


def more_line(dropped: int, more: str) -> str:
    """What to ask for the citations that did not fit."""
    if more:
        return f"+{dropped} more: `{clip_escaped(more, LABEL_LIMIT)}`"
    return f"+{dropped} more sources not shown."


def _context(text: str) -> Block:
    return {"type": "context", "elements": [mrkdwn(text)]}


def render_blocks(reply: Reply, *, max_blocks: int = MAX_BLOCKS) -> list[Block]:
    """The reply as at most ``max_blocks`` blocks, within every Slack text limit."""
    head = [{"type": "section", "text": mrkdwn(chunk)} for chunk in text_chunks(reply.text) or ["…"]]
    if reply.suggestions and not reply.ok:
        tries = ", ".join(f"`{clip_escaped(s, LABEL_LIMIT)}`" for s in reply.suggestions[:MAX_SUGGESTIONS])
        head.append(_context(f"Try: {tries}"))
    if not reply.citations:
        return head[:max_blocks]
    head = head[: max_blocks - 3]  # leave room for the divider, one citation and the "+N more" line
    room = max_blocks - len(head) - 1
    cites = reply.citations
    shown = len(cites) if len(cites) <= room else room - 1
    blocks = [*head, {"type": "divider"}]
    blocks += [_context(citation_text(n, c)) for n, c in enumerate(cites[:shown], start=1)]
    if shown < len(cites):
        blocks.append(_context(more_line(len(cites) - shown, reply.more)))
    return blocks


def fallback_text(reply: Reply) -> str:
    """The plain notification text that goes with the blocks (also read by screen readers)."""
    text = plain(reply.text)
    if reply.citations:
        text += f"\n({len(reply.citations)} cited source{'s' if len(reply.citations) != 1 else ''})"
    return clip_escaped(text, TEXT_LIMIT)


def post_button(reply: Reply) -> Block:
    """The "Post to channel" button; its value is the command line that produced the reply."""
    line = f"/{reply.command} {reply.args}".strip()[:2000]
    return {"type": "actions", "elements": [{
        "type": "button", "action_id": POST_ACTION, "value": line,
        "text": {"type": "plain_text", "text": POST_LABEL},
    }]}


def render_message(reply: Reply, *, public: bool) -> dict[str, Any]:
    """A complete message (for ``respond()``); private cited answers get a "Post to channel" button."""
    shareable = not public and reply.ok and bool(reply.citations)
    blocks = render_blocks(reply, max_blocks=MAX_BLOCKS - shareable)
    if shareable:
        blocks.append(post_button(reply))
    return {
        "text": fallback_text(reply),
        "blocks": blocks,
        "response_type": "in_channel" if public else "ephemeral",
        "unfurl_links": False,
        "unfurl_media": False,
    }
