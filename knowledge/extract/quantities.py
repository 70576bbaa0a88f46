"""Numeric claims: every amount an article states, with what it counts or measures, its qualifier,
the verb it belongs to and who claims it.

Two cheap passes over the parse. :func:`casualty_claims` starts from the words of the casualty
gazetteer (killed, injured, arrested, evacuated ...) and finds the count they govern.
:func:`amount_claims` then walks the number tokens left over (digits, number words, vague amounts),
reads each phrase's kind from the words around it (money, percent, quantity, tally, duration, count)
and the thing counted from the parse; dates, ages, clock times, addresses, ranks and identifiers
("Route 66", "H.R. 3162") are never amounts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from knowledge import numbers as numlib
from knowledge.facts import NumericClaim, Statement

from .parse import REPORT_LEMMAS, governing_verb, speaker_of, subject_of

if TYPE_CHECKING:  # spaCy is only needed to build the store
    from spacy.tokens import Doc, Span, Token
    from .pipeline import ParseContext

_NUM_WORDS = set(numlib.UNITS) | set(numlib.SCALES) | {"and"}
_VAGUE_COUNTS = {"dozens", "hundreds", "thousands", "scores", "tens"}
_NOT_COUNTS = ("DATE", "TIME", "PERCENT", "MONEY", "ORDINAL")  # entity types a casualty count never is
QUALIFIER_WINDOW = 4  # words before a number searched for its qualifier
CLAIMANT_DEPTH = 12  # heads walked up from a count to find the verb reporting it
#: verbs whose subject claims the amounts below them ("filings show", "the census found")
CLAIM_VERBS = REPORT_LEMMAS | {"claim", "report", "show", "find", "estimate", "count", "put", "record", "tally"}
#: words that never name a claimant alone, and quantifiers that make a plural vague ("many news outlets")
UNNAMED = frozenset({"he", "she", "it", "they", "we", "i", "you", "them", "us", "him", "her", "this", "that",
                     "these", "those", "who", "which", "one", "others", "some", "many", "most", "all", "both"})
VAGUE_QUANTIFIERS = frozenset({"many", "some", "several", "few", "most", "various", "numerous", "other", "others"})
_TOLL_PREPS = ("to", "at", "above", "past", "over", "beyond")
_TOLL_RISE = ("rise", "climb", "jump", "surge", "reach", "stand", "hit", "top", "pass", "exceed")


# --- pass 1: casualty words and the counts they govern --------------------------------------------

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


def _count_of(noun: Token) -> Token | None:
    """The number token counting ``noun`` ("six people" -> six), or ``noun`` when it is a number."""
    if noun.like_num or noun.pos_ == "NUM":
        return noun
    for c in noun.children:
        if (c.dep_ in ("nummod", "quantmod") and (c.like_num or c.lower_ in _NUM_WORDS or c.lower_ in _VAGUE_COUNTS)) \
                or (c.like_num and c.i < noun.i):
            return c  # not "between" in "between 200 and 300 migrants"
    return None


def _qualifier(doc: Doc, s0: int, start: int, vague: bool = False) -> tuple[numlib.Qualifier, int]:
    """The qualifier just before token ``start`` (not before sentence start ``s0``) and where it begins."""
    if vague:  # "dozens of people": at least two dozen
        return "at least", start
    lo = max(s0, start - QUALIFIER_WINDOW)
    qualifier, at = numlib.qualifier_at(doc[lo:start].text)
    first = next((k for k in range(lo, start) if doc[k].idx - doc[lo].idx >= at), start)
    return qualifier, first


def _compound_start(noun: Token, after: int = 0) -> int:
    """The first token of the compounds before ``noun``, from token ``after`` on."""
    return min([c.i for c in noun.children if c.dep_ == "compound" and after <= c.i < noun.i] or [noun.i])


def _noun_text(doc: Doc, noun: Token, after: int = 0) -> str:
    """A counted noun with its compounds before it (from token ``after`` on): "police officers", "Rolex watch"."""
    return doc[_compound_start(noun, after):noun.i + 1].text


def _np_text(doc: Doc, head: Token) -> str:
    """The whole noun phrase of ``head`` when short ("Martha's Vineyard Holistic Retreat"), else its compounds."""
    left, right = head.left_edge.i, head.right_edge.i
    if right - left < SUBJECT_MAX:
        return doc[left + (doc[left].pos_ == "DET"):right + 1].text
    return _noun_text(doc, head)


def _item_text(doc: Doc, noun: Token, after: int) -> str:
    """What a sum bought, with where or what for: "Rolex watch", "vacation at the Holistic Retreat"."""
    first = _compound_start(noun, after)
    pp = next((c for c in noun.rights if c.dep_ == "prep" and c.lower_ in PURPOSE_PREPS), None)
    if pp is None or pp.right_edge.i - first >= SUBJECT_MAX:
        return doc[first:noun.i + 1].text
    return doc[first:pp.right_edge.i + 1].text


def _verb_lemma(tok: Token) -> str:
    verb = governing_verb(tok)
    return verb.lemma_.lower() if verb is not None else ""


def _claim(ctx: ParseContext, span: tuple[int, int], value: numlib.Number, qualifier: numlib.Qualifier,
           measure: str, **fields: object) -> NumericClaim:
    """A claim over token ``span``; ``fields`` fill the rest (kind, unit, vague, verb, claimant, subject)."""
    cs = ctx.doc[span[0]:span[1]]
    text = cs.text.rstrip(".")  # "fined £2.7m.": the sentence's stop is not part of the amount
    claim = NumericClaim(text=text, value=value, qualifier=qualifier, measure=measure, kind="count", unit="",
                         vague=False, verb="", claimant="", claimant_entity="", subject="",
                         sent=ctx.tok_sent[span[0]], start=cs.start_char, end=cs.start_char + len(text))
    claim.update(fields)  # type: ignore[typeddict-item]
    return claim


def _toll_candidates(t: Token) -> list[Token]:
    """ "the death toll rose to 19" / "a toll of 19": the tokens that may hold the toll's number."""
    cands = [g for c in t.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
             if g.dep_ == "pobj"]
    if t.dep_ in ("nsubj", "nsubjpass"):
        for c in t.head.children:
            if c.dep_ == "prep" and c.lower_ in _TOLL_PREPS:
                cands.extend(g for g in c.children if g.dep_ == "pobj")
            elif c.dep_ in ("dobj", "attr"):
                cands.append(c)
    return cands


def _toll_claims(ctx: ParseContext, t: Token, statements: list[Statement],
                 seen: set[tuple[int, str]]) -> list[NumericClaim]:
    doc = ctx.doc
    measure = "injured" if any(c.lower_ in ("injury", "injuries") for c in t.children) else "killed"
    out = []
    for cand in _toll_candidates(t):
        n = _count_of(cand)
        if n is None or n.ent_type_ in _NOT_COUNTS:
            continue
        span = _number_span(doc, n)
        value = numlib.parse_number(doc[span[0]:span[1]].text) if span else None
        if span is None or value is None or (n.i, measure) in seen:
            continue
        seen.add((n.i, measure))
        s0 = ctx.sent_tok[ctx.tok_sent[n.i]][0]
        q_from = max(s0, span[0] - QUALIFIER_WINDOW)
        if span[0] > 0 and doc[span[0] - 1].dep_ == "prep" and doc[span[0] - 1].head.lemma_.lower() in _TOLL_RISE:
            q_from = span[0] - 1  # "rose above 7,800": more than; "rose to 19": exact
        out.append(_claim(ctx, span, value, numlib.qualifier_of(doc[q_from:span[0]].text), measure,
                          verb=_verb_lemma(t), claimant=_claimant(ctx, t, statements), subject="death toll"))
    return out


