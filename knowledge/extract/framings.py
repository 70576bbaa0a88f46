"""Framings: short quoted labels and who uses them."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from knowledge.entities import ORG_WORDS
from knowledge.facts import Framing, Statement

from .parse import speaker_of, subject_of

if TYPE_CHECKING:  # spaCy is only needed to build the store
    from spacy.tokens import Token
    from .pipeline import ParseContext


#: plural nouns for groups that speak ("officials say ...")
GROUP_NOUNS = {"officials", "police", "authorities", "residents", "witnesses", "separatists", "rebels", "officers",
               "experts"}


def _is_common_phrase(phrase: str) -> bool:
    """A subject that names nobody: no capitalised word, no organisation word ("announced objective")."""
    if not phrase:
        return True
    words = phrase.split()
    if any(w[:1].isupper() for w in words):
        return False
    return not any(w.lower().strip("’'s") in ORG_WORDS or w.lower() in GROUP_NOUNS for w in words)


def _framing_subject(ctx: ParseContext, tok: Token) -> str:
    node = tok
    pronoun = False
    for _ in range(12):
        if node.pos_ in ("VERB", "AUX"):
            s = subject_of(node)
            if s is not None and s.ent_type_ not in ("DATE", "TIME", "CARDINAL"):
                if s.lower_ in ("they", "it", "we", "this", "that", "which", "who", "what"):
                    pronoun = True
                elif not pronoun:
                    return speaker_of(ctx, s)[0]
        if node.head is node:
            break
        node = node.head
    # a pronoun ("what they describe as") points at the main clause's subject
    root = node
    s = subject_of(root) if root.pos_ in ("VERB", "AUX") else None
    if s is not None and s.ent_type_ not in ("DATE", "TIME", "CARDINAL") and s.pos_ != "PRON":
        return speaker_of(ctx, s)[0]
    return ""


def extract_framings(ctx: ParseContext, pending: list[tuple[int, int]], statements: list[Statement]
                     ) -> list[Framing]:
    """Short quoted labels (``pending`` quote spans), used by the enclosing statement's speaker or the subject."""
    text = ctx.text
    framings: list[Framing] = []
    for qs, qe in pending:
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
        if _is_common_phrase(speaker):
            # "The announced objective is “...”": whoever spoke just before
            prev = [x["speaker"] for x in framings if x["sent"] >= sent - 1 and x["speaker"]] + \
                   [st["speaker"] for st in statements if sent - 1 <= st["sent"] <= sent and st["speaker"]]
            speaker = prev[-1] if prev else ""
        framings.append(Framing(phrase=phrase, speaker=speaker, sent=sent, start=qs, end=qe))
    return framings
