"""Unit tests of the planner's calendar (konsultasjon_app/domain/calendar.py): Norwegian public holidays, provisional
meeting dates, parliamentary terms and calendar-month arithmetic (DOMAIN §2, §3)."""

from __future__ import annotations

import datetime as dt

import pytest
from dateutil.easter import easter
from hypothesis import given, settings
from hypothesis import strategies as st

from konsultasjon_app.domain.calendar import (
    DEFAULT_MONTHS,
    add_months,
    duration_from_end,
    election_year_of_term,
    end_from_duration,
    format_date,
    holiday_name,
    is_weekend,
    parse_typed_date,
    typed_year_out_of_range,
    provisional_meeting_date,
    public_holidays,
    term_of,
)


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


FIXED = {"01-01", "05-01", "05-17", "12-25", "12-26"}

# -- public holidays ------------------------------------------------------------------------------------


def test_public_holidays_2006():
    # Easter Sunday 2006: 16 April.
    assert set(public_holidays(2006)) == {
        d("2006-01-01"),
        d("2006-04-13"),  # Maundy Thursday
        d("2006-04-14"),  # Good Friday
        d("2006-04-16"),  # Easter Sunday
        d("2006-04-17"),  # Easter Monday
        d("2006-05-01"),
        d("2006-05-17"),
        d("2006-05-25"),  # Ascension Day
        d("2006-06-04"),  # Whit Sunday
        d("2006-06-05"),  # Whit Monday
        d("2006-12-25"),
        d("2006-12-26"),
    }


def test_public_holidays_2024():
    # Easter Sunday 2024: 31 March, so Maundy Thursday and Good Friday fall in March and Easter Monday in April.
    assert set(public_holidays(2024)) == {
        d("2024-01-01"),
        d("2024-03-28"),
        d("2024-03-29"),
        d("2024-03-31"),
        d("2024-04-01"),
        d("2024-05-01"),
        d("2024-05-09"),  # Ascension Day
        d("2024-05-17"),
        d("2024-05-19"),  # Whit Sunday
        d("2024-05-20"),  # Whit Monday
        d("2024-12-25"),
        d("2024-12-26"),
    }


def test_holiday_names_are_norwegian():
    assert holiday_name(d("2006-04-13")) == "skjærtorsdag"
    assert holiday_name(d("2006-04-14")) == "langfredag"
    assert holiday_name(d("2006-05-17")) == "17. mai"
    assert holiday_name(d("2024-05-09")) == "Kristi himmelfartsdag"
    assert holiday_name(d("2024-05-20")) == "2. pinsedag"
    assert holiday_name(d("2006-04-26")) is None  # meeting 2 of 2006, an ordinary Wednesday


def test_ascension_day_on_1_may_2008_is_one_holiday():
    # Easter 2008 was 23 March: Ascension Day (+39 days) is 1 May, so the year has 11 distinct holiday dates.
    assert easter(2008) == d("2008-03-23")
    assert len(public_holidays(2008)) == 11
    assert holiday_name(d("2008-05-01")) in {"1. mai", "Kristi himmelfartsdag"}


@given(st.integers(1900, 2100))
@settings(max_examples=100, deadline=None, database=None)
def test_public_holidays_are_the_fixed_days_and_the_easter_cycle(year):
    e = easter(year)
    movable = {e + dt.timedelta(days=n) for n in (-3, -2, 0, 1, 39, 49, 50)}
    fixed = {d(f"{year}-{md}") for md in FIXED}
    assert set(public_holidays(year)) == movable | fixed
    assert all(day.year == year for day in public_holidays(year))


def test_is_weekend():
    assert [is_weekend(d(f"2006-04-{day}")) for day in range(24, 31)] == [False] * 5 + [True] * 2  # Mon 24 … Sun 30


