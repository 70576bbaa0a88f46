"""Roles: the titles, offices, occupations and relations a named person holds.

One function per pattern (see :data:`PATTERNS`), each reading one person mention ("holder") over the
spaCy parse and the title gazetteers:

- titles before the name: "St. Louis County Prosecutor X", "Assistant to Azerbaijani President A B";
- an apposition before it: "The developer, X"; "Mr. A's lawyer, X"; "a spokesman for A, X";
- "police named the victim as X";
- a title after another person's name: "Clinton spokesman X" -> "spokesman for Clinton";
- a party tag: "Rep. X (D-Ore.)", "Sen. X, R-Texas," (see :func:`with_party_tag`);
- appositions after it: "X, a state trooper"; "X, an internist and chairman of …"; "X, the wife of A";
  "X, Delaware Democrat"; "X, Arizona State Forestry Division spokesman";
- a relation with a possessor: "his wife, X" -> "wife of A" (the pronoun resolved), "Mr. A's son, X";
- a name spaCy tagged as a place or building right after a title noun ("nurse Tessa Morland");
- a relative clause or a predicate: "X, who is …"; "X was a city alderman"; "X became vice chair";
  "X won the race for vice chairman".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from knowledge.entities import ORG_WORDS, PLACE_WORDS, TITLE_MODIFIERS, TITLE_NOUNS, country_of, place_kind
from knowledge.facts import Mention, Role

from .coref import PRONOUN_GENDER, resolve_pronoun
from .parse import HONORIFICS, expand_np, quote_spans, text_of
from .titles import (
    AGENT_NOUNS,
    CONTEST_NOUNS,
    COPULA_LEMMAS,
    EVALUATIVE_ADJECTIVES,
    NAME_HONORIFICS,
    NAMING_LEMMAS,
    PARTY_LETTERS,
    PARTY_NOUNS,
    PARTY_TAG,
    PERSON_NOUNS,
    RELATION_NOUNS,
    SERVE_LEMMAS,
    WIN_LEMMAS,
    is_person_noun,
    state_of,
)

if TYPE_CHECKING:  # spaCy is only needed to build the store
    from spacy.tokens import Token
    from .pipeline import ParseContext

_ROLE_GLUE = {"of", "to", "for"}
_FORMER = {"former", "ex", "then", "onetime", "one-time", "late", "erstwhile"}
#: verbs that put what follows in the future or in doubt ("expected to be sworn in as ...", "hopes to become")
PROSPECT_LEMMAS = frozenset({"expect", "hope", "want", "seek", "aim", "plan", "intend", "bid", "vie", "try",
                             "hop", "aspire", "tip", "poise", "set", "due", "likely", "nominate", "propose"})
#: auxiliaries of a role still to come ("X will become ...", "X would serve as ...")
FUTURE_AUXILIARIES = frozenset({"will", "would", "could", "may", "might", "shall", "'ll"})
_DETERMINERS = {"the", "a", "an", "another", "his", "her", "their", "its", "our", "my", "your"}
#: title words that are ordinary words in lower case ("a major figure", "in general")
_AMBIGUOUS_TITLES = {"major", "general", "private", "principal", "marshal", "chair", "speaker", "head",
                     "member", "officer", "king", "queen", "prince", "lord", "dean", "counsel", "justice"}
#: place words that end a place name before a title ("Harlan County Prosecutor", "New York City Mayor")
_PLACE_UNITS = {"county", "city", "parish", "borough", "township"}
#: a descriptive phrase after a name is at most this long ("X, the chief of surgery at …")
MAX_PHRASE_TOKENS = 20
#: words before the head noun of a description ("a longtime state highway patrol trooper")
MAX_PREMODIFIERS = 4
#: tokens that end a descriptive phrase
_PHRASE_END = {",", ".", ";", ":", "(", ")", "“", "”", '"', "—", "–", "who", "which", "that", "whose", "when",
               "while", "because", "although", "though", "before", "after", "over", "under", "despite", "until"}
#: words a role never starts with ("the only Republican", "the same employee")
_NOT_ROLE_START = {"only", "same", "other", "such", "and", "or", "but"}
#: a verb inside a description ("a developer born in Ohio"); any other verb makes the phrase a subject
_CLAUSES_IN_PHRASE = {"acl", "relcl", "advcl", "amod", "compound", "nmod"}
_ADJUNCT_PREPS = {"in", "on", "since", "until", "from", "during", "at"}
_NOT_ROLE_ENTS = {"DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL", "GPE", "LOC", "FAC"}
#: titles held "to" someone ("Obama adviser X" -> "adviser to Obama"); any other is "for" ("spokesman for")
_TO_TITLES = {"adviser", "advisor", "aide", "assistant", "counselor", "counsellor", "envoy", "deputy"}
#: lower-case words inside an organisation's name ("Department of Forestry", "Bureau of Land Management")
_ORG_NAME_GLUE = {"of", "and", "&", "for", "the"}
#: a relation read as "wife of A" is at most this long ("his estranged wife")
MAX_RELATION_TOKENS = 4
#: a name spaCy did not tag as a person, after a title noun ("nurse Tessa Morland"), has this many words
UNTAGGED_NAME_TOKENS = 2
#: entity labels a person's name is sometimes given by mistake
_MISTAKEN_PERSON_ENTS = {"FAC", "ORG", "GPE", "LOC", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT"}


@dataclass(frozen=True)
class Holder:
    """One PERSON mention and the bounds of its sentence, in tokens ([start, end))."""

    start: int
    end: int
    mention: Mention
    sent: int
    sent_start: int
    sent_end: int

    @property
    def name(self) -> str:
        return self.mention["name"]


# --- shared token tests --------------------------------------------------------------------------

def _honorific(t: Token) -> bool:
    return t.lower_ in NAME_HONORIFICS or t.lower_ in HONORIFICS


def _role_noun(t: Token) -> bool:
    """A noun naming a post, an occupation, a description or a relation of a person."""
    if _honorific(t) or t.ent_type_ in _NOT_ROLE_ENTS or t.pos_ not in ("NOUN", "PROPN"):
        return False
    if t.pos_ == "PROPN" and t.ent_type_ not in ("NORP", "") and t.lower_ not in TITLE_NOUNS:
        return False
    return t.lower_ in TITLE_NOUNS or is_person_noun(t.text) or is_person_noun(t.lemma_)


def _role_tok_ok(t: Token) -> bool:
    if t.is_punct or t.is_space or t.like_num:
        return t.text == "-" and bool(t.whitespace_ == "")
    if t.pos_ == "VERB" and (t.dep_ not in ("amod", "compound") or t.tag_ in ("VBD", "VBN")) \
            and t.i > 0 and t.doc[t.i - 1].lower_ != "newly":
        return False  # "Democrats re-elected Representative X" (but "newly elected Mayor X")
    low = t.lower_
    if low in TITLE_NOUNS or low in TITLE_MODIFIERS or low in ORG_WORDS or low in _ROLE_GLUE:
        return True
    if t.tag_ == "POS":
        return True
    return t.pos_ in ("PROPN", "NOUN", "ADJ") and (t.is_title or t.is_upper)


def _org_part(t: Token) -> bool:
    """ "Party" in "Wisconsin Republican Party spokesman" names the organisation, not the post."""
    return t.is_title and t.lower_ not in TITLE_NOUNS and (
        t.lower_ in ORG_WORDS or (t.ent_type_ == "ORG" and t.lower_ not in TITLE_MODIFIERS))


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
            return _title_start(toks, i), i
        if low in TITLE_MODIFIERS and not _place_unit(toks, i):
            k = i
            while k < n and toks[k].lower_ in TITLE_MODIFIERS:
                k += 1
            if k < n and toks[k].lower_ in TITLE_NOUNS:
                return i, k
    return -1, -1


def _title_start(toks: list[Token], head: int) -> int:
    """ "Prime Minister", "Foreign Minister", "Deputy Prime Minister", "former head": where it starts."""
    j = head
    while j > 0 and (toks[j - 1].lower_ in TITLE_MODIFIERS or (
            (toks[j - 1].is_lower or _capitalised_first(toks[j - 1])) and toks[j - 1].pos_ in ("NOUN", "ADJ")
            and toks[j - 1].lower_ not in ORG_WORDS)) \
            and toks[j - 1].lower_ != "state" and not _org_part(toks[j - 1]) and not _place_unit(toks, j - 1):
        j -= 1
    return j


def _capitalised_first(t: Token) -> bool:
    """ "Civil rights leader X" at the start of a sentence (but "German Chancellor X" names a country)."""
    return t.is_sent_start and not place_kind(t.text) and t.ent_type_ not in ("NORP", "GPE", "ORG")


def _place_unit(toks: list[Token], i: int) -> bool:
    """ "County" in "Harlan County Prosecutor": the end of the affiliation's place name, not the title."""
    return toks[i].lower_ in _PLACE_UNITS and i > 0 and toks[i - 1].is_title \
        and toks[i - 1].lower_ not in TITLE_MODIFIERS


