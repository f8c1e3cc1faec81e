"""The commands about the vault itself: `init`, `demo`, `check`, `backup`, `restore`, `recovery-key` and
`change-passphrase`."""

from __future__ import annotations

import argparse
import getpass
import os
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from tutordesk.cli.context import NEW_PASSPHRASE_VARIABLE, CommandParser, Context, say, warn
from tutordesk.errors import BadInput, ExitCode

if TYPE_CHECKING:
    from tutordesk.vault.vault import Vault


#: The most fictional learners one `demo` adds (a large caseload is about 150; the benchmarks use 5,000).
MAX_DEMO_LEARNERS = 10_000


def add_vault_commands(commands: argparse._SubParsersAction[CommandParser]) -> None:
    """Register the vault commands on the top-level commands."""
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
        help="choose a new passphrase (the current one first, or the recovery key with --recovery-key; the "
        "new one from TUTORDESK_NEW_PASSPHRASE, the next line of standard input, or a prompt)",
    )
    change.set_defaults(run=cmd_change_passphrase)

    recovery = commands.add_parser("recovery-key", help="show the recovery key (asks for the passphrase)")
    recovery.set_defaults(run=cmd_recovery_key)


def cmd_init(ctx: Context, args: argparse.Namespace) -> int:
    from tutordesk.vault import audit
    from tutordesk.vault.vault import Vault

    vault = Vault.create(
        ctx.vault_path, ctx.passphrase("New passphrase: ", confirm=True), remember=args.remember
    )
    with vault:
        say(ctx, f"Created a new vault at {ctx.vault_path}")
        _show_recovery_key(ctx, vault, audit)
    return ExitCode.OK


def _show_recovery_key(ctx: Context, vault: Vault, audit: ModuleType) -> None:
    with vault.unit_of_work() as uow:
        audit.record(uow.session, "recovery_key.shown", detail={"where": "command line"})
        uow.commit()
    say(ctx, "")
    say(ctx, "Recovery key (write it down or print it, and keep it somewhere safe and separate):")
    say(ctx, f"    {vault.recovery_key()}")
    say(ctx, "It opens this vault if the passphrase is forgotten. Anyone holding it can read the vault.")


def cmd_demo(ctx: Context, args: argparse.Namespace) -> int:
    from tutordesk.demo.caseload import fill_demo
    from tutordesk.vault.vault import Vault

    if not 0 <= args.learners <= MAX_DEMO_LEARNERS:
        # A mistyped 5000000 would fill the disk for hours before anything could be said.
        raise BadInput(f"--learners must be between 0 and {MAX_DEMO_LEARNERS:,}.")
    if ctx.vault_path.exists():
        vault = ctx.unlock()
    else:
        vault = Vault.create(ctx.vault_path, ctx.passphrase("New passphrase: ", confirm=True))
        say(ctx, f"Created a new vault at {ctx.vault_path}")
    with vault, vault.unit_of_work() as uow:
        summary = fill_demo(uow, learners=args.learners, seed=args.seed)
        uow.commit()
    say(
        ctx,
        f"Added {summary.learners} fictional learners, {summary.people} family contacts, "
        f"{summary.contacts} logged contacts, {summary.consents} consent records, "
        f"{summary.plans} road-map plans, {summary.reviews} plan reviews, "
        f"{summary.diary_entries} diary entries, {summary.mentoring} mentoring relationships with "
        f"{summary.mentoring_contacts} contacts, {summary.transitions} transitions to a new setting, "
        f"{summary.profiles} personal profiles, {summary.signals} early-warning signals, "
        f"{summary.cases} follow-up cases and {summary.measures} measures.",
    )
    return ExitCode.OK


def cmd_check(ctx: Context, args: argparse.Namespace) -> int:
    from tutordesk.vault.inspect import check_vault

    report = check_vault(ctx.vault_path, passphrase_source=ctx.passphrase, recovery_key=ctx.recovery_key())
    for line in report.lines():
        say(ctx, line)
    return ExitCode.OK


