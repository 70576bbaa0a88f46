"""Statements: direct quotes with their speech cue and speaker, and reported speech."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from knowledge.entities import name_key
from knowledge.facts import Framing, Statement

from .framings import extract_framings
from .parse import HONORIFICS, REPORT_LEMMAS, SPACE_RE, expand_np, speaker_of, subject_of, text_of

if TYPE_CHECKING:  # spaCy is only needed to build the store
    from spacy.tokens import Doc, Token
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
    "yell", "shout", "scream", "exclaim", "shriek", "holler", "bark", "whisper", "mutter", "cry",
    "plead", "beg", "chant", "snap", "continue",
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
#: nouns for the medium of a statement: "said in a statement that ..."
MEDIA = {"statement", "interview", "release", "letter", "post", "tweet", "email", "filing", "speech",
         "briefing", "message", "note", "video", "conference", "report", "court", "testimony", "remark"}
#: tokens after a closing quote mark searched for its cue
CUE_AFTER_TOKENS = 30
#: tokens of a speaker's name between a quote and its verb, or after "quoted" ("quoted Gen. X Y as")
CUE_NAME_TOKENS = 7
#: quotations of at most this many words inside a sentence (no colon or comma before) are framings
FRAMING_MAX_WORDS = 6
#: quotations this short, with words before and after, are framings unless a cue follows
LABEL_MAX_WORDS = 3
_CUE_AFTER_RE = re.compile(r"^[,.]?\s*[–—-]?\s*\w+\s+(?:said|says|told|added)\b")
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


class _Quote(NamedTuple):
    """One quotation and the text around it in its sentences."""

    qs: int  # char offset of the opening mark
    qe: int  # char offset after the closing mark
    inner: str
    words: int
    sent: int  # sentence of the opening mark
    after_sent: int  # sentence of the closing mark
    before: str  # the sentence before the opening mark
    after: str  # the sentence after the closing mark
    first: int  # token of the opening mark
    last: int  # token of the closing mark


class _Cue(NamedTuple):
    """The speech verb of a quotation, its subject, and the words it attributes."""

    verb: Token
    subject: Token | None
    quoted_as: bool
    inner: str


def extract_statements(ctx: ParseContext) -> tuple[list[Statement], list[Framing]]:
    """Direct quotes and reported speech with their speakers; short quoted labels as framings."""
    statements, used_cues, pending_framings = _direct_statements(ctx)
    statements += _reported_statements(ctx, used_cues)
    statements.sort(key=lambda s: (s["start"], s["end"]))
    _name_statement_issuers(ctx, statements)
    return statements, extract_framings(ctx, pending_framings, statements)


def _quote(ctx: ParseContext, qs: int, qe: int) -> _Quote | None:
    text = ctx.text
    inner = text[qs + 1:qe - 1].strip()
    if not inner:
        return None
    s_idx = ctx.sent_of_char(qs)
    after_sent = ctx.sent_of_char(qe - 1)
    before = text[ctx.sents[s_idx][0]:qs].rstrip()
    after = text[qe:ctx.sents[after_sent][1]].strip()
    return _Quote(qs, qe, inner, len(re.findall(r"[\w’'-]+", inner)), s_idx, after_sent, before, after,
                  ctx.tok_of_char(qs), ctx.tok_of_char(qe - 1))


def _is_label(q: _Quote) -> bool:
    """A short quoted phrase inside a sentence (a framing), not a quotation someone speaks."""
    if q.before and not q.before.endswith((":", ",", "–", "—", "-")) and q.words <= FRAMING_MAX_WORDS:
        return True
    return q.words <= LABEL_MAX_WORDS and bool(q.before) and bool(q.after) and not q.before.endswith(":") \
        and not _CUE_AFTER_RE.match(q.after)


def _direct_statements(ctx: ParseContext) -> tuple[list[Statement], set[int], list[tuple[int, int]]]:
    """Statements for the quotations, the cue tokens they used, and the quote spans left as framings."""
    statements: list[Statement] = []
    used_cues: set[int] = set()
    pending_framings: list[tuple[int, int]] = []
    last: tuple[int, str, str] | None = None  # (sentence, speaker, written) of the last direct quote
    for qs, qe in ctx.quotes:
        q = _quote(ctx, qs, qe)
        if q is None:
            continue
        if _is_label(q):
            pending_framings.append((qs, qe))
            continue
        cue = _find_cue(ctx, q)
        if cue is None:
            # a quote with no cue right after another speaker's quote continues it
            if last and last[0] in (q.sent - 1, q.sent) and not q.before and not re.search(r"\w", q.after):
                statements.append(_statement(last[1], last[2], q.inner, "direct", "", None, q.sent, qs, qe))
            continue
        used_cues.add(cue.verb.i)
        st = _direct_statement(ctx, q, cue)
        statements.append(st)
        last = (q.after_sent, st["speaker"], st["speaker_text"])
    return statements, used_cues, pending_framings


def _find_cue(ctx: ParseContext, q: _Quote) -> _Cue | None:
    """The speech cue of a quotation: introducing it, after it, inside it, or anywhere before it.

    A cue before a quotation that closes its own sentence wins over one after it: in 'The guard
    shouted, “Stop!” Ferris recalled.' the words are the guard's."""
    if q.before.endswith((":", ",")) or _closes_itself(ctx, q):  # X said: “...” / X yelled “...!”
        verb, subj = _cue_before(ctx, q.first)
        if verb is not None:
            return _Cue(verb, subj, False, q.inner)
    verb, subj, quoted_as = _cue_after(ctx, q.last)  # “...”, X said / said X / quoted X as saying
    if verb is not None:
        return _Cue(verb, subj, quoted_as, q.inner)
    inside = _cue_inside(ctx, q)  # Aliyev “pointed out that ...”
    if inside is not None:
        return inside
    verb, subj = _cue_before(ctx, q.first)
    return _Cue(verb, subj, False, q.inner) if verb is not None else None


def _closes_itself(ctx: ParseContext, q: _Quote) -> bool:
    """The quotation ends with its own full stop, exclamation or question mark: '“Stop!”'."""
    return q.last > 0 and ctx.doc[q.last - 1].text in (".", "!", "?") and bool(q.before)


def _cue_inside(ctx: ParseContext, q: _Quote) -> _Cue | None:
    """ Aliyev “pointed out that X”: the cue opens the quote, the words are X."""
    doc = ctx.doc
    k = q.first + 1
    while k < len(doc) and doc[k].is_punct:
        k += 1
    if k >= len(doc) or not _is_speech_verb(doc[k]):
        return None
    subj = subject_of(doc[k])
    if subj is None or subj.idx >= q.qs:
        return None
    after_cue = k + 1
    while after_cue < q.last and (doc[after_cue].dep_ == "prt" or doc[after_cue].lower_ == "that"):
        after_cue += 1
    inner = ctx.text[doc[after_cue].idx:q.qe - 1].strip() if after_cue < q.last else q.inner
    return _Cue(doc[k], subj, False, inner)


def _direct_statement(ctx: ParseContext, q: _Quote, cue: _Cue) -> Statement:
    doc = ctx.doc
    subj = cue.subject
    speaker, written = speaker_of(ctx, subj) if subj is not None else ("", "")
    if speaker.lower() in _NO_SPEAKER:
        speaker = ""
    cue_text = "quoted … as saying" if cue.quoted_as else _cue_text(cue.verb)
    start = min(q.qs, cue.verb.idx, subj.idx if subj is not None else q.qs)
    end = max(q.qe, cue.verb.idx + len(cue.verb.text))
    if subj is not None:
        sl, sr = expand_np(ctx, subj)
        start = min(start, doc[sl].idx)
        end = max(end, doc[sr].idx + len(doc[sr].text))
    return _statement(speaker, written, cue.inner, "direct", cue_text, cue.verb, ctx.sent_of_char(start), start, end)


def _reported_statements(ctx: ParseContext, used_cues: set[int]) -> list[Statement]:
    """X said (that) ..., according to X, This was reported by X."""
    out: list[Statement] = []
    for t in ctx.doc:
        if t.i in used_cues or ctx.in_quote(t.idx):
            continue
        if t.lower_ == "according":
            st = _according_to(ctx, t)
        elif t.pos_ in ("VERB", "AUX") and _is_report_verb(t):
            st = _reported_by(ctx, t) if _complement(t) is None else _reported_clause(ctx, t)
        else:
            st = None
        if st is not None:
            out.append(st)
    return out


def _is_report_verb(t: Token) -> bool:
    lemma = t.lemma_.lower()
    if lemma == "point":
        return any(c.lower_ == "out" for c in t.children)
    return lemma in REPORT_LEMMAS


def _according_to(ctx: ParseContext, t: Token) -> Statement | None:
    """ "according to X": the rest of the sentence is X's."""
    doc = ctx.doc
    to = next((c for c in t.children if c.lower_ == "to"), None)
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    if pobj is None or pobj.lemma_.lower() in _NOT_SOURCES:
        return None
    sent = ctx.tok_sent[t.i]
    s0, s1 = ctx.sent_tok[sent]
    phrase_l, phrase_r = t.i, pobj.right_edge.i
    rest = _trim([x for x in doc[s0:s1] if not (phrase_l <= x.i <= phrase_r) and not x.is_space], that=False)
    if not rest:
        return None
    speaker, written = speaker_of(ctx, pobj)
    a, b = ctx.sents[sent]
    return _statement(speaker, written, text_of(ctx.text, rest), "reported", "according to", None, sent, a, b)


