"""The iCalendar writer, read back with a real parser (`icalendar`) and checked octet by octet."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import icalendar
import pytest

from tutordesk.documents.ical import Event, calendar_bytes, escape_text, fold_line

NOW = datetime(2026, 11, 20, 9, 30, 5, tzinfo=UTC)
# Cyrillic (2 octets a letter), emoji (4 octets, some joined into one picture) and a combining mark.
LONG_SUMMARY = "Перегляд плану: Олександра Й. 🧑🏽‍🎓🎉👩‍👩‍👧‍👦 " * 6 + "Zoë Å. ✅ — кінець"


def _parse(data: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(data)


def _physical_lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n")
    return data[:-2].split(b"\r\n")


def test_an_all_day_event_parses_with_every_required_property() -> None:
    data = calendar_bytes(
        [Event(uid="review-learner-3@v.tutordesk", starts=date(2027, 2, 28), summary="Plan review: Sam K.")],
        now=NOW,
        name="TutorDesk",
    )
    calendar = _parse(data)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]).startswith("-//TutorDesk//")
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == "review-learner-3@v.tutordesk"
    assert event["DTSTART"].dt == date(2027, 2, 28) and not isinstance(event["DTSTART"].dt, datetime)
    assert event["DTEND"].dt == date(2027, 3, 1)
    assert event["DTSTAMP"].dt == NOW
    assert str(event["SUMMARY"]) == "Plan review: Sam K."
    assert b"DTSTAMP:20261120T093005Z\r\n" in data
    assert b"DTSTART;VALUE=DATE:20270228\r\n" in data


def test_a_timed_event_is_floating_local_time() -> None:
    data = calendar_bytes(
        [
            Event(
                uid="m-1@v.tutordesk",
                starts=datetime(2027, 3, 28, 10, 15),  # the night the clocks change in the UK
                summary="Meeting",
                duration=timedelta(minutes=45),
            )
        ],
        now=NOW,
    )
    [event] = _parse(data).walk("VEVENT")
    assert event["DTSTART"].dt == datetime(2027, 3, 28, 10, 15) and event["DTSTART"].dt.tzinfo is None
    assert event["DTEND"].dt == datetime(2027, 3, 28, 11, 0)
    assert b"DTSTART:20270328T101500\r\n" in data
    assert b"TZID" not in data


def test_long_cyrillic_and_emoji_text_folds_at_75_octets_without_splitting_a_character() -> None:
    description = "Примітка; з комою, крапкою з комою\\ і новим рядком\nдругий рядок 🌍" * 3
    data = calendar_bytes(
        [
            Event(
                uid="settling-in-9@v.tutordesk",
                starts=date(2027, 1, 4),
                summary=LONG_SUMMARY,
                description=description,
                categories=("TutorDesk", "Перехід, новий"),
            )
        ],
        now=NOW,
    )
    lines = _physical_lines(data)
    assert b"\n" not in b"".join(lines) and b"\r" not in b"".join(lines)  # CRLF only, never a bare LF or CR
    assert any(line.startswith(b" ") for line in lines), "the long lines were not folded"
    for line in lines:
        assert len(line) <= 75, line
        line.decode("utf-8")  # each physical line is whole UTF-8: no character was cut in two
    [event] = _parse(data).walk("VEVENT")
    assert str(event["SUMMARY"]) == LONG_SUMMARY
    assert str(event["DESCRIPTION"]) == description
    assert [str(c) for c in event["CATEGORIES"].cats] == ["TutorDesk", "Перехід, новий"]
    # Unfolding as RFC 5545 says (remove CRLF + one space) gives the logical line back.
    unfolded = data.replace(b"\r\n ", b"").decode("utf-8")
    assert f"SUMMARY:{escape_text(LONG_SUMMARY)}\r\n" in unfolded


def test_text_is_escaped_as_rfc_5545_says() -> None:
    assert escape_text("a\\b;c,d\ne\r\nf\rg") == "a\\\\b\\;c\\,d\\ne\\nf\\ng"
    assert escape_text("bell\x07 and tab\tstay") == "bell and tab\tstay"  # a control character is dropped
    tricky = 'Back\\slash; semi, comma\nEND:VEVENT\nBEGIN:VEVENT "quoted"'
    data = calendar_bytes([Event(uid="x@v", starts=date(2027, 1, 1), summary=tricky)], now=NOW)
    calendar = _parse(data)
    [event] = calendar.walk("VEVENT")  # the newline inside the text could not start a second event
    assert str(event["SUMMARY"]) == tricky


def test_folding_exactly_at_the_limit() -> None:
    assert fold_line("X" * 75) == "X" * 75
    folded = fold_line("X" * 76)
    assert folded == "X" * 75 + "\r\n X"
    # A two-octet letter that would straddle octet 75 moves whole to the next line.
    straddling = fold_line("X" * 74 + "Ж")
    assert straddling == "X" * 74 + "\r\n Ж"


def test_an_empty_calendar_and_zoned_times_are_refused() -> None:
    with pytest.raises(ValueError, match="at least one event"):
        calendar_bytes([], now=NOW)
    with pytest.raises(ValueError, match="UTC"):
        calendar_bytes([Event(uid="x@v", starts=date(2027, 1, 1), summary="s")], now=datetime(2026, 1, 1))
    with pytest.raises(ValueError, match="floating"):
        Event(uid="x@v", starts=datetime(2027, 1, 1, 9, tzinfo=timezone(timedelta(hours=1))), summary="s")
    with pytest.raises(ValueError, match="UID"):
        Event(uid="bad\nuid", starts=date(2027, 1, 1), summary="s")


def test_dtstamp_is_converted_to_utc() -> None:
    local = datetime(2026, 7, 1, 10, 0, tzinfo=timezone(timedelta(hours=1)))
    data = calendar_bytes([Event(uid="x@v", starts=date(2027, 1, 1), summary="s")], now=local)
    assert b"DTSTAMP:20260701T090000Z\r\n" in data
