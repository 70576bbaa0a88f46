"""Normalising date expressions against an article's publication date (pure, no spaCy).

``resolve_date("On Tuesday", "2023-09-20")`` -> ``("2023-09-19", "day", True)``.

What an expression resolves to (``date``, ``precision``):
- explicit dates: "May 17, 2023" / "17 May 2023" / "2023-05-17" (day), "May 2023" (month),
  "the third quarter of 1990" (quarter, "1990-Q3"), "the winter of 1994" (season, "1994-WI"),
  "1998" or "nineteen ninety-eight" (year), "the 1990s" / "the nineties" (decade, "1990s");
- relative to the article date, in the clause's **direction** (``"past"``, ``"future"``, ``"present"``
  or unknown ``""``): a year-less "June 28", "in January", "the fourth quarter", "this summer" is the
  occurrence on or before the article date for the past, on or after it for the future, the nearest
  one when unknown; a weekday is the past one unless the clause looks forward (a present tense, as in
  "the talks resume on Friday", looks forward for days);
- today/yesterday/tomorrow/last night, this/last/next week|month|quarter|year, "two days ago"
  (day), "six weeks ago" (week), "five months ago" (month), "the latest quarter" (last complete one);
- **anchored** to the date the text last named (``anchor``): "the day before", "the next day", "the
  previous night", "the following year", "that quarter", "the previous Friday", and "a year
  earlier" / "the year-ago quarter" (the anchor's period one year back; without a period to anchor
  to, last year);
- never dates: durations ("six weeks", "46 to 57 months"), ages ("in her 40s", "18-year-old"),
  party-state tags ("D-Ill."), clock times alone and bare counts (:func:`not_a_date`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Callable, Literal

Precision = Literal["day", "week", "weekend", "month", "quarter", "half", "season", "year", "decade", ""]
Direction = Literal["past", "future", "present", ""]
#: internal: the occurrence nearest the article date, whichever side
NEAREST = "nearest"
Resolved = tuple[str, Precision, bool]
NONE: Resolved = ("", "", False)

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}
#: Exact small numbers ("several", "a few" are vague: "several years ago" names no year).
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "couple": 2, "a couple of": 2,
}
ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
#: TimeML codes of the seasons and the month each starts in.
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
MONTHS_PER_SEASON = 3
MONTHS_PER_HALF = 6
DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
                "seventies": 7, "eighties": 8, "nineties": 9}
#: A past-tense date may lie this many days after the article date (time zones, late filing).
PAST_SLACK_DAYS = 2
#: Without a tense, a year-less month or day is the occurrence nearest the article date, an occurrence
#: ahead counting this many times as far (news mostly reports the past): in October, "in March" is
#: the last March, "Dec. 15" the coming one.
FUTURE_WEIGHT = 2
#: Weekday numbers of Saturday, the day a weekend is dated by, and of Sunday.
SATURDAY, SUNDAY = 5, 6
#: Years either side of the evidence searched for a weekday-pinned date ("Tuesday, September 19").
PIN_SEARCH_YEARS = 14

_MONTH_RE = (r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
             r"aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DAY_RE = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR_RE = r"(?P<year>(?:1[5-9]|20)\d\d)"
_UNIT = r"(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centuries|century|nights?)"
_WD_RE = r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu(?:rs)?|fri|sat|sun)"
_ORD_RE = r"(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)"
_SEASON_RE = r"(?P<season>spring|summer|fall|autumn|winter)"

_ISO_RE = re.compile(r"\b(?P<year>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)\b")
_US_NUMERIC_RE = re.compile(r"\b(?P<m>[01]?\d)/(?P<d>[0-3]?\d)/(?P<year>\d{4})\b")
_MDY_RE = re.compile(rf"\b{_MONTH_RE}\s+{_DAY_RE}\b(?:,?\s+{_YEAR_RE})?")
_DMY_RE = re.compile(rf"\b{_DAY_RE}\s+(?:of\s+)?{_MONTH_RE}(?:,?\s+{_YEAR_RE})?")
_MY_RE = re.compile(rf"\b{_MONTH_RE}\s*(?:of\s+)?,?\s*{_YEAR_RE}\b")
_YEAR_ONLY_RE = re.compile(rf"\b{_YEAR_RE}\b")
_DECADE_RE = re.compile(r"\b(?:(?P<century>1[5-9]|20)(?P<dec>\d)0|'?(?P<short>\d)0)'?s\b")
_WEEKDAY_RE = re.compile(
    rf"\b(?:(?P<mod>last|next|this|past|previous|coming|following|preceding|this\s+past|this\s+coming)\s+)?"
    rf"{_WD_RE}(?:\b|'s)")
_LEAD_RE = re.compile(
    r"^(?:(?:on|in|since|by|from|until|till|through|during|at|as of|of|before|after|around|about|"
    r"sometime|some time|early|late|mid|earlier|later|(?:the\s+)?(?:end|beginning|start|middle|rest|"
    r"close|turn|first half|second half|latter part|early part)\s+of)\s+|mid-(?=\w))")
_PARTY_TAG_RE = re.compile(r"^\(?[DRI]-[A-Z][A-Za-z.]*(?:\s?[A-Z][A-Za-z.]*)*\)?$")
_AGE_RE = re.compile(
    rf"\b(?:\d+|\w+)[\s-]+{_UNIT}[\s-]+old\b|\bage[ds]?\s+(?:of\s+)?\d+"
    r"|\b(?:his|her|their|my|your|our|its)\s+(?:early\s+|mid-?\s*|late\s+)?(?:\d0'?s|\w+ties)\b", re.I)
_DURATION_RE = re.compile(
    rf"^(?:in\s+)?(?:the\s+)?(?:for\s+|about\s+|around\s+|nearly\s+|almost\s+|over\s+|more\s+than\s+|up\s+to\s+|"
    rf"at\s+least\s+|some\s+|all\s+|the\s+(?:past|last|next|previous|following|first|many)\s+)?"
    rf"(?:(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|few|"
    rf"many|couple|half|\d+(?:\.\d+)?|dozens?|hundreds?|thousands?|to|or|and|-|–)[\s-]+(?:of\s+)?)*"
    rf"(?:an?\s+)?{_UNIT}(?:\s+(?:long|old|before|after|earlier|later))?$", re.I)
_AGO_RE = re.compile(
    r"^(?:(?:nearly|almost|about|around|roughly|some|just|only|more\s+than|over|less\s+than)\s+)?"
    r"(?P<n>a\s+couple\s+of|\w+|\d+)\s+(?P<unit>days?|weeks?|months?|years?|decades?)\s+ago$")
_FREQUENCY_WORDS = {"annual", "annually", "daily", "weekly", "monthly", "quarterly", "yearly", "hourly",
                    "biannual", "biennial", "overnight", "seasonal", "decades-long", "years-long",
                    "months-long"}


@dataclass(frozen=True, slots=True)
class _Ref:
    """What an expression is resolved against."""

    today: dt.date | None
    direction: str  # a Direction, or NEAREST
    anchor: tuple[str, str] | None  # (date, precision) the text last named


Rule = Callable[[str, _Ref], "Resolved | None"]


# --- small helpers ------------------------------------------------------------------------

def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _parse_iso(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat((value or "")[:10])
    except ValueError:
        return None


def _month_span(year: int, month: int, count: int = 1) -> tuple[dt.date, dt.date]:
    """First and last day of ``count`` months from ``month`` of ``year``."""
    last_year, last_month = divmod(year * 12 + month - 1 + count, 12)
    return dt.date(year, month, 1), dt.date(last_year, last_month + 1, 1) - dt.timedelta(days=1)


def _month_of(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def _number(word: str) -> int | None:
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word)


def _clean(text: str) -> str:
    """Lower case, plain quotes, no leading preposition or modifier ("late yesterday" -> "yesterday")."""
    t = re.sub(r"\s+", " ", text.replace("’", "'").replace("‘", "'")).strip().lower()
    t = t.replace("fiscal-", "fiscal ")
    for _ in range(3):
        t = _LEAD_RE.sub("", t)
    t = re.sub(r"^the\s+(?:early|late|mid)(?:\s+|-)", "the ", t)
    return re.sub(r"'s$", "", t).strip(" ,.")


def is_duration(text: str) -> bool:
    """True for lengths of time ("six weeks", "for months", "46 to 57 months") and ages."""
    t = re.sub(r"\s+", " ", text.replace("’", "'")).strip(" ,.").lower()
    t = re.sub(r"^(?:on|in|since|by|from|until|till|during|at|as of|of)\s+", "", t)
    if not t:
        return False
    if _AGE_RE.search(t) or t in _FREQUENCY_WORDS:
        return True
    if re.fullmatch(r"the (?:full |fiscal |calendar )?(?:year|month)", t):
        return False  # "for the year": the current one
    if _AGO_RE.match(t) or _RELATIVE_DAY_RE.match(t) or _LATER_RE.match(t) or _SHIFT_WORD_RE.search(t):
        return False  # "two days ago", "the day before", "a year earlier" are points in time
    if re.match(rf"^(?:the\s+)?(?:past|last|next|previous|coming|following)\s+(?:\w+\s+)?{_UNIT}$", t) \
            and not re.match(r"^(?:last|next|this)\s+(?:week|month|year)$", t):
        return True
    if re.match(rf"^(?:{_UNIT})$", t) or re.match(r"^(?:months|years|weeks|days|decades|hours|minutes)\b", t):
        return True
    return bool(_DURATION_RE.match(t))


def not_a_date(text: str) -> bool:
    """Expressions NER may tag as dates that name no date: durations, ages, party-state tags
    ("D-Ill."), clock times alone and bare counts."""
    raw = text.strip()
    if not any(ch.isalnum() for ch in raw) or _PARTY_TAG_RE.match(raw):
        return True
    if is_duration(raw) or clock_time(raw):
        return True
    return bool(re.fullmatch(r"[\d,.\s]+(?:and\s+\d+)?", raw)) and not re.fullmatch(r"(?:1[5-9]|20)\d\d", raw)


# --- references: the present, past or future as such (TimeML's PRESENT_REF, PAST_REF, FUTURE_REF)

Reference = Literal["PRESENT_REF", "PAST_REF", "FUTURE_REF", ""]
PRESENT_REF: Reference = "PRESENT_REF"
PAST_REF: Reference = "PAST_REF"
FUTURE_REF: Reference = "FUTURE_REF"
#: Adverbs that place a clause at the present, in the past or ahead without naming a period.
REF_ADVERBS: dict[str, Reference] = {
    "now": PRESENT_REF, "currently": PRESENT_REF, "presently": PRESENT_REF, "nowadays": PRESENT_REF,
    "recently": PAST_REF, "lately": PAST_REF, "previously": PAST_REF, "formerly": PAST_REF,
    "soon": FUTURE_REF, "eventually": FUTURE_REF, "someday": FUTURE_REF,
}
#: Adjectives that do the same for the noun they modify ("the current system", "future losses").
REF_ADJECTIVES: dict[str, Reference] = {
    "current": PRESENT_REF, "present": PRESENT_REF, "recent": PAST_REF, "future": FUTURE_REF,
}
#: Nouns that name the time itself after "the" ("in the past", "the near future", "at present").
REF_NOUNS: dict[str, Reference] = {"present": PRESENT_REF, "past": PAST_REF, "future": FUTURE_REF}
#: Units a reference adjective may modify and still be a reference when plural ("recent years").
REF_UNITS = r"(?:days|weeks|months|years|decades|quarters|times|generations)"
_VAGUE = r"(?:few|several|many|some)"
_REF_PATTERNS: tuple[tuple[re.Pattern[str], Reference], ...] = tuple(
    (re.compile(pattern), value) for pattern, value in (
        (r"(?:right |just |even |until |up to |by |for |from |as of )?(?:now|currently|presently|nowadays)", PRESENT_REF),
        (r"(?:at )?(?:the )?present(?: (?:time|day))?|these days|at the moment|this (?:\w+ )?moment", PRESENT_REF),
        (r"(?:more |most |only |very |until )?(?:recently|lately|previously|formerly)|then (?:current|present)", PAST_REF),
        (rf"(?:in )?(?:the )?(?:recent past|past|(?:more )?recent {REF_UNITS}(?: and {REF_UNITS})?)", PAST_REF),
        (rf"(?:in )?(?:the )?(?:past|last) {_VAGUE} {REF_UNITS}|(?:in )?past {REF_UNITS}", PAST_REF),
        (rf"(?:a )?{_VAGUE} {REF_UNITS} (?:ago|back|earlier)", PAST_REF),
        (r"(?:very |fairly |as )?soon(?: as possible)?|eventually|someday|(?:at )?a later (?:date|time|stage)", FUTURE_REF),
        (r"(?:in )?(?:the )?(?:(?:near|foreseeable|distant|immediate|not-too-distant) )?future", FUTURE_REF),
        (rf"(?:in )?(?:the )?(?:coming|future|next {_VAGUE}) {REF_UNITS}|(?:(?:in|over) )?the (?:near|short|long) term",
         FUTURE_REF),
    ))


def reference(text: str) -> Reference:
    """The present, past or future ``text`` refers to without naming a period ("now", "recently",
    "in the past", "the near future", "recent years", "coming months"), else ""."""
    low = re.sub(r"\s+", " ", text.replace("’", "'")).strip(" ,.").lower()
    low = re.sub(r"^(?:in|over|during|for|since|into|until|at|from|of)\s+(?=the\s)", "", low)
    if low in REF_ADJECTIVES:
        return REF_ADJECTIVES[low]
    for pattern, value in _REF_PATTERNS:
        if pattern.fullmatch(low):
            return value
    return ""


# --- choosing the year of a year-less expression ------------------------------------------

Span = tuple[dt.date, dt.date]


def _distance(span: Span, day: dt.date) -> int:
    if span[0] <= day <= span[1]:
        return 0
    return min(abs((span[0] - day).days), abs((span[1] - day).days))


def _pick_year(ref: _Ref, span_of: Callable[[int], Span | None], *, day_level: bool) -> int | None:
    """The year whose occurrence fits the direction: past -> on or before the article date, future ->
    on or after it, unknown -> the nearest, one ahead counting :data:`FUTURE_WEIGHT` times as far; a present tense looks forward for days and to the nearest occurrence otherwise."""
    today = ref.today
    if today is None:
        return None
    direction: str = ref.direction
    if direction == "present":
        direction = "future" if day_level else NEAREST
    options = [(y, s) for y in (today.year - 1, today.year, today.year + 1) if (s := span_of(y))]
    if not direction:  # the past weighs more: news mostly reports what happened
        weighed = [(_distance(s, today) * (FUTURE_WEIGHT if s[0] > today else 1), y) for y, s in options]
        return min(weighed)[1] if weighed else None
    if direction == "past":
        limit = today + dt.timedelta(days=PAST_SLACK_DAYS if day_level else 0)
        past = [y for y, s in options if s[0] <= limit]
        return max(past) if past else None
    if direction == "future":
        ahead = [y for y, s in options if s[1] >= today]
        return min(ahead) if ahead else None
    return min(options, key=lambda o: (_distance(o[1], today), o[0]))[0] if options else None


def _quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def _quarter(year: int, quarter: int, shift: int = 0, *, relative: bool = True) -> Resolved:
    year, index = divmod(year * 4 + quarter - 1 + shift, 4)
    return f"{year:04d}-Q{index + 1}", "quarter", relative


def _quarter_span(year: int, quarter: int) -> Span:
    return _month_span(year, 3 * quarter - 2, 3)


def _season_span(year: int, code: str) -> Span:
    return _month_span(year, SEASON_START[code], MONTHS_PER_SEASON)


def _anchor_period(ref: _Ref) -> tuple[dt.date, str] | None:
    """The anchor's first day and precision, when the text named one."""
    if ref.anchor is None:
        return None
    iso, precision = ref.anchor
    if precision == "quarter" and (m := re.fullmatch(r"(\d{4})-Q([1-4])", iso)):
        return _quarter_span(int(m[1]), int(m[2]))[0], precision
    if precision == "season" and (m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", iso)):
        return _season_span(int(m[1]), m[2])[0], precision
    if precision == "half" and (m := re.fullmatch(r"(\d{4})-H([12])", iso)):
        return dt.date(int(m[1]), MONTHS_PER_HALF * (int(m[2]) - 1) + 1, 1), precision
    day = _parse_iso(iso if len(iso) == 10 else f"{iso}-01" if len(iso) == 7 else f"{iso}-01-01")
    return (day, precision) if day else None


def _shift_year(ref: _Ref, years: int) -> Resolved | None:
    """The anchor's period moved by whole years ("a year earlier" than the third quarter)."""
    got = _anchor_period(ref)
    if got is None:
        return None
    day, precision = got
    year = day.year + years
    if precision == "day":
        moved = _date(year, day.month, day.day) or _date(year, day.month, 28)
        return (moved.isoformat(), "day", True) if moved else None
    if precision == "week":
        week = day.isocalendar()[1]
        monday = dt.date.fromisocalendar(year, min(week, 52), 1)
        return monday.isoformat(), "week", True
    if precision == "month":
        return f"{year:04d}-{day.month:02d}", "month", True
    if precision == "quarter":
        return _quarter(year, _quarter_of(day)[1])
    if precision in ("season", "half"):
        return f"{year:04d}-{ref.anchor[0][5:]}", precision, True  # type: ignore[index, return-value]
    return f"{year:04d}", "year", True


# --- the rules, in order: each returns a resolution, NONE (recognised, unresolvable) or None ------

def _explicit_day(low: str, ref: _Ref) -> Resolved | None:
    for pattern in (_ISO_RE, _US_NUMERIC_RE):
        if m := pattern.search(low):
            d = _date(int(m["year"]), int(m["m"]), int(m["d"]))
            return (d.isoformat(), "day", False) if d else NONE
    for pattern in (_MDY_RE, _DMY_RE):
        m = pattern.search(low)
        if m and m["year"]:
            d = _date(int(m["year"]), _month_of(m["month"]), int(m["day"]))
            return (d.isoformat(), "day", False) if d else NONE
    return None


_SHIFT_RE = re.compile(
    r"^(?:the\s+|its\s+)?(?:(?:comparable|corresponding|same|year-earlier|year-ago|prior-year|year-before|"
    rf"last\s+year's|fiscal)\s+)*(?:{_ORD_RE}[\s-]+)?(?:quarter|period|month|season)?\s*"
    r"(?:(?:of\s+)?(?:a|one)\s+year\s+(?:ago|earlier|before)|(?:of\s+)?last\s+year|year-(?:ago|earlier|before))?$")
_SHIFT_WORD_RE = re.compile(
    r"\byear-(?:ago|earlier|before)\b|\bprior-year\b|\b(?:a|one)\s+year\s+(?:ago|earlier|before)\b"
    r"|last\s+year's\s+(?:quarter|period)|(?:quarter|period|month)\s+(?:of\s+)?last\s+year")
SUB_YEAR = ("day", "week", "weekend", "month", "quarter", "half", "season")


def _year_shift(low: str, ref: _Ref) -> Resolved | None:
    """ "a year earlier", "the year-ago quarter": the anchor's period a year back, else last year."""
    m = _SHIFT_RE.fullmatch(low)
    if not m or not _SHIFT_WORD_RE.search(low):
        return None
    anchor = _anchor_period(ref)
    if m["ord"]:
        base = anchor[0].year if anchor else ref.today.year if ref.today else None
        return _quarter(base - 1, ORDINALS[m["ord"]]) if base else NONE
    usable = anchor is not None and (anchor[1] in SUB_YEAR or "ago" not in low) \
        and not (anchor[1] == "day" and "ago" in low)
    if usable and (moved := _shift_year(ref, -1)):
        return moved
    return (f"{ref.today.year - 1:04d}", "year", True) if ref.today else NONE


_QUARTER_ORD_RE = re.compile(rf"\b{_ORD_RE}[\s-]+(?:fiscal\s+|calendar\s+)?quarter\b")
_QUARTER_REF_RE = re.compile(
    rf"^(?:the\s+|its\s+|that\s+|this\s+)?(?:{_YEAR_RE}\s+)?(?:(?P<mod>latest|most\s+recent|recent|current|same|"
    r"previous|prior|past|coming|next|last|this|following|fiscal|just-ended|just\s+ended)\s+)*"
    r"(?P<unit>quarter|period)$")


def _quarter_rule(low: str, ref: _Ref) -> Resolved | None:
    if m := _QUARTER_ORD_RE.search(low):
        q = ORDINALS[m["ord"]]
        if y := _YEAR_ONLY_RE.search(low):
            return _quarter(int(y["year"]), q, relative=False)
        if ref.today is None:
            return NONE
        shift = {"this year": 0, "next year": 1, "last year": -1}
        for words, years in shift.items():
            if f"{words}'s" in low or f"of {words}" in low:
                return _quarter(ref.today.year + years, q)
        # a quarter is mostly named for its results, reported after it: no further ahead than the nearest
        ahead = _Ref(ref.today, NEAREST if ref.direction == "future" else ref.direction, ref.anchor)
        year = _pick_year(ahead, lambda y: _quarter_span(y, q), day_level=False)
        return _quarter(year, q) if year else NONE
    m = _QUARTER_REF_RE.fullmatch(low)
    return _quarter_reference(low, m, ref) if m else None


def _quarter_reference(low: str, m: re.Match[str], ref: _Ref) -> Resolved:
    """ "the quarter", "the latest quarter", "the 1988 period": the anchor's, or the article's."""
    anchor = _anchor_period(ref)
    mods = set(re.findall(r"latest|most recent|recent|current|previous|prior|past|coming|next|last|"
                          r"this|following|just.ended", low))
    if m["year"]:
        if anchor and anchor[1] in SUB_YEAR:
            return _shift_year(ref, int(m["year"]) - anchor[0].year) or NONE
        return f"{int(m['year']):04d}", "year", False
    if mods & {"previous", "prior", "following"} and anchor and anchor[1] == "quarter":
        return _quarter(*_quarter_of(anchor[0]), shift=-1 if "following" not in mods else 1)
    if m["unit"] == "period" or low.startswith(("that", "its")) or "same" in low:
        if anchor and anchor[1] in SUB_YEAR:
            return ref.anchor[0], ref.anchor[1], True  # type: ignore[index, return-value]
        if m["unit"] == "period" and not mods & {"latest", "most recent", "recent"}:
            return NONE
    if ref.today is None:
        return NONE
    if mods & {"current", "this"}:
        return _quarter(*_quarter_of(ref.today))
    if mods & {"next", "coming", "following"}:
        return _quarter(*_quarter_of(ref.today), shift=1)
    if anchor and anchor[1] == "quarter" and not mods:
        return _quarter(*_quarter_of(anchor[0]))
    return _quarter(*_quarter_of(ref.today), shift=-1)  # the latest complete quarter


_HALF_RE = re.compile(
    rf"\b(?:(?P<first>first|1st)|second|2nd|last|latter)\s+(?:half|two\s+quarters)\s+of\s+"
    rf"(?:the\s+)?(?:fiscal\s+|calendar\s+)?(?:year\s+)?{_YEAR_RE}\b")


def _half(text: str) -> Resolved | None:
    """ "the second half of 1989", "the first two quarters of 1990": ("1989-H2", "half")."""
    m = _HALF_RE.search(text.lower())
    return (f"{m['year']}-H{1 if m['first'] else 2}", "half", False) if m else None


_SEASON_FULL_RE = re.compile(
    rf"^(?:(?P<mod>this\s+past|this\s+coming|this|last|next|past|coming|the)\s+)?(?:early\s+|late\s+|mid-?)?"
    rf"{_SEASON_RE}(?:\s+(?:of\s+)?(?P<rest>.+))?$")


def _season_rule(low: str, ref: _Ref) -> Resolved | None:
    m = _SEASON_FULL_RE.fullmatch(low)
    if not m:
        return None
    code = SEASONS[m["season"]]
    if m["rest"]:
        year = _explicit_year(m["rest"])
        return (f"{year:04d}-{code}", "season", False) if year else None
    if ref.today is None:
        return NONE
    today, mod = ref.today, m["mod"] or ""
    spans = {y: _season_span(y, code) for y in (today.year - 1, today.year, today.year + 1)}
    if mod in ("last", "past", "this past"):
        year = max(y for y, s in spans.items() if s[1] < today)
    elif mod in ("next", "coming", "this coming"):
        year = min(y for y, s in spans.items() if s[0] > today)
    elif mod == "this":
        year = today.year - (code == "WI" and today.month < SEASON_START["SP"])
    else:
        year = _pick_year(ref, lambda y: _season_span(y, code), day_level=False) or today.year
    return f"{year:04d}-{code}", "season", True


_SPELLED_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
                 "eighty": 80, "ninety": 90}
