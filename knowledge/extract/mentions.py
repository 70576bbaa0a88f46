"""Mentions: named entities repaired by rules, short names linked to full names, title mentions,
and recall candidates (name runs no mention covers, for merging to match against known names)."""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Any

from knowledge.entities import (
    ABBREVIATIONS,
    COMPANY_LEGAL_FORMS,
    COMPANY_TRADE_WORDS,
    DEMONYMS,
    ORG_DESCRIPTIONS,
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
from knowledge.facts import Mention
from knowledge.merge import RECALL_MIN_WORDS
from knowledge.nicknames import SUFFIXES, fold, gender_of, same_given_name

from .parse import HONORIFICS, PRONOUN_PERSON

if TYPE_CHECKING:  # spaCy is only needed to build the store
    from spacy.tokens import Doc, Token
    from .pipeline import ParseContext

KEEP_LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP")
COMPANY_WORDS = COMPANY_LEGAL_FORMS | COMPANY_TRADE_WORDS
APPOSITION_WORDS = 6  # words of an apposition read for the noun that says what a name is
_PLACE_PREPS = {"in", "into", "near", "across", "outside", "inside", "throughout", "around", "from",
                "towards", "toward", "to"}


def _is_name_token(t: Token) -> bool:
    return t.pos_ == "PROPN" and (t.is_title or (t.is_upper and len(t.text) > 1)) \
        and t.lower_ not in TITLE_NOUNS and t.lower_ not in TITLE_MODIFIERS \
        and t.lower_ not in ORG_WORDS and t.lower_ not in DEMONYMS and not place_kind(t.text) \
        and t.lower_ not in ABBREVIATIONS and not t.like_num and t.lower_ not in HONORIFICS \
        and t.lower_ not in ("dr", "prof", "dame", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "capt")


#: labels spaCy sm gives a title and a name together ("Detective Renata Sorvino" as ORG or FAC)
_TITLED_NAME_LABELS = ("ORG", "FAC", "NORP")
#: a titled name: this many name words after the title, at least and at most
_TITLED_NAME_WORDS = (2, 3)


def _titled_name(ctx: ParseContext, start: int, end: int) -> bool:
    """A person's title and name that spaCy labelled otherwise: a title word, then two or three name
    words that start with a known given name, or whose last word the article also writes alone."""
    doc = ctx.doc
    if doc[start].lower_ not in TITLE_NOUNS or doc[start].lower_ in ORG_WORDS:
        return False
    words = doc[start + 1:end]
    low, high = _TITLED_NAME_WORDS
    if not low <= len(words) <= high or not all(_is_name_token(t) for t in words):
        return False
    if gender_of(fold(words[0].text)):
        return True
    surname = words[-1].text
    return any(t.text == surname and t.i > 0 and not _is_name_token(doc[t.i - 1]) for t in doc)


def _titled_names_unlabelled(ctx: ParseContext, raw: list[_Span]) -> list[_Span]:
    """Persons after a capitalised title that spaCy gave no entity at all ("Deputy Mayor Tomas
    Reinholt called the strike ..."): the name words of each such run that :func:`_titled_name` accepts."""
    doc = ctx.doc
    covered = {i for start, end, _, _ in raw for i in range(start, end)}
    out: list[_Span] = []
    for t in doc:
        if t.i in covered or not t.is_title or t.lower_ not in TITLE_NOUNS or t.lower_ in ORG_WORDS:
            continue
        end = t.i + 1
        while end < len(doc) and end not in covered and _is_name_token(doc[end]) and doc[end - 1].whitespace_:
            end += 1
        if _titled_name(ctx, t.i, end):
            out.append([t.i + 1, end, "PERSON", False])
            covered.update(range(t.i, end))
    return out


#: labels spaCy sm gives some people's full names ("Victor Amaral" as PRODUCT)
_MISLABELLED_PERSON_LABELS = ("PRODUCT", "WORK_OF_ART")


def _given_name_person(ctx: ParseContext, start: int, end: int, label: str) -> bool:
    """A full name spaCy labelled a product or a work: two or three name words, the first a known
    given name, none a word of places or companies."""
    words = ctx.doc[start:end]
    low, high = _TITLED_NAME_WORDS
    if label not in _MISLABELLED_PERSON_LABELS or not low <= len(words) <= high:
        return False
    if not all(_is_name_token(t) for t in words) or any(t.lower_ in PLACE_WORDS or t.lower_ in COMPANY_WORDS
                                                        for t in words):
        return False
    return bool(gender_of(fold(words[0].text)))


def _drop_capitalised_common_words(doc: Doc, raw: list[_Span]) -> list[_Span]:
    """Without lone words that open their sentences, are tagged a common noun, verb or adjective once
    and are no word of a longer name in the article ("Turnout was 71 percent" as a PERSON):
    capitalised by their place. "Reyes said" (tagged a noun too) stays when the article names Samuel
    Reyes."""
    name_words = {t.text for start, end, _, _ in raw if end - start > 1 for t in doc[start:end]}

    def lone_first(start: int, end: int, label: str) -> bool:
        t = doc[start]
        return end - start == 1 and label in ("PERSON", "ORG") and t.is_sent_start and not t.is_upper \
            and t.text not in name_words and not place_kind(t.text)

    common = {doc[start].text for start, end, label, _ in raw
              if lone_first(start, end, label) and doc[start].pos_ in ("NOUN", "VERB", "ADJ", "ADV")}
    # the same word opening another sentence is the same common word, however it was tagged there
    return [item for item in raw if not (lone_first(item[0], item[1], item[2]) and doc[item[0]].text in common)]


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


#: a candidate mention while the rules repair it: [start token, end token, label, in a place context]
_Span = list[Any]
#: name suffixes that belong to the name before them ("Martin Luther King Jr.")
_NAME_SUFFIXES = ("jr.", "sr.", "ii", "iii", "iv")
#: place nouns whose "of" introduces the place's name ("the city of X")
_PLACE_OF_NOUNS = ("city", "town", "village", "region", "province", "district")


def extract_mentions(ctx: ParseContext) -> list[Mention]:
    """Named entities repaired by rules, short person names linked to full names, then recall candidates.

    The steps run in this order, each on the candidate spans the previous ones left."""
    doc = ctx.doc
    taken = [False] * len(doc)
    raw = _ner_candidates(ctx)
    _add_place_word_names(doc, raw)
    # title words alone are not names ("Secretary of State" gives an ORG "State")
    raw = [it for it in raw if not (it[1] - it[0] == 1 and doc[it[0]].lower_ in TITLE_NOUNS | TITLE_MODIFIERS)]
    _relabel(doc, raw)
    raw = _drop_capitalised_common_words(doc, raw)
    raw.extend(_titled_names_unlabelled(ctx, raw))
    _extend_persons(ctx, raw, taken)
    full_persons, full_names = _full_persons(doc, raw)
    for item in _recovered_full_names(ctx, raw, taken, full_persons):
        raw.append(item)
        full_names.add(normalise(doc[item[0]:item[1]].text))
    full_keys = {name_key(f): f for f in full_names}
    raw = _full_names_written_again(doc, raw, full_names)
    _known_names_as_persons(doc, raw, full_persons, full_keys)
    _places_by_context(doc, raw, full_persons, full_keys)
    _add_missed_surnames(doc, raw, full_persons)
    raw.sort(key=lambda it: (it[0], it[1]))
    mentions = _mentions_of(ctx, raw, full_persons)
    ctx.persons_in_order.sort()
    return mentions + recall_candidates(ctx)


def _ner_candidates(ctx: ParseContext) -> list[_Span]:
    """The spans of spaCy's entities worth keeping, trimmed and labelled (see :func:`_ner_span`)."""
    raw: list[_Span] = []
    for ent in ctx.doc.ents:
        if ent.label_ in KEEP_LABELS + _TITLED_NAME_LABELS + _MISLABELLED_PERSON_LABELS:
            span = _ner_span(ctx, ent.start, ent.end, ent.label_)
            if span is not None:
                raw.append(span)
    return raw


def _ner_span(ctx: ParseContext, start: int, end: int, label: str) -> _Span | None:
    """One entity without a leading "the", trailing possessives and function words; a person's
    without the title in front; None when nothing of it is kept."""
    doc = ctx.doc
    while start < end and (doc[start].lower_ == "the" or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].text in ("’s", "'s", "’", "'")
                           or doc[end - 1].is_punct or doc[end - 1].pos_ in ("ADP", "CCONJ", "DET")):
        end -= 1
    if start >= end:
        return None
    if label in ("ORG", "NORP") and end - start >= 3 and start >= 2 and doc[start - 1].lower_ == "of" \
            and doc[start - 2].lower_ in TITLE_NOUNS and doc[start].lower_ in TITLE_MODIFIERS | ORG_WORDS:
        start, label = _name_after_department(doc, start, end, label)
    if label != "PERSON" and (_titled_name(ctx, start, end) or _given_name_person(ctx, start, end, label)):
        label = "PERSON"  # "Detective Renata Sorvino" (spaCy: ORG) ... "Sorvino said"
    elif label not in KEEP_LABELS:
        return None
    if label == "PERSON":
        for k in range(start + 1, end):  # "Obama’s agenda": the name ends at the possessive
            if doc[k].tag_ == "POS":
                end = k
                break
        # titles are roles, not names: "President Ilham Aliyev" -> "Ilham Aliyev"
        while end - start > 1 and (doc[start].lower_ in TITLE_NOUNS or doc[start].lower_ in TITLE_MODIFIERS
                                   or doc[start].lower_ in DEMONYMS or place_kind(doc[start].text)
                                   or doc[start].lower_ in HONORIFICS):
            start += 1
    return [start, end, label, _place_context(doc, start, end)]


