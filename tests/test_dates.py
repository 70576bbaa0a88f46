"""The date resolver: pure rules, no spaCy."""

import pytest

from knowledge.dates import anchored_offset, is_duration, partial_date, reference, resolve_date, shift_days


@pytest.mark.parametrize(
    ("text", "article", "expected"),
    [
        # weekdays: the most recent such day on or before the article date
        ("On Tuesday", "2023-09-20", ("2023-09-19", "day", True)),
        ("on Tuesday", "2023-09-19", ("2023-09-19", "day", True)),  # same day
        ("Tuesday’s", "2023-09-19", ("2023-09-19", "day", True)),
        ("last Friday", "2024-03-15", ("2024-03-08", "day", True)),  # "last" is strictly before
        ("on Wednesday", "2024-03-14", ("2024-03-13", "day", True)),
        # year-less days take the article's year unless that is far in the future
        ("September 9", "2023-09-20", ("2023-09-09", "day", True)),
        ("the 19th of September", "2023-09-20", ("2023-09-19", "day", True)),
        ("December 20", "2024-01-05", ("2023-12-20", "day", True)),
        ("March 12", "2024-03-14", ("2024-03-12", "day", True)),
        # explicit dates need no article date
        ("May 17, 2023", "", ("2023-05-17", "day", False)),
        ("November 10, 2020", "", ("2020-11-10", "day", False)),
        ("Oct. 3, 2019", "", ("2019-10-03", "day", False)),
        ("17 May 2023", "", ("2023-05-17", "day", False)),
        ("2023-05-17", "", ("2023-05-17", "day", False)),
        ("May 2017", "", ("2017-05", "month", False)),
        ("in 2020", "", ("2020", "year", False)),
        # months and decades
        ("in May", "2023-09-20", ("2023-05", "month", True)),
        ("the 90s", "", ("1990s", "decade", False)),
        ("the 1990s", "", ("1990s", "decade", False)),
        ("since the 1990s", "", ("1990s", "decade", False)),
        ("the end of the year", "2023-09-20", ("2023", "year", True)),
        ("yesterday", "2024-03-14", ("2024-03-13", "day", True)),
        ("two days ago", "2024-03-14", ("2024-03-12", "day", True)),
    ],
)
def test_resolves(text, article, expected):
    assert resolve_date(text, article) == expected


@pytest.mark.parametrize("text", ["September 19", "On Tuesday", "in May", "next Monday", "yesterday"])
def test_relative_dates_stay_unresolved_without_an_article_date(text):
    assert resolve_date(text, "") == ("", "", False)


def test_future_tense_weekday_looks_forward():
    assert resolve_date("on Monday", "2024-03-14", tense_future=True) == ("2024-03-18", "day", True)
    assert resolve_date("next Monday", "2024-03-15") == ("2024-03-18", "day", True)
    assert resolve_date("on Monday", "2024-03-14") == ("2024-03-11", "day", True)


def test_future_tense_lets_a_year_less_date_stay_ahead():
    assert resolve_date("April 20", "2024-03-14", tense_future=True)[0] == "2024-04-20"
    assert resolve_date("April 20", "2024-03-14", direction="past")[0] == "2023-04-20"
    assert resolve_date("April 20", "2024-03-14")[0] == "2024-04-20"  # unknown: the nearest


@pytest.mark.parametrize("text", ["six weeks", "for months", "half an hour", "Hours", "a decade",
                                  "for six weeks", "23-year-old", "the past two days", "several years"])
def test_durations_are_not_dates(text):
    assert is_duration(text)
    assert resolve_date(text, "2024-03-14") == ("", "", False)


@pytest.mark.parametrize("text", ["On Tuesday", "September 9", "the 90s", "last Friday", "May 17, 2023"])
def test_points_in_time_are_not_durations(text):
    assert not is_duration(text)


def test_partial_and_anchored():
    assert partial_date("September 19") == "--09-19"
    assert partial_date("the 19th of September") == "--09-19"
    assert partial_date("May 17, 2023") == ""
    assert anchored_offset("The day before") == -1
    assert anchored_offset("the following day") == 1
    assert anchored_offset("two days later") == 2
    assert anchored_offset("On Tuesday") is None
    assert shift_days("2024-03-01", -1) == "2024-02-29"
    assert shift_days("2024-03", -1) == ""


def test_nonsense_is_unresolved():
    assert resolve_date("the Soviet Era", "2023-09-20") == ("", "", False)
    assert resolve_date("", "2023-09-20") == ("", "", False)
    assert resolve_date("September 45", "2023-09-20") == ("", "", False)


def test_clock_times_and_this_month():
    from knowledge.dates import clock_time

    assert clock_time("13:00") == "13:00"
    assert clock_time("3 p.m.") == "15:00"
    assert clock_time("12 a.m.") == "00:00"
    assert clock_time("noon") == "12:00"
    assert clock_time("13:00 Moscow time") == "13:00"
    assert clock_time("45") == ""
    assert clock_time("25:00") == ""
    assert resolve_date("Earlier this month", "2024-01-08") == ("2024-01", "month", True)
    assert resolve_date("earlier this year", "2024-01-08") == ("2024", "year", True)
    assert resolve_date("last year", "2024-01-08") == ("2023", "year", True)