def _head_token(ctx: ParseContext, h: Holder) -> Token:
    """The mention's syntactic head: its token whose head lies outside it."""
    for t in ctx.doc[h.start:h.end]:
        if not h.start <= t.head.i < h.end or t.head is t:
            return t
    return ctx.doc[h.end - 1]


def _mention_span(ctx: ParseContext, i: int) -> tuple[int, int]:
    """[start, end) of the PERSON mention covering token ``i``."""
    m = ctx.person_at[i]
    start, end = i, i + 1
    while start > 0 and ctx.person_at.get(start - 1) is m:
        start -= 1
    while end < len(ctx.doc) and ctx.person_at.get(end) is m:
        end += 1
    return start, end


# --- building a record ---------------------------------------------------------------------------

def _affiliation_from_of(text: str, toks: list[Token], head: int) -> str:
    """ "head of the Nagorno-Karabakh government" -> "Nagorno-Karabakh government";
    "chief of surgery at St. Mary's Hospital" -> "St. Mary's Hospital"."""
    for k in range(head + 1, len(toks)):
        if toks[k].lower_ in ("of", "at", "for", "with"):
            rest = toks[k + 1:]
            while rest and rest[0].lower_ in ("the", "a", "an"):
                rest = rest[1:]
            if all(t.lower_ in TITLE_MODIFIERS | {"and"} for t in rest):
                return ""  # "secretary of State", "Secretary of Homeland Security": the portfolio, no body
            if rest and (any(t.lower_ in ORG_WORDS for t in rest) or any(place_kind(t.text) for t in rest)
                         or any(t.ent_type_ in ("GPE", "ORG", "NORP", "LOC") for t in rest)):
                return text_of(text, rest)
    return ""


