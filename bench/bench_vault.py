"""Vault figures, each against a raw floor measured in the same run (run them with bench/run.py).

- open_with_stored_key: `Vault.open` with the key from the keychain, then close; floor: a bare
  `sqlcipher3.connect` + `PRAGMA key` + first read.
- unlock_with_passphrase: `Vault.open` with the passphrase, then close; floor: one Argon2id derivation at
  the vault's cost.
- caseload_query: `list_caseload` through a unit of work (the due items and the learners: two statements,
  rows built, risk explained); floor: the same two statements, captured from the service and replayed with
  their parameters on a bare connection, `fetchall()`.
- cli_learners_list: `tutordesk learners list --json` as a whole process; floor: `python -c` deriving one
  Argon2id key at the vault's cost, opening with sqlcipher3 and running the same captured statements.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from bench.floors import raw_connection, replay
from bench.scales import PASSPHRASE, BuiltVault
from bench.timing import Figure, Options, ms, paired
from tutordesk.paths import AppPaths
from tutordesk.services.caseload.rows import list_caseload
from tutordesk.settings import Settings
from tutordesk.vault import engine as sql
from tutordesk.vault.key_file import KdfCost
from tutordesk.vault.unit_of_work import recorded_statements
from tutordesk.vault.vault import Unlock, Vault

ROOT = Path(__file__).resolve().parent.parent


def open_figures(built: BuiltVault, options: Options) -> list[Figure]:
    """Opening and unlocking; the vault must not be open anywhere else (one process, one open)."""
    from argon2.low_level import Type, hash_secret_raw

    with built.open() as vault:
        key = bytes(vault.key_bytes())
        vault.remember_key()  # into the in-memory keychain the run set up
    path = built.path

    def raw_open() -> None:
        connection = sql.driver().connect(str(path))
        connection.execute(f"PRAGMA key = \"x'{key.hex()}'\"")  # no TutorDesk code at all
        connection.execute("SELECT count(*) FROM sqlite_schema").fetchone()
        connection.close()

    def open_stored() -> None:
        Vault.open(path, Unlock()).close()

    stored = paired(open_stored, raw_open, options.repeat, min_seconds=options.min_seconds)
    options.profile_action("open_with_stored_key", open_stored)

    cost = KdfCost()
    salt = os.urandom(16)

    def kdf_only() -> None:
        hash_secret_raw(
            PASSPHRASE.encode(), salt, cost.iterations, cost.memory_kib, cost.parallelism, 32, Type.ID
        )

    def unlock() -> None:
        Vault.open(path, Unlock(passphrase=PASSPHRASE, use_keychain=False)).close()

    unlocked = paired(unlock, kdf_only, options.process_repeat)
    scale = built.scale.name
    return [
        Figure("open_with_stored_key", scale, ms(stored[0]), ms(stored[1])),
        Figure(
            "unlock_with_passphrase",
            scale,
            ms(unlocked[0]),
            ms(unlocked[1]),
            note=f"Argon2id m={cost.memory_kib // 1024} MiB t={cost.iterations} p={cost.parallelism}",
        ),
    ]


def caseload_figure(built: BuiltVault, vault: Vault, options: Options, today: date) -> Figure:
    with recorded_statements(vault.engine) as statements, vault.unit_of_work() as uow:
        shown = len(list_caseload(uow, today=today))
    raw = raw_connection(built.path, bytes(vault.key_bytes()))
    try:

        def service() -> None:
            with vault.unit_of_work() as uow:
                list_caseload(uow, today=today)

        measured, floor = paired(
            service, lambda: replay(raw, statements), options.repeat, min_seconds=options.min_seconds
        )
        options.profile_action("caseload_query", service)
    finally:
        raw.close()
    return Figure(
        "caseload_query",
        built.scale.name,
        ms(measured),
        ms(floor),
        note=f"{shown} learners, {len(statements)} statements",
    )


_CLI_FLOOR = (
    "import json, os, sys, sqlcipher3.dbapi2 as s; from argon2.low_level import Type, hash_secret_raw; "
    "m, t, p = (int(x) for x in sys.argv[3].split(',')); "
    "hash_secret_raw(b'x', os.urandom(16), t, m, p, 32, Type.ID); "
    "c = s.connect(sys.argv[1]); c.execute('PRAGMA key = \"x\\'' + sys.argv[2] + '\\'\"'); "
    "print(sum(len(c.execute(q, a if isinstance(a, dict) else tuple(a)).fetchall()) "
    "for q, a in json.load(sys.stdin)))"
)


def cli_figure(built: BuiltVault, options: Options, today: date) -> Figure:
    """The command line as a whole process; the vault must be closed (the command opens it)."""
    with built.open() as vault:
        key = bytes(vault.key_bytes())
        with recorded_statements(vault.engine) as statements, vault.unit_of_work() as uow:
            list_caseload(uow, today=today)
    replayable = json.dumps([(q, list(a) if isinstance(a, list | tuple) else a) for q, a in statements])
    cost = KdfCost()
    with tempfile.TemporaryDirectory() as home:
        # No daily backup: it would copy the whole vault on the first run of the day, beside the kept vault.
        Settings(daily_backup=False).save(AppPaths.discover({"TUTORDESK_HOME": home}).settings_file)
        env = {
            **os.environ,
            "TUTORDESK_HOME": home,
            "TUTORDESK_PASSPHRASE": PASSPHRASE,
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        }
        cli = [sys.executable, "-m", "tutordesk", "--vault", str(built.path), "learners", "list", "--json"]
        floor_command = [
            sys.executable,
            "-c",
            _CLI_FLOOR,
            str(built.path),
            key.hex(),
            f"{cost.memory_kib},{cost.iterations},{cost.parallelism}",
        ]

        def run_cli() -> None:
            subprocess.run(cli, env=env, check=True, capture_output=True, cwd=ROOT)

        def run_floor() -> None:
            subprocess.run(floor_command, check=True, capture_output=True, input=replayable.encode())

        measured, floor = paired(run_cli, run_floor, options.process_repeat)
    return Figure("cli_learners_list", built.scale.name, ms(measured), ms(floor))
