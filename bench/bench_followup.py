"""Follow-up figures, each against a raw floor measured in the same run (run them with bench/run.py).

- attendance_import_1000: a school's attendance file of 1,000 rows (each learner with a date of birth,
  week after week, matched by name and date of birth) read, checked against the vault's learners and
  written through `attendance_import` (preview and import in one unit of work), then rolled back; floor:
  the same 1,000 rows inserted with one `executemany` on a bare sqlcipher3 connection, then rolled back.
  Rolling back both sides keeps a kept vault as it was built and leaves the fsync of a commit out of both.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from bench.floors import raw_connection
from bench.scales import BuiltVault
from bench.timing import Figure, Options, ms, paired
from tutordesk.domain.models import Learner
from tutordesk.services.followup import attendance_import
from tutordesk.vault.vault import Vault

ROWS = 1000


def followup_figures(built: BuiltVault, vault: Vault, options: Options, today: date) -> list[Figure]:
    with vault.unit_of_work() as uow:
        people = uow.session.execute(
            select(Learner.given_name, Learner.family_name, Learner.date_of_birth, Learner.id)
            .where(Learner.date_of_birth.is_not(None))  # type: ignore[union-attr]
            .order_by(Learner.id)
        ).all()
    # One row per distinct learner (the name and date of birth must say who), week after week back from today.
    unique: dict[tuple[str, str, date], int] = {}
    for given, family, born, learner_id in people:
        key = (given.casefold(), family.casefold(), born)
        unique[key] = -1 if key in unique else learner_id
    chosen = [(g, f, b, i) for g, f, b, i in people if unique[(g.casefold(), f.casefold(), b)] == i]
    weeks = -(-ROWS // len(chosen))
    monday = today - timedelta(days=today.weekday() + 7)
    lines = ["Forename,Surname,DOB,Week beginning,Possible sessions,Present,Authorised absences"]
    values = []
    for week in range(weeks):
        start = monday - timedelta(weeks=week)
        for given, family, born, learner_id in chosen:
            if len(lines) > ROWS:
                break
            attended = 10 - (learner_id + week) % 4
            lines.append(f"{given},{family},{born:%d/%m/%Y},{start:%d/%m/%Y},10,{attended},{10 - attended}")
            values.append((learner_id, start + timedelta(days=4), start.isoformat(), attended, 10 - attended))
    data = ("\n".join(lines) + "\n").encode("utf-8")
    raw = raw_connection(built.path, bytes(vault.key_bytes()))

    def service() -> None:
        with vault.unit_of_work() as uow:
            preview = attendance_import.preview_attendance_csv(uow, data=data, today=today)
            assert preview.importable, preview.problems[:3]
            attendance_import.import_attendance(uow, preview=preview, today=today)
            uow.session.flush()
            uow.rollback()

    def floor() -> None:
        raw.execute("BEGIN")
        raw.executemany(
            "INSERT INTO warning_signal (learner_id, kind, observed_on, period_start, sessions_possible,"
            " sessions_attended, sessions_excused, subject, grade, note, source, observed_by, created_at)"
            " VALUES (?, 'attendance', ?, ?, 10, ?, ?, '', '', '', 'raw', '', '2026-01-01 00:00:00')",
            [(i, end.isoformat(), start, a, e) for i, end, start, a, e in values],
        )
        raw.execute("ROLLBACK")

    try:
        measured, floors = paired(service, floor, options.repeat, min_seconds=options.min_seconds)
    finally:
        raw.close()
    options.profile_action("attendance_import_1000", service)
    return [
        Figure(
            "attendance_import_1000",
            built.scale.name,
            ms(measured),
            ms(floors),
            note=f"{len(values)} rows, {len(chosen)} learners x {weeks} weeks",
        )
    ]
