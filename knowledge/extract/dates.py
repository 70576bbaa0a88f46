"""Dated events: date expressions resolved against the publication date, with their clause.

Each DATE entity (and a TIME or CARDINAL one that names a day: "Tuesday night", "Oct. 23") is
resolved by :mod:`knowledge.dates` in the direction its clause looks (future for "will", "is
scheduled to", "set for", a present tense; past for a past tense). Anchored expressions ("the next
day", "a year earlier", "that quarter") are resolved second, against the date the text named last.
An undated article gets a publication date inferred from its own dates (see :func:`infer_published`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from knowledge import dates as datelib
from knowledge import numbers as numlib
from knowledge.facts import DatedEvent

from .parse import REPORT_LEMMAS, SPACE_RE, governing_verb, text_of

if TYPE_CHECKING:  # spaCy is only needed to build the store
    from spacy.tokens import Span, Token
    from .pipeline import ParseContext

_TIME_RE = re.compile(r"^(?:[01]?\d|2[0-3])[:.][0-5]\d$")
_DATE_PREPS = {"on", "in", "since", "until", "till", "by", "from", "during", "through"}
_FUTURE_AUX = {"will", "shall", "'ll", "’ll", "wo", "would", "could", "may", "might", "should", "must",
               "can", "ca"}
_PAST_AUX = {"was", "were", "had", "did", "'d", "’d", "has", "have"}
#: verbs whose complement or "for" + date lies ahead: "is scheduled to", "set for", "plans to"
_SCHEDULE_LEMMAS = {"schedule", "reschedule", "slate", "plan", "expect", "set", "due", "intend", "aim",
                    "hope", "propose", "postpone", "delay", "poise", "prepare", "go", "want", "seek",
                    "vow", "promise", "pledge", "threaten"}
#: adjectives whose "to" complement lies ahead: "the city was ready to resume talks on Thursday"
_SCHEDULE_ADJECTIVES = {"ready", "willing", "prepared", "poised", "eager", "keen", "likely", "set", "due",
                        "determined", "unlikely"}
#: endings of a verb's inflected forms, and the schedule verbs with a final "e" dropped ("hop" + "ing")
_INFLECTIONS = ("s", "es", "d", "ed", "ing")
_SCHEDULE_STEMS = _SCHEDULE_LEMMAS | {lemma[:-1] for lemma in _SCHEDULE_LEMMAS if lemma.endswith("e")}
#: sentences before a relative expression in which its anchor may be named: a day ("the next day"),
#: a period ("a year earlier", "the quarter"), which a whole report may be about
ANCHOR_SENTENCES = 2
PERIOD_ANCHOR_SENTENCES = 5
#: tokens between "the day before" and the date it is in apposition with ("The day before, on Sept. 18")
APPOSITION_GAP = 3
_AGE_WORDS = {"aged", "age", "ages"}
#: parts of a day a weekday or date may modify ("Friday morning", "Jan. 5 night")
DAY_PARTS = {"morning", "afternoon", "evening", "night", "noon", "midday", "overnight"}
#: dependencies of a date that modifies a noun
_MODIFIER_DEPS = {"compound", "poss", "nmod", "amod", "nummod"}
#: nouns a date modifies that lie ahead unless the clause is past ("a Friday deadline")
_DEADLINE_NOUNS = {"deadline", "cutoff", "target", "expiration", "expiry"}
#: nouns that place a time within a date ("the end of March"): the date still times the clause
_PART_NOUNS = {"end", "beginning", "start", "middle", "rest", "close", "turn", "part", "remainder", "course",
               "weeks", "months", "days", "years", "spring", "summer", "fall", "autumn", "winter"}


@dataclass(slots=True)
class _Candidate:
    """One date expression before and after resolution."""

    start: int  # token span, with a leading preposition and a clock time
    end: int
    text: str  # what is resolved: the entity with its preposition ("in May")
    time: str
    sent: int
    verb: Token | None
    direction: datelib.Direction
    label: str  # the entity's: a TIME or CARDINAL one is kept only when it resolves
    date: str = ""
    precision: str = ""
    relative: bool = False
    partial: str = ""
    ref: datelib.Reference = ""
    modifier: bool = False  # names a thing ("the 2012 order"), does not time the clause


# --- which entities are dates -------------------------------------------------------------

_DAY_WORD_RE = re.compile(r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tonight|"
                          r"yesterday|tomorrow|night|evening|morning|afternoon)\b", re.I)


def _date_entities(ctx: ParseContext) -> list[Span]:
    """DATE entities, TIME ones naming a day ("Tuesday night"), CARDINAL ones shaped like a day."""
    out = []
    for ent in ctx.doc.ents:
        if ent.label_ == "DATE" \
                or (ent.label_ == "TIME" and _DAY_WORD_RE.search(ent.text) and not datelib.clock_time(ent.text)) \
                or (ent.label_ == "CARDINAL" and datelib.partial_date(ent.text)
                    and re.fullmatch(r"[A-Za-z]+\.?\s+\d{1,2}", ent.text.strip())):
            out.append(_without_vague_tail(ent))
    return out


def _without_vague_tail(ent: Span) -> Span:
    """ "in October 2023, days after police searched his office": the parser's date ends at the comma
    (the vague "days" belongs to the "after" phrase that follows it)."""
    if len(ent) > 2 and ent[-2].text == "," and ent[-1].lower_ in numlib.VAGUE_DURATIONS:
        return ent[:-2]
    return ent


def _skipped(ctx: ParseContext, ent: Span) -> bool:
    """Not a date at all: durations, counts, ages ("aged 24", "in her 40s"), party tags."""
    doc = ctx.doc
    if datelib.not_a_date(ent.text):
        return True
    before = doc[ent.start - 1] if ent.start > 0 else None
    if before is not None and before.lower_ in _AGE_WORDS:
        return True
    return before is not None and before.tag_ == "PRP$" and datelib.not_a_date(f"{before.text} {ent.text}")


def _clock_after(ctx: ParseContext, end: int) -> tuple[str, int]:
    """A clock time right after the date ("September 19 at 13:00"): (time, new end)."""
    doc = ctx.doc
    if end + 1 < len(doc) and doc[end].lower_ == "at" and _TIME_RE.match(doc[end + 1].text):
        return doc[end + 1].text.replace(".", ":"), end + 2
    if end < len(doc) and _TIME_RE.match(doc[end].text) and doc[end].ent_type_ == "TIME":
        return doc[end].text.replace(".", ":"), end + 1
    if end + 1 < len(doc) and doc[end].lower_ == "at" and doc[end + 1].ent_iob_ == "B" \
            and doc[end + 1].ent_type_ == "TIME":
        t_end = end + 2
        while t_end < len(doc) and doc[t_end].ent_iob_ == "I":
            t_end += 1
        time = datelib.clock_time(doc[end + 1:t_end].text)
        return (time, t_end) if time else ("", end)
    return "", end


def _clock_before(ctx: ParseContext, start: int) -> tuple[str, int]:
    """A clock time right before the date ("at 3 p.m. on Jan. 5"): (time, new start)."""
    doc = ctx.doc
    if start <= 1 or doc[start - 1].ent_type_ != "TIME":
        return "", start
    t_start = start - 1
    while t_start > 0 and doc[t_start].ent_iob_ == "I":
        t_start -= 1
    time = datelib.clock_time(doc[t_start:start].text)
    if not time:
        return "", start
    return time, (t_start - 1 if t_start > 0 and doc[t_start - 1].lower_ == "at" else t_start)


def _candidate(ctx: ParseContext, ent: Span) -> _Candidate | None:
    doc = ctx.doc
    ref = datelib.reference(ent.text)
    if not ref and _skipped(ctx, ent):
        return None
    start, end = ent.start, ent.end
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    root = _root(ent)
    if root.i == end:
        end += 1  # "Friday" + "morning": one expression
    text = doc[start:end].text
    if start > 0 and doc[start - 1].lower_ in _DATE_PREPS and ctx.tok_sent[start - 1] == ctx.tok_sent[start]:
        start -= 1
        text = f"{doc[start].text} {text}"
    time, end = _clock_after(ctx, end)
    if not time:
        time, start = _clock_before(ctx, start)
    verb = governing_verb(root)
    return _Candidate(start=start, end=end, text=text, time=time, sent=ctx.tok_sent[ent.start], verb=verb,
                      direction=_direction(root, verb), label=ent.label_, ref=ref, modifier=_modifies(root, ent))


def _root(ent: Span) -> Token:
    """The token that stands for the date in its clause: its root, or the part of the day it names
    ("Friday" in "Friday morning" hangs off "morning", which the verb governs)."""
    root = ent.root
    if root.dep_ in ("compound", "nmod", "npadvmod") and root.head.lower_ in DAY_PARTS \
            and root.head.i == ent.end and not root.head.ent_type_ == "DATE":
        return root.head
    return root


def _modifies(root: Token, ent: Span) -> bool:
    """True when the date names a thing rather than timing the clause: "the 2012 order", "the 1996
    law", "the March 3 memo", "Tuesday's vote"."""
    head = root.head
    if root.dep_ == "pobj" and head.lower_ == "of":
        head = head.head  # "the law of 1996"
    elif root.dep_ not in _MODIFIER_DEPS:
        return False
    return head is not root and head.pos_ in ("NOUN", "PROPN") and not ent.start <= head.i < ent.end \
        and head.lower_ not in _CALENDAR_UNITS | DAY_PARTS | _PART_NOUNS


