"""Dates as people read them: one way of writing a day on screen, whichever list, chart or sentence shows it."""

from __future__ import annotations

from datetime import date

from tutordesk.domain.dates import long_date, short_date


def test_dates_read_in_british_english() -> None:
    assert short_date(date(2026, 3, 3), year=False) == "3 Mar"
    assert short_date(date(2026, 6, 28)) == "28 Jun 2026"
    assert long_date(date(2026, 6, 28)) == "28 June 2026"


def test_no_date_is_an_empty_text() -> None:
    assert short_date(None) == ""
    assert short_date(None, today=date(2026, 6, 28)) == ""


def test_given_today_the_year_shows_only_for_another_year() -> None:
    today = date(2026, 11, 20)
    assert short_date(date(2026, 9, 3), today=today) == "3 Sep"
    assert short_date(date(2025, 9, 3), today=today) == "3 Sep 2025"
    assert short_date(date(2027, 1, 4), today=today) == "4 Jan 2027"
    assert short_date(date(2025, 9, 3), year=False, today=today) == "3 Sep"  # year=False always wins
