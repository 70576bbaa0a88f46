"""Aliases: "known as" pairs and abbreviations in parentheses."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from knowledge.entities import name_key
from knowledge.facts import AliasPair, Mention

if TYPE_CHECKING:  # spaCy is only needed to build the store
    from .pipeline import ParseContext

_NAME = r"[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*"
_ALIAS_BY_USERS = re.compile(
    rf"(?:referred\s+to|known|called)\s+as\s+(?P<a>{_NAME})\s+by\s+(?:the\s+)?(?P<ua>{_NAME})\s*,?\s+"
    rf"(?:and|but|or|while)\s+(?:as\s+)?(?P<b>{_NAME})\s+by\s+(?:the\s+)?(?P<ub>{_NAME})")
_ALIAS_AKA = re.compile(
    rf"(?P<a>{_NAME})\s*(?:,\s*|\(\s*)(?:also\s+known\s+as|aka|a\.k\.a\.|also\s+called|formerly(?:\s+known\s+as)?|"
    rf"known\s+locally\s+as)\s+(?:the\s+)?(?P<b>{_NAME})")
_POSSESSIVE = re.compile(r"['’]s?$")
_ABBR = re.compile(r"(?P<long>(?:[A-Z][\w’'-]*\s+(?:(?:of|and|for|the|de)\s+)*){0,8}[A-Z][\w’'-]*)\s*"
                   r"\((?P<abbr>[A-Z][A-Z.&]{1,9})\)")


def label_aliased_places(mentions: list[Mention], aliases: list[AliasPair]) -> None:
    """Two names of one place: a "person" among them is the place too ("Stepanakert"/"Khankendi")."""
    if not aliases:
        return
    label_by_key: dict[str, Counter[str]] = defaultdict(Counter)
    for m in mentions:
        label_by_key[name_key(m["name"])][m["label"]] += 1
    for pair in aliases:
        keys = [name_key(n) for n in pair["names"]]
        place = Counter()
        for k in keys:
            for lab in ("GPE", "LOC"):
                place[lab] += label_by_key[k][lab]
        if not place:
            continue
        label = place.most_common(1)[0][0]
        for m in mentions:
            if name_key(m["name"]) in keys and m["label"] == "PERSON" and " " not in m["name"]:
                m["label"] = label  # type: ignore[typeddict-item]


def _initials(words: list[str]) -> str:
    out = []
    for w in words:
        for part in re.split(r"-", w):
            if part and part[0].isupper():
                out.append(part[0])
    return "".join(out)


def extract_aliases(ctx: ParseContext) -> list[AliasPair]:
    out: list[AliasPair] = []
    text = ctx.text
    for m in _ALIAS_BY_USERS.finditer(text):
        out.append(AliasPair(names=[m.group("a"), m.group("b")], users=[m.group("ua"), m.group("ub")],
                             sent=ctx.sent_of_char(m.start()), start=m.start(), end=m.end()))
    for m in _ALIAS_AKA.finditer(text):
        a, b = m.group("a"), m.group("b")
        if a == b or a.split()[0] in ("The", "A", "An", "In", "On") and len(a.split()) == 1:
            continue
        if _POSSESSIVE.search(b):
            continue  # "Steve Bannon, formerly Trump's chief strategist": Trump is someone else
        out.append(AliasPair(names=[a, b], users=["", ""], sent=ctx.sent_of_char(m.start()),
                             start=m.start(), end=m.end()))
    for m in _ABBR.finditer(text):
        abbr = m.group("abbr").replace(".", "").replace("&", "")
        if len(abbr) < 2:
            continue
        words = m.group("long").split()
        best = None
        for i in range(len(words)):
            cand = words[i:]
            if cand[0][0].isupper() and _initials([w for w in cand if w.lower() not in ("of", "and", "for", "the", "de")]) == abbr:
                best = cand
                break
        if best is None:
            continue
        long_name = " ".join(best)
        start = m.start("long") + m.group("long").rfind(best[0]) if len(best) < len(words) else m.start("long")
        out.append(AliasPair(names=[long_name, m.group("abbr")], users=["", ""],
                             sent=ctx.sent_of_char(start), start=start, end=m.end()))
    for pair in out:
        pair["names"] = [re.sub(r"^(?:The|THE)\s+", "", n) for n in pair["names"]]
    out.sort(key=lambda a: a["start"])
    return out