# --- which way the clause looks -----------------------------------------------------------

_FOR_LEMMAS = {"set", "schedule", "reschedule", "slate", "plan", "due", "postpone", "delay", "push", "book",
               "expect", "adjourn", "move", "extend"}
_CLIMB = 6  # verbs climbed from the date's own verb to find a tense
_SCHEDULE_PREPS = {"for", "on", "until", "till", "by", "to", "through"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}


def _scheduled(root: Token) -> bool:
    """ "set for June 28", "set Nov. 10 as the deadline", "extended to Nov. 16", "due Dec. 15"."""
    head = root.head
    if head is root:
        return False
    if head.lemma_ in ("due", "schedule", "slate", "expect") or (root.dep_ == "dobj" and head.lemma_ in _FOR_LEMMAS):
        return True
    if root.dep_ != "pobj" or head.lower_ not in _SCHEDULE_PREPS:
        return False
    owners = (head.head,) if head.head.dep_ in _SUBJECT_DEPS else (head.head, head.head.head)
    for owner in owners:  # "the figures for January extended ...": the subject's date is not scheduled
        if owner.lemma_ in _FOR_LEMMAS and (head.lower_ == "for" or owner.lemma_ != "set"):
            return True
    return False


def _tense(verb: Token) -> datelib.Direction | None:
    """A verb's own tense; ``None`` for a participle that takes its tense from the clause above."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxes}
    if words & _FUTURE_AUX:
        return "past" if "have" in words and verb.tag_ == "VBN" else "future"
    if "to" in words:
        return ""  # an infinitive: "agreed to buy it in January" says nothing of when
    if verb.tag_ == "VBD" or words & _PAST_AUX or any(a.tag_ == "VBD" for a in auxes):
        return "past"
    if verb.tag_ in ("VBZ", "VBP") or any(a.tag_ in ("VBZ", "VBP") for a in auxes):
        return "past" if verb.lemma_ in REPORT_LEMMAS else "present"
    if verb.tag_ == "VBN" and (verb.dep_ in ("acl", "amod")
                               or (verb.dep_ == "advcl" and verb.head.lemma_ not in _SCHEDULE_LEMMAS)):
        return "past"  # "the statements made Friday", "the terms, announced Friday, ..."
    return None


def _schedule_verb(tok: Token) -> bool:
    """A verb whose complement lies ahead, by lemma or by its inflected form (the model lemmatises
    "hopes" as "hop")."""
    word = tok.lower_
    return tok.lemma_ in _SCHEDULE_LEMMAS or any(
        word.endswith(ending) and word[:len(word) - len(ending)] in _SCHEDULE_STEMS for ending in _INFLECTIONS)


def _climb(verb: Token | None) -> datelib.Direction:
    """The tense of the clause ``verb`` heads, from the verbs above it when it has none."""
    node = verb
    for _ in range(_CLIMB):
        if node is None:
            return ""
        head = node.head
        if node.dep_ == "xcomp" and _schedule_verb(head) and (head.lemma_ != "go" or head.tag_ == "VBG") \
                and not any(c.lower_ == "had" for c in head.children):
            return "future"  # "is scheduled to sentence him", "plans to vote"
        if node.dep_ == "xcomp" and head.pos_ == "ADJ" and head.lower_ in _SCHEDULE_ADJECTIVES:
            return "future"  # "was ready to resume talks on Thursday"
        tense = _tense(node)
        if tense is not None:
            return tense
        if head is node:
            return ""
        node = head if head.pos_ in ("VERB", "AUX") else governing_verb(head)
    return ""


def _direction(root: Token, verb: Token | None) -> datelib.Direction:
    """Future for a schedule or a future tense, past for a past tense, present for a present one.

    The tense speaks for the date only when the date is an adverbial of the verb; a date inside a
    noun phrase ("the Feb. 23 accord", "Tuesday's vote", "payable Dec. 7") takes only a future from
    it, and none when it modifies a noun directly."""
    if _scheduled(root):
        return "future"
    if root.dep_ in _MODIFIER_DEPS and root.head.lemma_ in _DEADLINE_NOUNS:
        return "past" if _climb(verb) == "past" else "future"  # "faces a Friday deadline"
    if root.dep_ in ("compound", "poss", "nmod", "amod", "nummod", "appos"):
        return ""
    owner = root.head.head if root.dep_ == "pobj" else root.head
    tense = _climb(verb)
    if owner.pos_ in ("VERB", "AUX"):
        return tense
    return "future" if tense == "future" else ""


# --- resolution: plain expressions first, then those read against an earlier date ----------

def _resolve_plain(cands: list[_Candidate], published: str) -> None:
    for c in cands:
        if not c.ref and not datelib.is_anchored(c.text):
            c.date, c.precision, c.relative = datelib.resolve_date(c.text, published, direction=c.direction)
            c.partial = "" if c.date else datelib.partial_date(c.text)


def _anchor(cands: list[_Candidate], i: int, *, day: bool) -> _Candidate | None:
    """The date a relative expression is read against: the latest one named before it in this
    sentence or the few before, else the next one in its sentence; a day for "the next day", a
    period shorter than a year when there is one, else a year."""
    me = cands[i]
    window = ANCHOR_SENTENCES if day else PERIOD_ANCHOR_SENTENCES
    near = [c for c in reversed(cands[:i]) if c.sent >= me.sent - window and c.date]
    near += [c for c in cands[i + 1:] if c.sent == me.sent and c.date]
    wanted = [("day",)] if day else [datelib.SUB_YEAR, ("year",)]
    for precisions in wanted:
        found = next((c for c in near if c.precision in precisions), None)
        if found is not None:
            return found
    return None


def _resolve_anchored(cands: list[_Candidate], published: str) -> None:
    for i, c in enumerate(cands):
        if c.ref or not datelib.is_anchored(c.text):
            continue
        offset = datelib.anchored_offset(c.text)
        nxt = cands[i + 1] if i + 1 < len(cands) else None
        if offset is not None and nxt is not None and nxt.sent == c.sent and nxt.start - c.end <= APPOSITION_GAP:
            c.date, c.precision, c.relative, c.partial = nxt.date, nxt.precision, nxt.relative, nxt.partial
            continue  # "The day before, on September 18": the date in apposition
        day = offset is not None or bool(re.search(r"(?:previous|preceding|following)\s+\w+day\b", c.text, re.I))
        anchor = _anchor(cands, i, day=day)
        against = (anchor.date, anchor.precision) if anchor else None
        c.date, c.precision, c.relative = datelib.resolve_date(c.text, published, direction=c.direction,
                                                               anchor=against)
        if not c.date and offset is not None:
            c.partial = _shifted_partial(cands[:i], c.sent, offset)


def _shifted_partial(before: list[_Candidate], sent: int, offset: int) -> str:
    """ "September 18 ... the day before" without a year: "--09-17"."""
    for prev in reversed(before):
        if prev.sent < sent - 1:
            break
        if prev.partial:
            shifted = datelib.shift_days("2000" + prev.partial[1:], offset)
            return "--" + shifted[5:] if shifted else ""
    return ""


# --- references: "now", "recently", "in the past", "the current system", "soon" -----------

#: singular calendar units: "the current quarter" names a period, it is no reference
_CALENDAR_UNITS = {"day", "week", "weekend", "month", "quarter", "half", "season", "year", "decade", "century",
                   "period", "fiscal"}
#: what follows "soon" when it times something against another event ("soon after the vote")
_RELATIONAL_AFTER = {"after", "before", "afterward", "afterwards", "thereafter", "as"}
#: the nouns that head a reference phrase besides the reference words ("these days", "the near term")
_REF_HEADS = {"days", "moment", "term"}
#: tokens from the left edge of a noun phrase to its reference noun ("the not-too-distant future")
_REF_NP_WIDTH = 4


def _adverb_span(tok: Token) -> tuple[int, int] | None:
    """ "now", "recently", "soon"; not "soon after the vote" nor "as soon as it opens"."""
    if tok.pos_ not in ("ADV", "ADJ") and tok.dep_ != "advmod":
        return None
    doc, i = tok.doc, tok.i
    after = doc[i + 1].lower_ if i + 1 < len(doc) else ""
    if tok.lower_ == "soon" and after in _RELATIONAL_AFTER:
        if after == "as" and i > 0 and doc[i - 1].lower_ == "as" and i + 2 < len(doc) \
                and doc[i + 2].lower_ == "possible":
            return i - 1, i + 3  # "as soon as possible"
        return None
    return i, i + 1


def _adjective_span(tok: Token) -> tuple[int, int] | None:
    """ "the current system", "recent sales", "future losses", "recent years"; not "the current quarter"."""
    head, doc = tok.head, tok.doc
    if tok.dep_ not in ("amod", "compound", "nmod") or head.pos_ not in ("NOUN", "PROPN") or head.i < tok.i:
        return None
    if head.lower_ in _CALENDAR_UNITS or (head.i + 1 < len(doc) and doc[head.i + 1].lower_ in _CALENDAR_UNITS):
        return None
    start = tok.i - 1 if tok.i > 0 and doc[tok.i - 1].lower_ == "then" else tok.i  # "the then current price"
    if head.i - tok.i <= _REF_NP_WIDTH and datelib.reference(doc[start:head.i + 1].text):
        return start, head.i + 1  # "recent weeks and months" is read whole where it is one
    return start, tok.i + 1


def _noun_span(tok: Token) -> tuple[int, int] | None:
    """ "in the past", "the near future", "at present", "these days"; not "the future of the town"."""
    doc = tok.doc
    if tok.pos_ not in ("NOUN", "ADJ") or (tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "of"):
        return None
    if tok.i + 1 < len(doc) and (doc[tok.i + 1].like_num or doc[tok.i + 1].pos_ == "NOUN"):
        return None  # "the past three months", "the past year": a period, read as a date or a duration
    start = tok.left_edge.i
    if tok.i - start > _REF_NP_WIDTH:
        return None
    if start == tok.i and tok.i > 0 and doc[tok.i - 1].lower_ == "at":
        start -= 1  # "at present"
    return start, tok.i + 1


def _reference_span(tok: Token) -> tuple[int, int] | None:
    """The tokens of the reference expression ``tok`` heads or modifies, if it is one."""
    word = tok.lower_
    if word in datelib.REF_ADVERBS:
        span = _adverb_span(tok)
    elif word in datelib.REF_ADJECTIVES and tok.dep_ in ("amod", "compound", "nmod"):
        span = _adjective_span(tok)
    elif word in datelib.REF_NOUNS or word in _REF_HEADS:
        span = _noun_span(tok)
    else:
        return None
    return span if span and datelib.reference(tok.doc[span[0]:span[1]].text) else None


def _reference_candidates(ctx: ParseContext, taken: set[int]) -> list[_Candidate]:
    """Reference expressions outside the date entities: "now", "recently", "the current system"."""
    out: list[_Candidate] = []
    for tok in ctx.doc:
        span = None if tok.i in taken else _reference_span(tok)
        if span is None or taken.intersection(range(*span)):
            continue
        text = ctx.doc[span[0]:span[1]].text
        taken.update(range(*span))
        out.append(_Candidate(start=span[0], end=span[1], text=text, time="", sent=ctx.tok_sent[tok.i],
                              verb=governing_verb(tok), direction="", label="DATE",
                              ref=datelib.reference(text)))
    return out


def _clause(ctx: ParseContext, verb: Token | None, sent: int) -> str:
    a, b = ctx.sents[sent]
    if verb is None:
        return ctx.text[a:b]
    node = verb
    if verb.dep_ in ("acl", "amod") and verb.head.pos_ in ("NOUN", "PROPN"):
        node = verb.head  # "the trilateral statement signed on November 10, 2020"
    elif verb.dep_ == "advcl" and verb.tag_ in ("VBN", "VBG") and verb.head is not verb \
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        node = verb.head  # "..., followed by the House on Thursday": the clause it hangs off names the event
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
    """Every date expression of the article, resolved where the text allows, with its clause."""
    published = ctx.article.published
    cands = [c for ent in _date_entities(ctx) if (c := _candidate(ctx, ent)) is not None]
    _resolve_plain(cands, published)
    _resolve_anchored(cands, published)
    if not published:
        _pin_weekdays(cands)
    taken = {i for c in cands for i in range(c.start, c.end)}
    cands = sorted(cands + _reference_candidates(ctx, taken), key=lambda c: c.start)
    out: list[DatedEvent] = []
    for c in cands:
        if c.label != "DATE" and not (c.date or c.partial):
            continue  # "morning", "the evening": a time of day, no date
        span = ctx.doc[c.start:c.end]
        out.append(DatedEvent(text=span.text, date=c.date, precision=c.precision,  # type: ignore[typeddict-item]
                              relative=c.relative, partial=c.partial, time=c.time, ref=c.ref, modifier=c.modifier,
                              event=_clause(ctx, c.verb, c.sent), sent=c.sent,
                              start=span.start_char, end=span.end_char))
    return out


# --- undated articles ---------------------------------------------------------------------

_FUTURE_CLAUSE_RE = re.compile(r"\b(?:will|shall|'ll|’ll|(?:is|are)\s+(?:scheduled|expected|set|due|going)\s+to)\b",
                               re.I)


def _pin_weekdays(cands: list[_Candidate]) -> None:
    """Without an article date, "Tuesday, September 19" still names one day: the year nearest the
    years the article states (else this year) in which 19 September is a Tuesday."""
    stated = [int(c.date[:4]) for c in cands if c.date[:4].isdigit() and not c.relative]
    near = max(stated) if stated else dt.date.today().year
    for c in cands:
        weekday = re.search(r"\b(" + "|".join(datelib.WEEKDAYS) + r")\b", c.text.lower())
        if c.date or not c.partial or not weekday:
            continue
        month, day = int(c.partial[2:4]), int(c.partial[5:7])
        year = datelib.pinned_year(month, day, datelib.WEEKDAYS[weekday[1]], near)
        if year is not None:
            c.date, c.precision, c.relative, c.partial = f"{year:04d}-{month:02d}-{day:02d}", "day", True, ""


def infer_published(dates: list[DatedEvent]) -> str:
    """An undated article's likely date: the latest day it pins by weekday (outside clauses that
    look ahead), else "". Only pinned days are ``relative`` in an article without a date."""
    pinned = [d["date"] for d in dates if d["relative"] and d["precision"] == "day"
              and not _FUTURE_CLAUSE_RE.search(d["event"])]
    return max(pinned, default="")
