"""The follow-up workflow on the command line: `tutordesk import attendance FILE.csv` (all rows or none,
every bad row named; docs/attendance-import.md)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from tutordesk.cli.context import CommandParser, Context, say
from tutordesk.errors import BadInput, ExitCode

#: How many "Line N: reason" lines the import prints before it stops listing.
PROBLEM_LINES = 20


def add_attendance_import(import_commands: argparse._SubParsersAction[CommandParser]) -> None:
    """Register `import attendance` beside `import learners`."""
    command = import_commands.add_parser(
        "attendance",
        help="import attendance per week or period from a CSV file; all rows or none (docs/attendance-import.md)",
    )
    command.add_argument("file", metavar="FILE.csv")
    command.add_argument(
        "--dry-run", action="store_true", help="check the file and show what would happen; change nothing"
    )
    command.set_defaults(run=cmd_import_attendance)


def cmd_import_attendance(ctx: Context, args: argparse.Namespace) -> int:
    from tutordesk.services.followup.attendance_import import import_attendance, preview_attendance_csv
    from tutordesk.services.learners.csv_text import read_import_file

    path = Path(args.file).expanduser()
    data = read_import_file(path)  # before unlocking: a mistyped path should not cost a passphrase
    today = date.today()
    with ctx.unlock() as vault, vault.unit_of_work() as uow:
        preview = preview_attendance_csv(uow, data=data, today=today)
        if preview.ignored_columns:
            say(ctx, f"These columns are not imported: {', '.join(preview.ignored_columns)}.")
        if preview.problems:
            for line in preview.problems[:PROBLEM_LINES]:
                print(line, file=sys.stderr)
            if len(preview.problems) > PROBLEM_LINES:
                print(f"(and {len(preview.problems) - PROBLEM_LINES} more)", file=sys.stderr)
            raise BadInput(f"Nothing was imported from {path.name}: fix the rows named above and try again.")
        rows = _rows(len(preview.rows))
        if args.dry_run:
            say(ctx, f"Dry run: {rows} ready to import; nothing was imported.")
            return ExitCode.OK
        import_attendance(uow, preview=preview, today=today)
        uow.commit()
    say(ctx, f"Imported {rows} of attendance.")
    return ExitCode.OK


def _rows(count: int) -> str:
    return f"{count} row{'' if count == 1 else 's'}"