# -- provisional meeting dates --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "number", "expected"),
    [
        (2006, 1, "2006-03-15"),  # a Wednesday
        (2006, 2, "2006-04-18"),  # 15 Saturday, 16 Easter Sunday, 17 Easter Monday
        (2006, 3, "2006-08-15"),  # a Tuesday
        (2006, 4, "2006-10-16"),  # 15 is a Sunday
        (2024, 1, "2024-03-15"),  # a Friday
        (2024, 2, "2024-04-15"),  # a Monday (Easter was in March)
        (2024, 3, "2024-08-15"),
        (2024, 4, "2024-10-15"),
        (2008, 1, "2008-03-17"),  # 15–16 March a weekend; Maundy Thursday is the 20th
        (2022, 2, "2022-04-19"),  # Good Friday 15th, weekend, Easter Monday 18th
        (2049, 2, "2049-04-20"),  # Maundy Thursday 15th, Good Friday 16th, weekend, Easter Monday 19th
    ],
)
def test_provisional_meeting_date(year, number, expected):
    assert provisional_meeting_date(year, number) == d(expected)


@given(st.integers(1950, 2100), st.sampled_from([1, 2, 3, 4]))
@settings(max_examples=200, deadline=None, database=None)
def test_provisional_date_is_the_first_working_day_from_the_15th(year, number):
    day = provisional_meeting_date(year, number)
    fifteenth = dt.date(year, DEFAULT_MONTHS[number], 15)

    assert day >= fifteenth and day.month == DEFAULT_MONTHS[number]
    assert not is_weekend(day) and holiday_name(day) is None
    skipped = [fifteenth + dt.timedelta(days=n) for n in range((day - fifteenth).days)]
    assert all(is_weekend(x) or holiday_name(x) is not None for x in skipped)


def test_default_months_follow_the_2006_pattern():
    # Meeting 1 in March (as in 2006), 2 April, 3 August, 4 October (seed 000 ch. 4.7).
    assert DEFAULT_MONTHS == {1: 3, 2: 4, 3: 8, 4: 10}


# -- parliamentary terms --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "first_election_year", "term"),
    [
        ("2006-01-15", 2005, ("2005-10-01", "2009-09-30")),
        ("2005-10-01", 2005, ("2005-10-01", "2009-09-30")),  # first day of the term
        ("2009-09-30", 2005, ("2005-10-01", "2009-09-30")),  # last day of the term
        ("2009-10-01", 2005, ("2009-10-01", "2013-09-30")),
        ("2030-01-01", 2005, ("2029-10-01", "2033-09-30")),
        # Before first_election_year the terms are counted backwards in steps of four years.
        ("2005-09-30", 2005, ("2001-10-01", "2005-09-30")),
        ("2005-09-15", 2005, ("2001-10-01", "2005-09-30")),  # barnevern's signed date
        ("1999-05-05", 2005, ("1997-10-01", "2001-09-30")),
        ("1997-10-01", 2005, ("1997-10-01", "2001-09-30")),
        ("2006-01-15", 2009, ("2005-10-01", "2009-09-30")),  # the same terms, counted back from 2009
        ("2006-01-15", 2007, ("2003-10-01", "2007-09-30")),  # another election cycle
    ],
)
def test_term_of(day, first_election_year, term):
    assert term_of(d(day), first_election_year) == (d(term[0]), d(term[1]))


@given(st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)), st.integers(1945, 2045))
@settings(max_examples=200, deadline=None, database=None)
def test_term_holds_the_day_and_lasts_four_years(day, first_election_year):
    first, last = term_of(day, first_election_year)

    assert first <= day <= last
    assert (first.month, first.day, last.month, last.day) == (10, 1, 9, 30)
    assert last.year == first.year + 4
    assert (first.year - first_election_year) % 4 == 0
    assert election_year_of_term(day, first_election_year) == first.year