def _trim(ctx: ParseContext, toks: list[Token]) -> list[Token]:
    """No article, pronoun or glue at the start; no glue, honorific or name fragment at the end."""
    while toks and (toks[0].lower_ in _DETERMINERS | _ROLE_GLUE or toks[0].tag_ == "POS" or toks[0].is_punct
                    or toks[0].is_space):
        toks = toks[1:]
    if toks and toks[0].lower_ in _NOT_ROLE_START:
        return []
    changed = True
    while toks and changed:
        changed = False
        while toks and (toks[-1].lower_ in _ROLE_GLUE | _ADJUNCT_PREPS | {"the", "and", "a", "an", "with"}
                        or toks[-1].is_punct or toks[-1].is_space
                        or _honorific(toks[-1])):
            toks, changed = toks[:-1], True
        last = toks[-1].i if toks else -1
        if last >= 0 and ctx.person_at.get(last) is not None and _mention_span(ctx, last)[0] < toks[0].i:
            # a name cut in two ("adviser to Mr. Reid" read as far as "Reid"): keep it whole or drop it
            start, _ = _mention_span(ctx, last)
            toks, changed = [t for t in toks if t.i < start], True
    return toks


def _clean_affiliation(affiliation: str) -> str:
    affiliation = re.sub(r"^(?:the|The)\s+", "", re.sub(r"['’]s$", "", affiliation)).strip(" -")
    # "longtime Iowa Sen. X": the affiliation is the name, not the adjective
    affiliation = re.sub(r"^(?:[a-z][\w-]*\s+)+(?=[A-Z])", "", affiliation)
    return re.sub(r"^(?i:longtime|veteran|embattled|top|senior|current|incumbent|outgoing|powerful|"
                  r"influential|popular|controversial|newly|freshman|retiring)\s+", "", affiliation)


def _country(affiliation: str) -> str:
    if not affiliation:
        return ""
    return country_of(affiliation) or next((c for c in map(country_of, affiliation.split()) if c), "")


def _make_role(ctx: ParseContext, h: Holder, toks: list[Token], affiliation_toks: list[Token] | None = None,
               ) -> Role | None:
    relation = _whose_relation(ctx, h, toks)
    toks = _trim(ctx, toks)
    if not toks or all(_honorific(t) for t in toks):
        return None
    role_text = relation or text_of(ctx.text, toks)
    _, head = _split_role(toks)
    if affiliation_toks:
        affiliation = text_of(ctx.text, affiliation_toks)
    elif relation:
        affiliation = ""
    else:
        affiliation = _affiliation_from_of(ctx.text, toks, head) if head >= 0 else ""
    affiliation = _clean_affiliation(affiliation)
    start = min(toks[0].idx, affiliation_toks[0].idx if affiliation_toks else toks[0].idx)
    first = toks[0].lower_
    return Role(name=h.name, role=role_text, affiliation=affiliation, country=_country(affiliation),
                former=first in ("former", "ex", "ex-head", "ex-president", "then") or first.startswith("ex-"),
                entity="", sent=h.sent, start=start, end=toks[-1].idx + len(toks[-1].text))


def _whose_relation(ctx: ParseContext, h: Holder, toks: list[Token]) -> str:
    """ "his wife" -> "wife of A" (the pronoun resolved); "Mr. A's son" -> "son of A"; "her lawyer" ->
    "lawyer for A"; "" otherwise."""
    related = RELATION_NOUNS | AGENT_NOUNS
    nouns = [t for t in toks if t.lower_ in related or t.lemma_.lower() in related]
    if not nouns or len(toks) > MAX_RELATION_TOKENS or any(t.lower_ in _ROLE_GLUE for t in toks):
        return ""  # "a lawyer for A's wife" is a lawyer
    noun = nouns[-1]
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None:
        return ""
    if owner.lower_ in PRONOUN_GENDER:
        name = resolve_pronoun(ctx, owner)
    else:
        mention = ctx.person_at.get(owner.i)
        name = mention["name"] if mention is not None else ""
    link = "for" if noun.lower_ in AGENT_NOUNS or noun.lemma_.lower() in AGENT_NOUNS else "of"
    return f"{noun.text} {link} {name}" if name and name != h.name else ""


# --- 1. titles before the name -------------------------------------------------------------------