_SPELLED_SMALL = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                  "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
                  "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
_SPELLED_YEAR_RE = re.compile(
    r"^(?:the\s+year\s+)?(?:(?P<century>eighteen|nineteen|twenty)\s+(?P<rest>[a-z -]+)"
    r"|two\s+thousand(?:\s+(?:and\s+)?(?P<small>[a-z -]+))?)$")


def _two_digits(words: str) -> int | None:
    """ "ninety-six" -> 96, "oh five" -> 5, "twelve" -> 12."""
    parts = words.replace("-", " ").split()
    if parts[:1] == ["oh"] and len(parts) == 2 and parts[1] in _SPELLED_SMALL:
        return _SPELLED_SMALL[parts[1]]
    if len(parts) == 1:
        return _SPELLED_SMALL.get(parts[0], _SPELLED_TENS.get(parts[0]))
    if len(parts) == 2 and parts[0] in _SPELLED_TENS and _SPELLED_SMALL.get(parts[1], 10) < 10:
        return _SPELLED_TENS[parts[0]] + _SPELLED_SMALL[parts[1]]
    return None


def _explicit_year(text: str) -> int | None:
    """A year in digits or words: "1994", "nineteen ninety-four", "the year two thousand"."""
    if m := re.fullmatch(rf"{_YEAR_RE}", text.strip()):
        return int(m["year"])
    m = _SPELLED_YEAR_RE.fullmatch(text.strip())
    if not m:
        return None
    if m["century"]:
        rest = _two_digits(m["rest"])
        century = {"eighteen": 1800, "nineteen": 1900, "twenty": 2000}[m["century"]]
        return century + rest if rest is not None else None
    small = _two_digits(m["small"]) if m["small"] else 0
    return 2000 + small if small is not None else None


