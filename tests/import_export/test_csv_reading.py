"""Reading a caseload CSV without touching a vault: encodings, separators, headers, and every kind of bad row.

Term look-ups come from a real vault (made once per session); everything else is bytes in, preview out.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.import_export.conftest import GOOD, ONE_BAD_ROW, term_id
from tutordesk.domain.enums import LearnerStatus
from tutordesk.errors import BadInput
from tutordesk.services.learners.csv_import import ImportPreview, TermLookup, parse_date, read_caseload_csv
from tutordesk.services.learners.csv_text import MAX_FILE_BYTES, read_import_file

TODAY = date(2025, 3, 1)


def _read(text: str | bytes, terms: TermLookup | None = None, **kwargs: object) -> ImportPreview:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return read_caseload_csv(data, terms=terms, today=TODAY, **kwargs)  # type: ignore[arg-type]


def _only_row_problems(text: str, terms: TermLookup | None = None) -> list[str]:
    preview = _read(text, terms)
    assert not preview.file_problems, preview.file_problems
    assert len(preview.rows) == 1
    return preview.rows[0].problems


# -- encodings ----------------------------------------------------------------------------------------

NAMES = "given_name,family_name\nZoé,Ñúñez\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (NAMES.encode("utf-8"), "UTF-8"),
        (NAMES.encode("utf-8-sig"), "UTF-8 with BOM"),
        (NAMES.encode("cp1252"), "Windows-1252"),
        (NAMES.encode("utf-16"), "UTF-16"),  # with its byte-order mark, as Excel's "Unicode text"
        (b"\xfe\xff" + NAMES.encode("utf-16-be"), "UTF-16"),
    ],
    ids=["utf-8", "utf-8-bom", "cp1252", "utf-16-le", "utf-16-be"],
)
def test_each_encoding_gives_the_same_accented_names(data: bytes, encoding: str) -> None:
    preview = _read(data)
    assert preview.encoding == encoding
    assert preview.ok, preview.file_problems
    assert preview.rows[0].values == {"given_name": "Zoé", "family_name": "Ñúñez"}


def test_the_byte_order_mark_does_not_stick_to_the_first_header() -> None:
    preview = _read("\ufefffirst name,surname\nAda,Ashcombe\n".encode())
    assert preview.columns == ("given_name", "family_name")


def test_bytes_that_are_not_windows_1252_fall_back_to_latin_1() -> None:
    # 0x8d is undefined in Windows-1252, so only Latin-1 reads this file.
    preview = _read(b"given_name,family_name\nRen\xe9,Ab\x8dc\n")
    assert preview.encoding == "Latin-1"
    assert preview.rows[0].values["given_name"] == "René"


# -- separators and CSV syntax ------------------------------------------------------------------------


@pytest.mark.parametrize(("delimiter", "word"), [(",", "comma"), (";", "semicolon"), ("\t", "tab")])
def test_the_separator_is_found_from_the_header(delimiter: str, word: str, vault_terms: TermLookup) -> None:
    header = delimiter.join(["given_name", "family_name", "notes", "risk_factors"])
    row = delimiter.join(["Ada", "Ashcombe", '"Likes maths, art; music"', '"low_motivation;absence"'])
    preview = _read(f"{header}\r\n{row}\r\n", vault_terms)
    assert preview.delimiter == delimiter
    assert preview.describe_format() == f"UTF-8, {word}-separated"
    assert preview.ok, preview.rows[0].problems
    assert preview.rows[0].values["notes"] == "Likes maths, art; music"
    learner = preview.rows[0].learner
    assert learner is not None
    assert learner.risk_term_ids == (
        term_id(vault_terms, "risk_factor", "low_motivation"),
        term_id(vault_terms, "risk_factor", "absence"),
    )


def test_line_numbers_are_the_lines_of_the_file() -> None:
    text = 'given_name,family_name,notes\n\nAda,Ashcombe,"two\nlines"\n,,\nBram,\n'
    preview = _read(text)
    assert [row.line_number for row in preview.rows] == [3, 6]
    assert preview.rows[0].values["notes"] == "two\nlines"
    assert preview.rows[1].problems == ["family name is empty"]


def test_an_unclosed_quote_refuses_the_file_and_names_its_line() -> None:
    preview = _read('given_name,family_name\nAda,Ashcombe\nBram,"Brackenridge\nCleo,Copperfold\n')
    assert preview.file_problems == ["A quoted cell that starts on line 3 is never closed."]
    assert preview.rows == []


def test_a_cell_neutralised_by_an_export_imports_as_it_was_recorded() -> None:
    preview = _read("given_name,family_name,notes\n'=Ada,'-Ashcombe,'plain\n")
    assert preview.rows[0].values == {"given_name": "=Ada", "family_name": "-Ashcombe", "notes": "'plain"}


# -- headers ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("given_name", "given_name"),
        ("Given Name", "given_name"),
        ("FIRST NAME", "given_name"),
        ("FirstName", "given_name"),
        ("forename", "given_name"),
        ("Surname", "family_name"),
        ("last_name", "family_name"),
        ("Family-Name", "family_name"),
        ("D.O.B.", "date_of_birth"),
        ("Date of birth", "date_of_birth"),
        ("dob", "date_of_birth"),
        ("  Known as ", "preferred_name"),
        ("Course", "programme"),
        ("Start date", "started_on"),
        ("Groups", "beneficiary_groups"),
        ("Risk factors", "risk_factors"),
    ],
)
def test_header_synonyms(header: str, column: str) -> None:
    others = [name for name in ("given_name", "family_name") if name != column]
    preview = _read(",".join([header, *others]) + "\nx,y\n")
    assert column in preview.columns
    assert not preview.file_problems


def test_unknown_columns_are_a_warning_not_a_problem() -> None:
    preview = _read("id,given_name,family_name,Health notes,\n7,Ada,Ashcombe,private,\n")
    assert preview.ok
    assert preview.warnings == ["These columns are not imported and will be left out: id, Health notes."]
    assert set(preview.rows[0].values) == {"given_name", "family_name"}


def test_a_missing_required_column_refuses_the_file() -> None:
    preview = _read("first name,date of birth\nAda,2009-05-31\n")
    assert preview.file_problems == [
        "The first row must name the columns, and it has no family name column; see the import guide for the column names."
    ]
    assert not preview.ok
    assert preview.refusal() == (
        "The first row must name the columns, and it has no family name column; see the import guide for "
        "the column names; nothing was imported."
    )


def test_the_same_column_twice_refuses_the_file() -> None:
    preview = _read("given name,surname,first name\nAda,Ashcombe,Ada\n")
    assert preview.file_problems == ["Columns 1 and 3 are both read as given name; keep one of them."]


# -- whole-file problems ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [b"", b"   \r\n\r\n", b"\xef\xbb\xbf", b"\xff\xfe", b",,,\n,,\n"],
    ids=["0-byte", "blank", "bom", "utf16-bom", "commas"],
)
def test_an_empty_file_is_refused(data: bytes) -> None:
    preview = _read(data)
    assert preview.file_problems == ["The file is empty."]
    assert preview.refusal() == "The file is empty; nothing was imported."


def test_a_header_without_rows_is_refused() -> None:
    assert _read("given_name,family_name\n").file_problems == [
        "The file has a header row but no learners under it."
    ]


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + bytes(range(256)) * 4,  # an .xlsx is a zip
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200),
        bytes((n * 37 + 11) % 256 for n in range(4096)),
    ],
    ids=["xlsx", "png", "noise"],
)
def test_a_binary_file_is_refused(data: bytes) -> None:
    preview = _read(data)
    assert preview.file_problems == [
        'The file is not a CSV text file; save the spreadsheet as "CSV UTF-8" and choose that file.'
    ]


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    big.write_bytes(b"given_name,family_name\n" + b"Ada,Ashcombe\n" * (MAX_FILE_BYTES // 13 + 1))
    data = read_import_file(big)
    assert len(data) == MAX_FILE_BYTES + 1  # read stops just past the limit
    assert _read(data).file_problems == [
        "The file is larger than 20 MB; split it into smaller files and import each one."
    ]


def test_reading_a_missing_file_or_a_folder_is_bad_input(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match=r"^There is no file at .*nope\.csv; nothing was imported\.$"):
        read_import_file(tmp_path / "nope.csv")
    with pytest.raises(BadInput, match=r"is a folder, not a CSV file; nothing was imported\.$"):
        read_import_file(tmp_path)


# -- values -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2009-05-31", date(2009, 5, 31)),
        ("31/05/2009", date(2009, 5, 31)),
        ("1/6/2009", date(2009, 6, 1)),
        ("31.05.2009", date(2009, 5, 31)),
        ("31-05-2009", date(2009, 5, 31)),
        ("31/02/2010", None),
        ("05/31/2009", None),  # American order: there is no month 31
        ("31/05/09", None),  # two-digit years are ambiguous
        ("2009/05/31", None),
        ("last May", None),
    ],
)
def test_dates(text: str, expected: date | None) -> None:
    assert parse_date(text) == expected


def test_good_values_are_converted() -> None:
    preview = _read(
        "given_name,family_name,preferred_name,dob,status,started_on,languages,notes\n"
        " Ada , Ashcombe ,Addy,31/05/2009,Moving on,2024-09-04,English; Polish,Likes maths\n"
    )
    learner = preview.rows[0].learner
    assert learner is not None
    assert (learner.given_name, learner.family_name, learner.preferred_name) == ("Ada", "Ashcombe", "Addy")
    assert learner.date_of_birth == date(2009, 5, 31)
    assert learner.started_on == date(2024, 9, 4)
    assert learner.status is LearnerStatus.TRANSITIONING
    assert (learner.languages, learner.notes) == ("English; Polish", "Likes maths")


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("", LearnerStatus.AT_RISK),
        ("at_risk", LearnerStatus.AT_RISK),
        ("AT RISK", LearnerStatus.AT_RISK),
        ("Left early", LearnerStatus.EARLY_LEAVER),
        ("early_leaver", LearnerStatus.EARLY_LEAVER),
        ("re-engaging", LearnerStatus.RE_ENGAGING),
        ("RE_ENGAGING", LearnerStatus.RE_ENGAGING),
        ("moving on", LearnerStatus.TRANSITIONING),
        ("Transitioning", LearnerStatus.TRANSITIONING),
        ("closed", LearnerStatus.CLOSED),
    ],
)
def test_status_by_code_or_label_in_any_capitals(text: str, status: LearnerStatus) -> None:
    learner = _read(f"given_name,family_name,status\nAda,Ashcombe,{text}\n").rows[0].learner
    assert learner is not None and learner.status is status


def test_groups_and_risk_factors_by_code_or_label(vault_terms: TermLookup) -> None:
    preview = _read(
        "given_name,family_name,groups,risk factors\n"
        "Ada,Ashcombe,EAL; low-income households,LOW_MOTIVATION;Low self-esteem or self-confidence;"
        " low motivation or interest in learning;\n",
        vault_terms,
    )
    learner = preview.rows[0].learner
    assert learner is not None, preview.rows[0].problems
    assert learner.group_term_ids == (
        term_id(vault_terms, "beneficiary_group", "eal"),
        term_id(vault_terms, "beneficiary_group", "low_income"),
    )
    # The same factor by code and by label counts once.
    assert learner.risk_term_ids == (
        term_id(vault_terms, "risk_factor", "low_motivation"),
        term_id(vault_terms, "risk_factor", "low_self_esteem"),
    )


# -- bad rows: each kind, with its plain reason -------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        (",Ashcombe", "given name is empty"),
        ("Ada,   ", "family name is empty"),
        ("Ada,Ashcombe,31/02/2010", "date of birth 31/02/2010 is not a date; write it as 2010-05-31 or 31/05/2010"),
        ("Ada,Ashcombe,31/05/09", "date of birth 31/05/09 is not a date; write it as 2010-05-31 or 31/05/2010"),
        ("Ada,Ashcombe,2030-01-01", "date of birth 2030-01-01 is in the future"),
        ("Ada,Ashcombe,,soon", "started on soon is not a date; write it as 2010-05-31 or 31/05/2010"),
        (
            "Ada,Ashcombe,,,gone",
            'status "gone" is not one of: At risk, Left early, Re-engaging, Moving on, Closed',
        ),
        ("Ada,Ashcombe,,,,Astronauts", 'group "Astronauts" is not in this vault\'s list'),
        ("Ada,Ashcombe,,,,,eal;Too tired", 'risk factor "eal" is not in this vault\'s list'),
        ("Ada,Ashcombe,,,,,,,extra", "9 cells where the header has 8; put any cell that holds the separator in double quotes"),
        ("Ada," + "A" * 101, "the family name cell is longer than 100 characters"),
        ("Ada,Ashcombe,,,,,,"+ "n" * 5001, "the notes cell is longer than 5,000 characters"),
    ],
)  # fmt: skip
def test_each_kind_of_bad_row(row: str, problem: str, vault_terms: TermLookup) -> None:
    header = "given_name,family_name,date_of_birth,started_on,status,groups,risk_factors,notes"
    problems = _only_row_problems(f"{header}\n{row}\n", vault_terms)
    assert problem in problems


def test_a_bad_row_lists_every_reason_and_blocks_the_file(vault_terms: TermLookup) -> None:
    preview = read_caseload_csv(ONE_BAD_ROW.read_bytes(), terms=vault_terms, today=TODAY)
    assert [row.ok for row in preview.rows] == [True, False, True]
    assert preview.rows[1].line_number == 3
    assert preview.rows[1].learner is None
    assert preview.summary() == "2 rows ready, 1 with problems"
    assert preview.refusal() == "1 of 3 rows has a problem; fix the file and try again; nothing was imported."
    assert not preview.ok


def test_a_long_bad_value_is_cut_short_in_the_reason() -> None:
    problems = _only_row_problems("given_name,family_name,status\nAda,Ashcombe," + "x" * 300 + "\n")
    assert 'status "' + "x" * 39 + '…" is not one of' in problems[-1]


# -- duplicates ---------------------------------------------------------------------------------------


def test_duplicates_within_the_file_are_marked_after_the_first() -> None:
    preview = _read(
        "given_name,family_name,date_of_birth\n"
        "Ada,Ashcombe,31/05/2009\n"
        "ada, ASHCOMBE ,2009-05-31\n"  # the same person, written differently
        "Ada,Ashcombe,01/06/2009\n"  # another Ada Ashcombe: a different birthday
        "Bram,Brackenridge,\n"
        "Bram,Brackenridge,\n"
        "Bram,Brackenridge,31/02/2010\n"  # unreadable date: its own problem, not a duplicate
    )
    assert [row.problems for row in preview.rows] == [
        [],
        ["same names and date of birth as line 2"],
        [],
        [],
        ["same names as line 5, and neither has a date of birth"],
        ["date of birth 31/02/2010 is not a date; write it as 2010-05-31 or 31/05/2010"],
    ]


def test_a_learner_already_in_the_vault_is_marked() -> None:
    existing = {("ada", "ashcombe", date(2009, 5, 31)), ("bram", "brackenridge", None)}
    preview = _read(
        "given_name,family_name,date_of_birth\nAda,Ashcombe,31/05/2009\nBram,Brackenridge,\nCleo,Copperfold,\n",
        existing=existing,
    )
    assert [row.problems for row in preview.rows] == [
        ["a learner with these names and date of birth is already in the vault"],
        ["a learner with these names and no date of birth is already in the vault"],
        [],
    ]


def test_the_sample_file_is_fine(vault_terms: TermLookup) -> None:
    preview = read_caseload_csv(GOOD.read_bytes(), terms=vault_terms, today=TODAY)
    assert preview.ok, [row.problems for row in preview.rows]
    assert preview.summary() == "3 rows ready"
    assert preview.refusal() is None
