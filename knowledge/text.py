"""Words as search sees them: folded, stop words dropped, stemmed the same way on both sides.

Query words and article words go through :func:`terms`, so "autopsies" finds "autopsy" and
"shot" finds "shooting". The stemmer is Snowball's English one (no spaCy at answer time).
"""

from __future__ import annotations

import functools
import re
import unicodedata

import snowballstemmer

from .lexicon import IRREGULAR_VERBS, MONTH_ABBREVIATIONS, MONTHS

STOPWORDS = frozenset(
    """a an the of in on at to for from by with and or but is are was were be been being it its
    this that these those as into about over after before than then there their they he she his
    her them we our you your i me my not no so if do does did has have had will would can could
    should may might must what who whom when where which why how all any some such also just very
    more most other own same too only out up down off again further once here both each few nor
    s t said says""".split()
)
WORD = re.compile(r"[a-z0-9]+")
# "9/11", "8/9": a month and a day written with a slash, read as "september 11"
_SLASH_DATE = re.compile(r"\b(1[0-2]|0?[1-9])/([0-3]?[0-9])\b")
_PUNCTUATION = str.maketrans({"’": "'", "‘": "'", "–": "-", "—": "-"})
_STEMMER = snowballstemmer.stemmer("english")
MIN_STEM_LENGTH = 3  # shorter words are kept as they are ("us", "un")
MIN_PAST_LENGTH = 5  # a word ending in -ed this long reads as a past form ("passed", not "red")
# After these a past form is an adjective ("the planned center"), not the verb.
DETERMINERS = frozenset({"a", "an", "the", "this", "that", "these", "those", "its", "their", "his", "her"})


def fold(text: str) -> str:
    """Lowercase, strip accents and unify quotes and dashes."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text.translate(_PUNCTUATION))
    if not text.isascii():
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.lower()


@functools.lru_cache(maxsize=500_000)
def stem(word: str) -> str:
    """One form for a word's inflections (Snowball English), irregular past forms and month abbreviations."""
    if len(word) < MIN_STEM_LENGTH or word.isdigit():
        return word
    word = IRREGULAR_VERBS.get(word) or MONTH_ABBREVIATIONS.get(word) or word
    return _STEMMER.stemWord(word)


def _slash_dates(folded: str) -> str:
    return _SLASH_DATE.sub(lambda m: f"{MONTHS[int(m[1]) - 1]} {int(m[2])}", folded) if "/" in folded else folded


def words(folded: str) -> list[str]:
    """The words of a folded text, slash dates spelled out, stop words kept."""
    return WORD.findall(_slash_dates(folded))


def stemmed(folded: str) -> list[str]:
    """The searchable terms of a folded text, in order."""
    return [stem(w) for w in words(folded) if w not in STOPWORDS]


def terms(text: str) -> list[str]:
    """Searchable terms of a text: folded, stop words dropped, stemmed."""
    return stemmed(fold(text))


def past_verbs(folded: str) -> set[str]:
    """Stems of the words of a folded text that read as past verbs: irregular pasts ("shot") and -ed
    forms ("passed"; not "speed"), unless a determiner makes them adjectives ("the planned centre")."""
    found: set[str] = set()
    tokens = words(folded)
    for before, word in zip(["", *tokens], tokens):
        if before in DETERMINERS:
            continue
        if word in IRREGULAR_VERBS or (len(word) >= MIN_PAST_LENGTH and word.endswith("ed") and word[-3] != "e"):
            found.add(stem(word))
    return found