def _spelled_year(low: str, ref: _Ref) -> Resolved | None:
    year = _explicit_year(low) if not low[:1].isdigit() else None
    return (f"{year:04d}", "year", False) if year else None


def _decade(low: str, ref: _Ref) -> Resolved | None:
    word = re.fullmatch(r"(?:the\s+)?(?:early\s+|late\s+|mid-?)?(?P<w>\w+ties)", low)
    if word and word["w"] in DECADE_WORDS:
        short = DECADE_WORDS[word["w"]]
    elif m := _DECADE_RE.search(low):
        if m["century"]:
            return f"{m['century']}{m['dec']}0s", "decade", False
        short = int(m["short"])
    else:
        return None
    if ref.today is not None:  # the latest such decade not after the article's
        century = ref.today.year // 100 - (short * 10 > ref.today.year % 100)
    else:
        century = 19 if short >= 3 else 20
    return f"{century}{short}0s", "decade", False


def _month_year(low: str, ref: _Ref) -> Resolved | None:
    if m := _MY_RE.search(low):
        return f"{int(m['year']):04d}-{_month_of(m['month']):02d}", "month", False
    return None


def _year(low: str, ref: _Ref) -> Resolved | None:
    if m := _YEAR_ONLY_RE.search(low):
        return m["year"], "year", False
    return None