def _name_after_department(doc: Doc, start: int, end: int, label: str) -> tuple[int, str]:
    """ "Secretary of Defense Lloyd Austin": spaCy makes one ORG of department and name; the name's
    start and PERSON when two or more name words end the span, else the span as it was."""
    k = end
    while k - 1 > start and doc[k - 1].pos_ == "PROPN" and doc[k - 1].is_title \
            and doc[k - 1].lower_ not in TITLE_MODIFIERS | ORG_WORDS:
        k -= 1
    return (k, "PERSON") if end - k >= 2 else (start, label)


def _add_place_word_names(doc: Doc, raw: list[_Span]) -> None:
    """Proper nouns just before a place word ("Azerbaijan's Khojavind region") or after "the city of"."""
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
        if t.lower_ == "of" and t.i >= 1 and doc[t.i - 1].lower_ in _PLACE_OF_NOUNS \
                and t.i + 1 < len(doc) and doc[t.i + 1].pos_ == "PROPN" and not in_ent[t.i + 1]:
            raw.append([t.i + 1, t.i + 2, "GPE", True])
            in_ent[t.i + 1] = True


def _relabel(doc: Doc, raw: list[_Span]) -> None:
    """Labels corrected by the gazetteers and by the words in and before the span."""
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
        elif label == "PERSON" and (any(t.lower_ in ORG_WORDS for t in toks) and len(toks) > 1
                                    or _described_as_organisation(doc, end)):
            item[2] = "ORG"
        elif label != "PERSON" and start > 0 and all(t.pos_ == "PROPN" and t.is_title for t in toks) \
                and not any(t.lower_ in ORG_WORDS or t.lower_ in DEMONYMS for t in toks) and (
                    (len(toks) >= 2 and doc[start - 1].lower_ in TITLE_NOUNS)
                    or doc[start - 1].lower_ in TITLE_ABBREVIATIONS):
            # "Chancellor Olaf Scholz" (spaCy: ORG), "Mr. Vardanyan"
            item[2] = "PERSON"


