"""The part of a sentence that is about the topic, cut verbatim for a reply line."""

from __future__ import annotations

import re

from knowledge.search import fold, stem

from .compare_topic import TermGroup

EXCERPT_CHARS = 220  # longest excerpt shown for one source
ELLIPSIS = "…"
_WORD = re.compile(r"[^\W_]+")


def focus(sentence: str, groups: tuple[TermGroup, ...], limit: int = EXCERPT_CHARS) -> str:
    """A verbatim slice of ``sentence`` (at most ``limit`` characters, cut at spaces) around the
    words that match the topic, marked with "…" where it was cut."""
    text = " ".join(sentence.split())
    if len(text) <= limit:
        return text
    spans = _matching_spans(text, groups)
    if not spans:
        return _cut(text, 0, limit)
    start, end = _best_window(spans, limit)
    pad = (limit - (end - start)) // 2
    start = max(0, min(start - pad, len(text) - limit))
    return _cut(text, start, start + limit)


def _matching_spans(text: str, groups: tuple[TermGroup, ...]) -> list[tuple[int, int, int, float]]:
    """``(start, end, group, weight)`` of each word of the text that matches a topic group."""
    spans = []
    for word in _WORD.finditer(text):
        stemmed = {stem(fold(word.group()))}
        for i, group in enumerate(groups):
            if group.found_in(stemmed):
                spans.append((word.start(), word.end(), i, group.weight))
                break
    return spans


def _best_window(spans: list[tuple[int, int, int, float]], limit: int) -> tuple[int, int]:
    """The stretch of matching words, no longer than ``limit``, holding the most distinct topic weight."""
    best, best_weight = (spans[0][0], spans[0][1]), -1.0
    for i, (start, _, _, _) in enumerate(spans):
        weights: dict[int, float] = {}
        end = spans[i][1]
        for s_start, s_end, group, weight in spans[i:]:
            if s_end - start > limit:
                break
            weights[group] = weight
            end = s_end
        if sum(weights.values()) > best_weight:
            best, best_weight = (start, end), sum(weights.values())
    return best


def _cut(text: str, start: int, end: int) -> str:
    """``text[start:end]`` moved inwards to whole words, with ellipses where text was dropped."""
    if start > 0 and text[start - 1] != " ":
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < end else start
    if end < len(text) and text[end] != " ":
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    piece = text[start:end]
    return (ELLIPSIS if start > 0 else "") + piece + (ELLIPSIS if end < len(text) else "")