_YEAR_WORD_RE = re.compile(r"(?:,?\s+of|\s+)\s*(?P<which>next|last|this)\s+year$")
_YEAR_WORD_SHIFT = {"last": -1, "this": 0, "next": 1}


def _year_word(low: str, ref: _Ref) -> int | None:
    """The year "March 5 of next year", "in June last year" name: the article's, shifted."""
    m = _YEAR_WORD_RE.search(low)
    return ref.today.year + _YEAR_WORD_SHIFT[m["which"]] if m and ref.today else None


def _yearless_day(low: str, ref: _Ref) -> Resolved | None:
    m = _MDY_RE.search(low) or _DMY_RE.search(low)
    if not m:
        return None
    month, day = _month_of(m["month"]), int(m["day"])
    if not 1 <= day <= 31:
        return NONE
    year = _year_word(low, ref) or _pick_year(ref, lambda y: (d, d) if (d := _date(y, month, day)) else None,
                                              day_level=True)
    if year is None:
        return NONE
    wd = _WEEKDAY_RE.search(low)
    if wd and (d := _date(year, month, day)) and d.weekday() != WEEKDAYS[wd["wd"]]:
        year = pinned_year(month, day, WEEKDAYS[wd["wd"]], year) or year
    d = _date(year, month, day)
    return (d.isoformat(), "day", True) if d else NONE