def cmd_backup(ctx: Context, args: argparse.Namespace) -> int:
    from tutordesk.vault import audit

    folder = Path(args.to) if args.to else ctx.backup_folder()
    _check_backup_folder(folder)  # before unlocking: a mistyped folder should not cost a passphrase
    with ctx.unlock() as vault:
        result = vault.backup(folder, reason="manual", keep=max(ctx.settings.backups_to_keep, 1))
        with vault.unit_of_work() as uow:
            audit.record(uow.session, "vault.backup", detail={"file": result.path.name})
            uow.commit()
    say(ctx, f"Backup written and verified: {result.path}")
    return ExitCode.OK


def _check_backup_folder(folder: Path) -> None:
    """A place that cannot hold backups is the person's choice to make again, not a failing disk: a file
    where the folder should be, or a name no folder can have, is bad input (exit 2); a folder that may not
    be written in is refused (exit 5). A full disk stays a storage failure, found while writing."""
    import errno

    from tutordesk.errors import BadInput, Refused
    from tutordesk.paths import ensure_private_dir

    try:
        ensure_private_dir(folder)
    except OSError as error:
        if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            raise Refused(
                f"TutorDesk may not write in {folder}; choose another folder for the backup."
            ) from None
        raise BadInput(
            f"{folder} cannot hold backups ({error.strerror or error}); name a folder instead."
        ) from None
    if not os.access(folder, os.W_OK):
        raise Refused(f"TutorDesk may not write in {folder}; choose another folder for the backup.")


def cmd_restore(ctx: Context, args: argparse.Namespace) -> int:
    from tutordesk.vault.restore import restore_backup
    from tutordesk.vault.vault import Unlock

    backup_file = Path(args.file)
    recovery_key = ctx.recovery_key()
    passphrase = None if recovery_key is not None else ctx.passphrase("Passphrase of the backup: ")
    aside = restore_backup(
        backup_file,
        ctx.vault_path,
        Unlock(passphrase=passphrase, recovery_key=recovery_key, use_keychain=False),
    )
    say(ctx, f"Restored {backup_file.name} to {ctx.vault_path}")
    if aside is not None:
        say(ctx, f"The vault it replaced was kept as {aside}")
    return ExitCode.OK


def cmd_recovery_key(ctx: Context, args: argparse.Namespace) -> int:
    from tutordesk.vault import audit

    # Always the passphrase, never the keychain: showing the key is a disclosure the person must confirm.
    with ctx.unlock(use_keychain=False) as vault:
        _show_recovery_key(ctx, vault, audit)
    return ExitCode.OK


def cmd_change_passphrase(ctx: Context, args: argparse.Namespace) -> int:
    from tutordesk.vault.vault import Unlock, Vault

    recovery_key = ctx.recovery_key()
    # With the recovery key no current passphrase is asked for: the key proves the right to a new key file.
    current = "" if recovery_key is not None else ctx.passphrase("Current passphrase: ")
    if NEW_PASSPHRASE_VARIABLE in os.environ:
        new = os.environ[NEW_PASSPHRASE_VARIABLE]
    elif not ctx.stdin.isatty():
        new = ctx.stdin.readline().rstrip("\r\n")  # the next line, after the current passphrase or key
    else:
        new = getpass.getpass("New passphrase: ")
        if getpass.getpass("Type it again: ") != new:
            raise BadInput("The two new passphrases differ; the passphrase was not changed.")
    unlock = Unlock(passphrase=current or None, recovery_key=recovery_key, use_keychain=False)
    with Vault.open(ctx.vault_path, unlock, backups=ctx.backup_policy()) as vault:
        if vault.backup_problem:
            warn(vault.backup_problem)
        vault.change_passphrase(current, new)
    if recovery_key is not None:
        say(ctx, "The passphrase is set and this vault has a new key file. The recovery key is as it was.")
    else:
        say(ctx, "The passphrase is changed. The recovery key and older backups are as they were.")
    return ExitCode.OK
