"""`tutordesk export calendar`, run as the real command in a child process on a demo vault."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import icalendar
from sqlmodel import select

from tests.cli.support import assert_ok, error_line
from tests.conftest import make_closed_vault, open_vault, run_cli
from tutordesk.domain.models import AuditEntry, Learner
from tutordesk.errors import ExitCode


def _calendar_audit(path: Path) -> tuple[list[AuditEntry], list[str]]:
    with open_vault(path) as vault, vault.unit_of_work() as uow:
        rows = list(
            uow.session.exec(select(AuditEntry).where(AuditEntry.action == "calendar.exported")).all()
        )
        family_names = [learner.family_name for learner in uow.session.exec(select(Learner)).all()]
    return rows, family_names


def test_export_writes_a_calendar_refuses_to_overwrite_and_logs_each_export(tmp_path: Path) -> None:
    vault = make_closed_vault(tmp_path / "v" / "x.vault", learners=8)
    out = tmp_path / "out" / "caseload.ics"
    out.parent.mkdir()
    home = tmp_path / "home"

    first = run_cli("--vault", str(vault), "export", "calendar", "--out", str(out), home=home)
    assert_ok(first)
    data = out.read_bytes()
    events = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert events, "a demo vault has dates to export"
    assert f"Wrote {len(events)} calendar event" in first.stdout
    assert "first name and the initial" in first.stdout
    rows, family_names = _calendar_audit(vault)
    assert len(rows) == 1
    assert rows[0].artifact_sha256 == hashlib.sha256(data).hexdigest()
    assert json.loads(rows[0].detail)["events"] == len(events)
    unfolded = data.replace(b"\r\n ", b"").decode("utf-8")
    for name in family_names:
        assert f" {name}" not in unfolded and name not in rows[0].subject + rows[0].detail

    # An existing file is refused without --force, as `export contract` refuses: exit 5, the file untouched.
    again = run_cli("--vault", str(vault), "export", "calendar", "--out", str(out), home=home)
    assert "--force" in error_line(again, ExitCode.REFUSED)
    assert out.read_bytes() == data
    assert len(_calendar_audit(vault)[0]) == 1

    forced = run_cli("--vault", str(vault), "export", "calendar", "--out", str(out), "--force", home=home)
    assert_ok(forced)
    replaced = icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert sorted(str(e["UID"]) for e in replaced) == sorted(str(e["UID"]) for e in events)
    assert len(_calendar_audit(vault)[0]) == 2
    assert sorted(p.name for p in out.parent.iterdir()) == ["caseload.ics"]  # no temporary file left


def test_bad_options_are_plain_errors(tmp_path: Path) -> None:
    vault = make_closed_vault(tmp_path / "v" / "x.vault")
    home = tmp_path / "home"
    missing = run_cli(
        "--vault", str(vault), "export", "calendar", "--out", str(tmp_path / "nowhere" / "c.ics"), home=home
    )
    assert "no folder" in error_line(missing, ExitCode.BAD_INPUT)
    negative = run_cli(
        "--vault",
        str(vault),
        "export",
        "calendar",
        "--out",
        str(tmp_path / "c.ics"),
        "--days",
        "-3",
        home=home,
    )
    assert "--days" in error_line(negative, ExitCode.BAD_INPUT)
    # An empty vault has nothing to put in a calendar: said plainly, and no file is written.
    empty = run_cli("--vault", str(vault), "export", "calendar", "--out", str(tmp_path / "c.ics"), home=home)
    assert "no calendar file was written" in error_line(empty, ExitCode.BAD_INPUT)
    assert not (tmp_path / "c.ics").exists()
