"""Dated events: DATE/TIME entities resolved against the publication date, with their clause."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from knowledge import dates as datelib
from knowledge.facts import DatedEvent

from .parse import SPACE_RE, governing_verb, text_of

if TYPE_CHECKING:  # spaCy is only needed to build the store
    from spacy.tokens import Span, Token
    from .pipeline import ParseContext

_TIME_RE = re.compile(r"^(?:[01]?\d|2[0-3])[:.][0-5]\d$")
_DATE_PREPS = {"on", "in", "since", "until", "till", "by", "from", "during"}


def _is_future(verb: Token | None) -> bool:
    if verb is None:
        return False
    for c in verb.children:
        if c.dep_ == "aux" and c.lower_ in ("will", "shall", "'ll", "’ll", "wo", "would"):
            return True
        if c.dep_ == "aux" and c.lower_ in ("is", "are", "am") and any(
                g.lower_ == "going" for g in verb.children):
            return True
    return False


def _clause(ctx: ParseContext, verb: Token | None, sent: int) -> str:
    a, b = ctx.sents[sent]
    if verb is None:
        return ctx.text[a:b]
    node = verb
    if verb.dep_ in ("acl", "amod") and verb.head.pos_ in ("NOUN", "PROPN"):
        node = verb.head  # "the trilateral statement signed on November 10, 2020"
    left, right = node.left_edge.i, node.right_edge.i
    s0, s1 = ctx.sent_tok[sent]
    left, right = max(left, s0), min(right, s1 - 1)
    toks = [t for t in ctx.doc[left:right + 1]]
    while toks and (toks[0].is_punct or toks[0].is_space):
        toks = toks[1:]
    while toks and (toks[-1].is_punct or toks[-1].is_space) and toks[-1].text not in ("”", '"'):
        toks = toks[:-1]
    return SPACE_RE.sub(" ", text_of(ctx.text, toks)) if toks else ctx.text[a:b]


def extract_dates(ctx: ParseContext) -> list[DatedEvent]:
    doc = ctx.doc
    published = ctx.article.published
    ents = [e for e in doc.ents if e.label_ == "DATE"]
    out: list[DatedEvent] = []
    for idx, ent in enumerate(ents):
        start, end = ent.start, ent.end
        raw = ent.text
        if datelib.is_duration(raw) or not any(ch.isalnum() for ch in raw):
            continue
        if re.fullmatch(r"[\d,\s]+(?:and\s+\d+)?", raw.strip()) and not re.fullmatch(r"(?:1[5-9]|20)\d\d", raw.strip()):
            continue  # bare counts or ages ("aged 24, 31 and 45"), not a year
        if start > 0 and doc[start - 1].lower_ in ("aged", "age", "ages"):
            continue
        while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
            end -= 1
        if start > 0 and doc[start - 1].lower_ in _DATE_PREPS and ctx.tok_sent[start - 1] == ctx.tok_sent[start]:
            start -= 1
        # a clock time right after: "September 19 at 13:00"
        time = ""
        if end + 1 < len(doc) and doc[end].lower_ == "at" and _TIME_RE.match(doc[end + 1].text):
            time = doc[end + 1].text.replace(".", ":")
            end += 2
        elif end < len(doc) and _TIME_RE.match(doc[end].text) and doc[end].ent_type_ == "TIME":
            time = doc[end].text.replace(".", ":")
            end += 1
        elif end + 1 < len(doc) and doc[end].lower_ == "at" and doc[end + 1].ent_iob_ == "B" \
                and doc[end + 1].ent_type_ == "TIME":
            t_end = end + 2
            while t_end < len(doc) and doc[t_end].ent_iob_ == "I":
                t_end += 1
            time = datelib.clock_time(doc[end + 1:t_end].text)
            if time:
                end = t_end
        if not time and start > 1 and doc[start - 1].ent_type_ == "TIME":
            # "at 3 p.m. on Jan. 5"
            t_start = start - 1
            while t_start > 0 and doc[t_start].ent_iob_ == "I":
                t_start -= 1
            time = datelib.clock_time(doc[t_start:start].text)
            if time:
                start = t_start - 1 if t_start > 0 and doc[t_start - 1].lower_ == "at" else t_start
        span = doc[start:end]
        sent = ctx.tok_sent[ent.start]
        verb = governing_verb(ent.root)
        future = _is_future(verb)
        iso, precision, relative = datelib.resolve_date(ent.text, published, tense_future=future)
        partial = "" if iso else datelib.partial_date(ent.text)
        offset = datelib.anchored_offset(ent.text)
        if offset is not None:
            iso, precision, relative, partial = _anchored(ctx, out, ents, idx, offset)
        out.append(DatedEvent(text=span.text, date=iso, precision=precision, relative=relative,  # type: ignore[typeddict-item]
                              partial=partial, time=time, event=_clause(ctx, verb, sent), sent=sent,
                              start=span.start_char, end=span.end_char))
    return out


def _anchored(ctx: ParseContext, done: list[DatedEvent], ents: list[Span], idx: int, offset: int
              ) -> tuple[str, str, bool, str]:
    """ "The day before, on September 18" is September 18; "the day before" alone is anchor - 1."""
    ent = ents[idx]
    sent = ctx.tok_sent[ent.start]
    nxt = ents[idx + 1] if idx + 1 < len(ents) else None
    published = ctx.article.published
    if nxt is not None and ctx.tok_sent[nxt.start] == sent and nxt.start - ent.end <= 3:
        iso, prec, rel = datelib.resolve_date(nxt.text, published)
        return iso, prec, rel, ("" if iso else datelib.partial_date(nxt.text))
    for prev in reversed(done):
        if prev["sent"] < sent - 1:
            break
        if prev["date"] and prev["precision"] == "day":
            return datelib.shift_days(prev["date"], offset), "day", True, ""
        if prev["partial"]:
            shifted = datelib.shift_days("2000" + prev["partial"][1:], offset)
            return "", "", False, ("--" + shifted[5:] if shifted else "")
    return "", "", False, ""
