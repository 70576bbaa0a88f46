"""Numbers written in words or digits, their qualifiers, units, and what they count (pure, no spaCy).

``parse_number("two hundred")`` -> 200, ``parse_number("1,200")`` -> 1200,
``parse_number("5,587.75")`` -> 5587.75, ``parse_number("a dozen")`` -> 12;
``qualifier_of("at least")`` -> "at least"; ``normalise_measure("deaths")`` -> "killed".
The gazetteers here (units, currencies, vote words) are general English, not tuned to any text.
"""

from __future__ import annotations

import re
from typing import Literal

Qualifier = Literal["exact", "at least", "at most", "about", "more than", "less than", "up to", "nearly"]
Kind = Literal["count", "money", "percent", "quantity", "tally", "duration"]
Number = int | float

UNITS = {
    "zero": 0, "no": 0, "a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12, "dozens": 24, "pair": 2, "couple": 2,
    "both": 2, "score": 20, "scores": 40, "tens": 20, "several": 3, "twice": 2, "thrice": 3,
}
SCALES = {"hundred": 100, "hundreds": 100, "thousand": 1_000, "thousands": 1_000,
          "million": 1_000_000, "millions": 1_000_000, "billion": 1_000_000_000,
          "billions": 1_000_000_000, "trillion": 1_000_000_000_000}
#: words that give an amount without saying it exactly ("dozens of", "hundreds of thousands", "twice")
VAGUE_WORDS = frozenset({"dozen", "dozens", "scores", "tens", "hundreds", "thousands", "millions", "billions",
                         "several", "twice", "thrice", "couple"})
#: multipliers: "twice", "several times"
MULTIPLIERS = frozenset({"twice", "thrice"})
#: number words that are also everyday function words: never an amount on their own
WEAK_WORDS = frozenset({"a", "an", "no", "one", "single", "both", "pair", "couple", "score", "zero"})

_QUALIFIERS: list[tuple[re.Pattern[str], Qualifier]] = [
    (re.compile(r"\b(?:at\s+least|no\s+(?:fewer|less)\s+than|(?:a\s+)?minimum(?:\s+\w+)?\s+of|"
                r"between)\s*$", re.I), "at least"),  # "between 200 and 300": the low end is a floor
    (re.compile(r"\b(?:at\s+most|no\s+more\s+than|as\s+few\s+as|(?:a\s+)?maximum(?:\s+\w+)?\s+of)\s*$",
                re.I), "at most"),
    (re.compile(r"\b(?:more\s+than|over|upwards\s+of|in\s+excess\s+of|above|beyond|"
                r"dozens\s+of|hundreds\s+of|thousands\s+of)\s*$", re.I), "more than"),
    (re.compile(r"\b(?:fewer\s+than|less\s+than|under|just\s+under|below)\s*$", re.I), "less than"),
    (re.compile(r"\b(?:up\s+to|as\s+many\s+as|as\s+much\s+as)\s*$", re.I), "up to"),
    (re.compile(r"\b(?:nearly|almost|close\s+to|just\s+shy\s+of)\s*$", re.I), "nearly"),
    (re.compile(r"\b(?:about|around|approximately|roughly|some|an\s+estimated|estimated|"
                r"circa|approx\.?|some\s+\w+)\s*$", re.I), "about"),
]
_DIGITS = re.compile(r"^\d{1,3}(?:[,\u202f ]\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
_JOINED_DIGITS = re.compile(r"\d\s*[-/:]\s*\d")
_SCALED = re.compile(r"^(\d+(?:[.,]\d+)?)\s*(hundred|thousand|million|billion|trillion|k|m|mn|bn)$")
#: scales written short after a sum of money: "£4.5m", "$2bn"
SHORT_SCALES = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "bn": 1_000_000_000}

