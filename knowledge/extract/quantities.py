"""Numeric claims: counts of what was measured (killed, injured, ...), qualifier and claimant."""

from __future__ import annotations

from typing import TYPE_CHECKING

from knowledge import numbers as numlib
from knowledge.facts import NumericClaim, Statement

from .parse import REPORT_LEMMAS, speaker_of, subject_of

if TYPE_CHECKING:  # spaCy is only needed to build the store
    from spacy.tokens import Doc, Token
    from .pipeline import ParseContext

_NUM_WORDS = set(numlib.UNITS) | set(numlib.SCALES) | {"and"}


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


def extract_quantities(ctx: ParseContext, statements: list[Statement]) -> list[NumericClaim]:
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


def _claimant(ctx: ParseContext, measure_tok: Token, statements: list[Statement]) -> str:
    doc = ctx.doc
    sent = ctx.tok_sent[measure_tok.i]
    s0, s1 = ctx.sent_tok[sent]
    # 1. "according to X" in the sentence
    for t in doc[s0:s1]:
        if t.lower_ == "according":
            to = next((c for c in t.children if c.lower_ == "to"), None)
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
            if pobj is not None:
                return speaker_of(ctx, pobj)[0]
    # 2. a reporting verb above the count: "Azerbaijan claims ... were killed"
    node = measure_tok
    for _ in range(12):
        if node.head is node:
            break
        node = node.head
        if node.pos_ in ("VERB", "AUX") and node.lemma_.lower() in REPORT_LEMMAS | {"claim", "report"}:
            s = subject_of(node)
            if s is not None:
                return speaker_of(ctx, s)[0]
    # 3. a statement covering it, or one in the previous sentence
    pos = measure_tok.idx
    for st in statements:
        if st["start"] <= pos < st["end"] and st["speaker"]:
            return st["speaker"]
    for st in reversed(statements):
        if st["sent"] == sent - 1 and st["speaker"]:
            return st["speaker"]
    return ""