def _casualty_candidates(t: Token) -> list[Token]:
    """Tokens that may carry the count a casualty word ``t`` governs."""
    cands: list[Token] = []
    if t.pos_ == "VERB" or t.dep_ in ("acl", "amod", "acomp", "oprd"):
        for c in t.children:
            if c.dep_ in ("nsubjpass", "nsubj", "dobj"):
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
    return cands


def _casualty_claim(ctx: ParseContext, t: Token, cand: Token, measure: str,
                    statements: list[Statement], seen: set[tuple[int, str]]) -> NumericClaim | None:
    """The claim that candidate ``cand`` of casualty word ``t`` makes, if it holds a count."""
    doc = ctx.doc
    vague = cand.lower_ in _VAGUE_COUNTS
    if vague:  # "Dozens of people were evacuated"
        people = [g for c in cand.children if c.dep_ == "prep" and c.lower_ == "of"
                  for g in c.children if g.dep_ == "pobj"]
        n, cand = cand, (people[0] if people else cand)
    else:
        n = _count_of(cand)
    if n is None or (n.ent_type_ in (*_NOT_COUNTS, "QUANTITY") and not _range_count(doc, n.i)):
        return None
    span = _number_span(doc, n)
    value = numlib.parse_number(doc[span[0]:span[1]].text) if span else None
    if span is None or value is None:
        return None
    if span[0] > 0 and doc[span[0] - 1].lower_ == "no" and doc[span[0]].lower_ == "one":
        value, span = 0, (span[0] - 1, span[1])  # "no one was hurt"
    if cand is not n and cand.tag_ == "NN" and value != 1 and not vague:
        return None  # "zero help": a mass noun is not a count of people
    if (n.i, measure) in seen:
        return None
    seen.add((n.i, measure))
    qualifier, q_start = _qualifier(doc, ctx.sent_tok[ctx.tok_sent[n.i]][0], span[0], vague)
    end_tok = max(span[1], cand.i + 1) if cand is not n else span[1]
    subject = _noun_text(doc, cand) if cand is not n and cand.pos_ in ("NOUN", "PROPN") else ""
    verb = t.lemma_.lower() if t.pos_ == "VERB" else _verb_lemma(t)
    return _claim(ctx, (q_start, end_tok), value, qualifier, measure, vague=vague or _is_vague(doc[span[0]:span[1]]),
                  verb=verb, claimant=_claimant(ctx, t, statements), subject=subject)


def casualty_claims(ctx: ParseContext, statements: list[Statement]) -> list[NumericClaim]:
    """Counts governed by a casualty word: "six people were killed", "the death toll rose to 19"."""
    out: list[NumericClaim] = []
    seen: set[tuple[int, str]] = set()
    for t in ctx.doc:
        measure = numlib.normalise_measure(t.lower_) or numlib.normalise_measure(t.lemma_)
        if not measure or t.pos_ not in ("VERB", "ADJ", "NOUN"):
            continue
        if t.lower_ == "toll":
            out.extend(_toll_claims(ctx, t, statements, seen))
            continue
        if t.lower_ in ("life", "body", "custody", "lives", "bodies"):
            continue
        for cand in _casualty_candidates(t):
            claim = _casualty_claim(ctx, t, cand, measure, statements, seen)
            if claim is not None:
                out.append(claim)
    return out


# --- pass 2: every other number phrase ------------------------------------------------------------

_DIGIT_TOKEN = re.compile(r"^\d[\d,]*(?:\.\d+)?$")  # "43,350", "4.1", "1998"; not "9/11", "3:30", "40s"
_SHORT_MONEY = re.compile(r"^\d[\d,]*(?:\.\d+)?(?:bn|mn|m|k)$")
_TALLY_TOKEN = re.compile(r"^\d{1,3}[-–]\d{1,3}$")  # "134-63" when the tokenizer keeps it whole
_TALLY_TAIL = re.compile(r"^(?:to-)?\d{1,3}$")  # "63" of "134-63", "to-63" of "134-to-63"
_DASHES = ("-", "–", "—")
_NAMED = ("PERSON", "ORG", "GPE", "NORP")  # a named holder is who has the amount, not what it measures
_NOT_HOLDERS = ("DATE", "TIME", "GPE", "LOC", "FAC", "EVENT")  # proper nouns a poll share is never set beside
#: nouns that a following number labels rather than counts ("page 6", "Route 66", "No. 4")
IDENTIFIER_NOUNS = frozenset({
    "no.", "no", "#", "page", "pages", "room", "number", "route", "highway", "interstate", "flight", "article",
    "section", "chapter", "item", "exit", "gate", "line", "platform", "seat", "district", "precinct", "ward",
    "channel", "episode", "season", "level", "grade", "phase", "round", "stage", "step", "title", "bill",
    "act", "amendment", "proposition", "prop", "resolution", "case", "docket", "unit", "apartment", "suite",
    "box", "lot", "pier", "terminal", "track", "bus", "train", "game", "week", "day", "version", "model",
    "category", "class", "tier", "code", "rule", "paragraph", "clause", "count", "vol.", "volume", "issue",
})
AGE_CUES = frozenset({"aged", "age", "ages"})
#: prepositions on which a bare number takes the measure of the count before it ("compared to 47")
ELLIPSIS_PREPS = frozenset({"to", "from", "with", "than", "of", "against", "versus", "vs."})
#: words that start a phrase with no number: fractions ("half of") and units of time ("decades")
_LONE_WORDS = frozenset(numlib.FRACTIONS) | numlib.VAGUE_DURATIONS
_DURATION_MODIFIERS = ("det", "nummod", "amod", "poss", "quantmod", "compound", "nmod", "advmod")
_DURATION_PREPS = ("for", "after", "over")  # "served for years", "after months of talks"
CLOCK_WORDS = frozenset({"a.m.", "p.m.", "am", "pm", "o'clock"})
RANGE_WORDS = frozenset({"to", "or", "and", "-", "–"})  # "40 to 45 percent", "two or three days"
#: what a count that is the whole of another ("31 of the 55 seats") adds to its measure: "seats in all"
WHOLE_MARK = "in all"
#: nouns that only say a count is one ("the number of cases rose to 52"): the count is of what follows "of"
COUNT_NOUNS = frozenset({"number", "count", "tally", "total", "figure"})
PER_WORDS = frozenset({"a", "an", "per", "each"})  # "41 dollars a share", "$80 per barrel"
OWNER_DEPTH = 3  # heads walked up from a sum to the noun it is the amount of ("a minimum of" passed)
SUBJECT_MAX = 8  # tokens of a noun phrase kept whole as a claim's subject
UNIT_GAP = 3  # tokens a counted noun may follow its number by and still be part of the claim's text
VOTE_WINDOW = 6  # tokens before a tally searched for a vote word
MONEY_PREPS = ("in", "of")  # "$139 million in income", "$9,500 of campaign funds"
PURPOSE_PREPS = ("on", "for", "at")  # "spent $5,000 on a vacation": what the money went to
_CENTS = 100
PERCENT = 100


