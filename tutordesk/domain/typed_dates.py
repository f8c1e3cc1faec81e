"""Dates as people type them, read day first as in the UK: "30/01/2027", "3/1/2027", "30.01.2027",
"30-01-2027", "30 01 2027", "2027-01-30" and "30012027" all mean 30 January 2027, and so do "30 Jan 2027"
and "30 January 2027". The year is written in full, so "3/1/27" is refused rather than guessed, and a day
the month lacks (31/02/2027) is refused rather than moved. Nothing here ever gives a different date from
the one typed: what cannot be read is a `NotADate` with a sentence saying how to write it. A time of day is
read the same way: "16:30", "16.30", "1630" and "9:05" (`read_typed_time`).
"""

from __future__ import annotations

import re
from datetime import date, time

from tutordesk.domain.dates import MONTHS

EXAMPLE = "30/01/2027"
HOW_TO_WRITE = f"Write it as day/month/year, like {EXAMPLE}."
EARLIEST_YEAR = 1900  # a year before this is a slip of the keyboard, not a date a tutor records

_NUMERIC = re.compile(r"^(\d{1,2})\s*[/.\-\s]\s*(\d{1,2})\s*[/.\-\s]\s*(\d+)$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_TIME = re.compile(r"^(\d{1,2})\s*[:.h]?\s*(\d{2})$")
_WORDS = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d+)$")
_MONTH_NAMES = (
    {name.lower(): number for number, name in enumerate(MONTHS, 1)}
    | {name[:3].lower(): number for number, name in enumerate(MONTHS, 1)}
    | {"sept": 9}
)


class NotADate(ValueError):
    """What was typed is not a date; `message` says so in one plain sentence."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def typed_text(day: date) -> str:
    """A date written the way `read_typed_date` reads it back: "30/01/2027"."""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def read_typed_date(text: str) -> date | None:
    """The date `text` names, or None when nothing was typed; raises `NotADate` when it is not a date."""
    text = text.strip()
    if not text:
        return None
    if match := _ISO.match(text):
        year, month, day = (int(part) for part in match.groups())
        return _checked(day, month, year, text)
    if match := _NUMERIC.match(text):
        day, month, year = (int(part) for part in match.groups())
        return _checked(day, month, year, text, year_digits=len(match.group(3)))
    if match := _WORDS.match(text):
        month_number = _MONTH_NAMES.get(match.group(2).lower())
        if month_number is None:
            raise NotADate(f"“{match.group(2)}” is not a month I know. {HOW_TO_WRITE}")
        return _checked(
            int(match.group(1)), month_number, int(match.group(3)), text, year_digits=len(match.group(3))
        )
    if text.isdigit() and len(text) == 8:  # ddmmyyyy, typed without separators
        return _checked(int(text[:2]), int(text[2:4]), int(text[4:]), text)
    if text.isdigit() and len(text) == 6:
        raise NotADate(f"Write the year in full (like {EXAMPLE}), so there is no doubt which century.")
    raise NotADate(f"“{text}” is not a date. {HOW_TO_WRITE}")


def read_typed_time(text: str) -> time:
    """The time of day `text` names ("16:30", "16.30", "1630", "9:05"); raises `NotADate` otherwise."""
    match = _TIME.match(text.strip())
    if match is not None:
        hours, minutes = int(match.group(1)), int(match.group(2))
        if hours < 24 and minutes < 60:
            return time(hours, minutes)
    raise NotADate("Write the time with hours and minutes, like 16:30.")


def _checked(day: int, month: int, year: int, text: str, *, year_digits: int = 4) -> date:
    if year_digits != 4:
        raise NotADate(f"Write the year in full with four figures (like {EXAMPLE}).")
    if year < EARLIEST_YEAR:
        raise NotADate(f"{year} is too long ago to be right. {HOW_TO_WRITE}")
    if not 1 <= month <= 12:
        raise NotADate(f"There is no month {month}: the day comes first, then the month. {HOW_TO_WRITE}")
    try:
        return date(year, month, day)
    except ValueError:
        raise NotADate(f"{MONTHS[month - 1]} {year} has no day {day}.") from None