def pinned_year(month: int, day: int, weekday: int, near: int) -> int | None:
    """The year closest to ``near`` (the later one on a tie) in which ``day`` ``month`` is ``weekday``."""
    for distance in range(PIN_SEARCH_YEARS + 1):
        for year in (near + distance, near - distance):
            d = _date(year, month, day)
            if d is not None and d.weekday() == weekday:
                return year
    return None


_MONTH_ALONE_RE = re.compile(rf"^(?:(?P<mod>this\s+past|this\s+coming|this|last|next|past|coming)\s+)?{_MONTH_RE}"
                             rf"(?:{_YEAR_WORD_RE.pattern})?")


def _month_alone(low: str, ref: _Ref) -> Resolved | None:
    """ "in May", "last November": a whole expression naming only a month."""
    m = _MONTH_ALONE_RE.fullmatch(low)
    if not m:
        return None
    if ref.today is None:
        return NONE
    month, today = _month_of(m["month"]), ref.today
    mod = m["mod"] or ""
    if m["which"]:
        year = today.year + _YEAR_WORD_SHIFT[m["which"]]
    elif mod in ("last", "past", "this past"):
        year = today.year if month < today.month else today.year - 1
    elif mod in ("next", "coming", "this coming"):
        year = today.year if month > today.month else today.year + 1
    elif mod == "this":
        year = today.year
    else:
        year = _pick_year(ref, lambda y: _month_span(y, month), day_level=False) or today.year
    return f"{year:04d}-{month:02d}", "month", True