@dataclass
class _Phrase:
    """A number phrase: tokens [start, end), number tokens [core0, core1), and what it is."""

    start: int
    end: int
    core0: int
    core1: int
    value: numlib.Number
    kind: numlib.Kind = "count"
    unit: str = ""
    ratio: bool = False  # "one in four voters", "half of the residents": a share, measured like a count
    vague: bool = False  # "decades", "years of service": a unit of time with no number


def _is_numeric(t: Token) -> bool:
    """A token that is (part of) a number: digits, a number word, a scale or vague amount."""
    low = t.lower_
    if _SHORT_MONEY.match(low):  # "$2bn", "£4.5m": only after a currency sign
        return t.i > 0 and t.nbor(-1).lower_ in numlib.CURRENCY_SIGNS
    return bool(_DIGIT_TOKEN.match(t.text)) or low in numlib.UNITS or low in numlib.SCALES


def _is_vague(span: Span) -> bool:
    return any(t.lower_ in numlib.VAGUE_WORDS for t in span)


def _core_end(doc: Doc, i: int, s1: int) -> int:
    """End of the number words starting at ``i``: "two hundred and twelve", "hundreds of thousands", "£4.5m"."""
    money = i > 0 and doc[i - 1].lower_ in numlib.CURRENCY_SIGNS
    if doc[i].lower_ in ("a", "an") and i + 1 < s1 and doc[i + 1].lower_ not in numlib.SCALES \
            and doc[i + 1].lower_ not in ("dozen", "couple", "pair", "score"):
        return i + 1  # "a three-term governor": the article stands alone
    j = i + 1
    while j < s1:
        t = doc[j]
        if _is_numeric(t) and not _starts_another(doc[j - 1], t):
            j += 1
        elif money and j == i + 1 and t.lower_.rstrip(".") in numlib.SHORT_SCALES:
            j += 1
        elif j + 1 < s1 and _joins(doc[j - 1].lower_, t.lower_, doc[j + 1].lower_):
            j += 2  # "one hundred and twelve", "twenty-five", "hundreds of thousands"
        else:
            break
    return j


def _starts_another(prev: Token, t: Token) -> bool:
    """Whether a number token after ``prev`` is no part of its number: digits after a number word, a
    word below a hundred after digits ("$78.40 a barrel", "5 two-bedroom flats"), or "a", "no", "one"."""
    if prev.lower_ in numlib.UNITS and _DIGIT_TOKEN.match(t.text):
        return True
    return t.lower_ in numlib.WEAK_WORDS or (bool(_DIGIT_TOKEN.match(prev.text)) and t.lower_ in numlib.UNITS)


def _joins(before: str, word: str, after: str) -> bool:
    """ "hundred and twelve", "twenty-five", "tens of thousands": ``word`` links two parts of one number."""
    if word == "and":
        return before in numlib.SCALES and after in numlib.UNITS
    if word in _DASHES:
        return before in numlib.UNITS and after in numlib.UNITS
    return word == "of" and (before in numlib.SCALES or before in _VAGUE_COUNTS) and after in numlib.SCALES


def _number_phrases(ctx: ParseContext, taken: set[int]) -> Iterator[_Phrase]:
    """Every number phrase of the document not already claimed, left to right."""
    doc = ctx.doc
    i = 0
    while i < len(doc):
        t = doc[i]
        if i in taken or not (_is_numeric(t) or _TALLY_TOKEN.match(t.text) or t.lower_ in _LONE_WORDS):
            i += 1
            continue
        s0, s1 = ctx.sent_tok[ctx.tok_sent[i]]
        lone = _fraction(doc, i, i, s0, s1) if t.lower_ in numlib.FRACTIONS else _vague_duration(doc, t, s1)
        if lone is not None or t.lower_ in _LONE_WORDS:
            i += 1
            if lone is not None:
                yield lone
            continue
        if t.lower_ in ("a", "an") and i + 1 < s1 and doc[i + 1].lower_ in numlib.PREFIX_UNITS:
            i += 1  # "a magnitude 6.8 earthquake": the article, not one magnitude
            continue
        core1 = _core_end(doc, i, s1)
        chain = _dash_chain_end(doc, core1, s1)
        prefixed = _prefixed_unit(doc, i, core1, s0)
        phrase = prefixed or _classify(ctx, i, core1, joined=chain > core1)
        i = max(chain, phrase.end if phrase else core1)
        if phrase is not None and not any(k in taken for k in range(phrase.start, phrase.end)):
            yield phrase


def _prefixed_unit(doc: Doc, core0: int, core1: int, s0: int) -> _Phrase | None:
    """ "magnitude 6.8", "a magnitude of 7.1": the number after a unit written before it."""
    k = core0 - 1
    if k > s0 and doc[k].lower_ == "of":
        k -= 1
    value = numlib.parse_number(doc[core0:core1].text)
    if k < s0 or doc[k].lower_ not in numlib.PREFIX_UNITS or value is None:
        return None
    return _Phrase(k, core1, core0, core1, value, "quantity", numlib.QUANTITY_UNITS[doc[k].lower_])


def _fraction(doc: Doc, core0: int, k: int, s0: int, s1: int) -> _Phrase | None:
    """ "half of the residents", "two-thirds of the board", "a quarter of voters": a share of what follows.

    ``k`` is the fraction word, after the number words [core0, k) (none for "half")."""
    if k + 1 >= s1 or doc[k + 1].lower_ != "of" or doc[k].lower_ not in numlib.FRACTIONS:
        return None
    if core0 == k and core0 > s0 and (doc[core0 - 1].pos_ in ("DET", "ADJ", "NUM", "PRON")
                                      or doc[core0 - 1].ent_type_ == "ORDINAL"):
        return None  # "the first half of the year", "the other half of"
    whole = next((g for g in doc[k + 1].children if g.dep_ == "pobj"), None)
    if whole is None or whole.ent_type_ in ("DATE", "TIME") or whole.lower_ in numlib.DURATION_UNITS:
        return None  # "half of 2023", "a quarter of an hour"
    count = numlib.parse_number(doc[core0:k].text.rstrip("-–")) if k > core0 else 1
    if count is None:
        return None
    share = numlib.as_number(round(count * numlib.FRACTIONS[doc[k].lower_], 2))
    return _Phrase(core0, k + 1, core0, k + 1, share, "percent", "percent", ratio=True)


def _vague_duration(doc: Doc, t: Token, s1: int) -> _Phrase | None:
    """ "could face decades in prison", "years of service", "for months": a unit of time alone, vague."""
    if t.lower_ not in numlib.VAGUE_DURATIONS or any(c.dep_ in _DURATION_MODIFIERS for c in t.children):
        return None  # "two years", "recent years", "the months"
    nxt = doc[t.i + 1].lower_ if t.i + 1 < s1 else ""
    prev = doc[t.i - 1] if t.i > 0 else None
    after_for = t.dep_ == "pobj" and t.head.lower_ == "for"  # "for years before retiring" is still a duration
    if (nxt in numlib.NOT_DURATION_AFTER and (nxt == "ago" or not after_for)) or (prev is not None and (_is_numeric(prev) or prev.text in _DASHES)):
        return None  # "years ago", "10 to 15 years"
    if not (nxt == "of" or t.dep_ == "dobj" or (t.dep_ == "pobj" and t.head.lower_ in _DURATION_PREPS)):
        return None  # "the worst fire in decades"
    unit = numlib.DURATION_UNITS[t.lower_]
    return _Phrase(t.i, t.i + 1, t.i, t.i + 1, numlib.VAGUE_DURATION_VALUE, "duration", unit, vague=True)