def _read_prefix(ctx: ParseContext, h: Holder) -> tuple[list[Token], bool]:
    """Title-like tokens read leftwards from the name, and whether another person's name was crossed."""
    doc = ctx.doc
    i = h.start - 1
    prefix: list[Token] = []
    crossed = False
    while i >= h.sent_start:
        t = doc[i]
        other = ctx.person_at.get(i)
        if other is not None and other is not h.mention:
            # "Assistant to Azerbaijani President Ilham Aliyev Hikmet Hajiyev"
            o_start, _ = _mention_span(ctx, i)
            prefix = list(doc[o_start:i + 1]) + prefix
            crossed = True
            i = o_start - 1
            continue
        if not _role_tok_ok(t) and not (
                # "EU foreign policy chief Josep Borrell": lower-case words inside the title
                t.is_lower and t.pos_ in ("NOUN", "ADJ") and t.dep_ in ("compound", "amod")
                and t.i < t.head.i < h.end and prefix):
            break
        if t.lower_ == "the" and not (i > h.sent_start and doc[i - 1].lower_ == "of"):
            break
        prefix.insert(0, t)
        i -= 1
    return prefix, crossed


def _own_prefix(prefix: list[Token], crossed: bool) -> list[Token]:
    """The part of the prefix that is this person's title ([] when it is someone else's)."""
    while prefix and _honorific(prefix[-1]):
        prefix = prefix[:-1]  # "civil rights leader Rev. X": the honorific is no part of the title
    if prefix and prefix[-1].lower_ in ("to", "for", "of", "with", "by"):
        return []  # "a senior adviser to Romney", "a spokesman for Mitt Romney": someone else's title
    if not crossed:
        # the nested case: a title after "to"/"of" belongs to the inner name, not to us
        for k in range(len(prefix) - 1, 0, -1):
            r0 = _split_role(prefix[k + 1:])[0]
            if (prefix[k].lower_ in ("to", "for") and r0 >= 0) or (prefix[k].lower_ == "of" and r0 == 0):
                prefix = prefix[k + 1:]
                break
    elif not any(t.lower_ in ("to", "of", "for") for t in prefix):
        return []
    while prefix and (prefix[0].lower_ in _ROLE_GLUE or prefix[0].tag_ == "POS"):
        prefix = prefix[1:]
    return [] if all(_honorific(t) for t in prefix) else prefix


def _of_place_after(ctx: ParseContext, h: Holder) -> str:
    """ "Representative X of Oregon": the place after the name."""
    doc, k = ctx.doc, h.end + 1
    if k >= h.sent_end or doc[h.end].lower_ != "of" or doc[k].ent_type_ not in ("GPE", "ORG", "LOC"):
        return ""
    k += 1
    while k < h.sent_end and doc[k].ent_iob_ == "I":
        k += 1
    return doc[h.end + 1:k].text


def _title_after_other(ctx: ParseContext, h: Holder, prefix: list[Token]) -> Role | None:
    """ "Clinton spokesman X" -> "spokesman for Clinton"; "Obama adviser X" -> "adviser to Obama";
    "Trump Organization executive X": the name and the organisation words are the affiliation."""
    last = max(k for k, t in enumerate(prefix) if ctx.person_at.get(t.i) is not None)
    tail = prefix[last + 1:]
    while tail and tail[0].tag_ == "POS":
        tail = tail[1:]
    r0, head = _split_role(tail) if tail else (-1, -1)
    if r0 < 0 or not all(_org_part(t) for t in tail[:r0]) or (not r0 and not tail[0].is_lower):
        return None  # "Prescott Fire Chief X" with "Prescott Fire" read as a person: no "Chief for" it
    o_start, _ = _mention_span(ctx, prefix[last].i)
    rec = _make_role(ctx, h, tail[r0:], [t for t in ctx.doc[o_start:tail[r0].i] if t.tag_ != "POS"] if r0 else None)
    if rec is None:
        return None
    if not r0:
        glue = "to" if tail[head].lower_ in _TO_TITLES else "for"
        rec["role"] = f"{rec['role']} {glue} {ctx.doc[o_start:prefix[last].i + 1].text}"
        rec["affiliation"], rec["country"] = "", ""
    rec["former"] = rec["former"] or any(t.lower_ in _FORMER for t in prefix[:last])
    return rec


