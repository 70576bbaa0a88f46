"""Normalising date expressions against an article's publication date (pure, no spaCy).

``resolve_date("On Tuesday", "2023-09-20")`` -> ``("2023-09-19", "day", True)``.

Rules:
- explicit full dates ("May 17, 2023", "17 May 2023", "2023-05-17") -> day, not relative;
- "May 2023" -> month; "2020" / "in 2020" -> year; "the 90s" / "the 1990s" -> decade "1990s";
- year-less "September 9" / "the 19th of September" -> the article's year, one year earlier when
  that would land far after the article date; unresolved ("") without an article date;
- "in May" / "May" -> month of the article's year (same rule);
- weekdays -> the most recent such day on or before the article date ("last Friday" strictly
  before), or on/after it for a future-tense clause ("next Friday" strictly after);
- today/yesterday/tomorrow, this/last/next year, "the end of the year";
- durations ("six weeks", "for months", "half an hour", "hours before") are not dates:
  :func:`is_duration` says so and :func:`resolve_date` returns ``("", "", False)``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

Precision = Literal["day", "week", "month", "year", "decade", ""]

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
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": 3, "few": 3,
    "couple": 2, "half": 1,
}
#: How far after the article date a year-less date may land before it is read as last year's.
FUTURE_SLACK_DAYS = 31
FUTURE_SLACK_DAYS_FUTURE_TENSE = 320

_MONTH_RE = (r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
             r"aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DAY_RE = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR_RE = r"(?P<year>(?:1[5-9]|20)\d\d)"
_UNIT = r"(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centuries|century|nights?)"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)\b")),
    ("us_numeric", re.compile(r"\b(?P<m>[01]?\d)/(?P<d>[0-3]?\d)/(?P<year>\d{4})\b")),
    ("mdy", re.compile(rf"\b{_MONTH_RE}\s+{_DAY_RE}\b(?:,?\s+{_YEAR_RE})?", re.I)),
    ("dmy", re.compile(rf"\b{_DAY_RE}\s+(?:of\s+)?{_MONTH_RE}(?:,?\s+{_YEAR_RE})?", re.I)),
    ("my", re.compile(rf"\b{_MONTH_RE}\s*(?:of\s+)?,?\s*{_YEAR_RE}\b", re.I)),
    ("decade", re.compile(r"\b(?:the\s+)?(?:(?P<century>1[5-9]|20)(?P<dec>\d)0|'?(?P<short>\d)0)'?s\b",
                          re.I)),
    ("year", re.compile(rf"\b{_YEAR_RE}\b")),
    ("month", re.compile(rf"\b{_MONTH_RE}(?![\w-])", re.I)),
]
_WEEKDAY_RE = re.compile(
    r"\b(?:(?P<mod>last|next|this|past|previous|coming)\s+)?"
    r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu(?:rs)?|fri|sat|sun)"
    r"(?:\b|’s|'s)", re.I)
_DURATION_RE = re.compile(
    rf"^(?:in\s+)?(?:the\s+)?(?:for\s+|about\s+|around\s+|nearly\s+|almost\s+|over\s+|more\s+than\s+|up\s+to\s+|"
    rf"at\s+least\s+|some\s+|the\s+(?:past|last|next|previous|following|first)\s+)?"
    rf"(?:(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|few|"
    rf"many|couple|half|\d+(?:\.\d+)?|dozens?|hundreds?|thousands?)[\s-]+(?:of\s+)?)*"
    rf"(?:an?\s+)?{_UNIT}(?:\s+(?:long|old|ago|before|after|earlier|later))?$", re.I)
_AGE_RE = re.compile(rf"\b(?:\d+|\w+)[\s-]+{_UNIT}[\s-]+old\b|\baged?\s+\d+", re.I)
_AGO_RE = re.compile(r"^(?P<n>\w+|\d+)\s+(?P<unit>days?|weeks?|years?)\s+ago$", re.I)


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


def _clean(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").strip()
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"^(?:on|in|since|by|from|until|till|during|at|as of|of)\s+", "", text, flags=re.I)
    text = re.sub(r"'s$", "", text)
    return text.strip(" ,.")


def is_duration(text: str) -> bool:
    """True for lengths of time ("six weeks", "for months", "half an hour"), ages and spans."""
    t = _clean(text).lower()
    if not t:
        return False
    if _AGE_RE.search(t):
        return True
    if t in ("annual", "annually", "daily", "weekly", "monthly", "quarterly", "yearly", "hourly",
             "biannual", "biennial", "overnight", "seasonal", "decades-long", "years-long", "months-long"):
        return True
    if _AGO_RE.match(t) or _RELATIVE_DAY_RE.match(t):
        return False  # "two days ago", "the day before" are points in time
    if re.match(rf"^(?:the\s+)?(?:past|last|next|previous|coming|following)\s+(?:\w+\s+)?{_UNIT}$", t) \
            and not re.match(r"^(?:last|next|this)\s+(?:week|month|year)$", t):
        return True
    if re.match(rf"^(?:{_UNIT})$", t) or re.match(r"^(?:months|years|weeks|days|decades|hours|minutes)\b", t):
        return True
    return bool(_DURATION_RE.match(t))


def _year_for(month: int, day: int, ref: dt.date, future: bool) -> int:
    year = ref.year
    cand = _date(year, month, day) or _date(year, month, 28)
    slack = FUTURE_SLACK_DAYS_FUTURE_TENSE if future else FUTURE_SLACK_DAYS
    if cand is not None and (cand - ref).days > slack:
        year -= 1
    elif future and cand is not None and (ref - cand).days > 45:
        year += 1
    return year


def partial_date(text: str) -> str:
    """A year-less day as ISO 8601 "--MM-DD" ("September 19" -> "--09-19"), else ""."""
    t = _clean(text)
    for kind in ("mdy", "dmy"):
        m = dict(_PATTERNS)[kind].search(t)
        if m and not m.group("year"):
            month = MONTHS[m.group("month").lower().rstrip(".")]
            day = int(m.group("day"))
            if 1 <= day <= 31:
                return f"--{month:02d}-{day:02d}"
    return ""


_RELATIVE_WEEK = re.compile(r"(?:(?:earlier|later)\s+)?(?P<which>last|this|next)\s+week(?:end)?")


def resolve_date(text: str, article_date: str, *, tense_future: bool = False
                 ) -> tuple[str, Precision, bool]:
    """Normalise one date expression: ``(iso, precision, relative)``; ``("", "", False)`` if unknown."""
    t = _clean(text)
    low = t.lower()
    ref = _parse_iso(article_date)
    none: tuple[str, Precision, bool] = ("", "", False)
    if not t or is_duration(t):
        return none
    if text.strip() == "May":  # alone, far more often a name (Theresa May) than the month
        return none
    week = _RELATIVE_WEEK.fullmatch(low)
    if week:  # the Monday of that week
        if ref is None:
            return none
        shift = {"last": -7, "next": 7}.get(week.group("which"), 0)
        return (ref - dt.timedelta(days=ref.weekday() - shift)).isoformat(), "week", True
    for kind, pattern in _PATTERNS:
        m = pattern.search(t)
        if not m:
            continue
        if kind in ("iso", "us_numeric"):
            d = _date(int(m.group("year")), int(m.group("m")), int(m.group("d")))
            if d:
                return d.isoformat(), "day", False
            continue
        if kind in ("mdy", "dmy"):
            month = MONTHS[m.group("month").lower().rstrip(".")]
            day = int(m.group("day"))
            if not 1 <= day <= 31:
                continue
            if m.group("year"):
                d = _date(int(m.group("year")), month, day)
                return (d.isoformat(), "day", False) if d else none
            if ref is None:
                return none
            d = _date(_year_for(month, day, ref, tense_future), month, day)
            return (d.isoformat(), "day", True) if d else none
        if kind == "my":
            return f"{int(m.group('year')):04d}-{MONTHS[m.group('month').lower().rstrip('.')]:02d}", \
                "month", False
        if kind == "decade":
            if m.group("century"):
                return f"{m.group('century')}{m.group('dec')}0s", "decade", False
            short = int(m.group("short"))
            century = 19 if short >= 3 else 20
            return f"{century}{short}0s", "decade", False
        if kind == "year":
            return m.group("year"), "year", False
        if kind == "month":
            # a bare month name: "May" is also a verb / name; only trust it as a whole expression
            mod = re.match(rf"^(?P<mod>this|last|next|this\s+past|this\s+coming)\s+{_MONTH_RE}$", low)
            if low.rstrip(".") not in MONTHS and not mod \
                    and not re.match(rf"^(?:early|late|mid|mid-)?\s*{_MONTH_RE}$", low):
                continue
            if ref is None:
                return none
            month = MONTHS[m.group("month").lower().rstrip(".")]
            if mod and mod.group("mod") != "this":
                word = mod.group("mod")
                if word in ("last", "this past"):
                    year = ref.year if month < ref.month else ref.year - 1
                else:
                    year = ref.year if month > ref.month else ref.year + 1
                return f"{year:04d}-{month:02d}", "month", True
            if mod:  # "this November": this year's
                return f"{ref.year:04d}-{month:02d}", "month", True
            return f"{_year_for(month, 1, ref, tense_future):04d}-{month:02d}", "month", True
    if ref is None:
        return none
    m = _WEEKDAY_RE.search(t)
    if m:
        wd = WEEKDAYS[m.group("wd").lower()]
        mod = (m.group("mod") or "").lower()
        back = (ref.weekday() - wd) % 7
        if mod in ("next", "coming") or (tense_future and mod not in ("last", "past", "previous")):
            ahead = (wd - ref.weekday()) % 7
            if mod in ("next", "coming") and ahead == 0:
                ahead = 7
            d = ref + dt.timedelta(days=ahead)
        else:
            if mod in ("last", "past", "previous") and back == 0:
                back = 7
            d = ref - dt.timedelta(days=back)
        return d.isoformat(), "day", True
    simple = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0, "this morning": 0,
              "this afternoon": 0, "this evening": 0, "last night": -1, "the day before yesterday": -2,
              "the day after tomorrow": 2}
    if low in simple:
        return (ref + dt.timedelta(days=simple[low])).isoformat(), "day", True
    m = _AGO_RE.match(low)
    if m:
        n = NUMBER_WORDS.get(m.group("n"), None) if not m.group("n").isdigit() else int(m.group("n"))
        if n is not None:
            unit = m.group("unit").rstrip("s")
            if unit == "day":
                return (ref - dt.timedelta(days=n)).isoformat(), "day", True
            if unit == "week":
                return (ref - dt.timedelta(weeks=n)).isoformat(), "day", True
            return f"{ref.year - n:04d}", "year", True
    m = re.match(r"^(?:(?:earlier|later)\s+)?(?:the\s+)?(?:(?:end|beginning|start|middle|rest)\s+of\s+)?(?:the\s+|this\s+)?"
                 r"(?P<mod>this|last|next|previous|current)?\s*(?P<unit>year|month)$", low)
    if m and (m.group("mod") or low.startswith(("the end", "the beginning", "the start", "the middle",
                                                 "the rest", "end", "beginning", "earlier", "later", "this"))):
        shift = {"last": -1, "previous": -1, "next": 1}.get(m.group("mod") or "", 0)
        if m.group("unit") == "year":
            return f"{ref.year + shift:04d}", "year", True
        month_index = ref.year * 12 + ref.month - 1 + shift
        return f"{month_index // 12:04d}-{month_index % 12 + 1:02d}", "month", True
    return none


def shift_days(iso: str, days: int) -> str:
    """``iso`` (a full ISO date) moved by ``days``; "" when ``iso`` is not a day."""
    d = _parse_iso(iso) if len(iso) == 10 else None
    return (d + dt.timedelta(days=days)).isoformat() if d else ""


_RELATIVE_DAY_RE = re.compile(
    r"^(?:the\s+)?(?P<what>day|night|evening|morning)\s+(?P<dir>before|after|earlier|later)$"
    r"|^(?:the\s+)?(?P<what2>previous|following|next)\s+day$"
    r"|^(?P<n>\w+)\s+days?\s+(?P<dir2>before|after|earlier|later)$", re.I)


def anchored_offset(text: str) -> int | None:
    """Days between an anchored expression and its anchor: "the day before" -> -1, else None."""
    m = _RELATIVE_DAY_RE.match(_clean(text))
    if not m:
        return None
    if m.group("what"):
        return -1 if m.group("dir").lower() in ("before", "earlier") else 1
    if m.group("what2"):
        return -1 if m.group("what2").lower() == "previous" else 1
    raw = m.group("n").lower()
    n = int(raw) if raw.isdigit() else NUMBER_WORDS.get(raw)
    if n is None:
        return None
    return -n if m.group("dir2").lower() in ("before", "earlier") else n


_CLOCK_RE = re.compile(
    r"^(?:at\s+)?(?:(?P<h>[01]?\d|2[0-3])(?:[:.](?P<m>[0-5]\d))?\s*(?P<ampm>a\.?m\.?|p\.?m\.?)?"
    r"|(?P<word>noon|midday|midnight))(?:\s+(?:local|moscow|gmt|utc|et|est|edt|pt|cet|[a-z]+)\s*time)?$",
    re.I)


def clock_time(text: str) -> str:
    """ "13:00" / "3 p.m." / "3:30pm" / "noon" -> "HH:MM"; "" when it is not a clock time."""
    m = _CLOCK_RE.match(text.strip())
    if not m:
        return ""
    if m.group("word"):
        return "00:00" if m.group("word").lower() == "midnight" else "12:00"
    hour = int(m.group("h"))
    minute = int(m.group("m") or 0)
    ampm = (m.group("ampm") or "").lower().replace(".", "")
    if not ampm and m.group("m") is None:
        return ""  # a bare number is not a time
    if ampm:
        if not 1 <= hour <= 12:
            return ""
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    return f"{hour:02d}:{minute:02d}"
