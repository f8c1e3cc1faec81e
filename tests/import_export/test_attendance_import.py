"""Importing attendance from a school's CSV: matched by pupil reference or by name and date of birth, all
rows or none with every bad row named, idempotent, through the service and the real command; the documented
columns stay in step with the code."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import select

from tests.conftest import REPO, make_closed_vault, open_vault, run_cli
from tests.support.builders import add_learner
from tutordesk.domain.changes import RecordKind
from tutordesk.domain.followup_models import WarningSignal
from tutordesk.errors import BadInput
from tutordesk.services.followup import attendance_import, signals
from tutordesk.vault.vault import Vault

TODAY = date(2026, 11, 27)


@pytest.fixture
def learners(vault: Vault) -> tuple[int, int]:
    first = add_learner(vault, "Ada", "Ashcombe", date_of_birth=date(2009, 5, 31), school_reference="A123")
    second = add_learner(vault, "Ben", "Brook", date_of_birth=date(2009, 1, 2))
    return first, second


def _preview(vault: Vault, text: str) -> attendance_import.AttendancePreview:
    with vault.unit_of_work() as uow:
        return attendance_import.preview_attendance_csv(uow, data=text.encode("utf-8"), today=TODAY)


def _import(vault: Vault, text: str) -> int:
    with vault.unit_of_work() as uow:
        preview = attendance_import.preview_attendance_csv(uow, data=text.encode("utf-8"), today=TODAY)
        count = attendance_import.import_attendance(uow, preview=preview, today=TODAY)
        uow.commit()
    return count


SIMS_LIKE = """UPN,Legal Surname,Legal Forename,DOB,Week beginning,Possible sessions,Present + AEA,Authorised absences
A123,,,,16/11/2026,10,8,1
,Brook,Ben,02/01/2009,16/11/2026,10,10,0
"""


def test_rows_find_their_learner_by_reference_or_by_name_and_birth(
    vault: Vault, learners: tuple[int, int]
) -> None:
    with vault.unit_of_work() as uow:
        preview = attendance_import.preview_attendance_csv(uow, data=SIMS_LIKE.encode(), today=TODAY)
        assert attendance_import.import_attendance(uow, preview=preview, today=TODAY) == 2
        uow.commit()
    # The window re-reads exactly these learners' signals: the bulk write says whom it reached.
    assert uow.changes.learners == frozenset(learners) and RecordKind.SIGNAL in uow.changes.kinds
    with vault.unit_of_work() as uow:
        ada = signals.learner_signals(uow, learner_id=learners[0])
        ben = signals.learner_signals(uow, learner_id=learners[1])
    assert ada[0].summary == "Attended 8 of 10 sessions (80%), 16 Nov to 20 Nov 2026; 1 excused"
    assert ada[0].source == "Imported on 2026-11-27"
    assert ben[0].percent == 100
    assert _import(vault, SIMS_LIKE) == 2  # the same file again replaces, never doubles
    with vault.unit_of_work() as uow:
        assert len(signals.learner_signals(uow, learner_id=learners[0])) == 1


def test_a_percentage_or_the_absences_stand_for_sessions_attended(
    vault: Vault, learners: tuple[int, int]
) -> None:
    _import(vault, "Pupil reference;From;To;Possible;Attendance %\nA123;2026-11-02;2026-11-13;20;85%\n")
    _import(vault, "upn,from,possible,auth abs,unauth abs\nA123,2026-11-16,10,1,2\n")
    with vault.unit_of_work() as uow:
        views = signals.learner_signals(uow, learner_id=learners[0])
    assert [v.summary.split(" (")[0] for v in views] == [
        "Attended 7 of 10 sessions",
        "Attended 17 of 20 sessions",
    ]


def test_one_bad_row_refuses_the_whole_file_and_names_every_bad_row(
    vault: Vault, learners: tuple[int, int]
) -> None:
    text = (
        "UPN,Surname,Forename,DOB,From,Possible,Present\n"
        "A123,,,,2026-11-16,10,8\n"
        "Z999,,,,2026-11-16,10,8\n"
        ",Brook,Ben,2009-01-02,2026-02-30,10,8\n"
        ",Nobody,Nina,2009-01-02,2026-11-16,10,8\n"
        "A123,,,,2026-11-09,10,12\n"
        "A123,,,,2026-11-16,10,9\n"
        "A123,,,,2027-01-04,10,9\n"
        "A123,,,,2026-11-02,ten,9\n"
    )
    preview = _preview(vault, text)
    assert not preview.importable
    assert preview.problems == [
        'Line 3: no learner has the pupil reference "Z999"; add it to their profile.',
        'Line 4: "2026-02-30" is not a date (write 2026-11-23 or 23/11/2026).',
        'Line 5: no learner is called "Nina" "Nobody", born 02/01/2009.',
        "Line 6: Sessions attended must be from 0 to the 10 possible.",
        "Line 7: the same learner and period as line 2; keep one.",
        "Line 8: The period ends on 8 January 2027, which has not come yet.",
        'Line 9: possible "ten" is not a whole number.',
    ]
    with vault.unit_of_work() as uow, pytest.raises(BadInput, match="Nothing was imported"):
        attendance_import.import_attendance(uow, preview=preview, today=TODAY)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("From,Possible,Present\n2026-11-16,10,8\n", "must say who each row is about"),
        ("UPN,Possible,Present\nA123,10,8\n", "no from column"),
        ("UPN,From,Possible\nA123,2026-11-16,10\n", "must say what was attended"),
        ("UPN,From,Possible,Present\n", "no attendance rows under it"),
        ("", "The file is empty"),
    ],
)
def test_files_that_cannot_be_read_say_why(
    vault: Vault, learners: tuple[int, int], text: str, problem: str
) -> None:
    assert any(problem in p for p in _preview(vault, text).problems)


def test_two_learners_of_the_same_name_and_birth_need_references(vault: Vault) -> None:
    for _ in range(2):
        add_learner(vault, "Kai", "Ashcombe", date_of_birth=date(2009, 3, 3))
    preview = _preview(
        vault, "Forename,Surname,DOB,From,Possible,Present\nKai,Ashcombe,03/03/2009,2026-11-16,10,9\n"
    )
    assert preview.problems == [
        'Line 2: 2 learners are called "Kai" "Ashcombe", born 03/03/2009; add their pupil references to tell them apart.'
    ]


def test_the_command_imports_all_or_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    vault_path = make_closed_vault(home / "data" / "vault.tutordesk")
    with open_vault(vault_path) as vault:
        add_learner(vault, "Ada", "Ashcombe", school_reference="A123")
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text("UPN,From,Possible,Present\nA123,2026-11-16,10,8\n", encoding="utf-8")
    bad.write_text("UPN,From,Possible,Present\nA123,2026-11-16,10,8\nB9,2026-11-16,10,8\n", encoding="utf-8")
    refused = run_cli("--vault", str(vault_path), "import", "attendance", str(bad), home=home)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert 'Line 3: no learner has the pupil reference "B9"' in refused.stderr
    assert refused.stderr.strip().splitlines()[-1].startswith("tutordesk: Nothing was imported from bad.csv")
    dry = run_cli("--vault", str(vault_path), "import", "attendance", str(good), "--dry-run", home=home)
    assert dry.returncode == 0 and "1 row ready" in dry.stdout
    done = run_cli("--vault", str(vault_path), "import", "attendance", str(good), home=home)
    assert done.returncode == 0 and "Imported 1 row of attendance." in done.stdout
    with open_vault(vault_path) as vault, vault.unit_of_work() as uow:
        assert len(uow.session.exec(select(WarningSignal)).all()) == 1


def test_the_guide_lists_exactly_the_columns_the_code_reads() -> None:
    guide = (REPO / "docs" / "attendance-import.md").read_text(encoding="utf-8")
    documented = dict(re.findall(r"^\| `(\w+)` \| ([^|]+) \|", guide, flags=re.MULTILINE))
    assert list(documented) == [c.name for c in attendance_import.COLUMNS]
    for column in attendance_import.COLUMNS:
        assert documented[column.name].strip() == ", ".join((column.label, *column.aliases))
