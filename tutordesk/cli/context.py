"""What every `tutordesk` command shares: where things are, the preferences, the passphrase, plain output,
and the parser whose errors are one sentence like every other error."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from tutordesk.domain.control_text import printable
from tutordesk.errors import BadInput
from tutordesk.paths import AppPaths
from tutordesk.settings import Settings

if TYPE_CHECKING:  # the vault is imported when a command needs it, so `--help` stays quick
    from tutordesk.vault.vault import BackupPolicy, Vault

PASSPHRASE_VARIABLE = "TUTORDESK_PASSPHRASE"
NEW_PASSPHRASE_VARIABLE = "TUTORDESK_NEW_PASSPHRASE"
RECOVERY_KEY_VARIABLE = "TUTORDESK_RECOVERY_KEY"


@dataclass
class Context:
    """What every command needs: where things are, the preferences, and how to ask for the passphrase."""

    paths: AppPaths
    settings: Settings
    vault_path: Path
    stdin: TextIO
    stdout: TextIO
    #: `--recovery-key`: open with the recovery key (from TUTORDESK_RECOVERY_KEY or standard input).
    use_recovery_key: bool = False
    _stdin_lines: list[str] = field(default_factory=list)
    _recovery_key: str | None = None

    def backup_folder(self) -> Path:
        return (
            Path(self.settings.backup_folder)
            if self.settings.backup_folder
            else self.vault_path.parent / "backups"
        )

    def backup_policy(self) -> BackupPolicy:
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

    def recovery_key(self) -> str | None:
        """The recovery key when one is given (TUTORDESK_RECOVERY_KEY, or `--recovery-key` reading the first
        line of standard input, or a prompt that does not echo); None means "use the passphrase"."""
        if self._recovery_key is None:
            if RECOVERY_KEY_VARIABLE in os.environ:
                self._recovery_key = os.environ[RECOVERY_KEY_VARIABLE]
            elif self.use_recovery_key:
                if self.stdin.isatty():
                    self._recovery_key = getpass.getpass("Recovery key: ")
                else:
                    self._recovery_key = self.stdin.readline().strip()
        return self._recovery_key

    def unlock(self, *, use_keychain: bool = True) -> Vault:
        """Open the vault; a day's backup that failed is one warning line on standard error, no more."""
        from tutordesk.vault.vault import PassphraseNeeded, Unlock, Vault

        recovery_key = self.recovery_key()
        if recovery_key is not None:
            vault = Vault.open(
                self.vault_path,
                Unlock(recovery_key=recovery_key, use_keychain=False),
                backups=self.backup_policy(),
            )
            self.warn_about_key_file(vault)
            if vault.backup_problem:
                warn(vault.backup_problem)
            return vault
        try:
            vault = Vault.open(
                self.vault_path, Unlock(use_keychain=use_keychain), backups=self.backup_policy()
            )
        except PassphraseNeeded:
            passphrase = self.passphrase()
            vault = Vault.open(
                self.vault_path,
                Unlock(passphrase=passphrase, use_keychain=False),
                backups=self.backup_policy(),
            )
        if vault.backup_problem:
            warn(vault.backup_problem)
        return vault

    def warn_about_key_file(self, vault: Vault) -> None:
        if vault.foreign_key_file:
            print(
                "tutordesk: the key file beside this vault belongs to another vault; give this vault its own "
                "with `tutordesk --recovery-key change-passphrase`.",
                file=sys.stderr,
            )


def say(ctx: Context, text: str) -> None:
    """Print one line for a person to read: control characters in it (from a name, a file name, a cell of
    an imported file) are shown as escapes, never obeyed by the terminal."""
    print(printable(text), file=ctx.stdout)


def tell(text: str) -> None:
    """`say` for standard error: the problem lines before an error's closing sentence."""
    print(printable(text), file=sys.stderr)


class CommandParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # One sentence, like every other error; the usage is one `--help` away.
        raise UsageError(f"{message}; see `{self.prog} --help`.")


class UsageError(Exception):
    pass


def warn(text: str) -> None:
    """One line on standard error that does not change the exit code: `tutordesk: warning: ...`."""
    print(f"tutordesk: warning: {text[:1].lower()}{text[1:]}", file=sys.stderr)
