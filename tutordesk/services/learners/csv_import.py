"""Importing a caseload from a CSV file: decode it, find the columns, check every row, then add all or none.

The dialog and the `import learners` command show the same `ImportPreview`; the columns are documented in
docs/csv-import.md, which a test keeps in step with `COLUMNS`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import insert, select
from sqlmodel import col

from tutordesk.domain.changes import Changes
from tutordesk.domain.control_text import control_problem
from tutordesk.domain.enums import LearnerStatus
from tutordesk.domain.models import Learner, LearnerFactor, LearnerGroup, TaxonomyTerm
from tutordesk.errors import BadInput
from tutordesk.services.learners.csv_text import (
    MAX_FILE_BYTES,
    NAME_COLUMNS,
    clean_cell,
    decode,
    describe_csv_error,
    looks_binary,
    sniff_delimiter,
    tidy_cell,
)
from tutordesk.vault import audit
from tutordesk.vault.unit_of_work import UnitOfWork
from tutordesk.vault.vault import Vault

#: taxonomy -> normalised code or label -> term id (see `load_terms`).
TermLookup = Mapping[str, Mapping[str, int]]
#: (given name, family name, date of birth), normalised: how a learner already on the caseload is recognised.
LearnerKey = tuple[str, str, date | None]


@dataclass(frozen=True)
class ImportColumn:
    name: str  # the canonical header, as the export writes it
    label: str  # what the preview shows
    required: bool = False
    aliases: tuple[str, ...] = ()  # other headers people write; matched ignoring case, spaces, _ - .
    max_length: int = 200


COLUMNS: tuple[ImportColumn, ...] = (
    ImportColumn("given_name", "Given name", True, ("first name", "forename", "forenames", "given names"), 100),
    ImportColumn("family_name", "Family name", True, ("surname", "last name", "family names"), 100),
    ImportColumn("preferred_name", "Preferred name", aliases=("known as", "nickname"), max_length=100),
    ImportColumn("date_of_birth", "Date of birth", aliases=("dob", "birth date", "birthday"), max_length=40),
    ImportColumn("setting", "Setting", aliases=("school", "college", "provider")),
    ImportColumn("programme", "Programme", aliases=("program", "course")),
    ImportColumn("year_or_stage", "Year or stage", aliases=("year", "stage", "year group", "key stage")),
    ImportColumn("status", "Status", max_length=40),
    ImportColumn("languages", "Languages", aliases=("language", "home language")),
    ImportColumn("started_on", "Started on", aliases=("start date", "started", "date started"), max_length=40),
    ImportColumn("notes", "Notes", aliases=("note", "comments"), max_length=5000),
    ImportColumn("beneficiary_groups", "Groups", aliases=("groups", "beneficiary group", "group"), max_length=2000),
    ImportColumn("risk_factors", "Risk factors", aliases=("risk factor", "risks"), max_length=2000),
)  # fmt: skip
_BY_NAME = {column.name: column for column in COLUMNS}
_TERM_COLUMNS = {"beneficiary_groups": "beneficiary_group", "risk_factors": "risk_factor"}
_TERM_WORDS = {"beneficiary_group": "group", "risk_factor": "risk factor"}


# str.translate rather than a regular expression: it runs for every status and term of every row.
_SEPARATORS = dict.fromkeys(map(ord, " \t\r\n\xa0_.-\ufeff"))


def _compact(text: str) -> str:
    """'First_Name', 'first name' and 'FirstName' all become 'firstname'; a stray BOM is dropped too."""
    return text.casefold().translate(_SEPARATORS)


_HEADER_LOOKUP = {_compact(alias): c.name for c in COLUMNS for alias in (c.name, *c.aliases)}
_STATUS_LOOKUP = {_compact(key): s for s in LearnerStatus for key in (s.value, s.label)}


@dataclass(frozen=True, slots=True)
class NewLearner:
    """One row's values, checked and converted, ready to insert."""

    given_name: str
    family_name: str
    preferred_name: str = ""
    date_of_birth: date | None = None
    setting: str = ""
    programme: str = ""
    year_or_stage: str = ""
    status: LearnerStatus = LearnerStatus.AT_RISK
    languages: str = ""
    started_on: date | None = None
    notes: str = ""
    group_term_ids: tuple[int, ...] = ()
    risk_term_ids: tuple[int, ...] = ()