#: currency signs and words -> ISO code
CURRENCY_SIGNS = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
CURRENCY_WORDS = {"dollar": "USD", "dollars": "USD", "cent": "USD", "cents": "USD", "euro": "EUR",
                  "euros": "EUR", "yen": "JPY", "yuan": "CNY", "rupees": "INR", "rubles": "RUB",
                  "roubles": "RUB", "pesos": "MXN"}
PERCENT_WORDS = frozenset({"percent", "%", "pct", "percentage"})
#: units of measure -> the unit as stored
QUANTITY_UNITS = {
    "tonne": "tonnes", "tonnes": "tonnes", "ton": "tons", "tons": "tons", "kilogram": "kg", "kilograms": "kg",
    "kg": "kg", "pound": "pounds", "pounds": "pounds", "lb": "pounds", "lbs": "pounds", "ounce": "ounces",
    "ounces": "ounces", "gram": "grams", "grams": "grams", "mile": "miles", "miles": "miles",
    "m": "metres", "cm": "cm", "mm": "mm", "kilometer": "km", "kilometers": "km", "kilometre": "km",
    "kilometres": "km", "km": "km",
    "meter": "metres", "meters": "metres", "metre": "metres", "metres": "metres", "foot": "feet",
    "feet": "feet", "inch": "inches", "inches": "inches", "acre": "acres", "acres": "acres",
    "hectare": "hectares", "hectares": "hectares", "gallon": "gallons", "gallons": "gallons",
    "liter": "litres", "liters": "litres", "litre": "litres", "litres": "litres", "barrel": "barrels",
    "barrels": "barrels", "degree": "degrees", "degrees": "degrees", "megawatt": "megawatts",
    "megawatts": "megawatts", "mph": "mph", "magnitude": "magnitude",
}
#: units also written before their number ("a magnitude 6.8 earthquake", "a magnitude of 7.1")
PREFIX_UNITS = frozenset({"magnitude"})
#: units of time -> the unit as stored
DURATION_UNITS = {
    "second": "seconds", "seconds": "seconds", "minute": "minutes", "minutes": "minutes", "hour": "hours",
    "hours": "hours", "day": "days", "days": "days", "night": "nights", "nights": "nights", "week": "weeks",
    "weeks": "weeks", "month": "months", "months": "months", "year": "years", "years": "years",
    "decade": "decades", "decades": "decades", "century": "centuries", "centuries": "centuries",
    "term": "terms", "terms": "terms",
}
#: words after a time amount that make it a point in time or an age, not a duration
NOT_DURATION_AFTER = frozenset({"ago", "old", "later", "earlier", "hence", "before", "after"})
#: verbs and nouns that make "134-63" a vote tally rather than a score
VOTE_LEMMAS = frozenset({"vote", "pass", "approve", "reject", "override", "confirm", "adopt", "defeat",
                         "elect", "sustain", "uphold", "ratify", "tally", "margin", "ballot", "victory",
                         "acquit", "convict", "clear", "endorse", "back", "split", "decide", "rule", "win",
                         "beat", "edge", "contest", "race", "election", "runoff", "referendum"})
#: what a sum of money is, from the verb that governs it ("earned $5 million": income)
MONEY_VERBS = {
    "earn": "income", "make": "income", "gross": "income", "net": "income", "pay": "payment",
    "spend": "spending", "raise": "funds raised", "donate": "donations", "give": "donations",
    "cost": "cost", "buy": "price", "purchase": "price", "sell": "price", "fetch": "price",
    "charge": "charges", "owe": "debt", "borrow": "loan", "lend": "loan", "fine": "fine",
    "forfeit": "forfeiture", "steal": "stolen", "embezzle": "stolen", "misuse": "misused",
    "divert": "misused", "award": "award", "settle": "settlement", "budget": "budget", "bill": "charges",
    "invest": "investment", "lose": "losses", "save": "savings", "receive": "received", "use": "spending",
}
#: nouns that name a sum of money, normalised ("earnings" and "income" are one measure)
MONEY_NOUNS = {"earnings": "income", "income": "income", "salary": "income", "revenue": "revenue",
               "taxes": "taxes", "tax": "taxes", "donation": "donations", "donations": "donations",
               "contribution": "donations", "contributions": "donations", "fine": "fine", "bail": "bail",
               "bond": "bail", "price": "price", "cost": "cost", "budget": "budget", "debt": "debt",
               "loan": "loan", "settlement": "settlement", "payment": "payment", "fee": "fees", "fees": "fees",
               "spending": "spending", "use": "spending", "expenditure": "spending", "expenditures": "spending",
               "gift": "gifts", "gifts": "gifts", "forfeiture": "forfeiture", "award": "award"}
