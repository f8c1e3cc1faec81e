"""Vault benchmarks: each figure as a ratio against a raw floor measured in the same run.

    python bench/bench_vault.py [--learners 1000] [--repeat 15]

Prints absolute medians for information and exits 1 if a median ratio breaks bench/budgets.toml.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import keyring  # noqa: E402
from argon2.low_level import Type, hash_secret_raw  # noqa: E402

from tests.support.memory_keyring import MemoryKeyring  # noqa: E402
from tutordesk.services.caseload import _CASELOAD_SQL, list_caseload  # noqa: E402
from tutordesk.services.demo import fill_demo  # noqa: E402
from tutordesk.services.due import _phase_one_items  # noqa: E402
from tutordesk.services.due import _statement as _due_statement  # noqa: E402
from tutordesk.vault import engine as sql  # noqa: E402
from tutordesk.vault.key_file import KdfCost  # noqa: E402
from tutordesk.vault.vault import Unlock, Vault  # noqa: E402

PASSPHRASE = "benchmark passphrase"


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    action()  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def paired_ratio(
    action: Callable[[], object], floor: Callable[[], object], repeat: int
) -> tuple[float, float, float]:
    """Median of per-pair ratios (A then floor, alternating), robust to drifting machine speed."""
    action()
    floor()
    ratios, a_times, f_times = [], [], []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        a = time.perf_counter() - start
        start = time.perf_counter()
        floor()
        f = time.perf_counter() - start
        ratios.append(a / f)
        a_times.append(a)
        f_times.append(f)
    return statistics.median(ratios), statistics.median(a_times), statistics.median(f_times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--learners", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    budgets = tomllib.loads((ROOT / "bench" / "budgets.toml").read_text())
    keyring.set_keyring(MemoryKeyring())
    cost = KdfCost()
    results: dict[str, tuple[float, float, float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.vault"
        with Vault.create(path, PASSPHRASE, remember=True, cost=cost) as vault:
            key = bytes(vault.key_bytes())
            with vault.unit_of_work() as uow:
                fill_demo(uow, learners=args.learners, seed=1, diaries=False)
                uow.commit()

        def raw_open() -> None:
            connection = sql.driver().connect(str(path))
            connection.execute(f"PRAGMA key = \"x'{key.hex()}'\"")  # the floor: no TutorDesk code at all
            connection.execute("SELECT count(*) FROM sqlite_schema").fetchone()
            connection.close()

        def open_stored() -> None:
            Vault.open(path, Unlock()).close()

        results["open_with_stored_key"] = paired_ratio(open_stored, raw_open, args.repeat)

        salt = os.urandom(16)

        def kdf_only() -> None:
            hash_secret_raw(
                PASSPHRASE.encode(), salt, cost.iterations, cost.memory_kib, cost.parallelism, 32, Type.ID
            )

        def unlock_passphrase() -> None:
            Vault.open(path, Unlock(passphrase=PASSPHRASE, use_keychain=False)).close()

        results["unlock_with_passphrase"] = paired_ratio(
            unlock_passphrase, kdf_only, max(5, args.repeat // 3)
        )

        vault = Vault.open(path, Unlock())
        raw = sql.connect(path, key, read_only=True)
        compiled = str(_CASELOAD_SQL).replace(":include_archived", "0")

        def service_list() -> None:
            with vault.unit_of_work() as uow:
                rows = list_caseload(uow)
            assert len(rows) == args.learners

        due_sql = str(_due_statement()).replace(":today", "date('now')").replace(":no_contact_days", "28")
        due_sql = due_sql.replace(":until", "NULL").replace(
            ":phase_one_items", "'" + _phase_one_items() + "'"
        )

        def raw_list() -> None:
            # The same two statements the service runs (learners, due items), fetched raw.
            assert len(raw.execute(compiled).fetchall()) == args.learners
            raw.execute(due_sql).fetchall()

        results[f"learners_list_{args.learners}"] = paired_ratio(service_list, raw_list, args.repeat)
        raw.close()
        vault.close()

        env = {
            **os.environ,
            "TUTORDESK_HOME": folder,
            "TUTORDESK_PASSPHRASE": PASSPHRASE,
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        }
        cli = [sys.executable, "-m", "tutordesk", "--vault", str(path), "learners", "list", "--json"]
        # The floor of "unlock and list": one Argon2id derivation at the same cost, then the raw query.
        floor_script = (
            "import sqlcipher3.dbapi2 as s, sys, os; from argon2.low_level import Type, hash_secret_raw; "
            f"hash_secret_raw(b'x', os.urandom(16), {cost.iterations}, {cost.memory_kib}, {cost.parallelism}, 32, Type.ID); "
            "c = s.connect(sys.argv[1]); "
            f'c.execute("PRAGMA key = \\"x\'{key.hex()}\'\\""); rows = c.execute(sys.argv[2]).fetchall(); '
            "print(len(rows))"
        )
        floor_cmd = [sys.executable, "-c", floor_script, str(path), compiled]

        def run_cli() -> None:
            subprocess.run(cli, env=env, check=True, capture_output=True, cwd=ROOT)

        def run_floor() -> None:
            subprocess.run(floor_cmd, check=True, capture_output=True)

        results[f"cli_learners_list_{args.learners}"] = paired_ratio(
            run_cli, run_floor, max(5, args.repeat // 3)
        )

    print(f"Argon2id cost: m={cost.memory_kib // 1024} MiB, t={cost.iterations}, p={cost.parallelism}")
    print(f"{'figure':32} {'median':>10} {'floor':>10} {'ratio':>8} {'budget':>8}")
    failed = False
    for name, (ratio, measured, floor) in results.items():
        budget_name = (
            name.replace(f"_{args.learners}", "_1000") if name.endswith(str(args.learners)) else name
        )
        budget = budgets.get(budget_name, {}).get("max_ratio")
        over = budget is not None and ratio > budget
        failed |= over
        print(
            f"{name:32} {measured * 1000:9.2f}ms {floor * 1000:9.2f}ms {ratio:8.2f} {budget or '-':>8}{'  OVER' if over else ''}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