@dataclass(slots=True)
class PreviewRow:
    """One learner row of the file: the cells as read, and each reason it cannot be imported."""

    line_number: int
    values: dict[str, str]
    problems: list[str] = field(default_factory=list)
    learner: NewLearner | None = None  # set only when there are no problems

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class ImportPreview:
    """What importing the file would do. `file_problems` and row problems block it; `warnings` do not."""

    rows: list[PreviewRow] = field(default_factory=list)
    columns: tuple[str, ...] = ()  # the recognised columns, in the file's order
    encoding: str = ""
    delimiter: str = ","
    file_problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def problem_rows(self) -> list[PreviewRow]:
        return [row for row in self.rows if row.problems]

    @property
    def ready_count(self) -> int:
        return sum(1 for row in self.rows if not row.problems)

    @property
    def ok(self) -> bool:
        return not self.file_problems and bool(self.rows) and not self.problem_rows

    def summary(self) -> str:
        """'48 rows ready, 2 with problems' (or the file's first problem), without a full stop."""
        if self.file_problems:
            return self.file_problems[0].rstrip(".")
        bad = len(self.problem_rows)
        ready = f"{self.ready_count} row{'' if self.ready_count == 1 else 's'} ready"
        return f"{ready}, {bad} with problems" if bad else ready

    def refusal(self) -> str | None:
        """Why nothing can be imported, as one sentence ending 'nothing was imported.'; None when all is well."""
        if self.file_problems or not self.rows:
            first = self.file_problems[0] if self.file_problems else "The file has no learners in it"
            return f"{first.rstrip('.')}; nothing was imported."
        bad = len(self.problem_rows)
        if bad:
            has = "has a problem" if bad == 1 else "have problems"
            return f"{bad} of {len(self.rows)} rows {has}; fix the file and try again; nothing was imported."
        return None

    def describe_format(self) -> str:
        """'UTF-8, comma-separated': how the file was read, for the summary."""
        separated = {",": "comma", ";": "semicolon", "\t": "tab"}.get(self.delimiter, repr(self.delimiter))
        return f"{self.encoding}, {separated}-separated" if self.encoding else ""


@dataclass(frozen=True)
class ImportResult:
    count: int
    learner_ids: tuple[int, ...] = ()


# -- reading ------------------------------------------------------------------------------------------


def read_caseload_csv(
    data: bytes,
    *,
    terms: TermLookup | None = None,
    existing: Collection[LearnerKey] = (),
    today: date | None = None,
) -> ImportPreview:
    """Check a whole file without touching the vault: `terms` and `existing` come from `load_terms` and
    `existing_learner_keys` (or `preview_caseload_csv`, which fetches both)."""
    preview = ImportPreview()
    if len(data) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        preview.file_problems.append(
            f"The file is larger than {limit} MB; split it into smaller files and import each one."
        )
        return preview
    try:
        text, preview.encoding = decode(data)
    except BadInput as error:
        preview.file_problems.append(error.message)
        return preview
    if looks_binary(text):
        preview.file_problems.append(
            'The file is not a CSV text file; save the spreadsheet as "CSV UTF-8" and choose that file.'
        )
        return preview
    preview.delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=preview.delimiter, strict=True)
    records: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            records.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as error:
        preview.file_problems.append(describe_csv_error(error, start, reader.line_num))
        return preview
    records = [(line, cells) for line, cells in records if any(cell.strip() for cell in cells)]
    if not records:
        preview.file_problems.append("The file is empty.")
        return preview
    (_, header), body = records[0], records[1:]
    positions = _read_header(header, preview)
    if preview.file_problems:
        return preview
    if not body:
        preview.file_problems.append("The file has a header row but no learners under it.")
        return preview
    checker = _RowChecker(terms or {}, set(existing), today or date.today())
    width = len(header)
    preview.rows = [checker.check(line, cells, positions, width) for line, cells in body]
    return preview


