"""Reading a CSV file as text: the size guard, the encoding, binary content, the delimiter, and cells
as TutorDesk exported them. What the columns mean is `csv_import`'s business."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from tutordesk.domain.control_text import multi_line, single_line
from tutordesk.errors import BadInput
from tutordesk.services.learners.csv_export import FORMULA_TRIGGERS

MAX_FILE_BYTES = 20 * 1024 * 1024


def read_import_file(path: Path) -> bytes:
    """The file's bytes, at most one byte past the limit so `read_caseload_csv` can refuse it plainly."""
    try:
        with path.open("rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise BadInput(f"There is no file at {path}; nothing was imported.") from None
    except IsADirectoryError:
        raise BadInput(f"{path} is a folder, not a CSV file; nothing was imported.") from None
    except OSError as error:
        raise BadInput(f"{path} cannot be read ({error.strerror}); nothing was imported.") from None


# Byte-order marks, and the encoding each announces.
_MARKED = (
    (b"\xef\xbb\xbf", "utf-8-sig", "UTF-8 with BOM"),
    (b"\xff\xfe", "utf-16", "UTF-16"),
    (b"\xfe\xff", "utf-16", "UTF-16"),
)


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name). UTF-8 first, as Excel's "CSV UTF-8" and LibreOffice write it, then UTF-16
    with a byte-order mark ("Unicode text"), then Windows-1252 (Excel's plain "CSV" on Western Windows),
    then Latin-1, which accepts any bytes - so binary files are caught afterwards, by their content.
    Raises BadInput when a file with a byte-order mark breaks its own encoding (odd length, lone surrogate)."""
    for mark, codec, name in _MARKED:
        if data.startswith(mark):
            try:
                return data.decode(codec), name
            except UnicodeDecodeError as error:
                # A byte-order mark promises the encoding: a file that breaks it is damaged or cut short.
                family = name.split()[0]
                raise BadInput(
                    f"The file is marked as {family} text but is not valid {family} from byte "
                    f"{error.start + 1:,} on, so it may be damaged or cut short; "
                    'save the spreadsheet again as "CSV UTF-8"'
                ) from None
    for codec, name in (("utf-8", "UTF-8"), ("cp1252", "Windows-1252")):
        try:
            return data.decode(codec), name
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "Latin-1"


def looks_binary(text: str) -> bool:
    # NUL never appears in a spreadsheet's CSV; other control characters only in a file that is not text.
    """Whether the decoded text is a binary file rather than a CSV file."""
    if "\x00" in text:
        return True
    sample = text[:65536]
    controls = sum(1 for ch in sample if ch < " " and ch not in "\t\r\n")
    return controls > max(8, len(sample) // 100)


def sniff_delimiter(text: str) -> str:
    # The header line decides: header names never hold a separator, data cells may (notes, lists).
    """The separator of the CSV text: a comma, a semicolon or a tab, as its header line uses."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {delimiter: first.count(delimiter) for delimiter in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def clean_cell(cell: str) -> str:
    """A cell without its surrounding spaces or the export's formula guard."""
    cell = cell.strip()
    # Undo the export's formula guard ('=..., see csv_export.neutralise_cell) so a round trip is faithful.
    if cell.startswith("'") and cell[1:2] and cell[1] in FORMULA_TRIGGERS:
        return cell[1:]
    return cell


#: The columns holding a learner's names: a control character there refuses the row (see csv_import).
NAME_COLUMNS = frozenset({"given_name", "family_name", "preferred_name"})


def tidy_cell(column: str, cell: str) -> str:
    """A cell of `column` without control characters: notes keep their tabs and line breaks, other fields
    lose them; names are left as they are, to be refused rather than quietly changed."""
    if column in NAME_COLUMNS:
        return cell
    return multi_line(cell) if column == "notes" else single_line(cell).strip()


def describe_csv_error(error: csv.Error, start: int, line: int) -> str:
    """The csv module's error as a plain sentence naming the line."""
    text = str(error)
    if "unexpected end of data" in text:
        return f"A quoted cell that starts on line {start} is never closed."
    if "field larger than field limit" in text:
        return f"Line {start} has a cell far longer than any column allows."
    if "expected after" in text:
        return f"Line {line} cannot be read as CSV: a quoted cell has text after its closing quote."
    return f"Line {line} cannot be read as CSV."


@dataclass
class CsvRecords:
    """A CSV file read as rows of cells: its header, the non-blank rows under it with the line each starts
    on, and what stops it being read at all (`problem`), for every importer to check in its own terms."""

    header: list[str] = field(default_factory=list)
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ","
    problem: str = ""


def read_csv_records(data: bytes, *, what: str) -> CsvRecords:
    """Decode and split a whole CSV file; `what` names its rows in a problem ("learners", "attendance rows")."""
    records = CsvRecords()
    if len(data) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        records.problem = (
            f"The file is larger than {limit} MB; split it into smaller files and import each one."
        )
        return records
    text, records.encoding = decode(data)
    if looks_binary(text):
        records.problem = (
            'The file is not a CSV text file; save the spreadsheet as "CSV UTF-8" and choose that file.'
        )
        return records
    records.delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=records.delimiter, strict=True)
    found: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            found.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as error:
        records.problem = describe_csv_error(error, start, reader.line_num)
        return records
    found = [(line, cells) for line, cells in found if any(cell.strip() for cell in cells)]
    if not found:
        records.problem = "The file is empty."
        return records
    records.header, records.rows = found[0][1], found[1:]
    if not records.rows:
        records.problem = f"The file has a header row but no {what} under it."
    return records
