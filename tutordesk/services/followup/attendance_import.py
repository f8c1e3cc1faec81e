"""Importing attendance from the CSV file a school information system exports: all rows or none.

Each row is one learner's attendance over one period: the learner (by the school's pupil reference, or by
name and date of birth), the period, the sessions possible, and what was attended (a count, a percentage,
or the absences to take away). Every row is checked before anything is written, and every bad row is named
with its line and what to change. A period already recorded for a learner is replaced, so importing the
same file twice changes nothing. The columns are `COLUMNS`; docs/attendance-import.md lists them, and a
test keeps the two in step.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import insert, update
from sqlalchemy import select as sql_select
from sqlmodel import col, select

from tutordesk.domain.early_warning import SignalKind
from tutordesk.domain.followup_models import WarningSignal
from tutordesk.domain.models import Learner, utc_now
from tutordesk.errors import BadInput
from tutordesk.services.followup.signals import AttendanceInput, attendance_problem
from tutordesk.services.learners.csv_import import parse_date
from tutordesk.services.learners.csv_text import clean_cell, read_csv_records
from tutordesk.vault.unit_of_work import UnitOfWork

MOST_ROWS = 100_000


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    aliases: tuple[str, ...]
    meaning: str


COLUMNS: tuple[Column, ...] = (
    Column(
        "reference",
        "Pupil reference",
        ("upn", "pupil reference", "admission number", "adno", "student id", "pupil id", "learner reference", "uln"),
        "the school's own reference for the learner, as kept on their profile",
    ),
    Column("given_name", "Given name", ("forename", "first name", "legal forename", "preferred forename"), "used with the family name and date of birth when there is no reference"),
    Column("family_name", "Family name", ("surname", "last name", "legal surname"), "as above"),
    Column("date_of_birth", "Date of birth", ("dob", "birth date"), "as above: a date"),
    Column("period_start", "From", ("start date", "week beginning", "week commencing", "from date", "period start"), "the first day of the period: a date"),
    Column("period_end", "To", ("end date", "week ending", "to date", "period end"), "the last day of the period; without it, the period is the five days from the first"),
    Column("possible", "Possible sessions", ("possible", "sessions possible", "possible marks"), "how many sessions the learner could have attended: a whole number"),
    Column("attended", "Sessions attended", ("present", "attended", "present sessions", "present + aea", "sessions present"), "how many they attended: a whole number"),
    Column("percent", "Attendance %", ("attendance", "attendance percentage", "percentage", "attendance percent"), "instead of sessions attended: a percentage of the possible sessions"),
    Column("excused", "Authorised absences", ("authorised", "authorised absence", "excused", "auth abs", "authorized absences"), "missed sessions that were excused: a whole number"),
    Column("unexcused", "Unauthorised absences", ("unauthorised", "unauthorised absence", "unauth abs", "unauthorized absences"), "missed sessions that were not: with authorised absences, instead of sessions attended"),
)  # fmt: skip


def _compact(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in text if ch.isalnum() or ch in "%+")


_LOOKUP = {_compact(alias): c.name for c in COLUMNS for alias in (c.name, c.label, *c.aliases)}


@dataclass
class AttendanceRow:
    line: int
    learner_id: int
    data: AttendanceInput


@dataclass
class AttendancePreview:
    rows: list[AttendanceRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # each names its line; any at all: nothing imported
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def importable(self) -> bool:
        return bool(self.rows) and not self.problems


def preview_attendance_csv(uow: UnitOfWork, *, data: bytes, today: date) -> AttendancePreview:
    """Check a whole attendance file against this vault's learners. Reads only."""
    preview = AttendancePreview()
    records = read_csv_records(data, what="attendance rows")
    if records.problem:
        preview.problems.append(records.problem)
        return preview
    positions: dict[str, int] = {}
    for index, cell in enumerate(records.header):
        name = _LOOKUP.get(_compact(cell))
        if name is None:
            if cell.strip():
                preview.ignored_columns.append(cell.strip())
        elif name in positions:
            preview.problems.append(f"Columns {positions[name] + 1} and {index + 1} are both read as {name}.")
        else:
            positions[name] = index
    _check_header(positions, preview)
    if len(records.rows) > MOST_ROWS:
        preview.problems.append(f"The file has more than {MOST_ROWS:,} rows; split it and import each part.")
    if preview.problems:
        return preview
    finder = _LearnerFinder(uow)
    seen: dict[tuple[int, date, date], int] = {}
    for line, cells in records.rows:
        values = {name: clean_cell(cells[i]) if i < len(cells) else "" for name, i in positions.items()}
        problem, row = _check_row(line, values, finder, today)
        if problem:
            preview.problems.append(f"Line {line}: {problem}")
            continue
        assert row is not None
        key = (row.learner_id, row.data.period_start, row.data.period_end)
        if key in seen:
            preview.problems.append(
                f"Line {line}: the same learner and period as line {seen[key]}; keep one."
            )
            continue
        seen[key] = line
        preview.rows.append(row)
    return preview