def _trim(toks: list[Token], *, that: bool = True) -> list[Token]:
    """Without leading punctuation (and "that"), nor trailing punctuation other than a closing mark."""
    while toks and ((that and toks[0].lower_ == "that" and toks[0].dep_ == "mark") or toks[0].is_punct):
        toks = toks[1:]
    while toks and (toks[-1].is_space or toks[-1].is_punct and toks[-1].text not in ("”", '"')):
        toks = toks[:-1]
    return toks


def _complement(t: Token) -> Token | None:
    """The clause a report verb governs: "said (that) X", "denied X", "said in a statement that X"."""
    denial = t.lemma_.lower() in DENIAL_LEMMAS
    for c in t.children:
        if c.dep_ == "ccomp" or (denial and c.dep_ in ("dobj", "xcomp", "pcomp")):
            return c
    if t.dep_ == "parataxis" and t.head.pos_ in ("VERB", "AUX"):
        return t.head  # "The plan, Ms. X said, is dead": the clause around the cue
    for c in t.children:  # the parser may hang the clause on the medium: "said in a statement that ..."
        if c.dep_ == "prep":
            medium = next((g for g in c.children if g.dep_ == "pobj" and g.lemma_.lower() in MEDIA), None)
            clause = next((g for g in medium.children if g.dep_ in ("acl", "relcl")
                           and g.left_edge.lower_ == "that"), None) if medium is not None else None
            if clause is not None:
                return clause
    return None


