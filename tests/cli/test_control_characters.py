"""Control characters (escape sequences, bell, NUL, CR/LF, C1, bidirectional overrides) through the real
`tutordesk` command: refused in names with the CSV line and column named (the whole file refused), removed
from other single-line fields, kept as tabs and line breaks only in notes, and escaped wherever a command
prints text to a terminal, so a crafted file or record cannot drive the terminal."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from tests.cli.support import assert_ok, error_line, no_traceback
from tests.conftest import make_closed_vault, open_vault, run_cli
from tests.import_export.conftest import learner_count
from tutordesk.domain.models import Learner
from tutordesk.errors import ExitCode
from tutordesk.paths import VAULT_FILE_NAME

ESC = "\x1b"
RLO = "\u202e"
# Every character the terminal would obey rather than show; none may reach standard output or error raw.
RAW = (ESC, "\x07", "\x00", "\x9b", RLO, "\u2066", "\x08")


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    make_closed_vault(home / "data" / VAULT_FILE_NAME)
    return home


def _vault(home: Path) -> Path:
    return home / "data" / VAULT_FILE_NAME


def _write_csv(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


def _assert_nothing_raw(*texts: str) -> None:
    for text in texts:
        for char in RAW:
            assert char not in text, f"{char!r} reached the terminal in {text!r}"


def test_control_characters_in_names_refuse_the_whole_file_naming_line_and_column(
    home: Path, tmp_path: Path
) -> None:
    csv = _write_csv(
        tmp_path / "crafted.csv",
        "family_name,given_name,preferred_name,setting\r\n"
        "Okafor,Ada,,Northgate\r\n"  # a good row: imported only if every row is
        f"Brook,Ben{ESC}[2J{ESC}[H,,Northgate\r\n"
        f"Ca{RLO}lvert,Cleo,,Northgate\r\n"
        f"Dane,Dev,D\x07ev,Northgate\r\n"
        f'Eve,"Ez\r\nra",,Northgate\r\n',
    )
    result = run_cli("import", "learners", str(csv), home=home)

    no_traceback(result)
    assert result.returncode == ExitCode.BAD_INPUT, result.stderr
    lines = result.stderr.splitlines()
    assert lines[:4] == [
        "line 3: the given name (column 2) holds an invisible control character (U+001B, escape); remove it",
        "line 4: the family name (column 1) holds an invisible control character "
        "(U+202E, right-to-left override); remove it",
        "line 5: the preferred name (column 3) holds an invisible control character (U+0007, bell); remove it",
        "line 6: the given name (column 2) holds an invisible control character "
        "(U+000D, carriage return); remove it",
    ]
    assert (
        lines[-1] == "tutordesk: 4 of 5 rows have problems; fix the file and try again; nothing was imported."
    )
    _assert_nothing_raw(result.stdout, result.stderr)
    with open_vault(_vault(home)) as vault:
        assert learner_count(vault) == 0


def test_control_characters_in_other_fields_are_removed_and_notes_keep_their_lines(
    home: Path, tmp_path: Path
) -> None:
    csv = _write_csv(
        tmp_path / "fields.csv",
        "given_name,family_name,setting,programme,year_or_stage,notes\n"
        f'Ada,Okafor,North\x07gate{ESC}[31m,Level{RLO} 2,"Year\t11",'
        f'"First line\r\nsecond\tline{ESC}[2J\x7f"\n',
    )
    result = run_cli("import", "learners", str(csv), home=home)

    assert_ok(result)
    _assert_nothing_raw(result.stdout, result.stderr)
    with open_vault(_vault(home)) as vault, vault.unit_of_work() as uow:
        (learner,) = uow.session.exec(select(Learner)).all()
        assert learner.setting == "Northgate[31m"  # the escape removed; what is left is plain text
        assert learner.programme == "Level 2"
        assert learner.year_or_stage == "Year 11"
        assert learner.notes == "First line\nsecond\tline[2J"


def test_learners_list_escapes_control_characters_of_records_saved_before(home: Path) -> None:
    with open_vault(_vault(home)) as vault, vault.unit_of_work() as uow:
        # As an older TutorDesk could have saved them: straight into the table, past today's checks.
        uow.session.add(
            Learner(given_name=f"Ada{ESC}]0;owned\x07", family_name=f"Ok{RLO}afor", setting="N\x9bX")
        )
        uow.commit()

    result = run_cli("learners", "list", home=home)

    assert_ok(result)
    _assert_nothing_raw(result.stdout, result.stderr)
    assert "Ada\\x1b]0;owned\\x07 Ok\\u202eafor" in result.stdout
    assert "N\\x9bX" in result.stdout


def test_the_import_preview_escapes_file_names_and_headers(home: Path, tmp_path: Path) -> None:
    csv = _write_csv(
        tmp_path / f"list{ESC}[2J.csv",
        f"given_name,family_name,{ESC}]0;title\x07note\nAda,Okafor,x\n",
    )
    result = run_cli("import", "learners", "--dry-run", str(csv), home=home)

    assert_ok(result)
    _assert_nothing_raw(result.stdout, result.stderr)
    assert result.stdout.splitlines()[0].startswith("list\\x1b[2J.csv: 1 row ready")
    assert "These columns are not imported and will be left out: \\x1b]0;title\\x07note." in result.stdout


def test_an_error_naming_a_path_with_a_line_break_stays_one_escaped_line(home: Path, tmp_path: Path) -> None:
    missing = tmp_path / f"no\nsuch{ESC}[2J.csv"
    result = run_cli("import", "learners", str(missing), home=home)

    line = error_line(result, ExitCode.BAD_INPUT)
    assert "no\\nsuch\\x1b[2J.csv" in line
    _assert_nothing_raw(result.stderr)
