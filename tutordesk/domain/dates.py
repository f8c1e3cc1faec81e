"""Dates as people read them: "12 March 2026" in documents, "12 Mar 2026" on screen. Every list, chart and
sentence of the app writes a day through `short_date`, so a day reads the same wherever it shows.

Month names are written here rather than taken from `strftime`, which follows the process locale (Qt sets
it from the system), so a document never changes language with the computer it was printed on.
"""

from __future__ import annotations

import calendar
from datetime import date
from functools import lru_cache
from typing import Any

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def long_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def short_date(day: date | None, *, year: bool = True, today: date | None = None) -> str:
    """ "12 Mar 2026", or "" for no date. Without the year when `year` is False, or, given `today`, when the
    day falls in today's year ("3 Sep" this year, "3 Sep 2025" in another)."""
    if day is None:
        return ""
    text = f"{day.day} {MONTHS[day.month - 1][:3]}"
    if today is not None:
        year = year and day.year != today.year
    return f"{text} {day.year}" if year else text


def add_months(day: date, months: int) -> date:
    """The same day `months` later; a day the month lacks becomes its last day (31 January + 1 month is
    28 or 29 February; 29 February + 12 months is 28 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@lru_cache(maxsize=4096)  # lists repeat the same dates, and parsing is the slow part of building their rows
def stored_date(value: Any) -> date:
    """A date as SQLite hands it back (a date, or ISO text with or without a time) as a date."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