def _dash_chain_end(doc: Doc, core1: int, s1: int) -> int:
    """End of "-63", "-0142-55" groups of digits joined to a number by dashes."""
    j = core1
    while j + 1 < s1 and doc[j].text in _DASHES and (_DIGIT_TOKEN.match(doc[j + 1].text)
                                                     or _TALLY_TAIL.match(doc[j + 1].text)):
        j += 2
    return j


def _classify(ctx: ParseContext, core0: int, core1: int, joined: bool) -> _Phrase | None:
    """The kind, unit and value of the number tokens [core0, core1), or None when not an amount.

    ``joined``: digits follow after a dash ("134-63" is a tally; "555-0142", "2007-2014" are nothing)."""
    doc = ctx.doc
    core = doc[core0:core1]
    s0, s1 = ctx.sent_tok[ctx.tok_sent[core0]]
    tally = _tally(doc, core0, core1, s1)
    if tally is not None or joined:
        return tally
    k = core1 + 1 if core1 + 1 < s1 and doc[core1].text in _DASHES else core1
    if k < s1 and doc[k].lower_ in numlib.FRACTIONS:
        return _fraction(doc, core0, k, s0, s1)  # "two-thirds of", never "two-thirds" alone
    value = numlib.parse_number(core.text)
    if value is None or _not_an_amount(ctx, core0, core1, s0, s1):
        return None
    nxt = doc[core1] if core1 < s1 else None
    prev = doc[core0 - 1] if core0 > s0 else None
    if prev is not None and prev.lower_ in numlib.CURRENCY_SIGNS:
        value *= _range_scale(doc, core0, core1, s1)
        phrase = _Phrase(core0 - 1, core1, core0, core1, value, "money", numlib.CURRENCY_SIGNS[prev.lower_])
    elif nxt is None:
        return _bare(doc, core0, core1, value)
    else:
        phrase = _ratio(doc, core0, core1, value, s1) or _with_unit(doc, core0, core1, value, s1) \
            or _range_start(doc, core0, core1, value, s1) or _bare(doc, core0, core1, value)
    if phrase is not None and phrase.start > s0 and doc[phrase.start - 1].lower_ == "between":
        phrase.end = _range_end(doc, phrase.end, s1)  # "between $19 and $22 million": both ends
    return phrase


def _range_end(doc: Doc, end: int, s1: int) -> int:
    """End of the second amount of a range after token ``end`` ("and $22 million", "and 45 percent")."""
    if end + 1 >= s1 or doc[end].lower_ not in RANGE_WORDS:
        return end
    k = end + 1 + (doc[end + 1].lower_ in numlib.CURRENCY_SIGNS)
    if k >= s1 or not _is_numeric(doc[k]):
        return end
    stop = _core_end(doc, k, s1)
    if stop < s1 and _unit_follows(doc, stop, s1):
        stop += 1  # "and 45 percent", "and three days"
    return stop


def _ratio(doc: Doc, core0: int, core1: int, value: numlib.Number, s1: int) -> _Phrase | None:
    """ "one in four voters", "three out of 10 residents": a share, stored as a percentage."""
    k = core1 + 2 if doc[core1].lower_ == "out" and core1 + 1 < s1 and doc[core1 + 1].lower_ == "of" else core1 + 1
    if doc[core1].lower_ not in ("in", "out") or k >= s1 or not _is_numeric(doc[k]):
        return None
    end = _core_end(doc, k, s1)
    whole = numlib.parse_number(doc[k:end].text)
    if not whole or whole <= value:
        return None
    share = numlib.as_number(PERCENT * value / whole)
    return _Phrase(core0, end, core0, end, share, "percent", "percent", ratio=True)


def _range_scale(doc: Doc, core0: int, core1: int, s1: int) -> int:
    """ "between $19 and $22 million": the first amount takes the scale written after the second."""
    if doc[core1 - 1].lower_ in numlib.SCALES or core1 + 3 >= s1 or doc[core1].lower_ not in RANGE_WORDS:
        return 1
    j = core1 + 1 + (doc[core1 + 1].lower_ in numlib.CURRENCY_SIGNS)
    if _DIGIT_TOKEN.match(doc[j].text) and j + 1 < s1 and doc[j + 1].lower_ in numlib.SCALES:
        return numlib.SCALES[doc[j + 1].lower_]
    return 1


def _range_start(doc: Doc, core0: int, core1: int, value: numlib.Number, s1: int) -> _Phrase | None:
    """ "40 to 45 percent", "two or three days": the first number takes the unit of the second."""
    if doc[core1].lower_ not in RANGE_WORDS or core1 + 1 >= s1 or not _is_numeric(doc[core1 + 1]):
        return None
    end2 = _core_end(doc, core1 + 1, s1)
    other = _with_unit(doc, core1 + 1, end2, value, s1) if end2 < s1 else None
    return _Phrase(core0, core1, core0, core1, value, other.kind, other.unit) if other is not None else None


def _with_unit(doc: Doc, core0: int, core1: int, value: numlib.Number, s1: int) -> _Phrase | None:
    """ "64 percent", "40 tonnes", "12 days", "a 10-year sentence", "50 dollars" (the unit after it)."""
    k = core1 + 1 if doc[core1].text in _DASHES and core1 + 1 < s1 else core1  # "10-year"
    unit = doc[k].lower_
    after = doc[k + 1].lower_ if k + 1 < s1 else ""
    if unit in numlib.PERCENT_WORDS or (unit == "per" and after == "cent"):
        end = k + 2 if unit == "per" or (unit == "percentage" and after in ("points", "point")) else k + 1
        return _Phrase(core0, end, core0, core1, value, "percent", "percent")
    if unit in numlib.CURRENCY_WORDS:
        amount = value / _CENTS if unit.startswith("cent") else value
        return _Phrase(core0, k + 1, core0, core1, amount, "money", numlib.CURRENCY_WORDS[unit])
    if unit in ("square", "cubic") and after in numlib.QUANTITY_UNITS:
        return _Phrase(core0, k + 2, core0, core1, value, "quantity", f"{unit} {numlib.QUANTITY_UNITS[after]}")
    if unit in numlib.QUANTITY_UNITS and doc[k].pos_ in ("NOUN", "PROPN"):
        return _Phrase(core0, k + 1, core0, core1, value, "quantity", numlib.QUANTITY_UNITS[unit])
    if unit in numlib.DURATION_UNITS:
        if doc[core0].lower_ in ("a", "an") and numlib.qualifier_of(doc[max(0, core0 - 2):core0].text) == "exact":
            return None  # "once a year", "$50 a day"; "more than a week" stays
        return _Phrase(core0, k + 1, core0, core1, value, "duration", numlib.DURATION_UNITS[unit])
    if doc[core1].lower_ == "times" or doc[core0].lower_ in numlib.MULTIPLIERS:  # "several times", "twice"
        end = core1 + 1 if doc[core1].lower_ == "times" else core1
        return _Phrase(core0, end, core0, core1, value, "count", "times")
    return None