def _described_as_organisation(doc: Doc, end: int) -> bool:
    """ "Kestrel Pay, the online payments company, said": the apposition after a name says what it is."""
    if end + 2 >= len(doc) or doc[end].text != "," or doc[end + 1].lower_ not in ("the", "a", "an"):
        return False
    head = None
    for tok in doc[end + 2:end + 2 + APPOSITION_WORDS]:
        if tok.is_punct or tok.pos_ in ("VERB", "AUX", "ADP"):
            break
        if tok.pos_ in ("NOUN", "PROPN"):
            head = tok
    return head is not None and head.lower_ in ORG_DESCRIPTIONS


def _extend_persons(ctx: ParseContext, raw: list[_Span], taken: list[bool]) -> None:
    """Persons grown by the name words spaCy left out before them and a suffix after; marks their tokens."""
    doc = ctx.doc
    for item in raw:
        if item[2] != "PERSON":
            continue
        start = item[0]
        sent_start = ctx.sent_tok[ctx.tok_sent[start]][0]
        while start > sent_start and not taken[start - 1] and _is_name_token(doc[start - 1]) \
                and doc[start - 1].ent_type_ in ("", "PERSON") and doc[start - 1].whitespace_:
            start -= 1
        item[0] = start
        if item[1] < len(doc) and doc[item[1]].lower_ in _NAME_SUFFIXES:
            item[1] += 1
        for i in range(item[0], item[1]):
            taken[i] = True


