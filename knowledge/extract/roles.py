"""Roles: titles before a name and appositions around it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from knowledge.entities import ORG_WORDS, TITLE_MODIFIERS, TITLE_NOUNS, country_of, place_kind
from knowledge.facts import Role

from .parse import HONORIFICS, text_of

if TYPE_CHECKING:  # spaCy is only needed to build the store
    from spacy.tokens import Token
    from .pipeline import ParseContext

_ROLE_GLUE = {"of", "to", "for"}
_FORMER = {"former", "ex", "then", "onetime", "one-time", "late", "erstwhile"}
#: title words that are ordinary words in lower case ("a major figure", "in general")
_AMBIGUOUS_TITLES = {"major", "general", "private", "principal", "marshal", "chair", "speaker", "head",
                     "member", "officer", "king", "queen", "prince", "lord", "dean", "counsel", "justice"}


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
                return text_of(text, rest)
    return ""


def _make_role(ctx: ParseContext, name: str, toks: list[Token], affiliation_toks: list[Token] | None,
               sent: int) -> Role | None:
    while toks and (toks[0].lower_ in ("the", "a", "an", "of", "to", "for") or toks[0].tag_ == "POS"):
        toks = toks[1:]
    while toks and (toks[-1].lower_ in ("of", "to", "for", "the", "and") or toks[-1].is_punct):
        toks = toks[:-1]
    if not toks:
        return None
    role_text = text_of(ctx.text, toks)
    r0, head = _split_role(toks)
    affiliation = ""
    if affiliation_toks:
        affiliation = text_of(ctx.text, affiliation_toks)
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


def extract_roles(ctx: ParseContext) -> list[Role]:
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
            if all(t.lower_ in HONORIFICS for t in prefix):
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
                         or ctx.person_at.get(core[0].i) is not None or core[0].lower_ in HONORIFICS):
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


def _note_title(ctx: ParseContext, role: Role) -> None:
    """Remember "(country, title)" -> person, for "Azerbaijan's president" later on."""
    words = [w.lower() for w in re.findall(r"[\w-]+", role["role"])]
    if not words or role["former"] or "to" in words or "of" in words:
        return
    title = " ".join(w for w in words if w not in ("the", "former", "acting"))
    ctx.title_names[("", title)].add(role["name"])
    if role["country"]:
        ctx.title_names[(role["country"], title)].add(role["name"])
