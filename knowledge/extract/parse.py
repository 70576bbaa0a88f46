"""Parse helpers shared by the extractors: quote spans, noun phrases, subjects and speakers."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .coref import HONORIFICS, resolve_pronoun

__all__ = ["HONORIFICS", "PRONOUN_PERSON", "QUANTIFIERS", "REPORT_LEMMAS", "SPACE_RE", "clean_phrase", "expand_np", "governing_verb",
           "quote_spans", "speaker_of", "subject_of", "text_of"]

if TYPE_CHECKING:  # spaCy is only needed to build the store
    from spacy.tokens import Token
    from .pipeline import ParseContext

#: verbs for reported speech with a clause complement (a narrower list: no "call", "find" ...)
REPORT_LEMMAS = {
    "say", "tell", "state", "announce", "add", "note", "emphasize", "emphasise", "stress", "claim",
    "report", "deny", "mention", "explain", "declare", "insist", "warn", "confirm", "reveal",
    "promise", "write", "tweet", "argue", "allege", "assert", "acknowledge", "admit", "reply",
    "respond", "clarify", "predict", "estimate", "suggest", "point", "underline", "underscore",
    "indicate", "reiterate", "maintain", "contend", "comment", "remark", "observe", "testify",
    "inform", "vow", "pledge", "threaten", "accuse", "urge", "reject", "dismiss", "refute",
}
PRONOUN_PERSON = {"he", "she", "him", "her"}
#: "X and Y both said": a floating quantifier is no subject of its own
QUANTIFIERS = {"both", "all", "each", "either", "neither"}
QUOTE_PAIRS = [("“", "”"), ("«", "»"), ("„", "“")]
SPACE_RE = re.compile(r"\s+")
#: tokens a phrase's head may stand after the name inside it and still be that person ("Aliyev Jr.")
NAME_HEAD_TOKENS = 4


def text_of(text: str, toks: list[Token]) -> str:
    if not toks:
        return ""
    return text[toks[0].idx:toks[-1].idx + len(toks[-1].text)]


def quote_spans(text: str) -> list[tuple[int, int]]:
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
            for o, c in QUOTE_PAIRS:
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


def expand_np(ctx: ParseContext, head: Token) -> tuple[int, int]:
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


def speaker_of(ctx: ParseContext, head: Token) -> tuple[str, str]:
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
        name = resolve_pronoun(ctx, head)
        return (name or head.text), head.text
    if head.pos_ == "PRON":
        return head.text, head.text
    left, right = expand_np(ctx, head)
    text = text_of(ctx.text, list(doc[left:right + 1]))
    m = ctx.person_at.get(head.i)
    if m is not None:
        return m["name"], text
    # "Their lawyer, James Whitaker, said": the apposition names the speaker
    for child in head.children:
        if child.dep_ == "appos" and ctx.person_at.get(child.i) is not None:
            return ctx.person_at[child.i]["name"], text
    # "Azerbaijan's president" style mention inside the phrase; but "the X campaign", "X's office",
    # "the X family" are speakers of their own, not the person named inside them
    name_head = head.pos_ == "PROPN" and head.ent_type_ in ("", "PERSON")
    for i in range(left, right + 1):
        m = ctx.person_at.get(i)
        if m is not None and (m["title_of"] or name_head) and m["text"] != m["name"] \
                and i <= head.i <= i + NAME_HEAD_TOKENS:
            return m["name"], text
    return clean_phrase(text), text


def clean_phrase(text: str) -> str:
    """A noun phrase as a name: no leading article, no trailing possessive, single spaces."""
    text = SPACE_RE.sub(" ", text).strip(" ,;:")
    text = re.sub(r"^(?:the|The|a|A|an|An)\s+", "", text)
    return re.sub(r"\s*['’]s$", "", text).strip()


def subject_of(verb: Token) -> Token | None:
    """The subject of ``verb``: its own, the agent of a passive, or that of the verb it is conjoined to."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    # "The rules, the ministry said, ...": of two subjects the one nearest the verb is its own
    for child in sorted(subjects, key=lambda c: abs(verb.i - c.i)):
        if child.ent_type_ not in ("DATE", "TIME") and child.lower_ not in QUANTIFIERS:
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
        return subject_of(verb.head)
    return None


def governing_verb(tok: Token) -> Token | None:
    node = tok
    for _ in range(10):
        if node.pos_ in ("VERB", "AUX") and node.dep_ != "aux":
            return node
        if node.head is node:
            return node if node.pos_ in ("VERB", "AUX") else None
        node = node.head
    return None
