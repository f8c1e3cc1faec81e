"""The `tutordesk` command: headless commands per the contract in docs/cli.md; no command opens the window.

Every error reaches the user as one plain sentence on standard error with the documented exit code;
a traceback never does.
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from tutordesk import __version__
from tutordesk.cli.context import PASSPHRASE_VARIABLE, CommandParser, Context, UsageError, tell
from tutordesk.cli.export import add_export_commands
from tutordesk.cli.learners import add_learner_commands
from tutordesk.cli.vault_commands import add_vault_commands
from tutordesk.errors import ExitCode, TutorDeskError
from tutordesk.hardening import harden_process
from tutordesk.paths import AppPaths
from tutordesk.settings import Settings

__all__ = ["PASSPHRASE_VARIABLE", "build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    parser = CommandParser(prog="tutordesk", description="TutorDesk: casework in one encrypted file.")
    parser.add_argument("--version", action="version", version=f"TutorDesk {__version__}")
    parser.add_argument(
        "--vault", metavar="PATH", help="the vault file (default: the vault in your user data folder)"
    )
    parser.add_argument(
        "--recovery-key",
        action="store_true",
        help="open the vault with its recovery key instead of the passphrase (from TUTORDESK_RECOVERY_KEY, "
        "else the first line of standard input, else a prompt)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=CommandParser)
    add_vault_commands(commands)
    add_learner_commands(commands)
    add_export_commands(commands)
    return parser


def main(
    argv: Sequence[str] | None = None, *, stdin: TextIO | None = None, stdout: TextIO | None = None
) -> int:
    harden_process()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except UsageError as error:
        tell(f"tutordesk: {error}")
        return ExitCode.BAD_INPUT
    paths = AppPaths.discover()
    paths.make_private()
    settings = Settings.load(paths.settings_file)
    vault_path = Path(args.vault).expanduser() if args.vault else paths.default_vault
    ctx = Context(
        paths=paths,
        settings=settings,
        vault_path=vault_path,
        stdin=stdin or sys.stdin,
        stdout=stdout or sys.stdout,
        use_recovery_key=args.recovery_key,
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
        tell(f"tutordesk: {error.message}")
        return error.exit_code
    except KeyboardInterrupt:
        print("tutordesk: stopped; nothing further was changed.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return ExitCode.OK
    except OSError as error:
        problem = path_problem(error)
        if problem is None:
            say_unexpected(error)
            return ExitCode.UNEXPECTED
        tell(f"tutordesk: {problem}")
        return ExitCode.BAD_INPUT
    except Exception as error:  # noqa: BLE001 - the contract: one sentence, never a traceback
        say_unexpected(error)
        return ExitCode.UNEXPECTED


def say_unexpected(error: BaseException) -> None:
    """Say that something unexpected (a bug) happened, naming only the kind of fault."""
    print(
        f"tutordesk: something unexpected went wrong ({type(error).__name__}); nothing further was changed.",
        file=sys.stderr,
    )


# Errors about a path the person named (or one under it): bad input, not a fault of TutorDesk's.
_PATH_PROBLEMS = {
    errno.EACCES: "TutorDesk may not use {path} (permission denied); choose another place.",
    errno.EPERM: "TutorDesk may not use {path} (not permitted); choose another place.",
    errno.EROFS: "TutorDesk may not write {path}: it is on read-only storage; choose another place.",
    errno.EISDIR: "{path} is a folder; name a file.",
    errno.ENOTDIR: "{path} cannot be used: part of it is a file, not a folder.",
    errno.ENOENT: "There is no {path}.",
    errno.ENAMETOOLONG: "The name {path} is too long for this computer.",
    errno.ELOOP: "{path} cannot be used: its symbolic links go round in a loop.",
}


def path_problem(error: OSError) -> str | None:
    """The sentence for an OSError about a path the person named; None for any other OSError."""
    sentence = _PATH_PROBLEMS.get(error.errno or 0)
    if sentence is None or error.filename is None:
        return None
    path = os.fsdecode(error.filename) if isinstance(error.filename, (str, bytes)) else str(error.filename)
    return sentence.format(path=path if len(path) <= 120 else path[:119] + "…")