# -- calendar months ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        ("2007-01-31", 1, "2007-02-28"),  # clamped to the end of February
        ("2008-01-31", 1, "2008-02-29"),  # leap year
        ("2006-03-31", 11, "2007-02-28"),
        ("2006-04-26", 3, "2006-07-26"),  # barnevern terminated at meeting 2 of 2006 with three months' notice
        ("2006-08-31", 1, "2006-09-30"),
        ("2006-01-15", 0, "2006-01-15"),
        ("2006-12-15", 1, "2007-01-15"),
        ("2006-04-26", 24, "2008-04-26"),
        ("2000-01-31", 1, "2000-02-29"),  # divisible by 400: a leap year
        ("1900-01-31", 1, "1900-02-28"),  # a century not divisible by 400: no leap year
        ("2100-01-31", 1, "2100-02-28"),
        ("2024-02-29", 12, "2025-02-28"),
        ("2024-03-31", -1, "2024-02-29"),  # back
        ("2024-01-15", -13, "2022-12-15"),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(d(day), months) == d(expected)


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        ("2003-06-20", 36, "2006-06-19"),  # pleie og omsorg
        ("2004-11-15", 24, "2006-11-14"),  # bosetting av flyktninger
        ("2006-04-20", 60, "2011-04-19"),  # livskraftig
        ("2006-01-01", 12, "2006-12-31"),
        ("2006-01-01", 45, "2009-09-30"),
        ("2007-01-31", 1, "2007-02-27"),  # the day before 2007-02-28 (clamped)
        ("2008-01-31", 1, "2008-02-28"),  # the day before 2008-02-29
        ("2006-03-01", 1, "2006-03-31"),
    ],
)
def test_end_from_duration_and_back(start, months, end):
    assert end_from_duration(d(start), months) == d(end)
    assert duration_from_end(d(start), d(end)) == months


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2006-01-01", "2006-12-30"),  # not the last day of whole months
        ("2006-01-01", "2007-01-01"),
        ("2006-01-01", "2006-01-01"),  # a single day is no whole month
        ("2006-01-01", "2005-12-31"),  # zero months
        ("2006-01-01", "2005-06-30"),  # end before start
    ],
)
def test_duration_from_end_is_none_unless_whole_months(start, end):
    assert duration_from_end(d(start), d(end)) is None


@given(st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31)), st.integers(1, 240))
@settings(max_examples=300, deadline=None, database=None)
def test_duration_round_trip(start, months):
    end = end_from_duration(start, months)

    assert start <= end
    assert duration_from_end(start, end) == months


def test_format_date():
    assert format_date(d("2006-04-26")) == "26.04.2006"
    assert format_date(None) == ""


@given(st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31)), st.integers(-1200, 1200))
@settings(max_examples=500, deadline=None, database=None)
def test_add_months_agrees_with_dateutil(day, months):
    """The program's month arithmetic gives what dateutil's relativedelta gives, over random dates and spans
    (the cases above pin the leap-year rules)."""
    from dateutil.relativedelta import relativedelta

    assert add_months(day, months) == day + relativedelta(months=months)


# -- dates as users type them ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("15.09.2005", "2005-09-15"), ("1.9.2005", "2005-09-01"), ("15092005", "2005-09-15"), ("150905", "2005-09-15"),
        ("1.9.05", "2005-09-01"), ("15.09.75", "1975-09-15"), ("15.9", "2026-09-15"), ("1509", "2026-09-15"),
        ("2005-09-15", "2005-09-15"), ("15/09/2005", "2005-09-15"), (" 1 . 9 . 2005 ", "2005-09-01"), ("29.02.2024", "2024-02-29"),
        ("31.02.2005", None), ("29.02.2025", None), ("1.13.2005", None), ("15.09.1899", None), ("1509200", None),
        ("15.09.205", None), ("abc", None), ("", None), ("15.09.2005x", None), ("²5.09.2005", None), ("١٥.٠٩.٢٠٠٥", None),
    ],
)
def test_a_date_as_typed(typed, expected):
    assert parse_typed_date(typed, d("2026-11-26")) == (d(expected) if expected else None)


@given(st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31)))
def test_every_date_written_out_is_read_back(day):
    assert parse_typed_date(format_date(day), d("2026-11-26")) == day


@pytest.mark.parametrize(
    ("typed", "year"),
    [("01.01.1899", 1899), ("31.12.2201", 2201), ("1899-06-01", 1899), ("01011899", 1899), ("15.09.2005", None),
     ("31.02.1899", None), ("abc", None), ("01.01.0000", None), ("", None)],
)
def test_a_sound_date_of_a_year_out_of_range_is_told_apart_from_no_date(typed, year):
    """So that 01.01.1899 is told "the year 1899 is not between 1900 and 2200", not "is not a date"."""
    assert typed_year_out_of_range(typed, d("2026-11-26")) == year
    assert parse_typed_date(typed, d("2026-11-26")) is None or year is None