def titles_before(ctx: ParseContext, h: Holder) -> list[Role]:
    """ "Senate Majority Leader X", "former Albuquerque Mayor X", "Missouri Highway Patrol Capt. X"."""
    prefix, crossed = _read_prefix(ctx, h)
    if crossed and not any(t.lower_ in _ROLE_GLUE for t in prefix):
        rec = _title_after_other(ctx, h, prefix)
        return [rec] if rec else []
    prefix = _own_prefix(prefix, crossed)
    r0, _ = _split_role(prefix) if prefix else (-1, -1)
    if r0 < 0:
        return []
    if crossed:
        rec = _make_role(ctx, h, prefix)
        if rec is not None:
            rec["affiliation"] = ""
            rec["country"] = next((c for c in (country_of(t.text) for t in prefix) if c), "")
        return [rec] if rec else []
    aff = prefix[:r0]
    while aff and aff[-1].tag_ == "POS":
        aff = aff[:-1]
    was = bool(aff) and aff[0].lower_ in _FORMER
    if was:  # "former Albuquerque Mayor Marty Chavez"
        aff = aff[1:]
    if len(aff) == 1 and aff[0].tag_ == "JJ" and aff[0].is_sent_start and aff[0].ent_type_ not in ("NORP", "GPE"):
        aff = []  # "Heartbroken nurse X": an adjective opening the sentence, no organisation
    rec = _make_role(ctx, h, prefix[r0:], aff)
    if rec is None:
        return []
    rec["former"] = rec["former"] or was
    if not rec["affiliation"]:
        rec["affiliation"] = _of_place_after(ctx, h)
        rec["country"] = country_of(rec["affiliation"])
    return [rec]


# --- 2. an apposition before the name --------------------------------------------------------------

