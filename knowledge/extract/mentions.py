"""Mentions: named entities repaired by rules, surnames linked to full names, title mentions."""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Any

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
from knowledge.facts import Mention

from .parse import HONORIFICS, PRONOUN_PERSON

if TYPE_CHECKING:  # spaCy is only needed to build the store
    from spacy.tokens import Doc, Token
    from .pipeline import ParseContext

KEEP_LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP")
_PLACE_PREPS = {"in", "into", "near", "across", "outside", "inside", "throughout", "around", "from",
                "towards", "toward", "to"}


def _is_name_token(t: Token) -> bool:
    return t.pos_ == "PROPN" and (t.is_title or (t.is_upper and len(t.text) > 1)) \
        and t.lower_ not in TITLE_NOUNS and t.lower_ not in TITLE_MODIFIERS \
        and t.lower_ not in ORG_WORDS and t.lower_ not in DEMONYMS and not place_kind(t.text) \
        and t.lower_ not in ABBREVIATIONS and not t.like_num and t.lower_ not in HONORIFICS \
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


def extract_mentions(ctx: ParseContext) -> list[Mention]:
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
                                       or doc[start].lower_ in HONORIFICS):
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


def _honorific(doc: Doc, start: int) -> str:
    if start > 0:
        return HONORIFICS.get(doc[start - 1].lower_, "")
    return ""


def extract_title_mentions(ctx: ParseContext) -> list[Mention]:
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
