"""The exceptions TutorDesk raises on purpose, each with a plain message and a command-line exit code.

The UI and the command line translate these into one sentence for the user; anything else is a bug and
is reported as an unexpected error without a traceback.
"""

from __future__ import annotations

from collections.abc import Sequence


class ExitCode:
    """The exit codes of the command-line contract (docs/cli.md)."""

    OK = 0
    UNEXPECTED = 1
    BAD_INPUT = 2
    WRONG_PASSPHRASE = 3
    DAMAGED = 4
    REFUSED = 5


class TutorDeskError(Exception):
    """Base class: `message` is one plain sentence meant for the user."""

    exit_code = ExitCode.UNEXPECTED

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadInput(TutorDeskError):
    """The user asked for something that cannot be done as asked (bad argument, bad file, empty field)."""

    exit_code = ExitCode.BAD_INPUT


class FormError(BadInput):
    """A form or checklist definition cannot be used; the message names the file and says what is wrong."""

    def __init__(self, origin: str, problem: str) -> None:
        super().__init__(f"The form {origin} cannot be used: {problem}")
        self.origin = origin
        self.problem = problem


class VaultNotFound(BadInput):
    """There is no vault at the path given."""


class WrongPassphrase(TutorDeskError):
    """The passphrase, recovery key or stored key does not unlock this vault."""

    exit_code = ExitCode.WRONG_PASSPHRASE


class VaultUnreadable(TutorDeskError):
    """The vault cannot be used as it is: damaged, not a vault, or made by a newer TutorDesk."""

    exit_code = ExitCode.DAMAGED


class VaultDamaged(VaultUnreadable):
    """The file is a TutorDesk vault but some of its pages fail their integrity check."""

    def __init__(self, message: str, pages: Sequence[int] = ()) -> None:
        super().__init__(message)
        self.pages = tuple(pages)


class NotAVault(VaultUnreadable):
    """The file is not a TutorDesk vault at all (empty, plain SQLite, random bytes, another program's)."""


class NewerVault(VaultUnreadable):
    """The vault was written by a newer TutorDesk whose schema this version does not know."""


class KeyFileProblem(VaultUnreadable):
    """The key file beside the vault is missing or damaged."""


class Refused(TutorDeskError):
    """TutorDesk will not do this on purpose: it would overwrite, or another instance holds the vault."""

    exit_code = ExitCode.REFUSED


class VaultInUse(Refused):
    """Another TutorDesk process has this vault open."""


class WouldOverwrite(Refused):
    """The action would replace an existing file."""


class ReadOnlyVault(Refused):
    """The vault or its folder cannot be written, so changes are refused."""


class StorageFailure(TutorDeskError):
    """The disk refused a write (full, I/O error); nothing partial was kept."""


class EngineUnavailable(TutorDeskError):
    """The encrypted database engine is missing or too old; TutorDesk refuses to run without it."""