@pytest.mark.parametrize("text", ["the day before", "The day before", "two days later", "the following day",
                                  "two days ago"])
def test_anchored_days_are_not_durations(text):
    assert not is_duration(text)


def test_more_durations_and_this_year():
    assert is_duration("the many months")
    assert is_duration("annual")
    assert resolve_date("this year", "2012-06-01") == ("2012", "year", True)
    assert resolve_date("in November", "2012-06-01", tense_future=True) == ("2012-11", "month", True)
    assert resolve_date("in November", "2012-06-01", direction="past") == ("2011-11", "month", True)


def test_this_last_next_month():
    assert resolve_date("this November", "2012-06-13") == ("2012-11", "month", True)
    assert resolve_date("last November", "2012-06-13") == ("2011-11", "month", True)
    assert resolve_date("next March", "2012-06-13") == ("2013-03", "month", True)
    assert resolve_date("last March", "2012-06-13") == ("2012-03", "month", True)
    assert resolve_date("this November", "") == ("", "", False)


def test_a_bare_may_is_not_a_month_but_in_may_is() -> None:
    assert resolve_date("May", "2019-03-20") == ("", "", False)
    assert resolve_date("in May", "2019-03-20", direction="past")[:2] == ("2018-05", "month")
    assert resolve_date("May 17, 2023", "")[:2] == ("2023-05-17", "day")


def test_relative_weeks_resolve_to_their_monday() -> None:
    assert resolve_date("last week", "2020-05-28") == ("2020-05-18", "week", True)
    assert resolve_date("earlier this week", "2020-05-28") == ("2020-05-25", "week", True)
    assert resolve_date("next week", "2020-05-28") == ("2020-06-01", "week", True)
    assert resolve_date("last week", "") == ("", "", False)  # no article date: nothing invented


def test_answers_say_when_a_date_or_the_article_date_was_inferred() -> None:
    from handlers.when import _date_label

    pinned = {"date": "2023-09-19", "precision": "day", "relative": True, "partial": "", "text": "Tuesday, September 19"}
    assert _date_label(pinned, article_dated=False) == "Tuesday 19 September 2023 (year inferred from the weekday)"
    assert _date_label(pinned, article_dated=True) == "Tuesday 19 September 2023"
    yearless = {"date": "", "precision": "", "relative": False, "partial": "--10-02", "text": "October 2"}
    assert _date_label(yearless, article_dated=False, inferred="2023-09-19") == \
        "2 October (year not stated; article dated 2023-09-19 by inference)"
    assert _date_label(yearless, article_dated=False) == "2 October (year not stated; article date unknown)"


@pytest.mark.parametrize(("text", "article", "direction", "expected"), [
    ("the third quarter", "1999-10-20", "", ("1999-Q3", "quarter", True)),
    ("the fourth quarter", "1999-10-20", "past", ("1999-Q4", "quarter", True)),
    ("the first quarter", "1999-10-20", "future", ("2000-Q1", "quarter", True)),
    ("third-quarter", "1999-10-20", "future", ("1999-Q3", "quarter", True)),  # results come after
    ("the latest quarter", "1999-10-20", "", ("1999-Q3", "quarter", True)),
    ("the third quarter of 1997", "", "", ("1997-Q3", "quarter", False)),
    ("last summer", "2031-02-19", "", ("2030-SU", "season", True)),
    ("this fall", "2031-02-19", "", ("2031-FA", "season", True)),
    ("the winter of 2029", "", "", ("2029-WI", "season", False)),
    ("nineteen eighty-four", "", "", ("1984", "year", False)),
    ("the year two thousand", "", "", ("2000", "year", False)),
    ("the nineties", "2031-02-19", "", ("1990s", "decade", False)),
    ("the '20s", "2031-02-19", "", ("2020s", "decade", False)),
    ("the '20s", "1975-05-01", "", ("1920s", "decade", False)),
    ("six weeks ago", "2031-02-19", "", ("2031-01-06", "week", True)),
    ("five months ago", "2031-02-19", "", ("2030-09", "month", True)),
    ("late yesterday", "2031-02-19", "", ("2031-02-18", "day", True)),
    ("early next year", "2031-02-19", "", ("2032", "year", True)),
    ("mid-November", "2031-02-19", "past", ("2030-11", "month", True)),
])
def test_periods_and_spelled_dates(text, article, direction, expected):
    assert resolve_date(text, article, direction=direction) == expected