def _full_persons(doc: Doc, raw: list[_Span]) -> tuple[dict[str, list[tuple[int, str]]], set[str]]:
    """The persons named in full: surname -> [(token, full name)], and the set of full names."""
    full_persons: dict[str, list[tuple[int, str]]] = defaultdict(list)
    full_names: set[str] = set()
    for item in raw:
        if item[2] == "PERSON":
            toks = [t for t in doc[item[0]:item[1]] if t.lower_ not in _NAME_SUFFIXES]
            full = normalise(doc[item[0]:item[1]].text)
            if len(toks) >= 2 and " " in full:  # "Vasquez-Ortiz" is three tokens but one word
                full_names.add(full)
                full_persons[toks[-1].text].append((item[0], full))
    return full_persons, full_names


def _full_names_written_again(doc: Doc, raw: list[_Span], full_names: set[str]) -> list[_Span]:
    """Full names written again where spaCy saw something else ("company Ruben Vardanyan" as ORG):
    persons, replacing the spans they overlap."""
    if not full_names:
        return raw
    by_first: dict[str, list[list[str]]] = defaultdict(list)
    for f in full_names:
        words = f.split()
        by_first[words[0]].append(words)
    person_tok = [False] * len(doc)
    for it in raw:
        if it[2] == "PERSON":
            for i in range(it[0], it[1]):
                person_tok[i] = True
    found: list[_Span] = []
    for t in doc:
        if person_tok[t.i] or t.text not in by_first:
            continue
        for words in by_first[t.text]:
            end = t.i + len(words)
            if end <= len(doc) and [x.text for x in doc[t.i:end]] == words:
                found.append([t.i, end, "PERSON", False])
                break
    if not found:
        return raw
    cover = set()
    for it in found:
        cover.update(range(it[0], it[1]))
    return [it for it in raw if not any(i in cover for i in range(it[0], it[1]))] + found


def _known_names_as_persons(doc: Doc, raw: list[_Span], full_persons: dict[str, list[tuple[int, str]]],
                            full_keys: dict[str, str]) -> None:
    """Non-persons that are a known surname or equal a full name become persons (not places)."""
    for item in raw:
        start, end, label, _ = item
        text = normalise(doc[start:end].text)
        if label != "PERSON" and (text in full_persons or name_key(text) in full_keys) \
                and not place_kind(text):
            item[2] = "PERSON"


