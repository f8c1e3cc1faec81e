"""The `tutordesk` command: headless commands per the contract in docs/cli.md; no command opens the window.

Every error reaches the user as one plain sentence on standard error with the documented exit code;
a traceback never does.
"""

from __future__ import annotations

import argparse
import getpass
import hashlib
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from tutordesk import __version__
from tutordesk.cli_export import add_export_commands
from tutordesk.errors import BadInput, ExitCode, TutorDeskError
from tutordesk.hardening import harden_process
from tutordesk.paths import AppPaths
from tutordesk.settings import Settings

if TYPE_CHECKING:
    from tutordesk.services.csv_import import ImportPreview

PASSPHRASE_VARIABLE = "TUTORDESK_PASSPHRASE"
NEW_PASSPHRASE_VARIABLE = "TUTORDESK_NEW_PASSPHRASE"


@dataclass
class Context:
    """What every command needs: where things are, the preferences, and how to ask for the passphrase."""

    paths: AppPaths
    settings: Settings
    vault_path: Path
    stdin: TextIO
    stdout: TextIO
    _stdin_lines: list[str] = field(default_factory=list)

    def backup_folder(self):  # type: ignore[no-untyped-def]
        return (
            Path(self.settings.backup_folder)
            if self.settings.backup_folder
            else self.vault_path.parent / "backups"
        )

    def backup_policy(self):  # type: ignore[no-untyped-def]
        from tutordesk.vault.vault import BackupPolicy

        return BackupPolicy(
            folder=self.backup_folder(), keep=self.settings.backups_to_keep, daily=self.settings.daily_backup
        )

    def passphrase(self, prompt: str = "Passphrase: ", *, confirm: bool = False) -> str:
        """From TUTORDESK_PASSPHRASE, else a line of standard input when it is not a terminal, else a prompt."""
        if PASSPHRASE_VARIABLE in os.environ:
            return os.environ[PASSPHRASE_VARIABLE]
        if not self.stdin.isatty():
            line = self.stdin.readline()
            return line.rstrip("\r\n")
        first = getpass.getpass(prompt)
        if confirm and getpass.getpass("Type it again: ") != first:
            raise BadInput("The two passphrases differ; nothing was created.")
        return first

    def unlock(self, *, use_keychain: bool = True):  # type: ignore[no-untyped-def]
        from tutordesk.vault.vault import PassphraseNeeded, Unlock, Vault

        try:
            return Vault.open(
                self.vault_path, Unlock(use_keychain=use_keychain), backups=self.backup_policy()
            )
        except PassphraseNeeded:
            passphrase = self.passphrase()
        return Vault.open(
            self.vault_path, Unlock(passphrase=passphrase, use_keychain=False), backups=self.backup_policy()
        )


def _say(ctx: Context, text: str) -> None:
    print(text, file=ctx.stdout)


def cmd_init(ctx: Context, args: argparse.Namespace) -> int:
    from tutordesk.vault import audit
    from tutordesk.vault.vault import Vault

    vault = Vault.create(
        ctx.vault_path, ctx.passphrase("New passphrase: ", confirm=True), remember=args.remember
    )
    with vault:
        _say(ctx, f"Created a new vault at {ctx.vault_path}")
        _show_recovery_key(ctx, vault, audit)
    return ExitCode.OK


def _show_recovery_key(ctx: Context, vault, audit) -> None:  # type: ignore[no-untyped-def]
    with vault.unit_of_work() as uow:
        audit.record(uow.session, "recovery_key.shown", detail={"where": "command line"})
        uow.commit()
    _say(ctx, "")
    _say(ctx, "Recovery key (write it down or print it, and keep it somewhere safe and separate):")
    _say(ctx, f"    {vault.recovery_key()}")
    _say(ctx, "It opens this vault if the passphrase is forgotten. Anyone holding it can read the vault.")