def _bare(doc: Doc, core0: int, core1: int, value: numlib.Number) -> _Phrase | None:
    """A number with no unit: a count, unless it is a weak word ("one", "a", "both") on its own."""
    if all(t.lower_ in numlib.WEAK_WORDS for t in doc[core0:core1]):
        return None
    if doc[core0].lower_ in numlib.MULTIPLIERS:
        return _Phrase(core0, core1, core0, core1, value, "count", "times")
    return _Phrase(core0, core1, core0, core1, value)


def _tally(doc: Doc, core0: int, core1: int, s1: int) -> _Phrase | None:
    """ "134-63", "by a vote of 97-1", "voted 251 to 170": two counts of a vote or a score."""
    tok = doc[core0]
    if _TALLY_TOKEN.match(tok.text):
        first, end = tok.text, core0 + 1
    elif core1 == core0 + 1 and core1 + 1 < s1 and _DIGIT_TOKEN.match(tok.text) \
            and _TALLY_TAIL.match(doc[core1 + 1].text) and doc[core1].text in (*_DASHES, "to"):
        first, end = tok.text, core1 + 2
        if doc[core1].text == "to" and (not _vote_context(doc, core0) or _unit_follows(doc, end, s1)):
            return None  # "from 5 to 10", "40 to 45 percent" are ranges
    else:
        return None
    pair = numlib.tally_of(doc[core0:end].text)
    if pair is None or numlib.is_year(first) or (end < s1 and doc[end].text in _DASHES):
        return None  # "2007-2014", phone numbers "555-12-34"
    if end < s1 and doc[end].lower_ in numlib.PERCENT_WORDS:
        return _Phrase(core0, end + 1, core0, end, pair[0], "tally", "percent")  # "backed him 56-44 percent"
    return _Phrase(core0, end, core0, end, pair[0], "tally", "")


def _vote_context(doc: Doc, i: int) -> bool:
    """A vote word governs or comes shortly before token ``i`` ("voted", "by a vote of", "a victory")."""
    verb = governing_verb(doc[i])
    if verb is not None and verb.lemma_.lower() in numlib.VOTE_LEMMAS:
        return True
    if doc[i].head.lemma_.lower() in numlib.VOTE_LEMMAS:  # "a 97-1 vote"
        return True
    return any(t.lemma_.lower() in numlib.VOTE_LEMMAS for t in doc[max(0, i - VOTE_WINDOW):i])


def _not_an_amount(ctx: ParseContext, core0: int, core1: int, s0: int, s1: int) -> bool:
    """Dates, clock times, ages, ranks, years, phone numbers, identifiers and addresses."""
    doc = ctx.doc
    core = doc[core0:core1]
    nxt = doc[core1] if core1 < s1 else None
    if any(t.ent_type_ == "ORDINAL" for t in core) or numlib.is_year(core.text) or numlib.is_phone(core.text):
        return True
    if any(t.ent_type_ in ("DATE", "TIME") for t in core) and not _unit_follows(doc, core1, s1) \
            and not _range_has_unit(doc, core1, s1) and not _range_count(doc, core0):
        return True  # "June 28", "2 p.m.", "1990s"; "12 days" and "three hours" are durations
    if nxt is not None and (nxt.lower_ in CLOCK_WORDS or numlib.is_clock(core.text, nxt.text)):
        return True  # "2 p.m.", "2100 GMT", "0800 local time"
    if core0 > s0 and doc[core0 - 1].lower_.rstrip(".") in numlib.MONTHS:
        return True  # "Sept. 11", "June 28" when the tagger missed the date
    return _is_label(doc, core0, core1, s0, s1) or _is_age(doc, core0, core1, s0, s1) or _names_a_place(core)


def _is_label(doc: Doc, core0: int, core1: int, s0: int, s1: int) -> bool:
    """ "No. 4", "page 6", "H.R. 3162", "(2)": the number names or ranks something."""
    if core0 == s0:
        return False
    prev = doc[core0 - 1]
    if prev.lower_ in IDENTIFIER_NOUNS or _labels(prev, doc[core0:core1]):
        return True
    if prev.text == "." and core0 - 2 >= s0 and doc[core0 - 2].lower_ in IDENTIFIER_NOUNS:
        return True  # "No. 4" split as "No" "."
    return prev.text == "(" and core1 < s1 and doc[core1].text == ")"


def _is_age(doc: Doc, core0: int, core1: int, s0: int, s1: int) -> bool:
    """ "aged 52", "18-year-old", "45 years old", "two years ago", "Mr. Kellerman, 61,"."""
    if core0 > s0 and doc[core0 - 1].lower_ in AGE_CUES:
        return True
    k = core1 + 1 if core1 < s1 and doc[core1].text in _DASHES else core1
    if k < s1 and doc[k].lower_ in numlib.DURATION_UNITS:
        after = doc[k + 1].lower_ if k + 1 < s1 else ""
        if after in numlib.NOT_DURATION_AFTER or (after in _DASHES and k + 2 < s1 and doc[k + 2].lower_ == "old"):
            return True  # ages, and points in time ("two years ago") the dates extractor reads
    return _is_age_apposition(doc[core0:core1])


def _unit_follows(doc: Doc, core1: int, s1: int) -> bool:
    k = core1 + 1 if core1 < s1 and doc[core1].text in _DASHES else core1
    return k < s1 and (doc[k].lower_ in numlib.DURATION_UNITS or doc[k].lower_ in numlib.PERCENT_WORDS
                       or doc[k].lower_ in numlib.CURRENCY_WORDS)


def _range_count(doc: Doc, i: int) -> bool:
    """ "between 90 and 130 migrants": a count the tagger took for a date (not years, not clock times)."""
    if i == 0 or i + 2 >= len(doc) or doc[i - 1].lower_ != "between" or doc[i + 1].lower_ not in ("and", "to"):
        return False
    second = doc[i + 2]
    after = doc[i + 3].lower_ if i + 3 < len(doc) else ""
    return bool(_DIGIT_TOKEN.match(doc[i].text) and _DIGIT_TOKEN.match(second.text)) \
        and not numlib.is_year(second.text) and after not in CLOCK_WORDS and after.rstrip(".") not in numlib.TIME_ZONES


def _range_has_unit(doc: Doc, core1: int, s1: int) -> bool:
    """ "two and three weeks", "40 to 45 percent": the range's second number carries a unit."""
    if core1 + 1 >= s1 or doc[core1].lower_ not in RANGE_WORDS or not _is_numeric(doc[core1 + 1]):
        return False
    return _unit_follows(doc, _core_end(doc, core1 + 1, s1), s1)


def _labels(prev: Token, core: Span) -> bool:
    """ "H.R. 3162", "Flight 302": a proper noun just before, which the number hangs on or labels."""
    if prev.pos_ != "PROPN" and not (prev.is_upper and prev.is_alpha):
        return False
    return any(t.head.i == prev.i or prev.head.i == t.i for t in core)


def _is_age_apposition(core: Span) -> bool:
    """ "Mr. Kellerman, 61, said": a bare number in apposition to a person."""
    return any(t.dep_ in ("appos", "amod", "npadvmod") and t.head.pos_ == "PROPN"
               and t.head.ent_type_ in ("PERSON", "") for t in core)