def _places_by_context(doc: Doc, raw: list[_Span], full_persons: dict[str, list[tuple[int, str]]],
                       full_keys: dict[str, str]) -> None:
    """Names that are places by their context elsewhere in the article (spaCy sm calls them ORG / PERSON)."""
    place_votes: Counter[str] = Counter()
    for start, end, label, pctx in raw:
        if label in ("GPE", "LOC") or pctx:
            place_votes[name_key(doc[start:end].text)] += 1
    for item in raw:
        start, end, label, _ = item
        toks = doc[start:end]
        key = name_key(toks.text)
        if label in ("ORG", "PERSON") and place_votes[key] and key not in full_keys \
                and normalise(toks.text) not in full_persons \
                and not any(t.lower_ in ORG_WORDS for t in toks) and not toks.text.isupper():
            item[2] = "GPE"


def _add_missed_surnames(doc: Doc, raw: list[_Span], full_persons: dict[str, list[tuple[int, str]]]) -> None:
    """Surname-only mentions spaCy missed altogether."""
    if not full_persons:
        return
    covered = [False] * len(doc)
    for start, end, _, _ in raw:
        for i in range(start, end):
            covered[i] = True
    for t in doc:
        if not covered[t.i] and t.pos_ == "PROPN" and t.text in full_persons:
            raw.append([t.i, t.i + 1, "PERSON", False])


def _mentions_of(ctx: ParseContext, raw: list[_Span], full_persons: dict[str, list[tuple[int, str]]]) -> list[Mention]:
    """The mentions of the spans in order, short names resolved; registers them in ``ctx``."""
    doc = ctx.doc
    long_orgs = _long_orgs(doc, raw)
    mentions: list[Mention] = []
    linker = _ShortNames(ctx, full_persons)
    for start, end, label, _ in raw:
        span = doc[start:end]
        name = normalise(span.text)
        if not name or not any(ch.isalpha() for ch in name) or _NOT_A_NAME.search(name):
            continue
        if label == "ORG" and end - start == 1 and span.text in long_orgs:
            longs = {n for s0, n in long_orgs[span.text] if s0 < start}
            if len(longs) == 1:
                name = next(iter(longs))
        names = [name]
        if label == "PERSON":
            if name.lower() in PRONOUN_PERSON:
                continue
            if len(name.split()) == 1 or (len(span) == 2 and span[0].lower_ in TITLE_ABBREVIATIONS):
                names = linker.resolve(start, end, mentions) or names
        for name in names:
            m = Mention(text=span.text, name=name, label=label, title_of="",  # type: ignore[typeddict-item]
                        sent=ctx.tok_sent[start], start=span.start_char, end=span.end_char)
            mentions.append(m)
            ctx.mention_tok.append((start, end, m))
            if label == "PERSON":
                for i in range(start, end):
                    ctx.person_at.setdefault(i, m)
                ctx.persons_in_order.append((start, name))
    return mentions


def _long_orgs(doc: Doc, raw: list[_Span]) -> dict[str, list[tuple[int, str]]]:
    """Organisations of two or more words by their first word: "Seaboard" for "Seaboard Mutual Insurance Co."."""
    long_orgs: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for start, end, label, _ in raw:
        if label == "ORG" and end - start >= 2 and doc[start].is_title:
            long_orgs[doc[start].text].append((start, normalise(doc[start:end].text)))
    return long_orgs


#: the gender of the person a possessive pronoun points at ("his wife, Patty")
PRONOUN_GENDER = {"his": "m", "her": "f"}
#: "his wife, Sandi": relations whose holder usually shares the other person's surname
FAMILY_RELATIONS = {"wife", "husband", "son", "daughter", "brother", "sister", "widow", "widower"}


