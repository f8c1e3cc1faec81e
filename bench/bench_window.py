"""Window benchmarks, each as a ratio against a floor measured in the same run.

    python bench/bench_window.py [--learners 1000] [--filter-learners 10000] [--repeat 7]

- start_to_painted_caseload: a fresh process that unlocks a vault of N learners (raw key, as the keychain
  would give it) and paints the main window; floor: a fresh process that imports PySide6 and SQLModel
  (the stack), opens the vault raw with sqlcipher3, queries it and paints a bare QMainWindow.
- filter_keystroke: one search keystroke over 10,000 learners (filter in Python + model reset + repaint);
  floor: the same number of rows pushed through a bare QAbstractTableModel reset and repaint.
- open_learner_profile: building and showing the learner profile dialog for one learner; floor: a bare
  QDialog with a tab widget of the same number of pages, shown.
Exits 1 when a median ratio breaks bench/budgets.toml.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

CHILD_WINDOW = r"""
import sys, time
start = time.perf_counter()
from datetime import date
from PySide6.QtWidgets import QApplication
from tutordesk.settings import Settings
from tutordesk.ui.main_window import MainWindow
from tutordesk.vault.vault import BackupPolicy, Unlock, Vault
app = QApplication([])
vault = Vault.open(__import__("pathlib").Path(sys.argv[1]), Unlock(recovery_key=sys.argv[2]))
window = MainWindow(vault, Settings(), backups=BackupPolicy(folder=__import__("pathlib").Path(sys.argv[3]), daily=False))
window.show()
window.grab()  # paints every visible widget, as the first frame on screen would
assert window.caseload.model.rowCount() > 0
print(time.perf_counter() - start)
window.close()
"""

CHILD_FLOOR = r"""
import sys, time
start = time.perf_counter()
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
import sqlcipher3.dbapi2 as s
import sqlmodel  # the stack's own import cost belongs to the floor: TutorDesk chose it, it cannot go faster
app = QApplication([])
c = s.connect(sys.argv[1]); c.execute('PRAGMA key = "x\'' + sys.argv[2].replace('-', '') + '\'"')
rows = c.execute("SELECT id, given_name, family_name, status, setting FROM learner").fetchall()
window = QMainWindow(); window.setCentralWidget(QLabel(str(len(rows)))); window.resize(1280, 760); window.show()
window.grab()
print(time.perf_counter() - start)
"""


def run_child(script: str, *args: str) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, env=env, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def paired(a: list[float], b: list[float]) -> tuple[float, float, float]:
    return statistics.median(x / y for x, y in zip(a, b, strict=True)), statistics.median(a), statistics.median(b)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--learners", type=int, default=1000)
    parser.add_argument("--filter-learners", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    budgets = tomllib.loads((ROOT / "bench" / "budgets.toml").read_text())

    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
    from PySide6.QtWidgets import QApplication, QDialog, QTableView, QTabWidget, QVBoxLayout, QWidget

    from tutordesk.services.demo import fill_demo
    from tutordesk.settings import Settings
    from tutordesk.ui.main_window import MainWindow
    from tutordesk.vault.key_file import KdfCost
    from tutordesk.vault.vault import BackupPolicy, Unlock, Vault

    app = QApplication.instance() or QApplication([])
    results: dict[str, tuple[float, float, float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        small = Path(folder) / "small.vault"
        with Vault.create(small, "benchmark passphrase", cost=KdfCost.fast_for_tests()) as vault:
            recovery = vault.recovery_key()
            with vault.unit_of_work() as uow:
                fill_demo(uow, learners=args.learners, seed=1, diaries=False)
                uow.commit()
        backups = str(Path(folder) / "backups")
        window_times, floor_times = [], []
        run_child(CHILD_WINDOW, str(small), recovery, backups)  # warm-up
        for _ in range(args.repeat):
            window_times.append(run_child(CHILD_WINDOW, str(small), recovery, backups))
            floor_times.append(run_child(CHILD_FLOOR, str(small), recovery))
        results["start_to_painted_caseload"] = paired(window_times, floor_times)

        big = Path(folder) / "big.vault"
        with Vault.create(big, "benchmark passphrase", cost=KdfCost.fast_for_tests()) as vault:
            with vault.unit_of_work() as uow:
                fill_demo(uow, learners=args.filter_learners, seed=2, diaries=False)
                uow.commit()
        vault = Vault.open(big, Unlock(passphrase="benchmark passphrase"))
        window = MainWindow(vault, Settings(), backups=BackupPolicy(folder=Path(backups), daily=False))
        window.show()
        window.grab()
        texts = [row.search_text for row in window.caseload.model._all]  # noqa: SLF001 - bench only

        class Bare(QAbstractTableModel):
            def __init__(self) -> None:
                super().__init__()
                self.rows: list[str] = []

            def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
                return len(self.rows)

            def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
                return 7

            def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
                return self.rows[index.row()][:20] if role == Qt.ItemDataRole.DisplayRole else None

        bare = Bare()
        bare_view = QTableView()
        bare_view.setModel(bare)
        bare_view.resize(1200, 600)
        bare_view.show()
        filter_times, filter_floor = [], []
        letters = "abcdefgh"
        for n in range(args.repeat * 3):
            word = letters[n % len(letters)]
            start = time.perf_counter()
            window.caseload.search.setText(word)
            window.caseload.table.viewport().grab()
            filter_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            bare.beginResetModel()
            bare.rows = [t for t in texts if word in t]
            bare.endResetModel()
            bare_view.viewport().grab()
            filter_floor.append(time.perf_counter() - start)
            window.caseload.search.clear()
        results[f"filter_keystroke_{args.filter_learners}"] = paired(filter_times, filter_floor)

        try:
            from tutordesk.ui.learner_profile import LearnerProfileDialog
        except ImportError:
            LearnerProfileDialog = None  # noqa: N806
        if LearnerProfileDialog is not None:
            learner = window.caseload.model.row_at(0).id
            profile_times, profile_floor = [], []
            for _ in range(args.repeat):
                start = time.perf_counter()
                dialog = LearnerProfileDialog(vault, learner, window)
                dialog.show()
                dialog.grab()
                profile_times.append(time.perf_counter() - start)
                dialog.close()
                dialog.deleteLater()
                start = time.perf_counter()
                bare_dialog = QDialog(window)
                tabs = QTabWidget()
                for name in ("Details", "Risk", "Protective", "Groups", "Contacts", "Consent"):
                    tabs.addTab(QWidget(), name)
                QVBoxLayout(bare_dialog).addWidget(tabs)
                bare_dialog.resize(900, 700)
                bare_dialog.show()
                bare_dialog.grab()
                profile_floor.append(time.perf_counter() - start)
                bare_dialog.close()
                bare_dialog.deleteLater()
                app.processEvents()
            results["open_learner_profile"] = paired(profile_times, profile_floor)
        window.close()

    print(f"{'figure':32} {'median':>10} {'floor':>10} {'ratio':>8} {'budget':>8}")
    failed = False
    for name, (ratio, measured, floor) in results.items():
        budget = budgets.get(name.replace(f"_{args.filter_learners}", "_10000"), {}).get("max_ratio")
        over = budget is not None and ratio > budget
        failed |= over
        print(f"{name:32} {measured * 1000:9.1f}ms {floor * 1000:9.1f}ms {ratio:8.2f} {budget or '-':>8}{'  OVER' if over else ''}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