def import_attendance(uow: UnitOfWork, *, preview: AttendancePreview, today: date) -> int:
    """Write every previewed row (the caller commits); returns how many. Refuses a preview with problems.

    One statement reads the periods already recorded for these learners (they are replaced, not doubled);
    the new rows go in as one bulk INSERT and the replaced ones as one bulk UPDATE, without building an
    object per row: a school's weekly file of a thousand rows is one quick write."""
    if not preview.importable:
        raise BadInput("Nothing was imported: fix the rows named and choose the file again.")
    source = f"Imported on {today.isoformat()}"
    learners = sorted({row.learner_id for row in preview.rows})
    existing = {
        (learner_id, start, end): signal_id
        for signal_id, learner_id, start, end in uow.session.execute(
            select(
                col(WarningSignal.id),
                col(WarningSignal.learner_id),
                col(WarningSignal.period_start),
                col(WarningSignal.observed_on),
            ).where(
                WarningSignal.kind == SignalKind.ATTENDANCE.value, col(WarningSignal.learner_id).in_(learners)
            )
        )
    }
    now = utc_now()
    new: list[dict[str, object]] = []
    replaced: list[dict[str, object]] = []
    for row in preview.rows:
        data = row.data
        values: dict[str, object] = {
            "sessions_possible": data.possible,
            "sessions_attended": data.attended,
            "sessions_excused": data.excused,
            "source": source,
        }
        signal_id = existing.get((row.learner_id, data.period_start, data.period_end))
        if signal_id is not None:
            replaced.append({"id": signal_id, **values})
            continue
        new.append(
            {
                "learner_id": row.learner_id,
                "kind": SignalKind.ATTENDANCE.value,
                "observed_on": data.period_end,
                "period_start": data.period_start,
                **values,
                "subject": "",
                "grade": "",
                "note": "",
                "observed_by": "",
                "created_at": now,
            }
        )
    if new:
        uow.session.execute(insert(WarningSignal), new)
    if replaced:
        uow.session.execute(update(WarningSignal), replaced)
    return len(preview.rows)


def _check_header(positions: dict[str, int], preview: AttendancePreview) -> None:
    has_reference = "reference" in positions
    has_names = {"given_name", "family_name", "date_of_birth"} <= set(positions)
    if not (has_reference or has_names):
        preview.problems.append(
            "The file must say who each row is about: a pupil reference column, or given name, family name "
            "and date of birth columns."
        )
    for needed in ("period_start", "possible"):
        if needed not in positions:
            label = next(c.label for c in COLUMNS if c.name == needed)
            preview.problems.append(f"The file has no {label.lower()} column.")
    if not (
        {"attended"} <= set(positions)
        or {"percent"} <= set(positions)
        or {"excused", "unexcused"} <= set(positions)
    ):
        preview.problems.append(
            "The file must say what was attended: a sessions attended column, an attendance % column, or both "
            "authorised and unauthorised absence columns."
        )