def _weekday(low: str, ref: _Ref) -> Resolved | None:
    m = _WEEKDAY_RE.search(low)
    if not m:
        return None
    mod = re.sub(r"\s+", " ", m["mod"] or "")
    base = ref.today
    if mod in ("previous", "preceding", "following") and (got := _anchor_period(ref)) and got[1] == "day":
        base = got[0]
    if base is None:
        return NONE
    wd = WEEKDAYS[m["wd"]]
    back, ahead = (base.weekday() - wd) % 7, (wd - base.weekday()) % 7
    if mod in ("last", "past", "this past", "previous", "preceding"):
        d = base - dt.timedelta(days=back or 7)
    elif mod in ("next", "coming", "this coming", "following"):
        d = base + dt.timedelta(days=ahead or 7)
    elif ref.direction in ("future", "present") or (mod == "this" and ref.direction != "past"):
        d = base + dt.timedelta(days=ahead)
    else:
        d = base - dt.timedelta(days=back)
    return d.isoformat(), "day", True


_NAMED_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0, "this morning": 0,
               "this afternoon": 0, "this evening": 0, "last night": -1, "last evening": -1,
               "yesterday morning": -1, "yesterday afternoon": -1, "yesterday evening": -1,
               "tomorrow morning": 1, "tomorrow night": 1, "the day before yesterday": -2,
               "the day after tomorrow": 2}


