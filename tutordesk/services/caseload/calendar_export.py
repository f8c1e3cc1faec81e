"""The calendar export: the caseload's coming dates as an iCalendar file for the tutor's own calendar app.

What goes in: each learner's next plan review (the rule of `services.due`, one per learner), the next meeting
date set at each learner's newest meeting (mentoring contacts are meetings, so they count too), settling-in
meetings, the leaving day and first day of each move, and the next mentoring evaluation. Only learners who
are neither archived nor closed, as on the caseload; cancelled moves and closed relationships leave nothing.

The window: from `include_past_days` before today to `horizon_days` after it. A settling-in meeting not yet
held shows however long ago it fell due (it is still to be done); a held one shows on the day it was held.

What the file says about a learner: the kind of date and the learner's preferred (or given) name with the
first letter of the family name, "Plan review: Zoë Å.", and at most one neutral line of description. Never
a surname, a note, a topic, a need or any special-category column: the file leaves the vault and is often
synchronised to a phone or a cloud calendar.

UIDs are built from the vault's id, the kind and the record's id, so importing a newer export updates the
events of the older one instead of adding copies. The whole list is one statement (plus one for the vault's
id), however many learners and sources.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import text

from tutordesk.documents import ical
from tutordesk.domain.dates import short_date, stored_date
from tutordesk.domain.mentoring_enums import RelationshipMode
from tutordesk.domain.models import VaultInfo, utc_now
from tutordesk.domain.transition_enums import Milestone, TransitionKind
from tutordesk.errors import BadInput, WouldOverwrite
from tutordesk.services.caseload.due_sources import DUE_SOURCES
from tutordesk.vault.export_journal import ExportRecord, write_export
from tutordesk.vault.unit_of_work import UnitOfWork
from tutordesk.vault.vault import Vault

DEFAULT_HORIZON_DAYS = 365
DEFAULT_PAST_DAYS = 30
CALENDAR_NAME = "TutorDesk"
AUDIT_ACTION = "calendar.exported"

#: (kind, SQL) selecting learner_id, record_id, on_date, kind, detail, held. `detail` is never free text
#: typed about a learner: only codes (a milestone, a kind of move, a mentoring mode).
_SOURCES: list[tuple[str, str]] = [
    (
        "review",
        # Exactly the caseload's due rule; the record is the learner, since the next review is not a row yet.
        f"""SELECT learner_id, learner_id AS record_id, due_on AS on_date, 'review' AS kind, '' AS detail,
                   0 AS held
            FROM ({dict(DUE_SOURCES)["review"]})""",
    ),
    (
        "meeting",
        # The next date set at each learner's newest meeting (the later one on the same day), as `due` reads it.
        """SELECT learner_id, id AS record_id, next_on AS on_date, 'meeting' AS kind, '' AS detail, 0 AS held
           FROM (SELECT learner_id, id, next_on, max(held_on || '#' || printf('%012d', id)) AS newest
                 FROM meeting GROUP BY learner_id)
           WHERE next_on IS NOT NULL""",
    ),
    (
        "settling_in",
        """SELECT t.learner_id, s.id AS record_id, coalesce(s.held_on, s.due_on) AS on_date,
                  'settling_in' AS kind, s.milestone AS detail, s.held_on IS NOT NULL AS held
           FROM settling_in_meeting AS s JOIN transition AS t ON t.id = s.transition_id
           WHERE t.status != 'cancelled'""",
    ),
    (
        "leaving",
        """SELECT learner_id, id AS record_id, leaving_on AS on_date, 'leaving' AS kind, kind AS detail, 0 AS held
           FROM transition WHERE status != 'cancelled' AND leaving_on IS NOT NULL""",
    ),
    (
        "first_day",
        """SELECT learner_id, id AS record_id, starts_on AS on_date, 'first_day' AS kind, kind AS detail,
                  0 AS held
           FROM transition WHERE status != 'cancelled' AND starts_on IS NOT NULL""",
    ),
    (
        "mentoring_evaluation",
        """SELECT learner_id, id AS record_id, next_evaluation_on AS on_date, 'mentoring_evaluation' AS kind,
                  mode AS detail, 0 AS held
           FROM mentoring_relationship WHERE status = 'active' AND next_evaluation_on IS NOT NULL""",
    ),
]

#: kind -> (what the summary starts with, the UID's prefix, the category)
_KINDS: dict[str, tuple[str, str, str]] = {
    "review": ("Plan review", "review-learner", "Plan review"),
    "meeting": ("Meeting", "meeting", "Meeting"),
    "settling_in": ("Settling-in meeting", "settling-in", "Settling-in meeting"),
    "leaving": ("Last day before the move", "leaving", "Transition"),
    "first_day": ("First day at the new setting", "first-day", "Transition"),
    "mentoring_evaluation": ("Mentoring evaluation", "mentoring-evaluation", "Mentoring"),
}


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    """One date for the calendar: whose (by id only), what kind, when, and the words the file will carry."""

    learner_id: int
    kind: str
    on: date
    uid: str
    summary: str
    description: str
    category: str

    def as_ical(self) -> ical.Event:
        return ical.Event(
            uid=self.uid,
            starts=self.on,
            summary=self.summary,
            description=self.description,
            categories=(CALENDAR_NAME, self.category),
        )


@dataclass(frozen=True, slots=True)
class CalendarExport:
    path: Path
    events: list[CalendarEvent]
    sha256: str


@cache
def _statement() -> Any:
    union = "\nUNION ALL\n".join(f"SELECT * FROM ({sql})" for _, sql in _SOURCES)
    return text(
        f"""SELECT e.learner_id, e.record_id, e.on_date, e.kind, e.detail, e.held,
                   l.preferred_name, l.given_name, l.family_name
            FROM ({union}) AS e JOIN learner AS l ON l.id = e.learner_id
            WHERE l.archived_at IS NULL AND l.status != 'closed'
              AND e.on_date <= :until
              AND (e.on_date >= :since OR (e.kind = 'settling_in' AND NOT e.held))
            ORDER BY e.on_date, e.kind, e.learner_id, e.record_id"""
    )


def calendar_events(
    uow: UnitOfWork,
    *,
    today: date,
    horizon_days: int = DEFAULT_HORIZON_DAYS,
    include_past_days: int = DEFAULT_PAST_DAYS,
) -> list[CalendarEvent]:
    """The dates from `include_past_days` before today to `horizon_days` after it, earliest first."""
    if horizon_days < 0 or include_past_days < 0:
        raise BadInput("The number of days to include cannot be negative.")
    domain = f"{_vault_id(uow)}.tutordesk"
    parameters = {
        "since": (today - timedelta(days=include_past_days)).isoformat(),
        "until": (today + timedelta(days=horizon_days)).isoformat(),
    }
    events = []
    for row in uow.connection().execute(_statement(), parameters):
        learner_id, record_id, on_date, kind, detail, held, preferred, given, family = row
        lead, uid_prefix, category = _KINDS[kind]
        if kind == "mentoring_evaluation":
            lead = f"{_mode_label(detail)} evaluation"
        events.append(
            CalendarEvent(
                learner_id=int(learner_id),
                kind=kind,
                on=stored_date(on_date),
                uid=f"{uid_prefix}-{int(record_id)}@{domain}",
                summary=f"{lead}: {first_name_and_initial(preferred, given, family)}",
                description=_description(kind, detail, bool(held)),
                category=category,
            )
        )
    return events


def export_calendar(
    uow: UnitOfWork,
    *,
    target: Path,
    today: date,
    overwrite: bool = False,
    horizon_days: int = DEFAULT_HORIZON_DAYS,
    include_past_days: int = DEFAULT_PAST_DAYS,
    now: datetime | None = None,
) -> CalendarExport:
    """Write the calendar to `target` atomically and record the export in the audit log (the caller commits).

    An existing file is replaced only with `overwrite`; with nothing to put in the calendar no file is written.
    """
    if not target.parent.is_dir():
        raise BadInput(f"There is no folder {target.parent} to write the calendar in.")
    if target.exists() and not overwrite:
        raise _would_overwrite(target)
    events = calendar_events(uow, today=today, horizon_days=horizon_days, include_past_days=include_past_days)
    if not events:
        since = today - timedelta(days=include_past_days)
        until = today + timedelta(days=horizon_days)
        raise BadInput(
            f"Nothing is planned between {short_date(since)} and {short_date(until)}, so no calendar file was written."
        )
    data = ical.calendar_bytes(
        (event.as_ical() for event in events), now=now or utc_now(), name=CALENDAR_NAME
    )
    digest = hashlib.sha256(data).hexdigest()
    learner_ids = sorted({event.learner_id for event in events})
    record = ExportRecord(
        AUDIT_ACTION,
        subject=",".join(f"learner:{learner_id}" for learner_id in learner_ids),
        purpose="the tutor's own calendar",
        detail={"events": len(events), "sha256": digest, "days": horizon_days},
    )
    try:
        write_export(uow, target=target, data=data, record=record, overwrite=overwrite)
    except FileExistsError as error:  # it appeared after the check above
        raise _would_overwrite(target) from error
    uow.session.flush()
    return CalendarExport(target, events, digest)


def first_name_and_initial(preferred: str | None, given: str | None, family: str | None) -> str:
    """ "Zoë Å." from preferred or given name "Zoë" and family name "Åberg": never the whole family name."""
    first = unicodedata.normalize("NFC", (preferred or "").strip() or (given or "").strip())
    initial = _first_character(unicodedata.normalize("NFC", (family or "").strip()))
    return f"{first} {initial}.".strip() if initial else first


def _first_character(name: str) -> str:
    # The first letter with any combining marks after it, so a decomposed "Å" keeps its ring.
    if not name:
        return ""
    end = 1
    while end < len(name) and unicodedata.combining(name[end]):
        end += 1
    return name[:end]


def _description(kind: str, detail: str, held: bool) -> str:
    if kind == "review":
        return "The next review of the plan"
    if kind == "meeting":
        return "The date agreed at the last meeting"
    if kind == "settling_in":
        when = Milestone(detail).label.lower() if detail in set(Milestone) else "after the move"
        return f"Settling-in meeting {when}" + (" (held)" if held else "")
    if kind in ("leaving", "first_day"):
        return TransitionKind(detail).label if detail in set(TransitionKind) else ""
    if kind == "mentoring_evaluation":
        return "A look back at the targets together"
    return ""


def _mode_label(mode: str) -> str:
    return RelationshipMode(mode).label if mode in set(RelationshipMode) else RelationshipMode.MENTORING.label


def _vault_id(uow: UnitOfWork) -> str:
    row = uow.session.get(VaultInfo, "vault_id")
    if row is None or not row.value.strip():
        raise BadInput("This vault has no id to build calendar entries from; run `tutordesk check`.")
    return row.value.strip()


def _would_overwrite(target: Path) -> WouldOverwrite:
    return WouldOverwrite(f"{target} already exists, so it was not replaced; choose another name.")


def save_calendar_file(vault: Vault, *, target: Path, today: date, overwrite: bool) -> CalendarExport:
    """Export the calendar to `target` (see `export_calendar`) in one committed unit of work of `vault`."""
    with vault.unit_of_work() as uow:
        result = export_calendar(uow, target=target, today=today, overwrite=overwrite)
        uow.commit()
    return result
