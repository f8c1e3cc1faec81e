"""Child processes for the fault tests, run as `python -m tests.faults._child COMMAND ...` from the repo.

They use the real vault code and the real SQLCipher file; the parent only reads their standard output,
one line per event, so it can synchronise on what the child has *acknowledged* rather than on sleeps.

Commands:

- `writer PATH [--note-bytes N] [--fsize-headroom BYTES]` opens the vault and commits, one unit of work
  per number n, a learner named `k<n>` together with a `LearnerFactor` whose note is `f<n>`; it prints
  `ready` once open and `n` only after `commit()` returned. With `--fsize-headroom` it first limits the size
  of any file it writes (RLIMIT_FSIZE, SIGXFSZ ignored) to the largest vault file plus BYTES, and stops at
  the first StorageFailure, printing `storage-failure<TAB>message`, then `closed` or `close-error<TAB>type`.
- `holder PATH` opens the vault, prints `ready`, and keeps it open until its standard input ends or gets a
  line; then it closes the vault and prints `closed`.
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import sys
from pathlib import Path

from sqlmodel import select

from tutordesk.cli.context import PASSPHRASE_VARIABLE  # the parent sets it to tests.conftest.PASSPHRASE
from tutordesk.domain.models import Learner, LearnerFactor, TaxonomyTerm
from tutordesk.errors import StorageFailure
from tutordesk.vault.vault import Unlock, Vault


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _open(path: Path) -> Vault:
    return Vault.open(path, Unlock(passphrase=os.environ[PASSPHRASE_VARIABLE], use_keychain=False))


def _limit_file_size(path: Path, headroom: int) -> int:
    largest = max(
        (p.stat().st_size for p in path.parent.iterdir() if p.name.startswith(path.name) and p.is_file()),
        default=0,
    )
    limit = largest + headroom
    # A write past the limit then fails with EFBIG instead of killing the process.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return limit


def writer(path: Path, note_bytes: int, fsize_headroom: int | None) -> int:
    vault = _open(path)
    with vault.unit_of_work() as uow:
        term_id = uow.session.exec(select(TaxonomyTerm.id).order_by(TaxonomyTerm.id)).first()
    assert term_id is not None
    if fsize_headroom is not None:
        _say(f"limit\t{_limit_file_size(path, fsize_headroom)}")
    _say("ready")
    notes = "n" * note_bytes
    n = 0
    try:
        while True:
            with vault.unit_of_work() as uow:
                learner = Learner(given_name=f"k{n}", family_name="x", notes=notes)
                uow.session.add(learner)
                uow.session.flush()  # gives the learner its id, inside the same transaction
                assert learner.id is not None
                uow.session.add(LearnerFactor(learner_id=learner.id, term_id=term_id, note=f"f{n}"))
                uow.commit()
            _say(str(n))  # acknowledged only after commit() returned
            n += 1
    except StorageFailure as error:
        _say(f"storage-failure\t{error.message}")
    try:
        vault.close()
    except Exception as error:  # noqa: BLE001 - reported to the parent, which decides
        _say(f"close-error\t{type(error).__module__}.{type(error).__name__}")
        sys.stdout.flush()
        os._exit(0)  # the OS drops the instance lock and every descriptor
    _say("closed")
    return 0


def holder(path: Path) -> int:
    vault = _open(path)
    _say("ready")
    sys.stdin.readline()
    vault.close()
    _say("closed")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tests.faults._child")
    commands = parser.add_subparsers(dest="command", required=True)
    write = commands.add_parser("writer")
    write.add_argument("path", type=Path)
    write.add_argument("--note-bytes", type=int, default=0)
    write.add_argument("--fsize-headroom", type=int, default=None)
    hold = commands.add_parser("holder")
    hold.add_argument("path", type=Path)
    args = parser.parse_args(argv)
    if args.command == "writer":
        return writer(args.path, args.note_bytes, args.fsize_headroom)
    return holder(args.path)


if __name__ == "__main__":
    sys.exit(main())