def _names_a_place(core: Span) -> bool:
    """ "1400 Elm Street", "Apollo 11": a number on a singular proper noun (not "47 Democrats")."""
    return any(t.dep_ in ("nummod", "compound") and t.head.tag_ == "NNP" and t.head.ent_type_ != "NORP"
               for t in core)


def _root(doc: Doc, phrase: _Phrase) -> Token:
    """The token of the phrase that the rest of the sentence hangs on ("million", "percent", "days")."""
    outside = [t for t in doc[phrase.start:phrase.end] if not phrase.start <= t.head.i < phrase.end or t.head is t]
    return outside[-1] if outside else doc[phrase.end - 1]


def _pobj(tok: Token, preps: tuple[str, ...]) -> Token | None:
    """The object of the first of ``preps`` hanging on ``tok`` ("40 tonnes of grain" -> grain)."""
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


def _modified_noun(doc: Doc, phrase: _Phrase, root: Token) -> Token | None:
    """The noun the number modifies: "47 arrests", "a $43,000 Rolex watch", "three separate autopsies"."""
    head = root.head
    while head.dep_ == "compound" and head.head is not head and head.head.pos_ in ("NOUN", "PROPN"):
        head = head.head  # "two county leadership races": races
    if root.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod", "npadvmod") \
            and head.pos_ in ("NOUN", "PROPN") and head.i >= phrase.end:
        return head
    return None


def _counted(doc: Doc, phrase: _Phrase, root: Token) -> Token | None:
    """What a count counts: the noun it modifies, or the object of "of" ("dozens of protesters")."""
    noun = _modified_noun(doc, phrase, root)
    if noun is not None:
        return _pobj(noun, ("of",)) if noun.lower_ in ("worth", "value") else noun
    return _pobj(root, ("of",))


def _count_measure(doc: Doc, noun: Token | None, anchor: Token) -> tuple[str, str]:
    """(measure, verb) of a count: "arrested", "homes destroyed", "residents signed", "autopsies"."""
    verb = governing_verb(anchor)
    lemma = verb.lemma_.lower() if verb is not None else ""
    if noun is None:
        holder = _copula_subject(anchor)  # "cholesterol came back at 195", "an LDL of 118"
        if holder is not None and holder.lemma_.lower() in COUNT_NOUNS:
            holder = _pobj(holder, ("of",)) or holder  # "the number of cases has risen to 52": cases
        named = holder is None or holder.ent_type_ in _NAMED
        return ("" if named else _noun_text(doc, holder).lower()), lemma
    known = numlib.normalise_measure(noun.lower_) or numlib.normalise_measure(noun.lemma_)
    if known:
        return known, lemma
    base = noun.lower_ if noun.tag_ in ("NNS", "NNPS") else noun.lemma_.lower()
    argument = anchor.dep_ in ("nsubj", "nsubjpass", "dobj") or (
        anchor.dep_ == "pobj" and anchor.head.lower_ == "between" and verb is not None and anchor.head.head.i == verb.i)  # "between 2 and 3 migrants were"
    if verb is None or lemma in numlib.LIGHT_VERBS or lemma in REPORT_LEMMAS or not argument:
        return base, lemma
    if numlib.normalise_measure(lemma):
        return numlib.normalise_measure(lemma), lemma  # "detained 40 protesters"
    form = verb.lower_ if verb.tag_ in ("VBD", "VBN") else lemma
    return f"{base} {form}", lemma


def _money_measure(doc: Doc, phrase: _Phrase, root: Token) -> tuple[str, str, str]:
    """(measure, subject, verb) of a sum: a rate ("41 dollars a share": per share), the item it prices,
    what kind of money, what it is the sum of, or the verb's sense; general money ("in campaign cash")
    takes the sense of what is done with it."""
    verb = governing_verb(root)
    lemma = verb.lemma_.lower() if verb is not None else ""
    unit = _per_unit(doc, phrase.end)
    if unit:
        return f"per {unit}", "", lemma
    valued = _valued_noun(doc, root)
    if valued is not None:  # "bribes worth 2.4 million euros in exchange for contracts": the bribes
        return _money_name(valued), _noun_text(doc, valued), lemma
    noun = _modified_noun(doc, phrase, root)
    if noun is not None and noun.lower_ in numlib.BOUND_NOUNS:
        noun = _pobj(noun, ("of",)) or noun
    kind_of = _pobj(root, MONEY_PREPS) or _next_pobj(doc, phrase.end)
    owner = _owner(root)
    sense = _money_name(owner) if owner is not None and owner.pos_ == "NOUN" else _verb_sense(verb)
    for cand in (noun, kind_of):
        if cand is None or cand.pos_ not in ("NOUN", "PROPN") or cand.lower_ in numlib.CURRENCY_WORDS \
                or cand.lower_ in numlib.BOUND_NOUNS:
            continue  # "$140,000 in total" says nothing of what the money is
        name = _money_name(cand)
        if name in numlib.GENERIC_MONEY or name == numlib.FUNDS:  # "spent $5 in campaign cash": spending
            return sense or numlib.FUNDS, _noun_text(doc, cand), lemma
        return name, _item_text(doc, cand, phrase.end), lemma
    purpose = _pobj(root, PURPOSE_PREPS) or (_pobj(verb, PURPOSE_PREPS) if verb is not None else None)
    if purpose is not None and (purpose.ent_type_ in ("DATE", "TIME")
                                or purpose.left_edge.i < phrase.end and phrase.start <= purpose.right_edge.i):
        purpose = None  # "on Wednesday", or the amount itself ("sold for $5,300")
    subject = _np_text(doc, purpose) if purpose is not None else ""
    if owner is not None and owner.ent_type_ not in _NAMED:  # "gifts valued at $X", "the forfeiture of $X"
        return _money_name(owner), subject or _noun_text(doc, owner), lemma
    if sense:
        return sense, subject, lemma
    holder = _copula_subject(root)  # "the bail was $1 million"
    if holder is not None and holder.ent_type_ not in _NAMED:
        return _money_name(holder), subject or _noun_text(doc, holder), lemma
    return ("" if lemma in numlib.LIGHT_VERBS or lemma in CLAIM_VERBS else lemma), subject, lemma


def _per_unit(doc: Doc, end: int) -> str:
    """ "a share", "per barrel", "an hour" right after a sum: the unit it is paid per ("" if none)."""
    if end + 1 >= len(doc) or doc[end].lower_ not in PER_WORDS or doc[end + 1].pos_ != "NOUN":
        return ""
    if end + 2 < len(doc) and doc[end + 2].lower_ in ("ago", "earlier", "later"):
        return ""  # "$5 a year ago": when, not per what
    return doc[end + 1].lemma_.lower()


def _money_name(noun: Token) -> str:
    """A money noun's measure: "earnings" -> income, "gifts" -> gifts, "campaign cash" -> funds."""
    name = noun.lower_ if noun.lower_ in numlib.MONEY_NOUNS else noun.lemma_.lower()  # "taxes", not "taxis"
    return numlib.FUNDS if name in numlib.GENERIC_MONEY else numlib.MONEY_NOUNS.get(name, name)


