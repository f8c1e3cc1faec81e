"""docs/csv-import.md stays true: it lists every column with every header name the import accepts, and its
example file imports cleanly."""

from __future__ import annotations

import re

from tests.conftest import REPO
from tutordesk.services.learners.csv_import import COLUMNS, TermLookup, read_caseload_csv
from tutordesk.services.learners.csv_text import MAX_FILE_BYTES

GUIDE = REPO / "docs" / "csv-import.md"


def _table_rows() -> dict[str, list[str]]:
    rows = {}
    for line in GUIDE.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\| `(\w+)` \| (yes|no) \| ([^|]*) \|", line)
        if match:
            rows[match[1]] = [match[2], match[3]]
    return rows


def test_every_column_is_documented_with_its_header_names_and_whether_it_is_required() -> None:
    table = _table_rows()
    assert list(table) == [column.name for column in COLUMNS]
    for column in COLUMNS:
        required, names = table[column.name]
        assert required == ("yes" if column.required else "no"), column.name
        documented = {name.strip() for name in names.split(",")}
        assert set(column.aliases) <= documented, (column.name, set(column.aliases) - documented)


def test_the_size_limit_in_the_guide_is_the_real_one() -> None:
    assert f"**{MAX_FILE_BYTES // (1024 * 1024)} MB**" in GUIDE.read_text(encoding="utf-8")


def test_the_example_file_in_the_guide_imports_cleanly(vault_terms: TermLookup) -> None:
    text = GUIDE.read_text(encoding="utf-8")
    example = re.search(r"```csv\n(.*?)```", text, re.S)
    assert example is not None
    preview = read_caseload_csv(example[1].encode("utf-8"), terms=vault_terms)
    assert preview.ok, [(row.line_number, row.problems) for row in preview.rows]
    assert [row.values["given_name"] for row in preview.rows] == ["Ada", "Bram", "Cleo"]
    assert not preview.warnings
