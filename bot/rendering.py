"""What every platform renderer shares: fitting escaped text into a platform's limits."""

from __future__ import annotations

from collections.abc import Callable


def clip_escaped(text: str, limit: int, *, escape: Callable[[str], str]) -> str:
    """``escape(text)`` within ``limit`` characters, cut at a word boundary with "…" if needed.

    The text is cut before escaping, so an escape sequence is never split.
    """
    escaped = escape(text)
    if len(escaped) <= limit:
        return escaped
    cut = text
    while cut and len(escaped) + 1 > limit:
        cut = cut[: len(cut) - (len(escaped) + 1 - limit)]
        escaped = escape(cut)
    word = cut.rsplit(" ", 1)[0]
    if len(word) > len(cut) // 2:
        escaped = escape(word)
    return escaped.rstrip() + "…"
