"""`tutordesk learners list` as a table lines up names in any script, and the docs' tables hold together."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.support import assert_ok
from tests.conftest import make_closed_vault, run_cli
from tutordesk.cli.learners import display_width, pad
from tutordesk.paths import VAULT_FILE_NAME

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_wide_characters_take_two_columns() -> None:
    assert display_width("Ada") == 3
    assert display_width("王小明") == 6
    assert display_width("Zoë") == 3 and display_width("Zoe\u0308") == 3  # the diaeresis alone or combined
    assert display_width("Mia 🌟") == 6
    assert pad("王小明", 8) == "王小明  " and pad("Ada", 8) == "Ada     "


def test_the_table_lines_up_with_a_chinese_name(tmp_path: Path) -> None:
    home = tmp_path / "home"
    make_closed_vault(home / "data" / VAULT_FILE_NAME)
    csv_file = tmp_path / "names.csv"
    csv_file.write_text(
        "given_name,family_name,status\n小明,王,at_risk\nAda,Ashcombe,re_engaging\nMia 🌟,Zoë,at_risk\n",
        encoding="utf-8",
    )
    assert_ok(run_cli("import", "learners", str(csv_file), home=home))

    result = run_cli("learners", "list", home=home)

    assert_ok(result)
    lines = result.stdout.splitlines()[:4]
    assert lines[0].startswith("ID") and any("王" in line for line in lines)
    status_columns = set()
    for line in lines:
        status = next(word for word in ("Status", "At risk", "Re-engaging") if word in line)
        status_columns.add(display_width(line[: line.index(status)]))
    assert len(status_columns) == 1, lines


@pytest.mark.parametrize("page", sorted(DOCS.glob("*.md")), ids=lambda path: path.name)
def test_no_table_in_the_docs_is_broken_by_a_blank_line(page: Path) -> None:
    lines = page.read_text(encoding="utf-8").splitlines()
    for number in range(1, len(lines) - 1):
        if not lines[number].strip():
            assert not (lines[number - 1].startswith("|") and lines[number + 1].startswith("|")), (
                f"{page.name}: a blank line at line {number + 1} splits a table in two"
            )
