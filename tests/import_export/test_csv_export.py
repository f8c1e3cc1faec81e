"""CSV export: formula-looking cells are defused (OWASP CSV Injection), and Excel gets UTF-8 with a BOM."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import make_closed_vault, open_vault
from tutordesk.domain.enums import LearnerStatus
from tutordesk.domain.models import Learner, sensitive_columns
from tutordesk.services.caseload.rows import CaseloadRow, list_caseload
from tutordesk.services.learners.csv_export import CASELOAD_HEADER, caseload_csv, neutralise_cell, write_csv


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+44 7700 900123", "'+44 7700 900123"),
        ("-3", "'-3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ('=HYPERLINK("http://example.invalid","Click")', '\'=HYPERLINK("http://example.invalid","Click")'),
        ("Ada Ashcombe", "Ada Ashcombe"),
        ("O'Neil", "O'Neil"),
        ("Year 1 = good", "Year 1 = good"),
        ("", ""),
    ],
)
def test_neutralise_cell(cell: str, expected: str) -> None:
    assert neutralise_cell(cell) == expected


def _parse(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_write_csv_is_utf8_with_bom_and_crlf() -> None:
    data = write_csv([("Zoé", 'says "hi", twice')], ("name", "note"))
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\r\n") == 2 and b"\n" not in data.replace(b"\r\n", b"")
    assert _parse(data) == [["name", "note"], ["Zoé", 'says "hi", twice']]


def test_write_csv_defuses_text_but_not_its_own_numbers_and_dates() -> None:
    data = write_csv(
        [("=cmd|' /C calc'!A0", -3, 2.5, date(2009, 5, 31), None, "-3")], ("a", "b", "c", "d", "e", "f")
    )
    assert _parse(data)[1] == ["'=cmd|' /C calc'!A0", "-3", "2.5", "2009-05-31", "", "'-3"]


def _row(**changes: object) -> CaseloadRow:
    values: dict[str, object] = {
        "id": 7,
        "given_name": "Ada",
        "family_name": "Ashcombe",
        "preferred_name": "",
        "date_of_birth": date(2009, 5, 31),
        "status": LearnerStatus.RE_ENGAGING,
        "setting": "Northgate College (fictional)",
        "programme": "Level 2 Catering",
        "year_or_stage": "Year 1",
        "risk_factors": 2,
        "protective_factors": 1,
        "risk_domains": ("personal", "social"),
    }
    values.update(changes)
    return CaseloadRow(**values)  # type: ignore[arg-type]


def test_caseload_csv_columns_and_values() -> None:
    rows = _parse(
        caseload_csv([_row(), _row(id=8, given_name='=HYPERLINK("http://x.invalid")', date_of_birth=None)])
    )
    assert tuple(rows[0]) == CASELOAD_HEADER
    assert rows[1] == ["7", "Ada", "Ashcombe", "", "2009-05-31", "re_engaging", "Northgate College (fictional)",
                       "Level 2 Catering", "Year 1", "2", "1", "personal;social"]  # fmt: skip
    assert rows[2][1] == '\'=HYPERLINK("http://x.invalid")'
    assert rows[2][4] == ""


def test_caseload_csv_never_holds_special_category_columns(tmp_path: Path) -> None:
    assert not set(CASELOAD_HEADER) & sensitive_columns(Learner)
    path = make_closed_vault(tmp_path / "v.vault", learners=20)
    with open_vault(path) as vault, vault.unit_of_work() as uow:
        rows = list_caseload(uow)
    parsed = _parse(caseload_csv(rows))
    assert len(parsed) == 21
    assert [int(r[0]) for r in parsed[1:]] == [r.id for r in rows]