#: nouns that say a sum is general money, not what for ("$5,000 in campaign cash"): one measure, "funds"
GENERIC_MONEY = frozenset({"money", "cash", "fund", "funds", "dollar", "asset", "assets"})
FUNDS = "funds"
#: nouns that bound or total an amount and say nothing of what it is ("a minimum of $140,000")
BOUND_NOUNS = frozenset({"minimum", "maximum", "total", "sum", "amount", "excess", "average", "value", "worth",
                         "tune", "upwards"})
#: verbs and adjectives that price the noun they hang on ("gifts valued at $5,000", "a car worth $9,000")
#: verbs too general to say what a count is ("there were six", "police made 12 arrests")
LIGHT_VERBS = frozenset({"be", "have", "include", "make", "take", "get", "do", "become", "remain", "see",
                         "show", "find", "total", "number", "reach", "involve", "contain", "compare"})
VALUE_VERBS = frozenset({"value", "worth", "total", "cost", "price", "estimate", "amount", "appraise"})
#: verbs of opinion that say nothing of their own: "64 percent think ..." is a poll's share ("58 percent
#: oppose" keeps its stance as the measure)
POLL_VERBS = frozenset({"think", "believe", "say", "feel", "expect", "agree", "disagree", "consider", "view",
                        "rate", "see", "know", "worry", "fear", "hope", "want", "prefer", "trust"})
POLL = "poll"
#: fractions and their share in percent ("half of the residents" -> 50)
FRACTIONS = {"half": 50.0, "halves": 50.0, "third": 100 / 3, "thirds": 100 / 3, "quarter": 25.0,
             "quarters": 25.0, "fourth": 25.0, "fourths": 25.0, "fifth": 20.0, "fifths": 20.0,
             "tenth": 10.0, "tenths": 10.0}
#: words after a four-digit number that make it a clock time ("2100 GMT", "0800 local time", "1400 hours")
TIME_ZONES = frozenset({"gmt", "utc", "bst", "cet", "cest", "est", "edt", "cst", "cdt", "mst", "mdt", "pst",
                        "pdt", "ist", "jst", "aest", "msk", "z", "zulu", "local", "hours", "hrs", "h"})
CLOCK_DIGITS = 4  # "0800", "2100": hours and minutes written together
MINUTES_PER_HOUR, HOURS_PER_DAY = 60, 24
#: plural units of time that give a vague duration alone ("could face decades in prison", "years of service")
VAGUE_DURATIONS = frozenset({"decades", "years", "months", "weeks", "days", "hours", "minutes", "centuries"})
VAGUE_DURATION_VALUE = 2  # "decades": at least two

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
#: month names and their abbreviations: a number after one is a day ("Sept. 11"), never an amount
MONTHS = frozenset({"january", "february", "march", "april", "may", "june", "july", "august", "september",
                    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
                    "sep", "sept", "oct", "nov", "dec"})
_PHONE = re.compile(r"^\(?\d{3}\)?[-.\s]?\d{3}[-.]\d{4}$|^\d{3}[-.]\d{4}$")
YEAR_MIN, YEAR_MAX = 1800, 2099  # a bare four-digit number in this range reads as a year
DECIMALS = 4  # digits kept after the point ("4.1 percent", "$5,587.75")