def _check_row(
    line: int, values: dict[str, str], finder: _LearnerFinder, today: date
) -> tuple[str, AttendanceRow | None]:
    learner_id, problem = finder.find(values)
    if learner_id is None:
        return problem, None
    start = parse_date(values.get("period_start", ""))
    if start is None:
        return (
            f"{_quoted(values.get('period_start', ''))} is not a date (write 2026-11-23 or 23/11/2026).",
            None,
        )
    end = start + timedelta(days=4)
    if values.get("period_end"):
        parsed_end = parse_date(values["period_end"])
        if parsed_end is None:
            return f"{_quoted(values['period_end'])} is not a date.", None
        end = parsed_end
    numbers: dict[str, int] = {}
    for name in ("possible", "attended", "excused", "unexcused"):
        text = values.get(name, "")
        if text:
            if not text.isdigit() or len(text) > 6:
                return (
                    f"{name.replace('excused', 'excused absences')} {_quoted(text)} is not a whole number.",
                    None,
                )
            numbers[name] = int(text)
    if "possible" not in numbers:
        return "the possible sessions are missing.", None
    possible = numbers["possible"]
    attended = numbers.get("attended")
    if attended is None and values.get("percent"):
        try:
            percent = float(values["percent"].rstrip("%").strip())
        except ValueError:
            return f"{_quoted(values['percent'])} is not a percentage.", None
        if not 0 <= percent <= 100:
            return f"{_quoted(values['percent'])} is not a percentage from 0 to 100.", None
        attended = round(possible * percent / 100)
    if attended is None and "excused" in numbers and "unexcused" in numbers:
        attended = possible - numbers["excused"] - numbers["unexcused"]
    if attended is None:
        return "it does not say what was attended.", None
    data = AttendanceInput(
        start, end, possible=possible, attended=attended, excused=numbers.get("excused", 0)
    )
    refused = attendance_problem(data, today=today)
    if refused:
        return refused, None
    return "", AttendanceRow(line, learner_id, data)


class _LearnerFinder:
    """Finds a row's learner by reference, or by name and date of birth, from one statement made once."""

    def __init__(self, uow: UnitOfWork) -> None:
        rows = uow.session.execute(
            sql_select(  # five columns: more than sqlmodel's select is typed for
                col(Learner.id),
                col(Learner.school_reference),
                col(Learner.given_name),
                col(Learner.family_name),
                col(Learner.date_of_birth),
            )
        ).all()
        self._by_reference = {_compact(ref): lid for lid, ref, *_ in rows if ref}
        self._by_name: dict[tuple[str, str, date | None], list[int]] = {}
        for lid, _, given, family, born in rows:
            assert lid is not None
            self._by_name.setdefault((_name(given), _name(family), born), []).append(lid)

    def find(self, values: dict[str, str]) -> tuple[int | None, str]:
        reference = values.get("reference", "")
        if reference:
            found = self._by_reference.get(_compact(reference))
            if found is not None:
                return found, ""
            if not values.get("family_name"):
                return (
                    None,
                    f"no learner has the pupil reference {_quoted(reference)}; add it to their profile.",
                )
        given, family = values.get("given_name", ""), values.get("family_name", "")
        born = parse_date(values.get("date_of_birth", ""))
        if not (given and family and born):
            return None, "it needs a pupil reference, or a given name, family name and date of birth."
        matches = self._by_name.get((_name(given), _name(family), born), [])
        if len(matches) == 1:
            return matches[0], ""
        who = f"{_quoted(given)} {_quoted(family)}, born {born:%d/%m/%Y}"
        if not matches:
            return None, f"no learner is called {who}."
        return (
            None,
            f"{len(matches)} learners are called {who}; add their pupil references to tell them apart.",
        )


def _name(text: str) -> str:
    return " ".join(text.casefold().split())


def _quoted(text: str) -> str:
    """A cell quoted back in a problem: control characters shown as codes, cut short."""
    shown = "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in text)
    return f'"{shown if len(shown) <= 40 else shown[:39] + "…"}"'