def test_anchored_periods() -> None:
    quarter = ("2031-Q3", "quarter")
    assert resolve_date("a year earlier", "2031-10-20", anchor=quarter) == ("2030-Q3", "quarter", True)
    assert resolve_date("the year-ago quarter", "2031-10-20", anchor=quarter) == ("2030-Q3", "quarter", True)
    assert resolve_date("a year earlier", "2031-10-20") == ("2030", "year", True)  # nothing to anchor to
    assert resolve_date("the quarter", "2031-10-20", anchor=quarter) == ("2031-Q3", "quarter", True)
    assert resolve_date("the day before", "2031-10-20", anchor=("2031-10-02", "day")) == ("2031-10-01", "day", True)
    assert resolve_date("the previous Friday", "2031-10-20", anchor=("2031-10-10", "day")) == \
        ("2031-10-03", "day", True)
    assert resolve_date("two years later", "2031-10-20", anchor=("2025", "year")) == ("2027", "year", True)


@pytest.mark.parametrize("text", ["D-Ill.", "(R-Texas)", "her 40s", "in their early 30s", "46 to 57 months",
                                  "3 p.m.", "the age of 30", "several years ago"])
def test_not_dates(text):
    assert resolve_date(text, "2031-02-19") == ("", "", False)


def test_a_weekday_pins_the_year():
    from knowledge.dates import pinned_year

    assert pinned_year(9, 19, 1, 2020) == 2023  # 19 September is a Tuesday in 2023 (and 2017: later wins)
    assert resolve_date("Tuesday, September 19", "2024-09-01", direction="past") == ("2023-09-19", "day", True)


@pytest.mark.parametrize(("text", "expected"), [
    ("now", "PRESENT_REF"), ("right now", "PRESENT_REF"), ("until now", "PRESENT_REF"),
    ("currently", "PRESENT_REF"), ("at present", "PRESENT_REF"), ("these days", "PRESENT_REF"),
    ("recently", "PAST_REF"), ("in the past", "PAST_REF"), ("in recent weeks and months", "PAST_REF"),
    ("the past several quarters", "PAST_REF"), ("several years ago", "PAST_REF"), ("then current", "PAST_REF"),
    ("soon", "FUTURE_REF"), ("as soon as possible", "FUTURE_REF"), ("the near future", "FUTURE_REF"),
    ("coming months", "FUTURE_REF"), ("the short term", "FUTURE_REF"), ("at a later date", "FUTURE_REF"),
])
def test_references_name_the_present_past_or_future(text: str, expected: str) -> None:
    assert reference(text) == expected
    assert resolve_date(text, "2031-02-19") == ("", "", False)


@pytest.mark.parametrize("text", ["the past three months", "the current quarter", "the past year", "today",
                                  "the future of the port", "two years ago"])
def test_periods_are_not_references(text: str) -> None:
    assert reference(text) == ""


@pytest.mark.parametrize(("text", "expected"), [
    ("the second half of 2029", ("2029-H2", "half", False)),
    ("in the first half of fiscal 2030", ("2030-H1", "half", False)),
    ("the first two quarters of 2031", ("2031-H1", "half", False)),
    ("the last half of the '80s", ("1980s", "decade", False)),
])
def test_halves_of_a_year(text: str, expected: tuple[str, str, bool]) -> None:
    assert resolve_date(text, "2031-02-19") == expected
    assert resolve_date("a year earlier", "2031-02-19", anchor=("2030-H2", "half")) == ("2029-H2", "half", True)


@pytest.mark.parametrize(("text", "article", "direction", "expected"), [
    ("this weekend", "2030-10-16", "past", ("2030-10-12", "weekend", True)),  # a Wednesday
    ("this weekend", "2030-10-16", "future", ("2030-10-19", "weekend", True)),
    ("last weekend", "2030-10-14", "", ("2030-10-12", "weekend", True)),  # a Monday: two days back
    ("next weekend", "2030-10-14", "", ("2030-10-19", "weekend", True)),
    ("the weekend", "2030-10-13", "", ("2030-10-12", "weekend", True)),  # a Sunday: this one
    ("the weekend", "2030-10-18", "", ("2030-10-19", "weekend", True)),  # a Friday: tomorrow's
])
def test_weekends(text, article, direction, expected):
    assert resolve_date(text, article, direction=direction) == expected


@pytest.mark.parametrize(("text", "article", "expected"), [
    ("until March 5 of next year", "2030-09-05", "2031-03-05"),
    ("June 2 next year", "2030-09-05", "2031-06-02"),
    ("in June last year", "2030-09-05", "2029-06"),
    ("in March of this year", "2030-09-05", "2030-03"),
])
def test_a_year_named_in_words_after_the_day(text, article, expected):
    assert resolve_date(text, article)[0] == expected


@pytest.mark.parametrize(("text", "article", "direction", "expected"), [
    ("in March", "2030-10-14", "", "2030-03"),  # seven months back beats five ahead
    ("Dec. 15", "2030-10-20", "", "2030-12-15"),  # two months ahead beats ten back
    ("in February", "2030-11-02", "", "2031-02"),
    ("in March", "2030-10-14", "future", "2031-03"),  # a future cue still wins
    ("in March", "2030-10-14", "present", "2031-03"),  # a present tense: the nearest
])
def test_without_tense_the_past_weighs_more(text, article, direction, expected):
    assert resolve_date(text, article, direction=direction)[0] == expected
