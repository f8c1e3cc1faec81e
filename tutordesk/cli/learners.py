"""The caseload's commands: `learners list` (a table, JSON or CSV) and `import learners FILE.csv`."""

from __future__ import annotations

import argparse
import hashlib
import json
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from tutordesk.cli.context import CommandParser, Context, say, tell
from tutordesk.cli.followup import add_attendance_import
from tutordesk.cli.output import ListingOutput
from tutordesk.domain.control_text import printable
from tutordesk.errors import BadInput, ExitCode

if TYPE_CHECKING:
    from tutordesk.services.learners.csv_import import ImportPreview


def add_learner_commands(commands: argparse._SubParsersAction[CommandParser]) -> None:
    """Register `learners list` and `import learners` on the top-level commands."""
    learners = commands.add_parser("learners", help="work with the caseload")
    learner_commands = learners.add_subparsers(
        dest="learners_command", metavar="ACTION", parser_class=CommandParser
    )
    listing = learner_commands.add_parser("list", help="the caseload as a table, JSON or CSV")
    output = listing.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print JSON instead of a table")
    output.add_argument(
        "--csv", action="store_true", help="print CSV for spreadsheets (UTF-8 with BOM, formulas defused)"
    )
    listing.add_argument("--all", action="store_true", help="include archived learners")
    listing.set_defaults(run=cmd_learners_list)

    importing = commands.add_parser("import", help="bring records in from a file")
    import_commands = importing.add_subparsers(
        dest="import_command", metavar="WHAT", parser_class=CommandParser
    )
    import_learners = import_commands.add_parser(
        "learners", help="import a caseload from a CSV file; all rows or none (docs/csv-import.md)"
    )
    import_learners.add_argument("file", metavar="FILE.csv")
    import_learners.add_argument(
        "--dry-run", action="store_true", help="check the file and show what would happen; change nothing"
    )
    import_learners.set_defaults(run=cmd_import_learners)
    add_attendance_import(import_commands)


def cmd_learners_list(ctx: Context, args: argparse.Namespace) -> int:
    from tutordesk.services.caseload.rows import list_caseload
    from tutordesk.vault import audit

    with ctx.unlock() as vault, vault.unit_of_work() as uow:
        rows = list_caseload(uow, include_archived=args.all)
        if args.csv or args.json:
            if args.csv:
                from tutordesk.services.learners.csv_export import caseload_csv

                output = caseload_csv(rows)
            else:
                # dumps() then one write: dump() with indent writes thousands of small pieces, ten times slower.
                output = (
                    json.dumps([row.to_json() for row in rows], indent=2, ensure_ascii=False) + "\n"
                ).encode()
            # A machine-readable copy of the caseload leaves TutorDesk: that is a disclosure, logged with the
            # fingerprint of exactly what was written. The record is committed only once the whole listing is
            # written, and the listing is taken back if the record cannot be committed: the log holds every
            # disclosure, and none that did not happen.
            audit.record(
                uow.session,
                "caseload.exported",
                subject="caseload",
                detail={"format": "csv" if args.csv else "json", "learners": len(rows)},
                artifact_sha256=hashlib.sha256(output).hexdigest(),
            )
            uow.session.flush()
            listing = ListingOutput(ctx.stdout)
            try:
                listing.write(output)
                uow.commit()
            except BrokenPipeError:
                uow.commit()  # the reader stopped early, but what it read has left: keep the record
                raise
            except BaseException:
                listing.take_back()
                raise
            return ExitCode.OK
    header = ("ID", "Name", "Status", "Setting", "Programme", "Risk factors")
    table = [header] + [
        (str(r.id), printable(r.display_name), r.status.label, printable(r.setting), printable(r.programme),
         str(r.risk_factors))
        for r in rows
    ]  # fmt: skip
    widths = [max(display_width(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        say(ctx, "  ".join(pad(cell, width) for cell, width in zip(row, widths, strict=True)).rstrip())
    say(ctx, f"{len(rows)} learner{'s' if len(rows) != 1 else ''}")
    return ExitCode.OK


def display_width(text: str) -> int:
    """The columns `text` takes in a terminal: wide and full-width characters (CJK, most emoji) take two,
    combining marks and zero-width joiners none."""
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def pad(text: str, width: int) -> str:
    """`text` followed by spaces up to `width` terminal columns."""
    return text + " " * max(width - display_width(text), 0)


#: How many "line N: reason" lines `import learners` prints before it stops listing.
PROBLEM_LINES = 20


def cmd_import_learners(ctx: Context, args: argparse.Namespace) -> int:
    from tutordesk.services.learners.csv_import import import_learners, preview_caseload_csv
    from tutordesk.services.learners.csv_text import read_import_file

    path = Path(args.file).expanduser()
    data = read_import_file(path)  # before unlocking: a mistyped path should not cost a passphrase
    with ctx.unlock() as vault, vault.unit_of_work() as uow:
        preview = preview_caseload_csv(uow, data=data)
        if not preview.file_problems:  # those are said once, as the closing sentence
            say(ctx, f"{path.name}: {preview.summary()} ({preview.describe_format()}).")
        for warning in preview.warnings:
            say(ctx, warning)
        refusal = preview.refusal()
        if refusal is not None:
            _print_problems(preview)
            raise BadInput(refusal)  # main() prints it last, as the one "tutordesk: ..." sentence
        if args.dry_run:
            say(ctx, f"Dry run: {_learners(preview.ready_count)} ready to import; nothing was imported.")
            return ExitCode.OK
        result = import_learners(uow, preview=preview)
        uow.commit()
    say(ctx, f"Imported {_learners(result.count)}.")
    return ExitCode.OK


def _learners(count: int) -> str:
    return f"{count} learner{'' if count == 1 else 's'}"


def _print_problems(preview: ImportPreview) -> None:
    # The first file problem is the closing sentence; the others, then each bad row, come before it.
    lines = preview.file_problems[1:] + [
        f"line {row.line_number}: {'; '.join(row.problems)}" for row in preview.problem_rows
    ]
    for line in lines[:PROBLEM_LINES]:
        tell(line)
    if len(lines) > PROBLEM_LINES:
        tell(f"(and {len(lines) - PROBLEM_LINES} more)")