def cmd_demo(ctx: Context, args: argparse.Namespace) -> int:
    from tutordesk.services.demo import fill_demo
    from tutordesk.vault.vault import Vault

    if args.learners < 0:
        raise BadInput("--learners must be zero or more.")
    if ctx.vault_path.exists():
        vault = ctx.unlock()
    else:
        vault = Vault.create(ctx.vault_path, ctx.passphrase("New passphrase: ", confirm=True))
        _say(ctx, f"Created a new vault at {ctx.vault_path}")
    with vault, vault.unit_of_work() as uow:
        summary = fill_demo(uow, learners=args.learners, seed=args.seed)
        uow.commit()
    _say(
        ctx,
        f"Added {summary.learners} fictional learners, {summary.people} family contacts, "
        f"{summary.meetings} meetings, {summary.consents} consent records, "
        f"{summary.plans} road-map plans, {summary.reviews} plan reviews, "
        f"{summary.diary_entries} diary entries, {summary.mentoring} mentoring relationships with "
        f"{summary.mentoring_contacts} contacts, {summary.transitions} transitions to a new setting, "
        f"and {summary.profiles} personal profiles.",
    )
    return ExitCode.OK


def cmd_check(ctx: Context, args: argparse.Namespace) -> int:
    from tutordesk.vault.inspect import check_vault

    report = check_vault(ctx.vault_path, passphrase_source=ctx.passphrase)
    for line in report.lines():
        _say(ctx, line)
    return ExitCode.OK


def cmd_backup(ctx: Context, args: argparse.Namespace) -> int:
    from tutordesk.vault import audit

    folder = Path(args.to) if args.to else ctx.backup_folder()
    with ctx.unlock() as vault:
        result = vault.backup(folder, reason="manual", keep=max(ctx.settings.backups_to_keep, 1))
        with vault.unit_of_work() as uow:
            audit.record(uow.session, "vault.backup", detail={"file": result.path.name})
            uow.commit()
    _say(ctx, f"Backup written and verified: {result.path}")
    return ExitCode.OK


def cmd_restore(ctx: Context, args: argparse.Namespace) -> int:
    from tutordesk.vault.vault import Unlock, restore_backup

    backup_file = Path(args.file)
    passphrase = ctx.passphrase("Passphrase of the backup: ")
    aside = restore_backup(backup_file, ctx.vault_path, Unlock(passphrase=passphrase, use_keychain=False))
    _say(ctx, f"Restored {backup_file.name} to {ctx.vault_path}")
    if aside is not None:
        _say(ctx, f"The vault it replaced was kept as {aside}")
    return ExitCode.OK


def cmd_recovery_key(ctx: Context, args: argparse.Namespace) -> int:
    from tutordesk.vault import audit

    # Always the passphrase, never the keychain: showing the key is a disclosure the person must confirm.
    with ctx.unlock(use_keychain=False) as vault:
        _show_recovery_key(ctx, vault, audit)
    return ExitCode.OK


def cmd_change_passphrase(ctx: Context, args: argparse.Namespace) -> int:
    from tutordesk.vault.vault import Unlock, Vault

    current = ctx.passphrase("Current passphrase: ")
    if NEW_PASSPHRASE_VARIABLE in os.environ:
        new = os.environ[NEW_PASSPHRASE_VARIABLE]
    elif not ctx.stdin.isatty():
        new = ctx.stdin.readline().rstrip("\r\n")  # the second line, after the current passphrase
    else:
        new = getpass.getpass("New passphrase: ")
        if getpass.getpass("Type it again: ") != new:
            raise BadInput("The two new passphrases differ; the passphrase was not changed.")
    with Vault.open(
        ctx.vault_path, Unlock(passphrase=current, use_keychain=False), backups=ctx.backup_policy()
    ) as vault:
        vault.change_passphrase(current, new)
    _say(ctx, "The passphrase is changed. The recovery key and older backups are as they were.")
    return ExitCode.OK