def _recovered_full_names(ctx: ParseContext, raw: list[list[Any]], taken: list[bool],
                          full_persons: dict[str, list[tuple[int, str]]]) -> list[list[Any]]:
    """The full name of a person the article otherwise names by surname only, where spaCy missed it
    ("Representative Kurt Schrader of Oregon ... Mr. Schrader said"); adds them to ``full_persons``."""
    doc = ctx.doc
    wanted = {doc[it[1] - 1].text for it in raw if it[2] == "PERSON" and it[1] - it[0] <= 2}
    wanted = {w for w in wanted - full_persons.keys() if w.isalpha()}
    if not wanted:
        return []
    covered = {i for it in raw for i in range(it[0], it[1])}
    out: list[list[Any]] = []
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(wanted))) + r")\b")
    for hit in pattern.finditer(ctx.text):  # a scan in C, not a look at every token
        t = doc[ctx.tok_of_char(hit.start())]
        if t.text not in wanted or t.i in covered or t.pos_ != "PROPN":
            continue
        sent_start = ctx.sent_tok[ctx.tok_sent[t.i]][0]
        k = t.i
        while k > sent_start and k - 1 not in covered and not taken[k - 1] and _is_name_token(doc[k - 1]) \
                and doc[k - 1].whitespace_ and (k - 1 > sent_start or gender_of(fold(doc[k - 1].text))):
            k -= 1
        if k < t.i:
            out.append([k, t.i + 1, "PERSON", False])
            covered.update(range(k, t.i + 1))
            full_persons[t.text].append((k, normalise(doc[k:t.i + 1].text)))
    return out


def _surname_word(full: str) -> str:
    words = [w for w in full.split() if fold(w) not in SUFFIXES]
    return words[-1] if words else ""


class _ShortNames:
    """Links a name written short ("Mr. Schrader", "Jackson", "Sandra") to a full name in the article."""

    def __init__(self, ctx: ParseContext, full_persons: dict[str, list[tuple[int, str]]]) -> None:
        self.ctx = ctx
        self.by_surname: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for cands in full_persons.values():
            for cand in cands:
                self.by_surname[name_key(_surname_word(cand[1]))].append(cand)
        for cands in self.by_surname.values():
            cands.sort()
        self.fulls = sorted({full for cands in self.by_surname.values() for _, full in cands})
        self.honorific_of: dict[str, str] = {}  # full name -> "m" / "f" from "Mr." / "Ms." before its surname

    def resolve(self, start: int, end: int, mentions: list[Mention]) -> list[str]:
        """The full name(s) meant: two for "Mr. and Mrs. Jackson"; [] when the article has none."""
        doc = self.ctx.doc
        word = _surname_word(normalise(doc[start:end].text))
        first = start + 1 if end - start == 2 and doc[start].lower_ in HONORIFICS else start
        hons = _honorifics_before(doc, first)
        cands = self.by_surname.get(name_key(word), [])
        if not cands:
            given = "" if hons else self._by_given(first, word)
            return [given] if given else []
        names: list[str] = []
        for hon in hons or [""]:
            name = self._pick(cands, start, hon)
            if hon:
                self.honorific_of.setdefault(name, hon)
            if name not in names:
                names.append(name)
        return names

    def _gender(self, full: str) -> str:
        return self.honorific_of.get(full) or gender_of(fold(full.split()[0]))

    def _pick(self, cands: list[tuple[int, str]], tok: int, hon: str) -> str:
        """Of the full names with this surname (and the honorific's gender): the one named earlier in
        the same sentence, else the one the article introduced first (not merely the last one named)."""
        fits = [c for c in cands if not hon or self._gender(c[1]) in ("", hon)] or cands
        before = [c for c in fits if c[0] < tok]
        sent = self.ctx.tok_sent[tok]
        same_sentence = [c for c in before if self.ctx.tok_sent[c[0]] == sent]
        if same_sentence:
            return same_sentence[-1][1]
        return (before or fits)[0][1]

    def _by_given(self, tok: int, word: str) -> str:
        """A given name alone: "Mr. Lindqvist's wife, Patty" takes his surname; else the one full name of
        the article it begins; else "his wife, Patty" takes the surname of the last person fully named."""
        doc = self.ctx.doc
        relation = tok >= 3 and doc[tok - 1].text == "," and doc[tok - 2].lower_ in FAMILY_RELATIONS
        possessive = relation and doc[tok - 3].tag_ == "POS"
        if possessive:
            holder = self.ctx.person_at.get(tok - 4)
            surname = _surname_word(holder["name"]) if holder else ""
            if surname and fold(surname) != fold(word):
                return f"{word} {surname}"
        given = fold(word)
        if not gender_of(given):
            return ""
        fulls = {f for f in self.fulls if len(f.split()[0].rstrip(".")) > 1
                 and same_given_name(given, fold(f.split()[0]))}
        if len(fulls) == 1:
            return fulls.pop()
        pronoun = PRONOUN_GENDER.get(doc[tok - 3].lower_, "") if relation else ""
        persons = [name for i, name in self.ctx.persons_in_order if i < tok - 2 and " " in name]
        if pronoun and persons and gender_of(fold(persons[-1].split()[0])) in ("", pronoun):
            return f"{word} {_surname_word(persons[-1])}"
        return ""