def _verb_sense(verb: Token | None) -> str:
    """What a verb does with money: "spent" -> spending; "fined" -> fine where the lemmatizer gives "fin"."""
    if verb is None:
        return ""
    return numlib.MONEY_VERBS.get(verb.lemma_.lower()) or numlib.MONEY_VERBS.get(verb.lower_[:-1], "")


def _next_pobj(doc: Doc, end: int) -> Token | None:
    """ "received $160,000 in gifts" parsed with "in" on the verb: the noun of the "in" right after the sum."""
    if end >= len(doc) or doc[end].lower_ != "in" or doc[end].dep_ != "prep":
        return None
    noun = next((g for g in doc[end].children if g.dep_ == "pobj" and g.pos_ == "NOUN"), None)
    if noun is None or noun.ent_type_ in ("DATE", "TIME") or any(c.dep_ in ("det", "poss") for c in noun.children):
        return None  # "in the quarter", "in his office": when or where, not what kind of money
    return noun


def _owner(root: Token) -> Token | None:
    """The noun a sum is the amount of or prices: "the forfeiture of $X", "his use of $X", "gifts valued at
    a minimum of $X", "fines totaling $X"; bounds ("a minimum of", "a total of") are passed through."""
    node = root
    for _ in range(OWNER_DEPTH):
        head = node.head.head if node.dep_ == "pobj" else node.head
        if head.i == node.i:
            return None
        if node.dep_ == "pobj" and node.head.lower_ == "of" and head.pos_ in ("NOUN", "PROPN"):
            if head.lower_ not in numlib.BOUND_NOUNS:
                return head
        elif head.lemma_.lower() in numlib.VALUE_VERBS or head.lower_ in numlib.VALUE_VERBS:
            if head.dep_ in ("acl", "amod") and head.head.pos_ in ("NOUN", "PROPN"):
                return head.head  # "gifts valued at", "a car worth"
            verb = head.head if head.dep_ == "acomp" else head  # "the deal is worth $X"
            subj = subject_of(verb) if verb.pos_ in ("VERB", "AUX") else None
            return subj if subj is not None and subj.pos_ in ("NOUN", "PROPN") else None
        elif node.dep_ != "pobj" or node.head.lower_ != "of":
            return None
        node = head
    return None


def _valued_noun(doc: Doc, root: Token) -> Token | None:
    """ "bribes worth $X", "a takeover by Brightwell Foods worth $X": the common noun written just before
    the "worth" a sum hangs on, however the parser attached "worth" (to the verb, or to the name closing
    a phrase on the noun); None when a verb or a name owns the sum ("the deal is worth", "Smith, worth")."""
    worth = root.head
    if worth.lower_ != "worth" or worth.i == 0 or root.i < worth.i:
        return None
    before = doc[worth.i - 1]
    while before.pos_ == "PROPN" and before.dep_ in ("compound", "flat") and before.head.i > before.i:
        before = before.head
    if before.pos_ == "PROPN" and before.dep_ == "pobj" and before.head.head.pos_ == "NOUN":
        before = before.head.head  # "a takeover by Brightwell Foods worth": the takeover
    if before.pos_ != "NOUN" or before.lower_ in numlib.CURRENCY_WORDS or before.lower_ in numlib.BOUND_NOUNS:
        return None
    return before


def _copula_subject(root: Token) -> Token | None:
    """ "The bail was $1 million", "unemployment fell to 4.1 percent": the noun the amount is said of."""
    while root.dep_ == "conj" and root.head is not root:
        root = root.head  # "included $4,200 on X, $2,300 at Y": the first of the list
    node = root.head if root.dep_ == "pobj" else root
    if root.dep_ == "pobj" and node.head.pos_ in ("NOUN", "PROPN") and node.lower_ == "of":
        return node.head  # "a tax rate of 35.7 percent"
    if node.dep_ in ("attr", "dobj", "prep", "acomp", "npadvmod", "oprd") and node.head.pos_ in ("VERB", "AUX"):
        subj = subject_of(node.head)
        if subj is not None and subj.pos_ in ("NOUN", "PROPN"):
            return subj
    return None


def _percent_measure(doc: Doc, phrase: _Phrase, root: Token) -> tuple[str, str, str]:
    """(measure, subject, verb): "64 percent of voters", "unemployment fell to 4.1 percent"; a poll's share
    ("64 percent think", "Obama 60%", "the mayor got 52 percent") is measured "poll"."""
    verb = governing_verb(root)
    lemma = verb.lemma_.lower() if verb is not None else ""
    of = _pobj(root, ("of",))
    holder = of if of is not None else _copula_subject(root)
    named = holder if holder is not None and holder.ent_type_ in _NAMED and holder.pos_ == "PROPN" \
        and of is None else _named_before(
        doc, phrase, root)
    if named is not None:
        return numlib.POLL, _noun_text(doc, named), lemma
    if holder is not None:
        return _noun_text(doc, holder).lower(), _noun_text(doc, holder), lemma
    if root.dep_ in ("nsubj", "nsubjpass"):
        return (numlib.POLL if lemma in numlib.POLL_VERBS else lemma), "", lemma
    return "", "", lemma


def _named_before(doc: Doc, phrase: _Phrase, root: Token) -> Token | None:
    """ "Obama 60%": the name a share is set beside (the head it hangs on, or the word just before it)."""
    if root.dep_ in ("appos", "npadvmod", "nmod", "nummod") and root.head.ent_type_ in _NAMED \
            and root.head.i < phrase.start:
        return root.head
    prev = doc[phrase.start - 1] if phrase.start > 0 else None
    named = prev is not None and (prev.pos_ == "PROPN" or (prev.pos_ == "NOUN" and prev.is_title
                                                            and not prev.is_sent_start))  # "Poll: Reyes 57%"
    if named and prev.ent_type_ not in _NOT_HOLDERS:
        return prev
    return None


def _measured(doc: Doc, phrase: _Phrase) -> tuple[str, str, str, Token]:
    """(measure, subject, verb, anchor token) of a phrase, by its kind."""
    root = _root(doc, phrase)
    if phrase.kind == "money":
        return (*_money_measure(doc, phrase, root), root)
    if phrase.kind == "percent" and not phrase.ratio:
        return (*_percent_measure(doc, phrase, root), root)
    lemma = _verb_lemma(root)
    if phrase.kind in ("quantity", "duration"):
        of = _pobj(root, ("of",)) or _modified_noun(doc, phrase, root)
        measure = phrase.unit if phrase.kind == "quantity" else "duration"
        return measure, (_noun_text(doc, of, phrase.end) if of is not None else ""), lemma, root
    if phrase.kind == "tally":
        return ("votes" if _vote_context(doc, phrase.start) else "tally"), "", lemma, root
    noun = _counted(doc, phrase, root)
    if noun is not None and noun.lower_ in numlib.CURRENCY_WORDS:  # "tens of millions of dollars"
        phrase.kind, phrase.unit = "money", numlib.CURRENCY_WORDS[noun.lower_]
        return (*_money_measure(doc, phrase, root), root)
    anchor = _modified_noun(doc, phrase, root) or root
    measure, lemma = _count_measure(doc, noun, anchor)
    if phrase.unit == "times" and not measure:
        measure = lemma  # "voted twice"
    subject = _noun_text(doc, noun, phrase.end) if noun is not None and noun.pos_ in ("NOUN", "PROPN") else ""
    if measure and _is_whole_of_part(doc, phrase.start):
        measure = f"{measure} {WHOLE_MARK}"  # "31 of the 55 seats": 55 is how many there are
    return measure, subject, lemma, anchor