def cmd_learners_list(ctx: Context, args: argparse.Namespace) -> int:
    from tutordesk.services.caseload import list_caseload
    from tutordesk.vault import audit

    with ctx.unlock() as vault, vault.unit_of_work() as uow:
        rows = list_caseload(uow, include_archived=args.all)
        if args.csv or args.json:
            if args.csv:
                from tutordesk.services.csv_export import caseload_csv

                output = caseload_csv(rows)
            else:
                # dumps() then one write: dump() with indent writes thousands of small pieces, ten times slower.
                output = (
                    json.dumps([row.to_json() for row in rows], indent=2, ensure_ascii=False) + "\n"
                ).encode()
            # A machine-readable copy of the caseload leaves TutorDesk: that is a disclosure, so it is logged
            # with the fingerprint of exactly what was written, before it is written.
            audit.record(
                uow.session,
                "caseload.exported",
                subject="caseload",
                detail={"format": "csv" if args.csv else "json", "learners": len(rows)},
                artifact_sha256=hashlib.sha256(output).hexdigest(),
            )
            uow.commit()
    if args.csv or args.json:
        _write_bytes(ctx, output)
        return ExitCode.OK
    header = ("ID", "Name", "Status", "Setting", "Programme", "Risk factors")
    table = [header] + [
        (str(r.id), r.display_name, r.status.label, r.setting, r.programme, str(r.risk_factors)) for r in rows
    ]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        _say(ctx, "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    _say(ctx, f"{len(rows)} learner{'s' if len(rows) != 1 else ''}")
    return ExitCode.OK


def _write_bytes(ctx: Context, data: bytes) -> None:
    # Straight to the byte stream: a text stream on Windows would turn the CSV's CRLF into CR CR LF.
    buffer = getattr(ctx.stdout, "buffer", None)
    if buffer is None:
        ctx.stdout.write(data.decode("utf-8"))
        return
    ctx.stdout.flush()
    buffer.write(data)
    buffer.flush()


#: How many "line N: reason" lines `import learners` prints before it stops listing.
PROBLEM_LINES = 20


def cmd_import_learners(ctx: Context, args: argparse.Namespace) -> int:
    from tutordesk.services.csv_import import import_learners, preview_caseload_csv
    from tutordesk.services.csv_text import read_import_file

    path = Path(args.file).expanduser()
    data = read_import_file(path)  # before unlocking: a mistyped path should not cost a passphrase
    with ctx.unlock() as vault, vault.unit_of_work() as uow:
        preview = preview_caseload_csv(uow, data)
        if not preview.file_problems:  # those are said once, as the closing sentence
            _say(ctx, f"{path.name}: {preview.summary()} ({preview.describe_format()}).")
        for warning in preview.warnings:
            _say(ctx, warning)
        refusal = preview.refusal()
        if refusal is not None:
            _print_problems(preview)
            raise BadInput(refusal)  # main() prints it last, as the one "tutordesk: ..." sentence
        if args.dry_run:
            _say(ctx, f"Dry run: {_learners(preview.ready_count)} ready to import; nothing was imported.")
            return ExitCode.OK
        result = import_learners(uow, preview=preview)
        uow.commit()
    _say(ctx, f"Imported {_learners(result.count)}.")
    return ExitCode.OK


def _learners(count: int) -> str:
    return f"{count} learner{'' if count == 1 else 's'}"


def _print_problems(preview: ImportPreview) -> None:
    # The first file problem is the closing sentence; the others, then each bad row, come before it.
    lines = preview.file_problems[1:] + [
        f"line {row.line_number}: {'; '.join(row.problems)}" for row in preview.problem_rows
    ]
    for line in lines[:PROBLEM_LINES]:
        print(line, file=sys.stderr)
    if len(lines) > PROBLEM_LINES:
        print(f"(and {len(lines) - PROBLEM_LINES} more)", file=sys.stderr)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # One sentence, like every other error; the usage is one `--help` away.
        raise _UsageError(f"{message}; see `{self.prog} --help`.")


class _UsageError(Exception):
    pass


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="tutordesk", description="TutorDesk: casework in one encrypted file.")
    parser.add_argument("--version", action="version", version=f"TutorDesk {__version__}")
    parser.add_argument(
        "--vault", metavar="PATH", help="the vault file (default: the vault in your user data folder)"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    init = commands.add_parser("init", help="create a new vault (refuses an existing path)")
    init.add_argument("--remember", action="store_true", help="also keep the key in this computer's keychain")
    init.set_defaults(run=cmd_init)

    demo = commands.add_parser("demo", help="create or fill a vault with fictional learners")
    demo.add_argument("--learners", type=int, default=50, metavar="N")
    demo.add_argument("--seed", type=int, default=1, metavar="S")
    demo.set_defaults(run=cmd_demo)

    check = commands.add_parser("check", help="classify and integrity-check the vault")
    check.set_defaults(run=cmd_check)

    backup = commands.add_parser("backup", help="write an encrypted, verified backup")
    backup.add_argument("--to", metavar="DIR", help="folder for the backup (default: the backups folder)")
    backup.set_defaults(run=cmd_backup)

    restore = commands.add_parser(
        "restore", help="put a backup in place of the vault (the old one is kept aside)"
    )
    restore.add_argument("file", metavar="FILE")
    restore.set_defaults(run=cmd_restore)

    change = commands.add_parser(
        "change-passphrase",
        help="choose a new passphrase (current one first; the new one from TUTORDESK_NEW_PASSPHRASE, "
        "the second line of standard input, or a prompt)",
    )
    change.set_defaults(run=cmd_change_passphrase)

    recovery = commands.add_parser("recovery-key", help="show the recovery key (asks for the passphrase)")
    recovery.set_defaults(run=cmd_recovery_key)

    learners = commands.add_parser("learners", help="work with the caseload")
    learner_commands = learners.add_subparsers(
        dest="learners_command", metavar="ACTION", parser_class=_Parser
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
    import_commands = importing.add_subparsers(dest="import_command", metavar="WHAT", parser_class=_Parser)
    import_learners = import_commands.add_parser(
        "learners", help="import a caseload from a CSV file; all rows or none (docs/csv-import.md)"
    )
    import_learners.add_argument("file", metavar="FILE.csv")
    import_learners.add_argument(
        "--dry-run", action="store_true", help="check the file and show what would happen; change nothing"
    )
    import_learners.set_defaults(run=cmd_import_learners)

    add_export_commands(commands, _Parser)
    return parser


def main(
    argv: Sequence[str] | None = None, *, stdin: TextIO | None = None, stdout: TextIO | None = None
) -> int:
    harden_process()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except _UsageError as error:
        print(f"tutordesk: {error}", file=sys.stderr)
        return ExitCode.BAD_INPUT
    paths = AppPaths.discover()
    settings = Settings.load(paths.settings_file)
    vault_path = Path(args.vault).expanduser() if args.vault else paths.default_vault
    ctx = Context(
        paths=paths,
        settings=settings,
        vault_path=vault_path,
        stdin=stdin or sys.stdin,
        stdout=stdout or sys.stdout,
    )
    run = getattr(args, "run", None)
    try:
        if args.command is None:
            from tutordesk.app import run_window

            return run_window(ctx.paths, ctx.settings, vault_path)
        if run is None:  # `tutordesk learners` without an action
            print(
                f"tutordesk: {args.command} needs an action; see `tutordesk {args.command} --help`.",
                file=sys.stderr,
            )
            return ExitCode.BAD_INPUT
        return int(run(ctx, args))
    except TutorDeskError as error:
        print(f"tutordesk: {error.message}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("tutordesk: stopped; nothing further was changed.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return ExitCode.OK
    except Exception as error:  # noqa: BLE001 - the contract: one sentence, never a traceback
        print(
            f"tutordesk: something unexpected went wrong ({type(error).__name__}); nothing further was changed.",
            file=sys.stderr,
        )
        return ExitCode.UNEXPECTED