def _title_of_appos(ctx: ParseContext, head: Token) -> Token | None:
    """The noun a name stands in apposition to; "a spokesman for A, X": the spokesman, not A."""
    for _ in range(2):
        if ctx.person_at.get(head.i) is None:
            break
        prep = head.head if head.dep_ == "pobj" else None
        if prep is None or prep.lower_ not in ("for", "to", "of") or prep.head.i >= head.i:
            return None
        head = prep.head
    if head.lower_ == "one":  # "one of her lawyers, X"
        pobj = [g for c in head.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
        return pobj[0] if pobj else None
    return head if _role_noun(head) else None


def apposition_before(ctx: ParseContext, h: Holder) -> list[Role]:
    """ "Their lawyer, X"; "The driver, X"; "Mr. A's wife, X"; "The head of Y, Senator X"."""
    last = _head_token(ctx, h)
    if last.dep_ != "appos" or last.head.i >= h.start:
        return []
    head = _title_of_appos(ctx, last.head)
    if head is None or head.i < h.sent_start or (head.tag_ in ("NNS", "NNPS") and head.head.lower_ != "of"):
        return []  # "two other senators, X and Y": no role of one person
    stop = max((t.i for t in ctx.doc[head.i:h.start] if t.text == ","), default=-1)
    if stop < 0 or stop - head.left_edge.i > MAX_PHRASE_TOKENS:
        return []
    toks = list(ctx.doc[head.left_edge.i:stop])
    if head.lower_ != head.lemma_ and head.head.lower_ == "of" and head.head.head.lower_ == "one":
        toks = [head]  # "one of her lawyers": a lawyer
    rec = _make_role(ctx, h, toks)
    if rec is not None and head.tag_ in ("NNS", "NNPS") and toks == [head]:
        rec["role"] = head.lemma_
    return [rec] if rec else []


def named_as(ctx: ParseContext, h: Holder) -> list[Role]:
    """ "Police named the victim as X"; "the driver was identified as X"."""
    tok = _head_token(ctx, h)
    prep = tok.head
    if tok.dep_ != "pobj" or prep.lower_ != "as" or prep.head.lemma_ not in NAMING_LEMMAS:
        return []
    nouns = [c for c in prep.head.children if c.dep_ in ("dobj", "nsubjpass") and _role_noun(c)]
    return [rec for rec in (_noun_role(ctx, h, n) for n in nouns) if rec]


# --- 3. party tags and appositions after the name ------------------------------------------------

def _party(ctx: ParseContext, h: Holder) -> tuple[re.Match[str] | None, str]:
    """The "(D-Ore.)" / ", R-N.Y.," tag right after the name, and the state it names."""
    end_char = ctx.doc[h.end - 1].idx + len(ctx.doc[h.end - 1].text)
    m = PARTY_TAG.match(ctx.text, end_char, end_char + 24)
    state = state_of(m["state"]) if m else ""
    return (m, state) if state else (None, "")


def with_party_tag(ctx: ParseContext, h: Holder, roles: list[Role]) -> list[Role]:
    """ "Rep. X (D-Ore.)": the title before the name is an "Oregon Democrat" one; with no title there,
    "Democrat" of "Oregon" is the role."""
    m, state = _party(ctx, h)
    if m is None:
        return roles
    party = PARTY_LETTERS[m["party"]]
    name_start = ctx.doc[h.start].idx
    titles = [r for r in roles if r["start"] < name_start]
    bare = [r for r in titles if not r["affiliation"]]
    for rec in bare:
        rec["affiliation"] = f"{state} {party}"
    if bare:
        return roles  # "Senate Minority Leader X, D-Nev.": the party still tells the state
    return roles + [Role(name=h.name, role=party, affiliation=state, country="", former=False, entity="",
                         sent=h.sent, start=m.start("party"), end=m.end("state"))]


def _after_name(ctx: ParseContext, h: Holder) -> int:
    """The token after the name, its party tag, age (", 61,") and "of Oregon" skipped."""
    doc = ctx.doc
    k = h.end
    m, _ = _party(ctx, h)
    if m is not None:
        k = ctx.tok_of_char(m.end() - 1)
        if doc[k].text == ",":
            return k
        k += 1
    for _ in range(2):
        if k + 2 < h.sent_end and doc[k].text == "," and doc[k + 1].like_num and doc[k + 2].text == ",":
            k += 2  # "Mr. X, 61, a former judge"
        elif k + 1 < h.sent_end and doc[k].lower_ == "of" and doc[k + 1].ent_type_ in ("GPE", "LOC"):
            k += 2  # "Representative X of Oregon, who …"
            while k < h.sent_end and doc[k].ent_iob_ == "I":
                k += 1
    return k


def _phrase(ctx: ParseContext, h: Holder, k: int) -> list[Token]:
    """The descriptive phrase from token ``k`` on, up to a clause, a quote or the next name."""
    doc = ctx.doc
    toks: list[Token] = []
    while k < h.sent_end and len(toks) < MAX_PHRASE_TOKENS:
        t = doc[k]
        other = ctx.person_at.get(k)
        if other is not None and other is not h.mention:
            # "A's chief strategist", "an adviser to Gov. A": the other name belongs to the role
            o_start, o_end = _mention_span(ctx, k)
            possessive = o_end < h.sent_end and doc[o_end].tag_ == "POS"
            titled = _titled_end(toks)
            if not possessive and not (titled > 0 and toks[titled - 1].lower_ in _ROLE_GLUE | {"at", "with"}):
                return _cut_adjuncts(toks[:titled])  # "X, former ambassador Y": the title is Y's
            toks.extend(doc[k:o_end + possessive])
            k = o_end + possessive
            continue
        if t.is_space and "\n" in t.text:
            break
        if t.lower_ in _PHRASE_END or (t.pos_ in ("VERB", "AUX") and t.dep_ not in ("amod", "compound")):
            if t.pos_ in ("VERB", "AUX") and t.dep_ not in _CLAUSES_IN_PHRASE:
                return []  # "X, his mother and his sisters accompanied him": a list, no apposition
            break
        toks.append(t)
        k += 1
    return _cut_adjuncts(toks)


def _titled_end(toks: list[Token]) -> int:
    """Where the title words before a name start ("an adviser to former Gov." -> at "former")."""
    k = len(toks)
    while k > 0 and toks[k - 1].lower_ not in _ROLE_GLUE and (_honorific(toks[k - 1]) or _role_tok_ok(toks[k - 1])):
        k -= 1
    return k


def _conjuncts(toks: list[Token]) -> list[list[Token]]:
    """ "an internist and chairman of …" -> two descriptions; "Health and Human Services" stays one."""
    parts: list[list[Token]] = [[]]
    for i, t in enumerate(toks):
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if t.lower_ in ("and", "&") and nxt is not None and parts[-1] and (
                nxt.lower_ in ("a", "an", "the") or (nxt.is_lower and (
                    nxt.lower_ in TITLE_NOUNS | TITLE_MODIFIERS or _role_noun(nxt)))):
            parts.append([])
            continue
        parts[-1].append(t)
    return [p for p in parts if p]


def _describes(toks: list[Token]) -> bool:
    """A description of a person: a role noun after a few modifiers, with an article or in lower case."""
    has_det = bool(toks) and toks[0].lower_ in _DETERMINERS
    core = [t for t in toks if t.lower_ not in _DETERMINERS]
    while len(core) > 2 and core[0].like_num and core[1].text == "-":
        core = core[2:]  # "a 12-year veteran of the force"
    if not core or core[0].like_num or (core[0].pos_ == "PROPN" and not has_det and core[0].lower_ not in
                                         TITLE_NOUNS | TITLE_MODIFIERS and not _honorific(core[0])
                                         and not any(t.tag_ == "POS" for t in core)):
        return False
    possessor = any(t.tag_ == "POS" for t in core)
    r0, head = _split_role(core)
    if r0 < 0:
        head = next((i for i, t in enumerate(core) if t.lower_ in _ROLE_GLUE | _ADJUNCT_PREPS | {"with"}),
                    len(core)) - 1
        if head < 0 or not _role_noun(core[head]):
            return False
        r0 = head
    pre = core[:r0]
    return (head <= MAX_PREMODIFIERS - 1 or possessor) and all(
        t.pos_ in ("ADJ", "NOUN", "PROPN") or t.lower_ in TITLE_MODIFIERS or t.tag_ == "POS"
        or t.dep_ in ("amod", "compound") or (t.text == "-" and not t.whitespace_) for t in pre)


def _plural_head(toks: list[Token]) -> bool:
    """ "X, several brothers and sisters": people in the plural are no role of one person."""
    heads = [t for t in toks if t.pos_ in ("NOUN", "PROPN") and t.lower_ not in _ROLE_GLUE]
    before_glue = next((i for i, t in enumerate(toks) if t.lower_ in _ROLE_GLUE), len(toks))
    heads = [t for t in heads if t.i < toks[0].i + before_glue]
    return bool(heads) and heads[-1].tag_ in ("NNS", "NNPS")


def apposition_after(ctx: ParseContext, h: Holder) -> list[Role]:
    """ "X, a state trooper"; "X (D-Ore.), chairman of …"; "X, an internist and chairman of …"."""
    k = _after_name(ctx, h)
    if k >= h.sent_end - 1 or ctx.doc[k].text != ",":
        return []
    roles = []
    for part in _conjuncts(_phrase(ctx, h, k + 1)):
        if _describes(part) and not _plural_head(part):
            rec = _make_role(ctx, h, part)
            if rec is not None:
                roles.append(rec)
    return roles


def _names_place(toks: list[Token]) -> bool:
    """ "Delaware", "New York", "Ohio": a run of capitalised words naming a place."""
    text = " ".join(t.text for t in toks)
    return bool(toks) and all(t.is_title for t in toks) and bool(
        state_of(text) or place_kind(text) or all(t.ent_type_ in ("GPE", "LOC") for t in toks))


def affiliation_after(ctx: ParseContext, h: Holder) -> list[Role]:
    """ "X, Delaware Democrat" -> Democrat of Delaware; "X, Arizona State Forestry Division spokesman",
    "X, Acme Corp. chief executive": an organisation or place, then the title, with no article."""
    k = _after_name(ctx, h)
    if k >= h.sent_end - 1 or ctx.doc[k].text != ",":
        return []
    toks = _phrase(ctx, h, k + 1)
    if len(toks) < 2 or not toks[0].is_title or toks[0].lower_ in TITLE_NOUNS | TITLE_MODIFIERS:
        return []
    if toks[-1].lower_ in PARTY_NOUNS and _names_place(toks[:-1]):
        return [Role(name=h.name, role=toks[-1].text, affiliation=text_of(ctx.text, toks[:-1]), country="",
                     former=False, entity="", sent=h.sent, start=toks[0].idx, end=toks[-1].idx + len(toks[-1].text))]
    r0, head = _split_role(toks)
    if r0 <= 0 or not all(t.lower_ in TITLE_NOUNS | TITLE_MODIFIERS or (t.is_lower and t.pos_ == "NOUN")
                          for t in toks[head + 1:]) or not all(t.is_title or t.is_upper or t.lower_ in _ORG_NAME_GLUE
                                                   for t in toks[:r0]):
        return []
    if not any(_org_part(t) for t in toks[:r0]) and not _names_place(toks[:r0]):
        return []
    rec = _make_role(ctx, h, toks[r0:], toks[:r0])
    return [rec] if rec else []


# --- 4. relative clauses and predicates --------------------------------------------------------

def _cut_adjuncts(toks: list[Token]) -> list[Token]:
    """ "an attorney in 1999" -> "an attorney"; "a union official before his election" -> "a union official";
    no clause, comma or new line inside a role."""
    for i, t in enumerate(toks):
        nxt = toks[i + 1].ent_type_ if i + 1 < len(toks) else ""
        if t.lower_ in _PHRASE_END or (t.is_space and "\n" in t.text) or (
                t.lower_ in _ADJUNCT_PREPS and nxt in ("DATE", "TIME")) or (t.lower_ == "in" and nxt == "GPE"):
            return toks[:i]  # "a strategist in Washington": the place is where, not what
    return toks


def _noun_role(ctx: ParseContext, h: Holder, noun: Token) -> Role | None:
    """The role a noun phrase names ("the chairman of the panel"), clauses on its right left out."""
    left, right = expand_np(ctx, noun)
    toks = [t for t in ctx.doc[left:right + 1] if not (t.dep_ == "cc" or t.dep_ == "conj" and t.i > noun.i)]
    toks = _cut_adjuncts(toks[:MAX_PHRASE_TOKENS])
    if ctx.person_at.get(noun.i) is not None or not _describes(toks):
        return None
    return _make_role(ctx, h, _conjuncts(toks)[0])


def _predicate_noun(noun: Token) -> bool:
    """A post or occupation, not praise: "a city alderman", not "the biggest loser" or "a great candidate"."""
    known = TITLE_NOUNS | PERSON_NOUNS | RELATION_NOUNS
    if noun.tag_ in ("NNS", "NNPS") or not (noun.lower_ in known or noun.lemma_.lower() in known):
        return False
    return not any(c.lower_ in EVALUATIVE_ADJECTIVES or c.tag_ in ("JJS", "JJR")
                   for c in noun.children if c.dep_ == "amod")


def _complements(verb: Token, depth: int = 1) -> list[Token]:
    """The nouns a verb says its subject is: attr/oprd of "be", "as" of "serve", the prize of "win";
    none for a role still to come ("will become", "is expected to be sworn in as prime minister")."""
    if verb.lemma_ in PROSPECT_LEMMAS or any(c.dep_ == "aux" and c.lower_ in FUTURE_AUXILIARIES
                                             for c in verb.children):
        return []
    nouns: list[Token] = []
    for c in verb.children:
        if c.dep_ in ("attr", "oprd") and (verb.lemma_ in COPULA_LEMMAS or c.dep_ == "oprd"):
            nouns.append(c)
        elif c.dep_ == "prep" and c.lower_ == "as" and (verb.lemma_ in SERVE_LEMMAS | COPULA_LEMMAS
                                                          or verb.tag_ == "VBN"):
            nouns.extend(g for g in c.children if g.dep_ == "pobj")
        elif c.dep_ == "dobj" and verb.lemma_ in WIN_LEMMAS and c.lemma_ in CONTEST_NOUNS:
            nouns.extend(g for p in c.children if p.lower_ in ("for", "as", "of") for g in p.children
                         if g.dep_ == "pobj")
        elif c.dep_ in ("xcomp", "advcl") and depth > 0 and not any(g.dep_.startswith("nsubj") for g in c.children):
            nouns.extend(_complements(c, depth - 1))  # "defeated Y to become vice chairwoman"
    return nouns + [c for n in nouns for c in n.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN")]


def _role_verbs(ctx: ParseContext, h: Holder) -> list[Token]:
    """Verbs whose subject the person is: "X was …", "X, who served as …"."""
    tok = _head_token(ctx, h)
    verbs = [c for c in tok.children if c.dep_ == "relcl" and c.i > tok.i
             and any(g.dep_.startswith("nsubj") and g.lower_ in ("who", "that") for g in c.children)]
    if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.pos_ in ("VERB", "AUX"):
        verbs.append(tok.head)
    return verbs


def predicates(ctx: ParseContext, h: Holder) -> list[Role]:
    """ "X is the chairman of …"; "X, who served as …"; "X became vice chairwoman"; "X won the race for …"."""
    roles = []
    if ctx.in_quote(ctx.doc[h.start].idx):
        return []  # "“She is the best candidate,” he said": speech, no fact
    for verb in _role_verbs(ctx, h):
        for noun in _complements(verb):
            if _role_noun(noun) and _predicate_noun(noun):
                rec = _noun_role(ctx, h, noun)
                if rec is not None:
                    roles.append(rec)
    return roles


# --- the pipeline step ---------------------------------------------------------------------------

Pattern = Callable[["ParseContext", Holder], list[Role]]
#: the patterns, each read on every PERSON mention, in this order
PATTERNS: tuple[Pattern, ...] = (titles_before, apposition_before, named_as, apposition_after, affiliation_after,
                                 predicates)


def _holders(ctx: ParseContext) -> list[Holder]:
    holders = []
    for start, end, m in ctx.mention_tok:
        if m["label"] == "PERSON":
            sent = ctx.tok_sent[start]
            holders.append(Holder(start, end, m, sent, *ctx.sent_tok[sent]))
    return sorted(holders + _untagged_people(ctx), key=lambda h: h.start)


def _untagged_people(ctx: ParseContext) -> list[Holder]:
    """ "Heartbroken nurse Tessa Morland" with the name tagged a building: two capitalised words right
    after a lower-case title noun are a person's name."""
    holders = []
    for ent in ctx.doc.ents:
        if ent.label_ not in _MISTAKEN_PERSON_ENTS or len(ent) != UNTAGGED_NAME_TOKENS or ent.start == 0:
            continue
        before = ctx.doc[ent.start - 1]
        if not (before.is_lower and before.pos_ == "NOUN" and before.lower_ in TITLE_NOUNS) or any(
                not (t.is_title and t.is_alpha) or t.lower_ in ORG_WORDS | PLACE_WORDS | TITLE_NOUNS
                or place_kind(t.text) or ctx.person_at.get(t.i) is not None for t in ent):
            continue
        sent = ctx.tok_sent[ent.start]
        mention = Mention(text=ent.text, name=ent.text, label="PERSON", title_of="", sent=sent,
                          start=ent.start_char, end=ent.end_char)
        holders.append(Holder(ent.start, ent.end, mention, sent, *ctx.sent_tok[sent]))
    return holders


def extract_roles(ctx: ParseContext) -> list[Role]:
    """Every role of every named person, one record per (person, role) in the article."""
    roles: list[Role] = []
    seen: set[tuple[str, str]] = set()
    ctx.quotes = quote_spans(ctx.text)
    for h in _holders(ctx):
        for rec in with_party_tag(ctx, h, [rec for pattern in PATTERNS for rec in pattern(ctx, h)]):
            key = (rec["name"], rec["role"].lower())
            if key in seen:
                continue
            seen.add(key)
            roles.append(rec)
            _note_title(ctx, rec)
    return roles


def _note_title(ctx: ParseContext, role: Role) -> None:
    """Remember "(country, title)" -> person, for "Azerbaijan's president" later on."""
    words = [w.lower() for w in re.findall(r"[\w-]+", role["role"])]
    if not words or role["former"] or "to" in words or "of" in words or role["role"] in PARTY_LETTERS.values():
        return
    title = " ".join(w for w in words if w not in ("the", "former", "acting"))
    ctx.title_names[("", title)].add(role["name"])
    if role["country"]:
        ctx.title_names[(role["country"], title)].add(role["name"])