def _read_header(header: list[str], preview: ImportPreview) -> dict[str, int]:
    positions: dict[str, int] = {}
    unknown: list[str] = []
    for index, cell in enumerate(header):
        name = _HEADER_LOOKUP.get(_compact(cell))
        if name is None:
            if cell.strip():
                unknown.append(cell.strip())
        elif name in positions:
            preview.file_problems.append(
                f"Columns {positions[name] + 1} and {index + 1} are both read as {_BY_NAME[name].label.lower()}; keep one of them."
            )
        else:
            positions[name] = index
    missing = [c.label.lower() for c in COLUMNS if c.required and c.name not in positions]
    if missing:
        preview.file_problems.append(
            f"The first row must name the columns, and it has no {' or '.join(missing)} column; see the import guide for the column names."
        )
    if unknown:
        preview.warnings.append(f"These columns are not imported and will be left out: {', '.join(unknown)}.")
    preview.columns = tuple(sorted(positions, key=positions.__getitem__))
    return positions


# -- checking rows ------------------------------------------------------------------------------------

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DAY_FIRST = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")


def parse_date(text: str) -> date | None:
    """2010-05-31 or 31/05/2010 (also 31.05.2010 and 31-05-2010); None when it is neither or no real day."""
    iso = _ISO.fullmatch(text)
    day_first = None if iso else _DAY_FIRST.fullmatch(text)
    if iso:
        year, month, day = iso.groups()
    elif day_first:
        day, month, year = day_first.groups()
    else:
        return None
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


_TEXT_FIELDS = (
    "given_name", "family_name", "preferred_name", "setting", "programme", "year_or_stage", "languages", "notes"
)  # fmt: skip


def _shown(text: str) -> str:
    """A cell's text as quoted back in a problem, cut short so one odd cell cannot flood the preview."""
    return text if len(text) <= 40 else text[:39] + "…"


def _name_key(text: str) -> str:
    return " ".join(text.casefold().split())


