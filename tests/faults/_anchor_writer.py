"""Child process for the WAL-damage test: commits units of work that append audit entries, prints each number
once `commit()` returned, then prints `done` and waits to be killed (so the -wal file still holds frames)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from tests.conftest import open_vault
from tutordesk.vault import audit


def main() -> None:
    path, count = Path(sys.argv[1]), int(sys.argv[2])
    vault = open_vault(path)
    for n in range(count):
        with vault.unit_of_work() as uow:
            audit.record(uow.session, "export.test", subject=f"learner:{n}", purpose="test")
            uow.commit()
        print(n, flush=True)
    print("done", flush=True)
    time.sleep(600)


if __name__ == "__main__":
    main()
