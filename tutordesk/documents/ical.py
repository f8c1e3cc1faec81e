"""A small iCalendar (RFC 5545) writer: a VCALENDAR of VEVENTs as bytes, with no database and no Qt.

It writes only what TutorDesk's calendar export needs, and writes it strictly: CRLF line ends, lines
folded at 75 octets without splitting a UTF-8 character, TEXT values escaped (backslash, semicolon, comma,
newline) and stripped of control characters, DTSTAMP in UTC.

An event is all-day (`DTSTART;VALUE=DATE`, with DTEND the next day) when it starts on a `date`. When it
starts at a known time it is written as *floating* local time (no TZID, no "Z"): TutorDesk keeps times as
the tutor's wall-clock "HH:MM" without a zone, and a floating time shows at that same wall-clock time in any
calendar. UTC would need the zone the time was meant in (and the daylight-saving rule of the day); a TZID
would need a VTIMEZONE definition in the file, which RFC 5545 requires for every TZID used.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

CRLF = "\r\n"
MAX_LINE_OCTETS = 75  # RFC 5545 section 3.1, not counting the line break

# Control characters other than HTAB are not allowed in TEXT values (RFC 5545 section 3.3.11); newlines are
# escaped before this runs, so anything left of these is stray.
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f]")
_NEWLINE = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True, slots=True)
class Event:
    """One VEVENT. `starts` is a `date` for an all-day event or a naive `datetime` for a local time."""

    uid: str
    starts: date | datetime
    summary: str
    description: str = ""
    categories: Sequence[str] = field(default_factory=tuple)
    duration: timedelta | None = None  # for timed events; all-day events last their one day

    def __post_init__(self) -> None:
        if not self.uid or _CONTROL.search(self.uid) or _NEWLINE.search(self.uid):
            raise ValueError("An event needs a UID of printable characters.")
        if isinstance(self.starts, datetime) and self.starts.tzinfo is not None:
            raise ValueError("Event times are floating local times; pass a naive datetime.")


def calendar_bytes(
    events: Iterable[Event],
    *,
    now: datetime,
    product_id: str = "-//TutorDesk//TutorDesk//EN",
    name: str = "",
) -> bytes:
    """The whole calendar as UTF-8 bytes with CRLF line ends, ready to write to a `.ics` file.

    `now` (timezone-aware) becomes every event's DTSTAMP. RFC 5545 asks for at least one component, so an
    empty `events` is refused rather than written as an invalid file.
    """
    if now.tzinfo is None:
        raise ValueError("DTSTAMP must be in UTC; pass a timezone-aware `now`.")
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{escape_text(product_id)}",
        "CALSCALE:GREGORIAN",
    ]
    if name:
        # Not part of RFC 5545 but an allowed extension property; calendar apps show it as the calendar's name.
        lines.append(f"X-WR-CALNAME:{escape_text(name)}")
    count = 0
    for event in events:
        lines.extend(_event_lines(event, stamp))
        count += 1
    if count == 0:
        raise ValueError("A calendar needs at least one event.")
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + CRLF for line in lines).encode("utf-8")


def _event_lines(event: Event, stamp: str) -> list[str]:
    lines = ["BEGIN:VEVENT", f"UID:{escape_text(event.uid)}", f"DTSTAMP:{stamp}"]
    if isinstance(event.starts, datetime):
        lines.append(f"DTSTART:{_local_time(event.starts)}")
        if event.duration is not None:
            lines.append(f"DTEND:{_local_time(event.starts + event.duration)}")
    else:
        lines.append(f"DTSTART;VALUE=DATE:{_date(event.starts)}")
        # DTEND is optional for an all-day event (one day is implied), but some calendar apps want it.
        lines.append(f"DTEND;VALUE=DATE:{_date(event.starts + timedelta(days=1))}")
        # A reminder-like day should not make the whole day show as busy.
        lines.append("TRANSP:TRANSPARENT")
    lines.append(f"SUMMARY:{escape_text(event.summary)}")
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    categories = [escape_text(category) for category in event.categories if category]
    if categories:
        lines.append(f"CATEGORIES:{','.join(categories)}")
    lines.append("END:VEVENT")
    return lines


def _date(day: date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _local_time(moment: datetime) -> str:
    return f"{_date(moment)}T{moment.hour:02d}{moment.minute:02d}{moment.second:02d}"


def escape_text(value: str) -> str:
    """A TEXT value as RFC 5545 section 3.3.11 writes it: backslash, semicolon, comma and newline escaped."""
    escaped = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    escaped = _NEWLINE.sub("\\\\n", escaped)
    return _CONTROL.sub("", escaped)


def fold_line(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets, each after the first starting with a space.

    A piece ends only between characters, never inside one character's UTF-8 bytes.
    """
    if len(line.encode("utf-8")) <= MAX_LINE_OCTETS:
        return line
    pieces: list[str] = []
    current: list[str] = []
    used = 0
    limit = MAX_LINE_OCTETS
    for character in line:
        size = len(character.encode("utf-8"))
        if used + size > limit:
            pieces.append("".join(current))
            current, used = [], 0
            limit = MAX_LINE_OCTETS - 1  # the leading space of a continuation line counts
        current.append(character)
        used += size
    pieces.append("".join(current))
    return (CRLF + " ").join(pieces)
