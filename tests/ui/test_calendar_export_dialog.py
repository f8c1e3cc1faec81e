"""File → Export calendar: the save dialog and the message boxes are answered by the test, never shown."""

from __future__ import annotations

import errno
import os
from datetime import date
from pathlib import Path

import icalendar
import pytest
from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlmodel import select

from tutordesk.domain.models import AuditEntry, Learner, Meeting
from tutordesk.ui.caseload import calendar_export_dialog
from tutordesk.ui.caseload.calendar_export_dialog import (
    DEFAULT_NAME,
    default_target,
    export_calendar_interactive,
    save_calendar,
)
from tutordesk.vault.vault import Vault

TODAY = date(2026, 11, 20)


@pytest.fixture
def with_dates(vault: Vault) -> Vault:
    with vault.unit_of_work() as uow:
        for given, family, next_on in (
            ("Zoë", "Åberg", date(2026, 11, 24)),
            ("Sam", "Keller", date(2026, 12, 2)),
        ):
            learner = Learner(given_name=given, family_name=family, health_notes="CANARY-HEALTH")
            uow.session.add(learner)
            uow.session.flush()
            uow.session.add(
                Meeting(
                    learner_id=learner.id or 0,
                    held_on=date(2026, 11, 10),
                    next_on=next_on,
                    notes="CANARY-NOTE",
                )
            )
        uow.commit()
    return vault


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, str]]:
    shown: list[tuple[str, str, str]] = []

    def recorder(kind: str):  # type: ignore[no-untyped-def]
        def show(_parent, title, text, *args, **kwargs):  # type: ignore[no-untyped-def]
            shown.append((kind, title, text))
            return QMessageBox.StandardButton.Ok

        return show

    monkeypatch.setattr(QMessageBox, "information", recorder("information"))
    monkeypatch.setattr(QMessageBox, "warning", recorder("warning"))
    return shown


def _exports(vault: Vault) -> int:
    with vault.unit_of_work() as uow:
        return len(uow.session.exec(select(AuditEntry).where(AuditEntry.action == "calendar.exported")).all())


def test_saving_to_a_chosen_path_says_how_many_events_and_how_names_appear(
    with_dates: Vault, out: Path
) -> None:
    outcome = save_calendar(with_dates, out / "mine.ics", TODAY, overwrite=False)
    assert outcome.path == out / "mine.ics" and outcome.events == 2
    assert outcome.title == "Calendar exported"
    assert "Saved 2 events to mine.ics" in outcome.message
    assert "first name and the first letter of their family name" in outcome.message
    data = (out / "mine.ics").read_bytes()
    summaries = sorted(str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(data).walk("VEVENT"))
    assert summaries == ["Meeting: Sam K.", "Meeting: Zoë Å."]
    assert b"CANARY" not in data and "Åberg".encode() not in data and b"Keller" not in data
    assert _exports(with_dates) == 1


def test_a_full_disk_is_a_plain_message_and_leaves_nothing(
    with_dates: Vault, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fsync = os.fsync

    def full(fd: int) -> None:
        # Only the calendar's temporary file is refused; anything else is synced as usual.
        if ".mine.ics." in os.readlink(f"/proc/self/fd/{fd}"):
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc to tell which file is being synced")
    monkeypatch.setattr(os, "fsync", full)
    outcome = save_calendar(with_dates, out / "mine.ics", TODAY, overwrite=False)
    monkeypatch.undo()
    assert outcome.path is None and outcome.title == "Calendar not exported"
    assert "full" in outcome.message and "nothing was changed" in outcome.message
    assert "Zoë" not in outcome.message and "Åberg" not in outcome.message
    assert list(out.iterdir()) == []  # neither the file nor its temporary sibling
    assert _exports(with_dates) == 0  # nothing left the vault, so nothing is in the audit log


def test_a_read_only_folder_is_a_plain_message(with_dates: Vault, out: Path) -> None:
    out.chmod(0o555)
    try:
        if os.access(out, os.W_OK):
            pytest.skip("permissions do not bind this user (root); tests/faults covers read-only folders")
        outcome = save_calendar(with_dates, out / "mine.ics", TODAY, overwrite=False)
    finally:
        out.chmod(0o755)
    assert outcome.path is None and "may not write" in outcome.message
    assert list(out.iterdir()) == []


def test_the_menu_action_offers_documents_and_completes_the_suffix(
    qtbot: QtBot, with_dates: Vault, out: Path, monkeypatch: pytest.MonkeyPatch, messages: list
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    offered: list[str] = []

    def choose(_parent, _title, default, _filter, *args, **kwargs):  # type: ignore[no-untyped-def]
        offered.append(default)
        return str(out / "my calendar"), "Calendar files (*.ics)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    saved = export_calendar_interactive(parent, with_dates, TODAY)
    assert saved == out / "my calendar.ics" and saved.exists()
    [default] = offered
    assert Path(default).name == DEFAULT_NAME == "tutordesk-calendar.ics"
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    assert Path(default).parent in (Path(documents), Path.home())
    assert Path(default) == default_target()
    [(kind, title, text)] = messages
    assert kind == "information" and "2 events" in text and "first name" in text

    # The dialog never asked about "my calendar.ics" (it showed "my calendar"), so that file is not replaced.
    before = saved.read_bytes()
    messages.clear()
    assert export_calendar_interactive(parent, with_dates, TODAY) is None
    [(kind, title, text)] = messages
    assert kind == "warning" and "already exists" in text and "--force" not in text
    assert saved.read_bytes() == before


def test_a_file_chosen_in_the_dialog_is_replaced_and_cancel_does_nothing(
    qtbot: QtBot, with_dates: Vault, out: Path, monkeypatch: pytest.MonkeyPatch, messages: list
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    target = out / "tutordesk-calendar.ics"
    target.write_text("an older export")
    answers = iter([(str(target), ""), ("", "")])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: next(answers))
    # The save dialog itself asked "replace it?" before returning an existing name.
    assert export_calendar_interactive(parent, with_dates, TODAY) == target
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert export_calendar_interactive(parent, with_dates, TODAY) is None  # cancelled
    assert [kind for kind, _, _ in messages] == ["information"]
    assert _exports(with_dates) == 1
    assert calendar_export_dialog.SUFFIX == ".ics"