def _reported_by(ctx: ParseContext, t: Token) -> Statement | None:
    """ "This was reported by X": the subject (or the sentence before, for "this") is X's."""
    doc = ctx.doc
    agent = next((c for c in t.children if c.dep_ == "agent"), None) if t.lemma_.lower() == "report" else None
    by_obj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    nsubj = next((c for c in t.children if c.dep_ == "nsubjpass"), None)
    if by_obj is None or nsubj is None:
        return None
    sent = ctx.tok_sent[t.i]
    if nsubj.lower_ in ("this", "it", "that") and sent > 0:
        a, b = ctx.sents[sent - 1]
        content = ctx.text[a:b]
    else:
        l, r = expand_np(ctx, nsubj)
        content = text_of(ctx.text, list(doc[l:r + 1]))
    speaker, written = speaker_of(ctx, by_obj)
    a, b = ctx.sents[sent]
    return _statement(speaker, written, content, "reported", "reported by", t, sent, a, b)


def _reported_clause(ctx: ParseContext, t: Token) -> Statement | None:
    """ "X said (that) ...": the clause is X's."""
    doc = ctx.doc
    comp = _complement(t)
    subj = _reporter_continued(t) or subject_of(t) or _participle_subject(t)
    if comp is None or subj is None or (subj.lower_ in ("it", "this") and t.lemma_.lower() != "say"):
        return None
    # "The rules, the ministry said, will ...": the parser may give the clause's subject to the cue
    stranded = [c.left_edge.i for c in t.children if c.dep_ == "nsubj" and c.i < subj.i]
    inner = _parenthetical_speaker(t, subj)
    if inner is not None:
        stranded.append(subj.left_edge.i)
        subj = inner
    c_toks = _trim(list(doc[min([comp.left_edge.i] + stranded):comp.right_edge.i + 1]))
    if not c_toks or (ctx.in_quote(c_toks[0].idx) and ctx.in_quote(c_toks[-1].idx)):
        return None
    speaker, written = speaker_of(ctx, subj)
    if speaker.lower() in _NO_SPEAKER:
        return None
    sl, _ = expand_np(ctx, subj)
    start = min(doc[sl].idx, t.idx, c_toks[0].idx)
    end = max(t.idx + len(t.text), c_toks[-1].idx + len(c_toks[-1].text))
    return _statement(speaker, written, text_of(ctx.text, c_toks), "reported", _cue_text(t), t,
                      ctx.sent_of_char(start), start, end)


def _reporter_continued(verb: Token) -> Token | None:
    """ "X told reporters that the march had been peaceful and denied that ...": the parser hangs the
    second report verb, which has no subject of its own, on the reported clause; it is X's."""
    clause = verb.head
    if verb.dep_ != "conj" or clause.dep_ != "ccomp" or _is_report_verb(clause) or not _is_report_verb(clause.head):
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return None
    return subject_of(clause.head)