def _named_day(low: str, ref: _Ref) -> Resolved | None:
    if low not in _NAMED_DAYS:
        return None
    if ref.today is None:
        return NONE
    return (ref.today + dt.timedelta(days=_NAMED_DAYS[low])).isoformat(), "day", True


def _ago(low: str, ref: _Ref) -> Resolved | None:
    """ "two days ago" (day), "six weeks ago" (week), "five months ago" (month), "a year ago" (year)."""
    m = _AGO_RE.fullmatch(low)
    if not m:
        return None
    n = _number(m["n"])
    if n is None or ref.today is None:
        return NONE
    unit, today = m["unit"].rstrip("s"), ref.today
    if unit == "day":
        return (today - dt.timedelta(days=n)).isoformat(), "day", True
    if unit == "week":
        day = today - dt.timedelta(weeks=n)
        return (day - dt.timedelta(days=day.weekday())).isoformat(), "week", True
    if unit == "month":
        year, month = divmod(today.year * 12 + today.month - 1 - n, 12)
        return f"{year:04d}-{month + 1:02d}", "month", True
    return f"{today.year - n * (10 if unit == 'decade' else 1):04d}", "year", True


_WEEKEND_RE = re.compile(
    r"^(?:the\s+)?(?P<mod>this\s+past|this\s+coming|this|last|past|previous|preceding|next|coming|following|"
    r"that|same)?\s*weekend$")


def _weekend(low: str, ref: _Ref) -> Resolved | None:
    """ "this weekend", "last weekend", "the weekend": ("<its Saturday>", "weekend"); a bare one lies
    in the clause's direction, else the nearer one (one ahead counting :data:`FUTURE_WEIGHT` times)."""
    m = _WEEKEND_RE.fullmatch(low)
    if not m:
        return None
    mod = re.sub(r"\s+", " ", m["mod"] or "")
    got = _anchor_period(ref) if mod in ("previous", "preceding", "following", "that", "same") else None
    base = got[0] if got and got[1] == "day" else ref.today
    if base is None:
        return NONE
    during = base.weekday() >= SATURDAY
    before = base - dt.timedelta(days=(base.weekday() - SATURDAY) % 7)  # this one's, or the last one's
    after = before if during else before + dt.timedelta(weeks=1)
    if mod in ("last", "past", "this past", "previous", "preceding"):
        day = before - dt.timedelta(weeks=1) if during else before
    elif mod in ("next", "coming", "this coming", "following"):
        day = after + dt.timedelta(weeks=1) if during else after
    elif during or ref.direction == "past":
        day = before
    elif ref.direction in ("future", "present"):
        day = after
    else:
        behind = (base - before).days - 1  # days since its Sunday
        day = after if (after - base).days * FUTURE_WEIGHT < behind else before
    return day.isoformat(), "weekend", True


_RELATIVE_UNIT_RE = re.compile(
    r"^(?:the\s+)?(?P<mod>this|last|next|previous|current|coming|latest|full|same|following|that)?\s*"
    r"(?:fiscal\s+|calendar\s+)?(?P<unit>week|month|year)(?:'s\s+end|[\s-]end)?$")


def _relative_unit(low: str, ref: _Ref) -> Resolved | None:
    """this/last/next week|month|year, "the year", "year-end"; "that year", "the following year"
    are the anchor's."""
    m = _RELATIVE_UNIT_RE.fullmatch(low)
    if not m or (m["unit"] == "week" and not m["mod"]):
        return None
    mod, unit = m["mod"] or "", m["unit"]
    anchor = _anchor_period(ref)
    if mod in ("that", "same", "following", "previous") and anchor:
        base = anchor[0]
    elif mod in ("that", "same"):
        return NONE
    elif ref.today is None:
        return NONE
    else:
        base = ref.today
    shift = {"last": -1, "previous": -1, "latest": -1, "next": 1, "following": 1}.get(mod, 0)
    if unit == "week":
        monday = base - dt.timedelta(days=base.weekday()) + dt.timedelta(weeks=shift)
        return monday.isoformat(), "week", True
    if unit == "month":
        year, month = divmod(base.year * 12 + base.month - 1 + shift, 12)
        return f"{year:04d}-{month + 1:02d}", "month", True
    return f"{base.year + shift:04d}", "year", True


_RELATIVE_DAY_RE = re.compile(
    r"^(?:the\s+)?(?P<what>day|night|evening|morning)\s+(?P<dir>before|after|earlier|later)$"
    r"|^(?:the\s+)?(?P<what2>previous|following|next|preceding|same|prior)\s+(?:day|night|evening|morning)$"
    r"|^(?P<that>that|the\s+same)\s+(?:day|night|evening|morning)$"
    r"|^(?P<n>\w+)\s+days?\s+(?P<dir2>before|after|earlier|later)$", re.I)


def anchored_offset(text: str) -> int | None:
    """Days between an anchored expression and its anchor: "the day before" -> -1, else None."""
    m = _RELATIVE_DAY_RE.match(_clean(text))
    if not m:
        return None
    if m["what"]:
        return -1 if m["dir"].lower() in ("before", "earlier") else 1
    if m["what2"]:
        return {"previous": -1, "preceding": -1, "prior": -1, "same": 0}.get(m["what2"].lower(), 1)
    if m["that"]:
        return 0
    n = _number(m["n"].lower())
    if n is None:
        return None
    return -n if m["dir2"].lower() in ("before", "earlier") else n