def _honorifics_before(doc: Doc, start: int) -> list[str]:
    """ "m" for "Mr. X", "f" for "Ms. X", both for "Mr. and Mrs. X"."""
    if start < 1 or doc[start - 1].lower_ not in HONORIFICS:
        return []
    last = HONORIFICS[doc[start - 1].lower_]
    if start >= 3 and doc[start - 2].lower_ == "and" and doc[start - 3].lower_ in HONORIFICS:
        return list(dict.fromkeys((HONORIFICS[doc[start - 3].lower_], last)))
    return [last]


def _hyphenated_end(doc: Doc, i: int, covered: list[bool]) -> int:
    """The end of the word starting at token ``i``: "Vasquez-Ortiz" is three tokens, one word."""
    j = i + 1
    while j + 1 < len(doc) and doc[j].text == "-" and not doc[j - 1].whitespace_ and not doc[j].whitespace_ \
            and not covered[j + 1] and _is_name_token(doc[j + 1]):
        j += 2
    return j


def recall_candidates(ctx: ParseContext) -> list[Mention]:
    """Runs of name words (two or more) that no mention covers, as mentions with no name and no label.

    The recall pass: merging makes one a mention of the person whose known name it holds, when
    another article names that person ("Representative Kurt Schrader", which spaCy left out)."""
    doc = ctx.doc
    covered = [False] * len(doc)
    for a, b, _ in ctx.mention_tok:
        for i in range(a, b):
            covered[i] = True
    out: list[Mention] = []
    reach = 0
    for i in _title_case_propns(doc):
        if i < reach:
            continue
        j, words = i, 0
        while j < len(doc) and not covered[j] and _is_name_token(doc[j]) and ctx.tok_sent[j] == ctx.tok_sent[i]:
            words += 1
            j = _hyphenated_end(doc, j, covered)
            if not doc[j - 1].whitespace_:
                break
        if words >= RECALL_MIN_WORDS:
            span = doc[i:j]
            out.append(Mention(text=span.text, name="", label="", title_of="",  # type: ignore[typeddict-item]
                               sent=ctx.tok_sent[i], start=span.start_char, end=span.end_char))
        reach = j
    return out


def _title_case_propns(doc: Doc) -> list[int]:
    """Indices of the title-case proper nouns (read from one array, not token by token)."""
    from spacy.attrs import IS_TITLE, POS
    from spacy.parts_of_speech import PROPN

    arr = doc.to_array([POS, IS_TITLE])
    return [i for i, (pos, title) in enumerate(arr.tolist()) if pos == PROPN and title]


#: titles too common to point at one person ("the country's officials")
_GENERIC_TITLES = frozenset((
    "member", "official", "officer", "soldier", "student", "teacher", "press", "council", "head", "leader",
    "chief", "director", "representative", "lawyer", "attorney", "doctor", "reporter", "journalist",
    "analyst", "activist", "owner", "manager", "executive"))