class _RowChecker:
    """Checks rows one by one, remembering the keys seen so far to spot duplicates within the file."""

    def __init__(self, terms: TermLookup, existing: set[LearnerKey], today: date) -> None:
        self._terms = terms
        self._existing = existing
        self._today = today
        self._seen: dict[LearnerKey, int] = {}
        self._matched: dict[tuple[str, str], tuple[tuple[int, ...], list[str]]] = {}

    def check(self, line: int, cells: list[str], positions: dict[str, int], width: int) -> PreviewRow:
        raw = {name: cells[i] if i < len(cells) else "" for name, i in positions.items()}
        values = {name: tidy_cell(name, clean_cell(cell)) for name, cell in raw.items()}
        row = PreviewRow(line, values)
        for name in NAME_COLUMNS & raw.keys():  # a name is refused, not quietly changed: it says who this is
            problem = control_problem(
                raw[name], f"the {_BY_NAME[name].label.lower()} (column {positions[name] + 1})"
            )
            row.problems += [problem] if problem else []
        extra = [cell for cell in cells[width:] if cell.strip()]
        if extra:
            row.problems.append(
                f"{len(cells)} cells where the header has {width}; put any cell that holds the separator in double quotes"
            )
        for name, value in values.items():
            column = _BY_NAME[name]
            if len(value) > column.max_length:
                row.problems.append(
                    f"the {column.label.lower()} cell is longer than {column.max_length:,} characters"
                )
        for name in ("given_name", "family_name"):
            if not values[name]:
                row.problems.append(f"{_BY_NAME[name].label.lower()} is empty")
        born = self._date(row, "date_of_birth")
        if born is not None and born > self._today:
            row.problems.append(f"date of birth {values['date_of_birth']} is in the future")
        started = self._date(row, "started_on")
        status = self._status(row)
        groups = self._term_ids(row, "beneficiary_groups")
        risks = self._term_ids(row, "risk_factors")
        # A date of birth that cannot be read says nothing about who this is, so no duplicate check then.
        if born is not None or not values.get("date_of_birth"):
            self._duplicates(row, born)
        if not row.problems:
            row.learner = NewLearner(
                **{name: values.get(name, "") for name in _TEXT_FIELDS},
                date_of_birth=born,
                started_on=started,
                status=status,
                group_term_ids=groups,
                risk_term_ids=risks,
            )
        return row

    def _date(self, row: PreviewRow, name: str) -> date | None:
        text = row.values.get(name, "")
        if not text:
            return None
        parsed = parse_date(text)
        if parsed is None:
            row.problems.append(
                f"{_BY_NAME[name].label.lower()} {_shown(text)} is not a date; write it as 2010-05-31 or 31/05/2010"
            )
        return parsed

    def _status(self, row: PreviewRow) -> LearnerStatus:
        text = row.values.get("status", "")
        if not text:
            return LearnerStatus.AT_RISK
        status = _STATUS_LOOKUP.get(_compact(text))
        if status is None:
            known = ", ".join(s.label for s in LearnerStatus)
            row.problems.append(f'status "{_shown(text)}" is not one of: {known}')
            return LearnerStatus.AT_RISK
        return status

    def _term_ids(self, row: PreviewRow, name: str) -> tuple[int, ...]:
        text = row.values.get(name, "")
        if not text:
            return ()
        # Caseloads repeat the same few lists row after row; matching each distinct cell once halves the time.
        if (name, text) not in self._matched:
            self._matched[name, text] = self._match_terms(_TERM_COLUMNS[name], text)
        found, problems = self._matched[name, text]
        row.problems += problems
        return found

    def _match_terms(self, taxonomy: str, text: str) -> tuple[tuple[int, ...], list[str]]:
        lookup = self._terms.get(taxonomy, {})
        found: list[int] = []
        problems: list[str] = []
        for part in (p.strip() for p in text.split(";")):
            if not part:
                continue
            term_id = lookup.get(_compact(part))
            if term_id is None:
                problems.append(f'{_TERM_WORDS[taxonomy]} "{_shown(part)}" is not in this vault\'s list')
            elif term_id not in found:
                found.append(term_id)
        return tuple(found), problems

    def _duplicates(self, row: PreviewRow, born: date | None) -> None:
        given, family = row.values["given_name"], row.values["family_name"]
        if not (given and family):
            return
        key = (_name_key(given), _name_key(family), born)
        first = self._seen.setdefault(key, row.line_number)
        if first != row.line_number:
            row.problems.append(
                f"same names and date of birth as line {first}"
                if born
                else f"same names as line {first}, and neither has a date of birth"
            )
        if key in self._existing:
            which = "date of birth" if born else "no date of birth"
            row.problems.append(f"a learner with these names and {which} is already in the vault")


# -- the vault's side ---------------------------------------------------------------------------------


def load_terms(uow: UnitOfWork) -> dict[str, dict[str, int]]:
    """The vault's own groups and risk factors (with the labels as edited there), by code and by label."""
    lookup: dict[str, dict[str, int]] = {taxonomy: {} for taxonomy in _TERM_COLUMNS.values()}
    rows = uow.session.execute(
        select(
            col(TaxonomyTerm.id), col(TaxonomyTerm.taxonomy), col(TaxonomyTerm.code), col(TaxonomyTerm.label)
        ).where(col(TaxonomyTerm.taxonomy).in_(lookup), col(TaxonomyTerm.active))
    ).all()
    # Labels first, codes second: a code always means its own term, even if someone's label reads like it.
    for term_id, taxonomy, _, label in rows:
        lookup[taxonomy].setdefault(_compact(label), term_id)
    for term_id, taxonomy, code, _ in rows:
        lookup[taxonomy][_compact(code)] = term_id
    return lookup


