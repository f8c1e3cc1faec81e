"""The three benchmark vaults, built once and kept in the system's temporary folder.

- small: 50 demo learners (`fill_demo`, everything a demo vault has);
- medium: 1,000 learners: 999 from `fill_demo` (about 50,000 diary entries, 4,300 plan stages, 20,000
  meetings) and one with a 500-entry timeline;
- large: 10,000 learners: 9,999 from `fill_demo` without diaries, then about 500,000 diary entries through
  the bulk path (bench/bulk.py), and the 500-entry learner.

A built vault is kept under a name made of its scale, the schema version, a digest of the migrations and
of the builders, and is reused while they stay the same; `fresh=True` builds it again. The passphrase and
the recovery key of these fictional vaults sit beside them in `manifest.json`, with the build time and
the row counts. TUTORDESK_BENCH_CACHE names another folder to keep them in.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import text

from bench import bulk
from tutordesk.demo.caseload import fill_demo
from tutordesk.vault.schema import MIGRATIONS, SCHEMA_VERSION
from tutordesk.vault.vault import Unlock, Vault

PASSPHRASE = "benchmark passphrase"
#: Where built vaults are kept; TUTORDESK_BENCH_CACHE moves it (the smoke test keeps its own).
CACHE = Path(os.environ.get("TUTORDESK_BENCH_CACHE") or Path(tempfile.gettempdir()) / "tutordesk-bench")
COUNTED = ("learner", "diary_entry", "plan_stage", "meeting", "mentoring_relationship", "transition")


@dataclass(frozen=True)
class Scale:
    name: str
    learners: int
    long_diary: bool  # one of the learners is the 500-entry timeline
    bulk_diaries: bool  # diaries through bench/bulk.py rather than fill_demo


SCALES = {
    "small": Scale("small", 50, long_diary=False, bulk_diaries=False),
    "medium": Scale("medium", 1000, long_diary=True, bulk_diaries=False),
    "large": Scale("large", 10000, long_diary=True, bulk_diaries=True),
}


@dataclass(frozen=True)
class BuiltVault:
    scale: Scale
    path: Path
    recovery_key: str
    build_seconds: float  # as long as it took when it was built (it may have been built by an earlier run)
    built_now: bool
    counts: dict[str, int]

    def open(self) -> Vault:
        return Vault.open(self.path, Unlock(recovery_key=self.recovery_key, use_keychain=False))


def _digest() -> str:
    """Changes when a migration or a builder changes, so a vault of the old shape is never reused."""
    digest = hashlib.sha256()
    sources = sorted((MIGRATIONS / "versions").glob("*.py"))
    sources += [Path(bulk.__file__), Path(__file__)]
    for source in sources:
        digest.update(source.name.encode() + source.read_bytes())
    return digest.hexdigest()[:10]


def folder_for(scale: Scale) -> Path:
    return CACHE / f"{scale.name}-schema{SCHEMA_VERSION}-{_digest()}"


def vault_for(scale: Scale, *, fresh: bool = False) -> BuiltVault:
    """The scale's vault: the kept one if it is there and complete, else a new one."""
    folder = folder_for(scale)
    manifest = folder / "manifest.json"
    if fresh or not manifest.exists():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        _build(scale, folder / "bench.vault", manifest)
        built_now = True
    else:
        built_now = False
    stored = json.loads(manifest.read_text())
    return BuiltVault(
        scale,
        folder / "bench.vault",
        stored["recovery_key"],
        stored["build_seconds"],
        built_now,
        stored["counts"],
    )


def _build(scale: Scale, path: Path, manifest: Path) -> None:
    today = date.today()
    started = time.perf_counter()
    steps: dict[str, float] = {}
    demo_learners = scale.learners - (1 if scale.long_diary else 0)
    # The default Argon2id cost: the unlock figure measures the vault as a practitioner's would be.
    with Vault.create(path, PASSPHRASE) as vault:
        recovery_key = vault.recovery_key()
        with vault.unit_of_work() as uow:
            begun = time.perf_counter()
            fill_demo(uow, learners=demo_learners, seed=1, today=today, diaries=not scale.bulk_diaries)
            steps["fill_demo"] = time.perf_counter() - begun
            if scale.bulk_diaries:
                begun = time.perf_counter()
                bulk.write_diaries(uow, seed=1, today=today)
                steps["bulk_diaries"] = time.perf_counter() - begun
            if scale.long_diary:
                bulk.add_long_diary(uow, today=today)
            begun = time.perf_counter()
            uow.commit()
            steps["commit"] = time.perf_counter() - begun
        with vault.unit_of_work() as uow:
            counts = {
                table: int(uow.session.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
                for table in COUNTED
            }
    seconds = time.perf_counter() - started
    record: dict[str, Any] = {
        "scale": scale.name,
        "recovery_key": recovery_key,
        "passphrase": PASSPHRASE,
        "built_on": today.isoformat(),
        "build_seconds": round(seconds, 1),
        "steps": {name: round(value, 1) for name, value in steps.items()},
        "counts": counts,
        "size_mb": round(path.stat().st_size / 1e6, 1),
    }
    manifest.write_text(json.dumps(record, indent=1) + "\n")  # last: a vault without it is rebuilt
    print(f"Built the {scale.name} vault in {seconds:.1f} s ({record['steps']}): {counts}", flush=True)
