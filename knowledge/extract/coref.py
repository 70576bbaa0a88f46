"""Who "he" and "she" are: the recent person of compatible gender, subjects first.

One forward pass per document (cached per parse context) over the person mentions and the
third-person pronouns outside quotations. Each pronoun goes to the candidate with the lowest
score: sentences back, plus a penalty for a non-subject (object, possessor) and for a person
whose gender is unknown; a person of the other gender is never a candidate. Genders come from
honorifics (Mr., Ms.), gendered nouns (spokeswoman, mom, husband), the given-name table of
:mod:`knowledge.nicknames`, and pronouns resolved to that person when nobody else was in reach.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING

from knowledge.entities import TITLE_NOUNS
from knowledge.nicknames import fold, gender_of

if TYPE_CHECKING:  # spaCy is only needed to build the store
    from spacy.tokens import Token
    from .pipeline import ParseContext

HONORIFICS = {"mr.": "m", "mr": "m", "mister": "m", "ms.": "f", "ms": "f", "mrs.": "f", "mrs": "f",
              "miss": "f", "madam": "f", "sir": "m", "lord": "m", "lady": "f"}
PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "himself": "m",
                  "she": "f", "her": "f", "hers": "f", "herself": "f"}
#: nouns that tell a person's gender when they stand before the name or in apposition to it
GENDERED_NOUNS = {
    "spokeswoman": "f", "chairwoman": "f", "congresswoman": "f", "businesswoman": "f", "policewoman": "f",
    "councilwoman": "f", "woman": "f", "mother": "f", "mom": "f", "mum": "f", "wife": "f", "widow": "f",
    "daughter": "f", "sister": "f", "grandmother": "f", "girlfriend": "f", "actress": "f", "queen": "f",
    "princess": "f", "aunt": "f", "niece": "f", "girl": "f", "grandma": "f", "duchess": "f",
    "spokesman": "m", "chairman": "m", "congressman": "m", "businessman": "m", "policeman": "m",
    "councilman": "m", "man": "m", "father": "m", "dad": "m", "husband": "m", "widower": "m", "son": "m",
    "brother": "m", "grandfather": "m", "boyfriend": "m", "actor": "m", "king": "m", "prince": "m",
    "uncle": "m", "nephew": "m", "boy": "m", "grandpa": "m", "duke": "m",
}
#: nouns for a person an article may leave unnamed ("the official said ... He added"), besides the gendered ones
UNNAMED_PERSON_NOUNS = frozenset(GENDERED_NOUNS) | frozenset(TITLE_NOUNS - {
    "press", "council", "prime", "general", "major", "private", "principal", "head", "member", "cardinal",
    "chief", "deputy", "lord", "defender", "speaker", "chair", "counsel", "delegate", "sen", "rep", "gov",
}) | frozenset({"source", "witness", "resident", "neighbor", "neighbour", "victim", "suspect", "driver",
                "employee", "worker", "investigator", "agent", "person", "passenger", "survivor"})
#: tokens before a name searched for a title noun ("Mayor X", "county sheriff X")
TITLE_LOOKBACK_TOKENS = 3
#: abbreviated titles before a name, as the noun a later "the governor" uses
TITLE_ABBREVIATION_NOUNS = {
    "gov.": "governor", "sen.": "senator", "rep.": "representative", "lt.": "lieutenant", "sgt.": "sergeant",
    "capt.": "captain", "det.": "detective", "supt.": "superintendent", "atty.": "attorney",
    "prof.": "professor", "dr.": "doctor", "col.": "colonel", "adm.": "admiral", "insp.": "inspector",
    "pres.": "president", "cmdr.": "commander",
}
#: sentences a pronoun may look back for its person
LOOKBACK_SENTENCES = 6
#: score added for a candidate that is not a subject (an object, a possessor, a name in a phrase)
NON_SUBJECT_PENALTY = 1.0
#: score added for a candidate whose gender is unknown
UNKNOWN_GENDER_PENALTY = 0.25
SUBJECT_DEPS = ("nsubj", "nsubjpass")
FINITE_TAGS = ("VBD", "VBZ", "VBP")
#: links that make a name part of a larger phrase whose role in the clause counts
_PHRASE_DEPS = ("appos", "conj", "compound", "flat")

_CACHE: weakref.WeakKeyDictionary[ParseContext, dict[int, str]] = weakref.WeakKeyDictionary()


@dataclass
class _Ref:
    """A person named (or pronoun resolved) at ``tok``."""

    tok: int
    sent: int
    name: str
    subject: bool
    verb: int  # index of the governing verb, for "X praised him" (him is not X)


def resolve_pronoun(ctx: ParseContext, tok: Token) -> str:
    """The person "he"/"she"/"his"/"her" at ``tok`` refers to, or ""."""
    if ctx not in _CACHE:
        _CACHE[ctx] = _resolve_all(ctx)
    return _CACHE[ctx].get(tok.i, "")


def _clause_role(tok: Token) -> tuple[bool, int]:
    """(is a subject, index of the governing verb) of the phrase ``tok`` belongs to."""
    node = tok
    while node.dep_ in _PHRASE_DEPS and node.head.i != node.i:
        node = node.head
    verb = node.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    return node.dep_ in SUBJECT_DEPS, verb.i


def _mention_head(ctx: ParseContext, start: int, end: int) -> Token:
    doc = ctx.doc
    for i in range(start, end):
        if not start <= doc[i].head.i < end or doc[i].head.i == i:
            return doc[i]
    return doc[end - 1]


def person_refs(ctx: ParseContext) -> list[_Ref]:
    """Every person mention outside quotations, and every unnamed person who is a subject, in text order."""
    refs = []
    seen: set[int] = set()
    for start, end, m in ctx.mention_tok:
        if m["label"] != "PERSON" or start in seen or ctx.in_quote(ctx.doc[start].idx):
            continue
        seen.add(start)
        head = _mention_head(ctx, start, end)
        subject, verb = _clause_role(head)
        subject = subject or _is_source(head) or _before_subjectless_verb(ctx, end)
        refs.append(_Ref(start, ctx.tok_sent[start], m["name"], subject, verb))
    refs += unnamed_person_refs(ctx)
    return sorted(refs, key=lambda r: r.tok)


def _titled_people(ctx: ParseContext) -> dict[str, set[str]]:
    """Person noun -> the people the article gives it as a title ("Mayor X", "Gov. X", "X, the mayor")."""
    doc = ctx.doc
    out: dict[str, set[str]] = {}
    for (_, title), names in ctx.title_names.items():  # what the roles step read
        if title.split():
            out.setdefault(title.split()[-1], set()).update(names)
    for start, end, m in ctx.mention_tok:
        if m["label"] != "PERSON":
            continue
        for k in range(start - 1, max(-1, start - TITLE_LOOKBACK_TOKENS - 1), -1):
            low = TITLE_ABBREVIATION_NOUNS.get(doc[k].lower_, doc[k].lower_)
            if low in UNNAMED_PERSON_NOUNS:
                out.setdefault(low, set()).add(m["name"])
            if doc[k].is_punct and doc[k].lower_ not in TITLE_ABBREVIATION_NOUNS:
                break
        for child in _mention_head(ctx, start, end).children:
            if child.dep_ == "appos" and child.lower_ in UNNAMED_PERSON_NOUNS:
                out.setdefault(child.lower_, set()).add(m["name"])
    return out


def _is_unnamed_person(ctx: ParseContext, tok: Token) -> bool:
    """ "The senior official said", "a spokeswoman declined": a singular person noun with a determiner,
    the subject of its sentence's main verb (not of a clause inside it: "if not, the actor would ..."),
    no name in or beside it ("the spokesman, X," is X)."""
    if tok.dep_ not in SUBJECT_DEPS or tok.tag_ != "NN" or tok.lower_ not in UNNAMED_PERSON_NOUNS:
        return False
    verb = tok.head
    if verb.dep_ == "conj":
        verb = verb.head
    if verb.dep_ != "ROOT" or verb.pos_ not in ("VERB", "AUX"):
        return False
    if ctx.person_at.get(tok.i) is not None or ctx.in_quote(tok.idx):
        return False
    if not any(c.dep_ in ("det", "poss") for c in tok.children):
        return False
    return not any(c.dep_ in _PHRASE_DEPS and ctx.person_at.get(c.i) is not None for c in tok.children)


def unnamed_person_refs(ctx: ParseContext) -> list[_Ref]:
    """Subjects that are people the article does not name here: the phrase itself, or the one person it
    gives that title ("the mayor" after "Mayor X")."""
    from .parse import clean_phrase, expand_np  # parse builds on this module

    titled = _titled_people(ctx)
    refs = []
    for tok in ctx.doc:
        if not _is_unnamed_person(ctx, tok):
            continue
        holders = titled.get(tok.lower_, set())
        if len(holders) > 1:
            continue  # "the senator" with two senators named: nobody in particular
        left, right = expand_np(ctx, tok)
        name = next(iter(holders)) if holders else clean_phrase(ctx.text[ctx.doc[left].idx:ctx.doc[right].idx
                                                                           + len(ctx.doc[right].text)])
        _, verb = _clause_role(tok)
        refs.append(_Ref(tok.i, ctx.tok_sent[tok.i], name, True, verb))
    return refs


def _is_source(tok: Token) -> bool:
    """ "according to X": X speaks, like a subject."""
    node = tok
    while node.dep_ in _PHRASE_DEPS and node.head.i != node.i:
        node = node.head
    return node.dep_ == "pobj" and node.head.lower_ == "to" and node.head.head.lower_ == "according"


def _before_subjectless_verb(ctx: ParseContext, end: int) -> bool:
    """ "..., U.N. chief X condemned ...": a name right before a verb the parser left without subject."""
    doc = ctx.doc
    if end >= len(doc) or not (doc[end].tag_ in FINITE_TAGS or doc[end].tag_ == "VBN" and doc[end].dep_ == "ROOT"):
        return False
    return not any(c.dep_ in SUBJECT_DEPS for c in doc[end].children)


def _gender_near(ctx: ParseContext, start: int, end: int) -> str:
    """Gender from an honorific or gendered noun just before the name, or a gendered apposition."""
    doc = ctx.doc
    for k in range(start - 1, max(-1, start - 4), -1):
        low = doc[k].lower_
        if low in HONORIFICS:
            return HONORIFICS[low]
        if low in GENDERED_NOUNS:
            return GENDERED_NOUNS[low]
        if doc[k].is_punct:
            break
    head = _mention_head(ctx, start, end)
    for child in head.children:
        if child.dep_ == "appos" and child.lower_ in GENDERED_NOUNS:
            return GENDERED_NOUNS[child.lower_]
    return ""


def person_genders(ctx: ParseContext) -> dict[str, str]:
    """Name -> "m"/"f" where the article or the given name tells; conflicting evidence tells nothing."""
    near: dict[str, set[str]] = {}
    for start, end, m in ctx.mention_tok:
        if m["label"] == "PERSON":
            g = _gender_near(ctx, start, end)
            if g:
                near.setdefault(m["name"], set()).add(g)
    genders = {name: next(iter(gs)) for name, gs in near.items() if len(gs) == 1}
    for _, name in ctx.persons_in_order:
        given = fold(name.split()[0]) if len(name.split()) > 1 else ""
        if name not in near and given and gender_of(given):
            genders[name] = gender_of(given)
    return genders


def _best(refs: list[_Ref], sent: int, gender: str, verb: int, object_pronoun: bool,
          genders: dict[str, str]) -> tuple[str, bool]:
    """The name with the lowest score among ``refs`` (in text order) for a pronoun of ``gender`` in
    ``sent``, and whether it was the only person in reach."""
    best, best_score = "", float("inf")
    in_reach: set[str] = set()
    for ref in reversed(refs):  # latest first: ties go to the later one
        if sent - ref.sent > LOOKBACK_SENTENCES:
            break
        in_reach.add(ref.name)
        known = genders.get(ref.name, "")
        if known and known != gender:
            continue
        if object_pronoun and ref.verb == verb and ref.sent == sent:
            continue  # "Smith praised him": him is someone else
        score = (sent - ref.sent) + (0 if ref.subject else NON_SUBJECT_PENALTY) \
            + (0 if known else UNKNOWN_GENDER_PENALTY)
        if score < best_score:
            best, best_score = ref.name, score
    return best, len(in_reach) == 1


def _resolve_all(ctx: ParseContext) -> dict[int, str]:
    """Pronoun token index -> person, for every he/she/his/her outside quotations."""
    genders = person_genders(ctx)
    mentions = person_refs(ctx)
    pronouns = [t for t in ctx.doc if t.lower_ in PRONOUN_GENDER and not ctx.in_quote(t.idx)]
    refs: list[_Ref] = []
    out: dict[int, str] = {}
    k = 0
    for t in pronouns:
        while k < len(mentions) and mentions[k].tok < t.i:
            refs.append(mentions[k])
            k += 1
        gender = PRONOUN_GENDER[t.lower_]
        subject, verb = _clause_role(t)
        name, alone = _best(refs, ctx.tok_sent[t.i], gender, verb, t.dep_ in ("dobj", "pobj", "dative"), genders)
        if not name:
            continue
        out[t.i] = name
        if alone:  # "Tobias Wren ... He patrolled": the only person in reach is a man
            genders.setdefault(name, gender)
        refs.append(_Ref(t.i, ctx.tok_sent[t.i], name, subject, verb))
    return out