def _anchored_day(low: str, ref: _Ref) -> Resolved | None:
    offset = anchored_offset(low)
    if offset is None:
        return None
    got = _anchor_period(ref)
    if got is None or got[1] != "day":
        return NONE
    return (got[0] + dt.timedelta(days=offset)).isoformat(), "day", True


_LATER_RE = re.compile(
    r"^(?:(?:nearly|almost|about|some|just|only|more\s+than)\s+)?(?P<n>a|an|one|two|three|four|five|six|seven|"
    r"eight|nine|ten|eleven|twelve|\d+)\s+(?P<unit>weeks?|months?|years?)\s+(?P<dir>earlier|later|before|after)$")


def _later(low: str, ref: _Ref) -> Resolved | None:
    """ "two years later", "six months earlier": the anchor moved; nothing without one."""
    m = _LATER_RE.fullmatch(low)
    if not m:
        return None
    n = _number(m["n"]) or 0
    n = -n if m["dir"] in ("earlier", "before") else n
    got = _anchor_period(ref)
    if got is None or (n == -1 and m["unit"].startswith("year")):
        return None  # "a year earlier" is the year-shift rule's
    day, precision = got
    if m["unit"].startswith("year"):
        return _shift_year(ref, n) or NONE
    if m["unit"].startswith("month") and precision in ("day", "month"):
        year, month = divmod(day.year * 12 + day.month - 1 + n, 12)
        return f"{year:04d}-{month + 1:02d}", "month", True
    if m["unit"].startswith("week") and precision == "day":
        return (day + dt.timedelta(weeks=n)).isoformat(), "day", True
    return NONE


_RULES: tuple[Rule, ...] = (
    _explicit_day, _year_shift, _quarter_rule, _season_rule, _decade, _spelled_year, _month_year, _year,
    _yearless_day, _month_alone, _anchored_day, _later, _weekday, _named_day, _ago, _weekend, _relative_unit,
)
_ANCHORED_RE = re.compile(
    r"\b(?:previous|preceding|following|prior|same|that)\s+(?:day|night|evening|morning|week|month|year|"
    r"quarter|period|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
    r"|\b(?:day|night|evening|morning)\s+(?:before|after|earlier|later)\b|\bdays?\s+(?:before|after|earlier|later)\b"
    r"|\byear-(?:ago|earlier|before)\b|\byear\s+(?:ago|earlier|before)\b|\bprior-year\b"
    r"|^(?:the\s+|its\s+)?(?:(?:19|20)\d\d\s+)?(?:quarter|period)$|last\s+year's\s+(?:quarter|period)"
    r"|(?:quarter|period)\s+(?:of\s+)?last\s+year")


def is_anchored(text: str) -> bool:
    """True when ``text`` is read against a date named before it ("the next day", "a year earlier")."""
    low = _clean(text)
    return anchored_offset(text) is not None or bool(_ANCHORED_RE.search(low) or _LATER_RE.fullmatch(low))


def resolve_date(text: str, article_date: str, *, direction: Direction = "",
                 anchor: tuple[str, str] | None = None, tense_future: bool = False) -> Resolved:
    """Normalise one date expression: ``(date, precision, relative)``; ``("", "", False)`` if unknown.

    ``direction`` is the clause's ("past", "future", "present" or unknown ""; ``tense_future`` is
    the same as "future"); ``anchor`` the ``(date, precision)`` the text last named.
    """
    if not text.strip() or not_a_date(text) or text.strip() == "May":  # alone, "May" is a name
        return NONE
    if half := _half(text):
        return half
    low = _clean(text)
    ref = _Ref(_parse_iso(article_date), "future" if tense_future else direction, anchor)
    for rule in _RULES:
        got = rule(low, ref)
        if got is not None:
            return got
    return NONE


def partial_date(text: str) -> str:
    """A year-less day as ISO 8601 "--MM-DD" ("September 19" -> "--09-19"), else ""."""
    t = _clean(text)
    for pattern in (_MDY_RE, _DMY_RE):
        m = pattern.search(t)
        if m and not m["year"] and 1 <= int(m["day"]) <= 31:
            return f"--{_month_of(m['month']):02d}-{int(m['day']):02d}"
    return ""


def shift_days(iso: str, days: int) -> str:
    """``iso`` (a full ISO date) moved by ``days``; "" when ``iso`` is not a day."""
    d = _parse_iso(iso) if len(iso) == 10 else None
    return (d + dt.timedelta(days=days)).isoformat() if d else ""


_CLOCK_RE = re.compile(
    r"^(?:at\s+)?(?:(?P<h>[01]?\d|2[0-3])(?:[:.](?P<m>[0-5]\d))?\s*(?P<ampm>a\.?m\.?|p\.?m\.?)?"
    r"|(?P<word>noon|midday|midnight))(?:\s+(?:local|moscow|gmt|utc|et|est|edt|pt|cet|[a-z]+)\s*time)?$",
    re.I)


def clock_time(text: str) -> str:
    """ "13:00" / "3 p.m." / "3:30pm" / "noon" -> "HH:MM"; "" when it is not a clock time."""
    m = _CLOCK_RE.match(text.strip())
    if not m:
        return ""
    if m["word"]:
        return "00:00" if m["word"].lower() == "midnight" else "12:00"
    hour, minute = int(m["h"]), int(m["m"] or 0)
    ampm = (m["ampm"] or "").lower().replace(".", "")
    if not ampm and m["m"] is None:
        return ""  # a bare number is not a time
    if ampm:
        if not 1 <= hour <= 12:
            return ""
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    return f"{hour:02d}:{minute:02d}"
