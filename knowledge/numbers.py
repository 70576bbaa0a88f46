"""Counts written in words or digits, their qualifiers, and what they count (pure, no spaCy).

``parse_number("two hundred")`` -> 200, ``parse_number("1,200")`` -> 1200,
``parse_number("a dozen")`` -> 12; ``qualifier_of("at least")`` -> "at least";
``normalise_measure("deaths")`` -> "killed".
"""

from __future__ import annotations

import re
from typing import Literal

Qualifier = Literal["exact", "at least", "at most", "about", "more than"]

UNITS = {
    "zero": 0, "no": 0, "a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12, "dozens": 24, "pair": 2, "couple": 2,
    "both": 2, "score": 20,
}
SCALES = {"hundred": 100, "hundreds": 100, "thousand": 1_000, "thousands": 1_000,
          "million": 1_000_000, "millions": 1_000_000, "billion": 1_000_000_000}
_QUALIFIERS: list[tuple[re.Pattern[str], Qualifier]] = [
    (re.compile(r"\b(?:at\s+least|no\s+(?:fewer|less)\s+than|a\s+minimum\s+of|as\s+many\s+as)\s*$", re.I),
     "at least"),
    (re.compile(r"\b(?:more\s+than|over|upwards\s+of|in\s+excess\s+of|above|beyond|"
                r"dozens\s+of|hundreds\s+of|thousands\s+of)\s*$", re.I), "more than"),
    (re.compile(r"\b(?:at\s+most|up\s+to|fewer\s+than|less\s+than|under|nearly|almost|"
                r"no\s+more\s+than|as\s+few\s+as|just\s+under)\s*$", re.I), "at most"),
    (re.compile(r"\b(?:about|around|approximately|roughly|some|an\s+estimated|estimated|"
                r"close\s+to|circa|approx\.?|nearly|almost|some\s+\w+)\s*$", re.I), "about"),
]
_DIGITS = re.compile(r"^\d{1,3}(?:[,\u202f ]\d{3})+$|^\d+$")

MEASURES = {
    # killed
    "kill": "killed", "killed": "killed", "dead": "killed", "die": "killed", "died": "killed",
    "death": "killed", "deaths": "killed", "fatality": "killed", "fatalities": "killed",
    "fatally": "killed", "murder": "killed", "murdered": "killed", "slay": "killed",
    "slain": "killed", "perish": "killed", "perished": "killed", "drown": "killed",
    "drowned": "killed", "body": "killed", "bodies": "killed", "toll": "killed", "life": "killed",
    "lives": "killed",
    # injured
    "injure": "injured", "injured": "injured", "injury": "injured", "injuries": "injured",
    "wound": "injured", "wounded": "injured", "hurt": "injured", "hospitalize": "injured",
    "hospitalise": "injured", "hospitalized": "injured",
    # others
    "casualty": "casualties", "casualties": "casualties",
    "arrest": "arrested", "arrested": "arrested", "detain": "arrested", "detained": "arrested",
    "apprehend": "arrested", "custody": "arrested",
    "displace": "displaced", "displaced": "displaced", "flee": "displaced", "fled": "displaced",
    "homeless": "displaced", "refugee": "displaced", "refugees": "displaced",
    "evacuate": "evacuated", "evacuated": "evacuated", "evacuee": "evacuated",
    "missing": "missing", "rescue": "rescued", "rescued": "rescued",
    "kidnap": "abducted", "abduct": "abducted", "hostage": "abducted", "hostages": "abducted",
    "capture": "captured", "captured": "captured",
}


def parse_number(text: str) -> int | None:
    """An integer from digits or English number words; None when it is not a count."""
    t = text.strip().lower().replace("–", "-")
    t = re.sub(r"^(?:a|an)\s+(?=dozen|hundred|thousand|million|couple|pair|score)", "one ", t)
    if not t:
        return None
    if _DIGITS.match(t):
        return int(re.sub(r"[^\d]", "", t))
    m = re.match(r"^(\d+(?:\.\d+)?)\s*(hundred|thousand|million|billion|k|m)$", t)
    if m:
        factor = {"k": 1_000, "m": 1_000_000}.get(m.group(2)) or SCALES[m.group(2)]
        return int(float(m.group(1)) * factor)
    words = [w for w in re.split(r"[\s-]+", t) if w and w not in ("and", "of")]
    if not words:
        return None
    if words[0] in ("no", "zero", "none", "nobody") and len(words) <= 2:
        return 0  # "no one"
    total = 0
    current = 0
    seen = False
    for w in words:
        if w.isdigit():
            current += int(w)
            seen = True
        elif w in UNITS:
            if w in ("dozen", "dozens") and current:
                current *= 12
            else:
                current += UNITS[w]
            seen = True
        elif w in SCALES:
            current = max(current, 1) * SCALES[w]
            if SCALES[w] >= 1000:
                total += current
                current = 0
            seen = True
        else:
            return None
    return total + current if seen else None


def qualifier_of(before: str) -> Qualifier:
    """The qualifier that the words just before a number express ("at least" ...), else "exact"."""
    before = re.sub(r"\s+", " ", before)
    for pattern, qualifier in _QUALIFIERS:
        if pattern.search(before):
            return qualifier
    return "exact"


def normalise_measure(word: str) -> str:
    """ "deaths" -> "killed", "wounded" -> "injured"; "" when the word is not a measure."""
    w = word.strip().lower()
    return MEASURES.get(w, "")