def _participle_subject(verb: Token) -> Token | None:
    """ "X rejected the claim, saying ...", "X left early, telling reporters ...": a report verb in
    a participle clause has the subject of the verb it hangs on."""
    if verb.tag_ == "VBG" and verb.dep_ in ("advcl", "conj") and verb.head.pos_ in ("VERB", "AUX"):
        return subject_of(verb.head)
    return None


def _parenthetical_speaker(verb: Token, subj: Token) -> Token | None:
    """ "X, Y said, must resign": the parser may read Y as an apposition of X; Y (right before the
    verb, with no comma closing it) is the speaker."""
    for c in subj.children:
        if c.dep_ == "appos" and c.i > subj.i and c.right_edge.i + 1 == verb.i \
                and not any(t.text == "," or t.dep_ == "cc" for t in c.subtree):
            return c  # not "X, the senator, and others said"
    return None


def _name_statement_issuers(ctx: ParseContext, statements: list[Statement]) -> None:
    """ "the statement said": the organisation that spoke last issued it."""
    last = ""
    person_names = {name for _, name in ctx.persons_in_order}
    for st in statements:
        if name_key(st["speaker"]) in ("statement", "the statement", "this statement") and last:
            st["speaker"] = last
        elif st["speaker"] and st["speaker"].lower() not in ("it", "they", "this", "we") \
                and st["speaker"] not in person_names:
            last = st["speaker"]


def _cue_after(ctx: ParseContext, q_last: int) -> tuple[Token | None, Token | None, bool]:
    """The speech verb after a closing quote mark, its subject, and whether it is "quoted X as"."""
    doc = ctx.doc
    window_end = _cue_window_end(ctx, q_last)
    closed = q_last > 0 and doc[q_last - 1].text in (".", "!", "?")
    for k in range(q_last + 1, min(window_end, q_last + 1 + CUE_AFTER_TOKENS)):
        t = doc[k]
        if t.text in ("“", '"', "«") or (t.text in (".", "!", "?") and k > q_last + 1):
            break
        if not _is_speech_verb(t):
            continue
        if t.lemma_.lower() == "quote":
            return t, _quoted_as_subject(ctx, t), True
        if closed and any(c.dep_ in ("ccomp", "xcomp") and c.i > t.i for c in t.children):
            break  # “... side.” Smith said the talks failed / He told him to act: a statement of its own
        subj = subject_of(t)
        if subj is None or ctx.in_quote(subj.idx):
            subj = _subject_after(ctx, t)
        return t, subj, False
    return None, None, False


def _cue_window_end(ctx: ParseContext, q_last: int) -> int:
    """Token index where the cue after a quote must be found (``q_last`` when the quote closed its sentence)."""
    doc = ctx.doc
    k = q_last + 1
    if k >= len(doc):
        return k
    sent_end = ctx.sent_tok[ctx.tok_sent[q_last]][1]
    nxt = _next_word(doc, k)
    closed = q_last > 0 and doc[q_last - 1].text in (".", "!", "?")
    opens_cue = _opens_cue(doc, nxt)
    if closed and nxt.is_title and not opens_cue:
        return q_last  # “... side.” In this regard, ...
    if ctx.tok_sent[k] != ctx.tok_sent[q_last]:
        # the parser may start a new sentence after the mark: “...!” – he said. / “...!” Dunmore told ...
        if not (nxt.is_punct and nxt.text in (",", "–", "—", "-") or nxt.is_lower or opens_cue):
            return q_last
        sent_end = ctx.sent_tok[ctx.tok_sent[k]][1]
    return sent_end


def _next_word(doc: Doc, k: int) -> Token:
    tok = doc[k]
    while tok.is_space and tok.i + 1 < len(doc):
        tok = doc[tok.i + 1]
    return tok


def _opens_cue(doc: Doc, tok: Token) -> bool:
    """ "said ...", "Dunmore told ...", "Ms. Kastell said": a speech verb after at most a short name."""
    for k in range(tok.i, min(len(doc), tok.i + CUE_NAME_TOKENS + 1)):
        t = doc[k]
        if _is_speech_verb(t):
            return True
        if not (t.is_title or t.lower_ in HONORIFICS):
            return False
    return False


def _quoted_as_subject(ctx: ParseContext, verb: Token) -> Token | None:
    """The person in "quoted X as saying": the verb's object, or the first person after it."""
    doc = ctx.doc
    subj = None
    for c in verb.children:
        if c.dep_ in ("dobj", "nsubjpass") and c.pos_ in ("PROPN", "NOUN"):
            subj = c
    if subj is None:  # the parse may hang the name elsewhere
        for k in range(verb.i + 1, min(len(doc), verb.i + CUE_NAME_TOKENS + 1)):
            if ctx.person_at.get(k) is not None:
                return doc[k]
    return subj


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
