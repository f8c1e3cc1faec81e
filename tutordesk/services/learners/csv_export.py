"""Writing CSV for spreadsheets: every export goes through `write_csv`, which defuses formula-looking cells.

A cell that starts with =, +, -, @, a tab or a carriage return is run as a formula by Excel, LibreOffice and
Google Sheets (OWASP "CSV Injection"), so a learner named "=HYPERLINK(...)" could reach out of the
spreadsheet. Such cells get a leading single quote, which spreadsheets read as "this is text".
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date

from tutordesk.services.caseload.rows import CaseloadRow

#: First characters that make a spreadsheet evaluate a cell (OWASP CSV Injection guidance).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

#: The caseload export's columns. The names match the import's, so an export imports again unchanged;
#: the three count columns are ignored by the import (with a warning).
CASELOAD_HEADER = (
    "id",
    "given_name",
    "family_name",
    "preferred_name",
    "date_of_birth",
    "status",
    "setting",
    "programme",
    "year_or_stage",
    "risk_factor_count",
    "protective_factor_count",
    "risk_domains",
)


def neutralise_cell(value: str) -> str:
    """'=1+1' becomes "'=1+1"; anything not starting with a formula trigger is returned unchanged."""
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def _cell(value: object) -> str:
    if value is None:
        return ""
    # Numbers and dates come from TutorDesk itself, never from a person's typing, so "-3" stays a number.
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return neutralise_cell(str(value))


def write_csv(rows: Iterable[Sequence[object]], header: Sequence[str]) -> bytes:
    """UTF-8 with a byte-order mark (without it Excel guesses the Windows code page and garbles accents),
    CRLF line ends as RFC 4180 says, every text cell neutralised."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_cell(name) for name in header])
    writer.writerows([_cell(value) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def caseload_csv(rows: Sequence[CaseloadRow]) -> bytes:
    """The caseload list as CSV. `CaseloadRow` holds no special-category field, so neither does this."""
    return write_csv(
        (
            (
                row.id,
                row.given_name,
                row.family_name,
                row.preferred_name,
                row.date_of_birth,
                row.status.value,
                row.setting,
                row.programme,
                row.year_or_stage,
                row.risk_factors,
                row.protective_factors,
                ";".join(row.risk_domains),
            )
            for row in rows
        ),
        CASELOAD_HEADER,
    )