def existing_learner_keys(uow: UnitOfWork) -> set[LearnerKey]:
    """Names and date of birth of every learner in the vault, archived ones too, in one statement."""
    result = uow.session.execute(
        select(col(Learner.given_name), col(Learner.family_name), col(Learner.date_of_birth))
    )
    return {(_name_key(given), _name_key(family), born) for given, family, born in result}


def preview_caseload_csv(uow: UnitOfWork, *, data: bytes, today: date | None = None) -> ImportPreview:
    """`read_caseload_csv` against this vault's taxonomies and caseload. Reads only."""
    return read_caseload_csv(data, terms=load_terms(uow), existing=existing_learner_keys(uow), today=today)


# Columns the import never fills (special-category fields among them), named so every row has every key.
_NOT_IMPORTED = {"left_on": None, "additional_needs": "", "health_notes": "", "archived_at": None}


def import_learners(uow: UnitOfWork, *, preview: ImportPreview) -> ImportResult:
    """Add every row of `preview` in the caller's transaction, or raise BadInput and add none.

    The caller commits. Duplicates are checked again here, in case the caseload changed since the preview.
    """
    refusal = preview.refusal()
    if refusal is not None:
        raise BadInput(refusal)
    learners = [row.learner for row in preview.rows if row.learner is not None]
    existing = existing_learner_keys(uow)
    for row, new in zip(preview.rows, learners, strict=True):
        if (_name_key(new.given_name), _name_key(new.family_name), new.date_of_birth) in existing:
            raise BadInput(
                f"The learner on line {row.line_number} was added to the vault after the file was checked; nothing was imported."
            )
    connection = uow.connection()
    # Ids chosen here (as services.demo does) so factors and groups go in as bulk inserts too.
    first_id = (
        connection.execute(select(col(Learner.id)).order_by(col(Learner.id).desc()).limit(1)).scalar() or 0
    ) + 1
    now = datetime.now(UTC).replace(microsecond=0)
    learner_rows, factor_rows, group_rows = [], [], []
    for offset, new in enumerate(learners):
        learner_id = first_id + offset
        learner_rows.append(
            {name: getattr(new, name) for name in (*_TEXT_FIELDS, "date_of_birth", "started_on")}
            | {"id": learner_id, "status": new.status.value, "created_at": now, "updated_at": now}
            | _NOT_IMPORTED
        )
        factor_rows += [
            {"learner_id": learner_id, "term_id": t, "identified_on": None, "note": "", "resolved_on": None}
            for t in new.risk_term_ids
        ]
        group_rows += [{"learner_id": learner_id, "term_id": t} for t in new.group_term_ids]
    for model, rows in ((Learner, learner_rows), (LearnerFactor, factor_rows), (LearnerGroup, group_rows)):
        if rows:
            connection.execute(insert(model), rows)
    # Bulk inserts on the connection pass the ORM by, so the unit hears of them here: every view reads again.
    uow.note_changes(Changes.all())
    # The count only: the audit log never holds names.
    audit.record(uow.session, "learners.imported", detail={"count": len(learners)})
    return ImportResult(len(learners), tuple(first_id + i for i in range(len(learners))))


def preview_caseload_file(vault: Vault, *, data: bytes) -> ImportPreview:
    """Check CSV `data` against `vault` as it is now (see `preview_caseload_csv`); changes nothing."""
    with vault.unit_of_work() as uow:
        return preview_caseload_csv(uow, data=data)


def import_previewed_learners(vault: Vault, *, preview: ImportPreview) -> ImportResult:
    """Add the previewed learners to `vault` in one committed unit of work: all of them, or none on failure."""
    with vault.unit_of_work() as uow:
        result = import_learners(uow, preview=preview)
        uow.commit()
    return result