def parse_number(text: str) -> Number | None:
    """An int (or a float with a fraction) from digits or English number words; None when not a number."""
    t = text.strip().lower().replace("–", "-").rstrip(".")
    t = re.sub(r"^(?:a|an)\s+(?=dozen|hundred|thousand|million|billion|couple|pair|score)", "one ", t)
    if not t or _JOINED_DIGITS.search(t):
        return None  # "134-63" is a tally (see tally_of), "9/11" a name
    if _DIGITS.match(t):
        return as_number(float(re.sub(r"[^\d.]", "", t)))
    m = _SCALED.match(t)
    if m:
        factor = SHORT_SCALES.get(m.group(2)) or SCALES[m.group(2)]
        return as_number(float(m.group(1).replace(",", ".")) * factor)
    words = [w for w in re.split(r"[\s-]+", t) if w and w not in ("and", "of")]
    if not words:
        return None
    if words[0] in ("no", "zero", "none", "nobody") and len(words) <= 2:
        return 0  # "no one"
    return _parse_words(words)


def as_number(x: float) -> Number:
    """An int when whole ("1.2 million" -> 1200000), else the float ("5,587.75" -> 5587.75)."""
    x = float(x)
    return int(x) if x.is_integer() else round(x, DECIMALS)


def _parse_words(words: list[str]) -> Number | None:
    """ "two hundred and twelve", "hundreds of thousands", "1.2 million" (already split, no "and"/"of")."""
    total: float = 0
    current: float = 0
    for w in words:
        if _DIGITS.match(w):
            current += float(w.replace(",", ""))
        elif w in UNITS:
            if w in ("dozen", "dozens") and current:
                current *= UNITS["dozen"]
            else:
                current += UNITS[w]
        elif w in SCALES:
            current = max(current, 1) * SCALES[w]
            if SCALES[w] >= SCALES["thousand"]:
                total += current
                current = 0
        else:
            return None
    return as_number(total + current)


def qualifier_of(before: str) -> Qualifier:
    """The qualifier that the words just before a number express ("at least" ...), else "exact"."""
    return qualifier_at(before)[0]


def qualifier_at(before: str) -> tuple[Qualifier, int]:
    """The qualifier of the words before a number and where in ``before`` it starts (its length if none)."""
    for pattern, qualifier in _QUALIFIERS:
        m = pattern.search(before)
        if m:
            return qualifier, m.start()
    return "exact", len(before)


def normalise_measure(word: str) -> str:
    """ "deaths" -> "killed", "wounded" -> "injured"; "" when the word is not a measure."""
    w = word.strip().lower()
    return MEASURES.get(w, "")


def is_year(text: str) -> bool:
    """ "2013", "1998": a bare four-digit number that reads as a year."""
    return len(text) == 4 and text.isdigit() and YEAR_MIN <= int(text) <= YEAR_MAX


def is_clock(text: str, after: str) -> bool:
    """ "2100" before "GMT", "0800" before "local": hours and minutes written as four digits."""
    if len(text) != CLOCK_DIGITS or not text.isdigit() or after.lower().rstrip(".") not in TIME_ZONES:
        return False
    return int(text[:2]) < HOURS_PER_DAY and int(text[2:]) < MINUTES_PER_HOUR


def is_phone(text: str) -> bool:
    """ "555-0142", "(202) 555-0142": a telephone number, not an amount."""
    return bool(_PHONE.match(text.strip()))


def tally_of(text: str) -> tuple[int, int] | None:
    """ "134-63" -> (134, 63): two counts joined by a dash or "to"; None otherwise."""
    m = re.match(r"^(\d{1,3}(?:,\d{3})*)\s*(?:-|–|—|to|-to-)\s*(\d{1,3}(?:,\d{3})*)$", text.strip())
    if not m:
        return None
    return int(m.group(1).replace(",", "")), int(m.group(2).replace(",", ""))
