"""Statements: direct quotes with their speech cue and speaker, and reported speech."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from knowledge.entities import name_key
from knowledge.facts import Framing, Statement

from .framings import extract_framings
from .parse import REPORT_LEMMAS, SPACE_RE, expand_np, speaker_of, subject_of, text_of

if TYPE_CHECKING:  # spaCy is only needed to build the store
    from spacy.tokens import Token
    from .pipeline import ParseContext

#: verbs (lemmas) that report speech or a claim
SPEECH_LEMMAS = {
    "say", "tell", "state", "announce", "add", "note", "emphasize", "emphasise", "stress", "claim",
    "report", "deny", "mention", "explain", "declare", "insist", "warn", "confirm", "reveal",
    "promise", "write", "tweet", "post", "argue", "accuse", "allege", "assert", "acknowledge",
    "admit", "reply", "respond", "ask", "urge", "clarify", "predict", "estimate", "suggest",
    "describe", "call", "quote", "point", "underline", "underscore", "recall", "indicate",
    "reiterate", "maintain", "contend", "comment", "remark", "observe", "testify", "conclude",
    "inform", "stated", "says", "vow", "pledge", "threaten", "demand", "believe", "think",
    "hope", "expect", "order", "rule", "find", "blame", "reject", "dismiss", "refute",
}
DENIAL_LEMMAS = {"deny", "reject", "refute", "dismiss", "disavow", "disown"}
_DENIAL_RE = re.compile(
    r"\b(?:there\s+(?:is|are|was|were|has\s+been|have\s+been)\s+no\s+(?:[\w’'-]+\s+){0,4}?(?:in|on|at|inside|within)\b"
    r"|not\s+involved|no\s+involvement|had\s+nothing\s+to\s+do|has\s+nothing\s+to\s+do|"
    r"(?:is|are|was|were)\s+not\s+(?:responsible|present|involved|deployed)|"
    r"never\s+(?:ordered|attacked|targeted|fired)|baseless|groundless|false\s+claims?|fabricat|"
    r"\bden(?:y|ies|ied)\b|\bdenial\b|\brejects?\s+(?:the\s+)?(?:claims?|allegations?|accusations?|charges?))",
    re.I)
#: subjects that name no speaker: "That suggests ...", "Which explains ..."
_NO_SPEAKER = {"that", "which", "what", "who", "this", "these", "those", "whom", "whose"}
#: "according to the terms of ..." names no source
_NOT_SOURCES = {"condition", "term", "law", "agreement", "deal", "treaty", "plan", "rule", "constitution",
                "schedule", "tradition", "custom", "principle", "logic", "provision", "design", "protocol"}


def _is_speech_verb(t: Token) -> bool:
    if t.pos_ not in ("VERB", "AUX") and not (t.tag_.startswith("VB")):
        return False
    lemma = t.lemma_.lower()
    if lemma == "point":
        return any(c.lower_ == "out" for c in t.children)
    if lemma in ("call", "describe"):
        return False
    return lemma in SPEECH_LEMMAS


def _denial(cue: Token | None, content: str) -> bool:
    if cue is not None and cue.lemma_.lower() in DENIAL_LEMMAS:
        return True
    return bool(_DENIAL_RE.search(content))


def extract_statements(ctx: ParseContext) -> tuple[list[Statement], list[Framing]]:
    doc = ctx.doc
    text = ctx.text
    statements: list[Statement] = []
    used_cues: set[int] = set()
    pending_framings: list[tuple[int, int]] = []
    last_direct_speaker: tuple[int, str, str] | None = None  # (sentence, speaker, written)

    for qs, qe in ctx.quotes:
        inner = text[qs + 1:qe - 1].strip()
        if not inner:
            continue
        words = re.findall(r"[\w’'-]+", inner)
        s_idx = ctx.sent_of_char(qs)
        s_start, s_end = ctx.sents[s_idx]
        before = text[s_start:qs].rstrip()
        after_sent = ctx.sent_of_char(qe - 1)
        a_start, a_end = ctx.sents[after_sent]
        after = text[qe:a_end].strip()
        embedded = bool(before) and not before.endswith((":", ",", "–", "—", "-")) and len(words) <= 6
        if embedded or (len(words) <= 3 and bool(before) and after and not before.endswith(":")
                        and not re.match(r"^[,.]?\s*[–—-]?\s*\w+\s+(?:said|says|told|added)\b", after)):
            pending_framings.append((qs, qe))
            continue
        q_first = ctx.tok_of_char(qs)
        q_last = ctx.tok_of_char(qe - 1)
        cue: Token | None = None
        subj: Token | None = None
        quoted_as = False
        # a) cue before the opening mark when the quote is introduced: X said: “...” / X stated, “...”
        if before.endswith((":", ",")):
            cue, subj = _cue_before(ctx, q_first)
        # b) cue after the closing mark: “...”, X said / said X / quoted X as saying
        if cue is None:
            cue, subj, quoted_as = _cue_after(ctx, q_last, text[qe:qe + 3])
        # c) cue inside the quote: Aliyev “pointed out that ...”
        if cue is None:
            k = q_first + 1
            while k < len(doc) and doc[k].is_punct:
                k += 1
            if k < len(doc) and _is_speech_verb(doc[k]):
                s = subject_of(doc[k])
                if s is not None and s.idx < qs:
                    cue, subj = doc[k], s
                    # the words are the speaker's from after the cue: “pointed out that X” -> X
                    after_cue = k + 1
                    while after_cue < q_last and (doc[after_cue].dep_ == "prt" or doc[after_cue].lower_ == "that"):
                        after_cue += 1
                    if after_cue < q_last:
                        inner = text[doc[after_cue].idx:qe - 1].strip()
        # d) any cue before the opening mark in the same sentence
        if cue is None:
            cue, subj = _cue_before(ctx, q_first)
        if cue is None:
            # a quote with no cue right after another speaker's quote continues it
            if last_direct_speaker and last_direct_speaker[0] in (s_idx - 1, s_idx) and not before \
                    and not re.search(r"\w", after):
                speaker, written = last_direct_speaker[1], last_direct_speaker[2]
                statements.append(_statement(speaker, written, inner, "direct", "", None, s_idx, qs, qe))
            continue
        used_cues.add(cue.i)
        if subj is not None:
            speaker, written = speaker_of(ctx, subj)
            if speaker.lower() in _NO_SPEAKER:
                speaker = ""
        else:
            speaker, written = "", ""
        cue_text = "quoted … as saying" if quoted_as else _cue_text(cue)
        start = min(qs, cue.idx, subj.idx if subj is not None else qs)
        end = max(qe, cue.idx + len(cue.text))
        if subj is not None:
            sl, sr = expand_np(ctx, subj)
            start = min(start, doc[sl].idx)
            end = max(end, doc[sr].idx + len(doc[sr].text))
        st = _statement(speaker, written, inner, "direct", cue_text, cue, ctx.sent_of_char(start), start, end)
        statements.append(st)
        last_direct_speaker = (after_sent, speaker, written)

    # reported speech: X said (that) ..., according to X, This was reported by X
    for t in doc:
        if t.i in used_cues or ctx.in_quote(t.idx):
            continue
        low = t.lower_
        if low == "according":
            to = next((c for c in t.children if c.lower_ == "to"), None)
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
            if pobj is None or pobj.lemma_.lower() in _NOT_SOURCES:
                continue
            sent = ctx.tok_sent[t.i]
            s0, s1 = ctx.sent_tok[sent]
            phrase_l, phrase_r = t.i, pobj.right_edge.i
            rest = [x for x in doc[s0:s1] if not (phrase_l <= x.i <= phrase_r) and not x.is_space]
            while rest and rest[0].is_punct:
                rest = rest[1:]
            while rest and rest[-1].is_punct and rest[-1].text != "”":
                rest = rest[:-1]
            if not rest:
                continue
            content = text_of(ctx.text, rest)
            speaker, written = speaker_of(ctx, pobj)
            a, b = ctx.sents[sent]
            statements.append(_statement(speaker, written, content, "reported", "according to", None, sent, a, b))
            continue
        if t.pos_ not in ("VERB", "AUX") or t.lemma_.lower() not in REPORT_LEMMAS:
            continue
        if t.lemma_.lower() == "point" and not any(c.lower_ == "out" for c in t.children):
            continue
        comp = None
        for c in t.children:
            if c.dep_ in ("ccomp",) or (t.lemma_.lower() in DENIAL_LEMMAS and c.dep_ in ("dobj", "xcomp", "pcomp")):
                comp = c
                break
        passive_by = None
        if comp is None:
            if t.lemma_.lower() == "report" and any(c.dep_ == "agent" for c in t.children):
                passive_by = next(c for c in t.children if c.dep_ == "agent")
            else:
                continue
        subj = subject_of(t)
        sent = ctx.tok_sent[t.i]
        if passive_by is not None:
            by_obj = next((c for c in passive_by.children if c.dep_ == "pobj"), None)
            if by_obj is None:
                continue
            speaker, written = speaker_of(ctx, by_obj)
            nsubj = next((c for c in t.children if c.dep_ == "nsubjpass"), None)
            if nsubj is not None and nsubj.lower_ in ("this", "it", "that") and sent > 0:
                a, b = ctx.sents[sent - 1]
                content = text[a:b]
            elif nsubj is not None:
                l, r = expand_np(ctx, nsubj)
                content = text_of(ctx.text, list(doc[l:r + 1]))
            else:
                continue
            a, b = ctx.sents[sent]
            statements.append(_statement(speaker, written, content, "reported", "reported by", t, sent, a, b))
            continue
        if subj is None:
            continue
        if subj.lower_ in ("it", "this") and t.lemma_.lower() != "say":
            continue
        c_toks = list(doc[comp.left_edge.i:comp.right_edge.i + 1])
        while c_toks and (c_toks[0].lower_ == "that" or c_toks[0].is_punct):
            c_toks = c_toks[1:]
        while c_toks and c_toks[-1].is_punct and c_toks[-1].text not in ("”", '"'):
            c_toks = c_toks[:-1]
        if not c_toks:
            continue
        content = text_of(ctx.text, c_toks)
        if c_toks and ctx.in_quote(c_toks[0].idx) and ctx.in_quote(c_toks[-1].idx):
            continue
        speaker, written = speaker_of(ctx, subj)
        if speaker.lower() in _NO_SPEAKER:
            continue
        sl, _ = expand_np(ctx, subj)
        start = min(doc[sl].idx, t.idx, c_toks[0].idx)
        end = max(t.idx + len(t.text), c_toks[-1].idx + len(c_toks[-1].text))
        statements.append(_statement(speaker, written, content, "reported", _cue_text(t), t,
                                     ctx.sent_of_char(start), start, end))

    statements.sort(key=lambda s: (s["start"], s["end"]))
    last = ""
    person_names = {name for _, name in ctx.persons_in_order}
    for st in statements:
        if name_key(st["speaker"]) in ("statement", "the statement", "this statement") and last:
            st["speaker"] = last  # "the statement said": the organisation that issued it
        elif st["speaker"] and st["speaker"].lower() not in ("it", "they", "this", "we") \
                and st["speaker"] not in person_names:
            last = st["speaker"]
    return statements, extract_framings(ctx, pending_framings, statements)


_SPEECH_AFTER_OK = re.compile(r"^\s*[,–—-]|^\s*[a-z]")


def _cue_after(ctx: ParseContext, q_last: int, after_text: str) -> tuple[Token | None, Token | None, bool]:
    """The speech verb after a closing quote mark, its subject, and whether it is "quoted X as"."""
    doc = ctx.doc
    k = q_last + 1
    sent = ctx.tok_sent[min(q_last, len(doc) - 1)]
    sent_end = ctx.sent_tok[sent][1]
    inner_end = doc[q_last - 1].text if q_last > 0 else ""
    nxt0 = doc[k] if k < len(doc) else None
    while nxt0 is not None and nxt0.is_space and nxt0.i + 1 < len(doc):
        nxt0 = doc[nxt0.i + 1]
    if inner_end in (".", "!", "?") and nxt0 is not None and nxt0.is_title and not _is_speech_verb(nxt0) \
            and not (nxt0.i + 1 < len(doc) and _is_speech_verb(doc[nxt0.i + 1])):
        # “... side.” In this regard, ... : the quote closed its sentence
        return None, None, False
    if k < len(doc) and ctx.tok_sent[k] != sent:
        # the parser may start a new sentence after the mark: “...!” – he said.
        nxt = doc[k]
        while nxt.is_space and nxt.i + 1 < len(doc):
            nxt = doc[nxt.i + 1]
        if not (nxt.is_punct and nxt.text in (",", "–", "—", "-") or nxt.is_lower):
            return None, None, False
        sent_end = ctx.sent_tok[ctx.tok_sent[k]][1]
    limit = min(len(doc), k + 30, sent_end)
    while k < limit:
        t = doc[k]
        if t.text in ("“", '"', "«") or (t.text in (".", "!", "?") and k > q_last + 1):
            break
        if _is_speech_verb(t):
            if t.lemma_.lower() == "quote":
                subj = None
                for c in t.children:
                    if c.dep_ in ("dobj", "nsubjpass") and c.pos_ in ("PROPN", "NOUN"):
                        subj = c
                if subj is None:  # the parse may hang the name elsewhere: first person after the cue
                    for kk in range(k + 1, min(len(doc), k + 8)):
                        if ctx.person_at.get(kk) is not None:
                            subj = doc[kk]
                            break
                return t, subj, True
            subj = subject_of(t)
            if subj is None or ctx.in_quote(subj.idx):
                subj = _subject_after(ctx, t)
            return t, subj, False
        k += 1
    return None, None, False


def _subject_after(ctx: ParseContext, verb: Token) -> Token | None:
    """The speaker of an inverted cue: “...,” said Sheriff Dana Whitfield."""
    doc = ctx.doc
    end = ctx.sent_tok[ctx.tok_sent[verb.i]][1]
    for k in range(verb.i + 1, min(end, verb.i + 10)):
        t = doc[k]
        if t.is_punct and t.text not in ("-",):
            break
        if ctx.person_at.get(k) is not None:
            last = k
            while last + 1 < end and ctx.person_at.get(last + 1) is ctx.person_at.get(k):
                last += 1
            return doc[last]
        if t.pos_ in ("PROPN", "NOUN") and t.dep_ in ("nsubj", "dobj", "npadvmod", "attr", "appos", "nsubjpass"):
            return t
    return None


def _cue_before(ctx: ParseContext, q_first: int) -> tuple[Token | None, Token | None]:
    doc = ctx.doc
    sent_first = ctx.sent_tok[ctx.tok_sent[q_first]][0]
    k = q_first - 1
    while k >= max(sent_first, q_first - 14):
        t = doc[k]
        if t.text in ("”", '"', "»"):
            break
        if _is_speech_verb(t):
            return t, subject_of(t)
        k -= 1
    return None, None


def _cue_text(t: Token) -> str:
    parts = [t.text]
    for c in t.children:
        if c.dep_ == "prt" and c.i == t.i + 1:
            parts.append(c.text)
    return " ".join(parts)


def _statement(speaker: str, written: str, content: str, kind: str, cue: str, cue_tok: Token | None,
               sent: int, start: int, end: int) -> Statement:
    content = SPACE_RE.sub(" ", content).strip()
    return Statement(speaker=speaker, content=content, kind=kind, cue=cue,  # type: ignore[typeddict-item]
                     denial=_denial(cue_tok, content), speaker_text=written, speaker_entity="",
                     sent=sent, start=start, end=end)
