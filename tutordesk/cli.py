"""The `tutordesk` command: headless commands per the contract in docs/cli.md; no command opens the window.

Every error reaches the user as one plain sentence on standard error with the documented exit code;
a traceback never does.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from tutordesk import __version__
from tutordesk.errors import BadInput, ExitCode, TutorDeskError
from tutordesk.hardening import harden_process
from tutordesk.paths import AppPaths
from tutordesk.settings import Settings

PASSPHRASE_VARIABLE = "TUTORDESK_PASSPHRASE"


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
        f"Added {summary.learners} fictional learners, {summary.people} family contacts and {summary.consents} consent records.",
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


def cmd_learners_list(ctx: Context, args: argparse.Namespace) -> int:
    from tutordesk.services.caseload import list_caseload

    with ctx.unlock() as vault, vault.unit_of_work() as uow:
        rows = list_caseload(uow, include_archived=args.all)
    if args.json:
        # dumps() then one write: dump() with indent writes thousands of small pieces, ten times slower.
        ctx.stdout.write(json.dumps([row.to_json() for row in rows], indent=2, ensure_ascii=False) + "\n")
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

    recovery = commands.add_parser("recovery-key", help="show the recovery key (asks for the passphrase)")
    recovery.set_defaults(run=cmd_recovery_key)

    learners = commands.add_parser("learners", help="work with the caseload")
    learner_commands = learners.add_subparsers(
        dest="learners_command", metavar="ACTION", parser_class=_Parser
    )
    listing = learner_commands.add_parser("list", help="the caseload as a table or JSON")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    listing.add_argument("--all", action="store_true", help="include archived learners")
    listing.set_defaults(run=cmd_learners_list)
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