def _is_whole_of_part(doc: Doc, start: int) -> bool:
    """ "taking 31 of the 55 seats": the count after "N of the" is the whole the first is a part of."""
    return start >= 3 and doc[start - 1].lower_ == "the" and doc[start - 2].lower_ == "of" \
        and (doc[start - 3].like_num or _is_numeric(doc[start - 3]))


def _phrase_claim(ctx: ParseContext, phrase: _Phrase, statements: list[Statement]) -> NumericClaim | None:
    doc = ctx.doc
    if phrase.kind == "duration" and _span_of_comparison(doc[phrase.end - 1]):
        return None
    measure, subject, verb, anchor = _measured(doc, phrase)
    if phrase.kind == "count" and not measure and doc[phrase.core0].lower_ in numlib.WEAK_WORDS:
        return None
    vague = phrase.vague or (not phrase.ratio and (_is_vague(doc[phrase.core0:phrase.core1])
                                                   or doc[phrase.core0].lower_ in ("a", "an")))
    plural = phrase.vague or doc[phrase.core0].lower_ in _VAGUE_COUNTS  # "dozens", "decades": at least
    qualifier, q_start = _qualifier(doc, ctx.sent_tok[ctx.tok_sent[phrase.start]][0], phrase.start, plural)
    end = phrase.end
    if phrase.kind == "count" and not vague and anchor.i >= end and anchor.i - end < UNIT_GAP:
        end = anchor.i + 1  # "47 arrests", "a dozen police officers"
    whole = _pobj(anchor, ("of",)) if phrase.ratio else None
    if whole is not None and 0 <= whole.i - end < SUBJECT_MAX:
        end = whole.i + 1  # "half of the residents"
    return _claim(ctx, (q_start, end), phrase.value, qualifier, measure, kind=phrase.kind, unit=phrase.unit,
                  vague=vague, verb=verb, claimant=_claimant(ctx, anchor, statements), subject=subject)


#: words that make a noun or adjective the extreme of a span ("the first strike in two decades")
_EXTREME_WORDS = frozenset({"first", "last", "only", "biggest", "largest", "worst", "best", "highest",
                            "lowest", "record"})


def _span_of_comparison(unit: Token) -> bool:
    """ "the first citywide strike in two decades", "the highest level in a decade", "its worst week in
    years": the span the superlative is measured over, not how long anything lasted."""
    prep = unit.head
    if unit.dep_ != "pobj" or prep.lower_ not in ("in", "for") or prep.head is prep:
        return False
    held = prep.head
    if held.tag_ in ("JJS", "RBS") or held.lower_ in _EXTREME_WORDS:
        return True
    return held.pos_ in ("NOUN", "PROPN") and any(
        c.dep_ in ("amod", "compound", "nummod", "advmod") and (c.tag_ in ("JJS", "RBS") or c.lower_ in _EXTREME_WORDS)
        for c in held.children)


def _inherit_measures(ctx: ParseContext, claims: list[NumericClaim]) -> None:
    """A bare number takes the measure of the amount it goes with: the one it ranges to ("between 200 and
    300 migrants"), or, on a preposition, the one before it in its sentence ("six arrests, compared to 47")."""
    doc = ctx.doc
    spans = [(ctx.tok_of_char(c["start"]), ctx.tok_of_char(c["end"] - 1) + 1) for c in claims]
    at = {i: c for c, (a, b) in zip(claims, spans) for i in range(a, b)}
    last: dict[int, NumericClaim] = {}
    for claim, (a, b) in zip(claims, spans):
        tok = doc[b - 1]
        if claim["kind"] == "count" and not claim["measure"]:
            source = at.get(tok.head.i) if not a <= tok.head.i < b else None
            if source is None and tok.dep_ == "pobj" and tok.head.lower_ in ELLIPSIS_PREPS:
                source = last.get(claim["sent"])
            if source is not None and source["measure"]:
                for key in ("measure", "subject", "kind", "unit"):
                    claim[key] = source[key]  # type: ignore[literal-required]
        if claim["measure"]:
            last[claim["sent"]] = claim


def amount_claims(ctx: ParseContext, statements: list[Statement], taken: set[int]) -> list[NumericClaim]:
    """Every number phrase outside the token indices ``taken``: money, percent, quantity, tally, duration, count."""
    out = []
    for phrase in _number_phrases(ctx, taken):
        claim = _phrase_claim(ctx, phrase, statements)
        if claim is not None:
            out.append(claim)
    return out


def extract_quantities(ctx: ParseContext, statements: list[Statement]) -> list[NumericClaim]:
    """All numeric claims of a document, in text order."""
    casualties = casualty_claims(ctx, statements)
    taken = {i for c in casualties for i in range(ctx.tok_of_char(c["start"]), ctx.tok_of_char(c["end"] - 1) + 1)}
    out = casualties + amount_claims(ctx, statements, taken)
    out.sort(key=lambda c: c["start"])
    _inherit_measures(ctx, out)
    return out


def _claimant(ctx: ParseContext, measure_tok: Token, statements: list[Statement]) -> str:
    """Who claims the amount, from its own sentence: "according to X", the subject of a reporting verb above
    it, or a statement covering it; the sentence before only when it is a statement in the same paragraph.
    Never an unresolved pronoun, a vague plural ("many outlets") or a phrase holding the amount itself."""
    doc = ctx.doc
    sent = ctx.tok_sent[measure_tok.i]
    s0, s1 = ctx.sent_tok[sent]
    for t in doc[s0:s1]:  # 1. "according to X" in the sentence
        if t.lower_ == "according":
            to = next((c for c in t.children if c.lower_ == "to"), None)
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
            if pobj is not None:
                return _credible(speaker_of(ctx, pobj)[0])
    node = measure_tok  # 2. a reporting verb above the count: "Azerbaijan claims ... were killed"
    for _ in range(CLAIMANT_DEPTH):
        if node.head is node:
            break
        node = node.head
        if node.pos_ in ("VERB", "AUX") and node.lemma_.lower() in CLAIM_VERBS:
            s = subject_of(node)
            if s is not None and not s.left_edge.i <= measure_tok.i <= s.right_edge.i:
                return _credible(speaker_of(ctx, s)[0])
    pos = measure_tok.idx  # 3. a statement covering it
    for st in statements:
        if st["start"] <= pos < st["end"] and _credible(st["speaker"]):
            return st["speaker"]
    return _previous_speaker(ctx, sent, pos, statements)


def _previous_speaker(ctx: ParseContext, sent: int, pos: int, statements: list[Statement]) -> str:
    """The speaker of a statement in the sentence before, when no paragraph break comes between."""
    if sent == 0 or "\n" in ctx.text[ctx.sents[sent - 1][0]:pos]:
        return ""
    for st in reversed(statements):
        if st["sent"] == sent - 1 and _credible(st["speaker"]):
            return st["speaker"]
    return ""


def _credible(name: str) -> str:
    """``name`` when it can be a claimant, else "": not a bare pronoun, nor "many news outlets", "some"."""
    words = name.lower().split()
    if not words or (len(words) == 1 and words[0] in UNNAMED) or set(words[:2]) & VAGUE_QUANTIFIERS:
        return ""
    return name
