"""Dates as people type them: every usual way of writing a day gives that day, and anything else is refused
with a plain sentence, never read as another date."""

from __future__ import annotations

from datetime import date, time

import pytest

from tutordesk.domain.typed_dates import NotADate, read_typed_date, read_typed_time, typed_text

DAY = date(2027, 1, 30)


@pytest.mark.parametrize(
    "text",
    ["30/01/2027", "30/1/2027", "30.01.2027", "30-01-2027", "30 01 2027", "2027-01-30", "30012027",
     " 30/01/2027 ", "30 Jan 2027", "30 January 2027", "30th January 2027", "30 jan. 2027"],
)  # fmt: skip
def test_the_ways_people_write_a_day_all_give_that_day(text: str) -> None:
    assert read_typed_date(text) == DAY


def test_the_day_comes_first_as_in_the_uk() -> None:
    assert read_typed_date("3/1/2027") == date(2027, 1, 3)
    assert read_typed_date("01/09/2025") == date(2025, 9, 1)
    assert read_typed_date("03/09/2026") == date(2026, 9, 3)


def test_nothing_typed_is_no_date() -> None:
    assert read_typed_date("") is None
    assert read_typed_date("   ") is None


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("31/02/2027", "February 2027 has no day 31"),
        ("29/02/2027", "February 2027 has no day 29"),
        ("01/13/2027", "no month 13"),
        ("3/1/27", "four figures"),
        ("030127", "year in full"),
        ("30/01/0027", "too long ago"),
        ("tomorrow", "is not a date"),
        ("30/12/00001/2027", "is not a date"),
        ("30 Smarch 2027", "not a month"),
        ("2027-02-30", "has no day 30"),
        ("300120271", "is not a date"),
    ],
)
def test_what_is_not_a_date_is_refused_plainly(text: str, says: str) -> None:
    with pytest.raises(NotADate) as refused:
        read_typed_date(text)
    assert says in refused.value.message


def test_a_leap_day_is_a_day() -> None:
    assert read_typed_date("29/02/2028") == date(2028, 2, 29)


def test_a_date_is_written_back_as_it_is_read() -> None:
    assert typed_text(date(2027, 1, 3)) == "03/01/2027"
    assert read_typed_date(typed_text(DAY)) == DAY


@pytest.mark.parametrize(("text", "hours", "minutes"), [("16:30", 16, 30), ("16.30", 16, 30), ("1630", 16, 30), ("9:05", 9, 5), ("905", 9, 5), (" 08:15 ", 8, 15)])  # fmt: skip
def test_a_time_is_read_as_written(text: str, hours: int, minutes: int) -> None:
    assert read_typed_time(text) == time(hours, minutes)


@pytest.mark.parametrize("text", ["", "24:00", "16:60", "4pm", "16:3"])
def test_what_is_not_a_time_is_refused(text: str) -> None:
    with pytest.raises(NotADate, match="like 16:30"):
        read_typed_time(text)