def extract_title_mentions(ctx: ParseContext) -> list[Mention]:
    """ "Azerbaijan's president" / "the Azerbaijani president" -> the person the article names."""
    doc = ctx.doc
    out: list[Mention] = []
    titles_by_country: dict[str, dict[str, set[str]]] = defaultdict(dict)
    for (country, title), names in ctx.title_names.items():
        titles_by_country[country][title] = names
    for t in doc:
        if t.lower_ not in TITLE_NOUNS or not t.is_lower or ctx.person_at.get(t.i) is not None:
            continue
        # the title must not be followed by a name ("president Ilham Aliyev" is a role)
        if t.i + 1 < len(doc) and ctx.person_at.get(t.i + 1) is not None:
            continue
        k, words = _title_words(doc, t)
        if k < 0 or t.lower_ in _GENERIC_TITLES:
            continue
        country_tok = doc[k - 1] if doc[k].tag_ == "POS" and k > 0 else doc[k]
        country = country_of(country_tok.text)
        if not country:
            m = _the_title_mention(ctx, titles_by_country.get("", {}), k, t.i, words)
        elif ctx.person_at.get(country_tok.i) is None:
            m = _country_title_mention(ctx, titles_by_country.get(country, {}), country, country_tok.i, t.i,
                                       words)
        else:
            m = None
        if m is not None:
            out.append(m)
    ctx.mention_tok.sort(key=lambda x: (x[0], x[1]))
    return out


def _title_words(doc: Doc, t: Token) -> tuple[int, list[str]]:
    """The title's words with its lower-case modifiers ("foreign minister"), and the token before
    them, where the country word is: "Azerbaijan 's president", "the Azerbaijani president"."""
    k = t.i - 1
    words = [t.lower_]
    while k >= 0 and doc[k].lower_ in TITLE_MODIFIERS and doc[k].is_lower:
        words.insert(0, doc[k].lower_)
        k -= 1
    return k, words


def _the_title_mention(ctx: ParseContext, titles: dict[str, set[str]], k: int, end: int,
                       words: list[str]) -> Mention | None:
    """ "the president" when the article names exactly one president (no country said)."""
    doc = ctx.doc
    names = titles.get(" ".join(words), set())
    if doc[k].lower_ != "the" or len(names) != 1 or (doc[k].i > 0 and doc[k - 1].tag_ == "POS"):
        return None
    name = next(iter(names))
    span = doc[k:end + 1]
    m = Mention(text=span.text, name=name, label="PERSON", title_of=f"|{' '.join(words)}",  # type: ignore[typeddict-item]
                sent=ctx.tok_sent[end], start=span.start_char, end=span.end_char)
    _register_person(ctx, k, end + 1, m, name)
    return m


def _country_title_mention(ctx: ParseContext, titles: dict[str, set[str]], country: str, start_tok: int,
                           end: int, words: list[str]) -> Mention:
    """ "Azerbaijan's president": resolved here when the article names the holder, else left to
    merge_entities (the mention's name is then its text)."""
    doc = ctx.doc
    title = " ".join(words)
    names = titles.get(title, set())
    if start_tok > 0 and doc[start_tok - 1].lower_ == "the":
        start_tok -= 1
    span = doc[start_tok:end + 1]
    name = next(iter(names)) if len(names) == 1 else span.text
    m = Mention(text=span.text, name=name, label="PERSON", title_of=f"{country}|{title}",  # type: ignore[typeddict-item]
                sent=ctx.tok_sent[end], start=span.start_char, end=span.end_char)
    if len(names) == 1:
        _register_person(ctx, start_tok, end + 1, m, name)
    return m


def _register_person(ctx: ParseContext, start: int, end: int, m: Mention, name: str) -> None:
    """A title mention resolved to a person: what later steps look up by token and in order."""
    for i in range(start, end):
        ctx.person_at.setdefault(i, m)
    ctx.mention_tok.append((start, end, m))
    bisect.insort(ctx.persons_in_order, (start, name))
