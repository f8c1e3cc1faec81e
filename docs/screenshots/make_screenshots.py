"""Regenerate the screenshots in docs/screenshots from the real windows with a fictional demo vault.

Run under a real X server:
    xvfb-run -a -s "-screen 0 1360x860x24" .venv/bin/python docs/screenshots/make_screenshots.py
Each picture is grabbed from the screen, as a user would see it, not rendered from the widget alone.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from tutordesk.services.demo import fill_demo  # noqa: E402
from tutordesk.settings import Settings  # noqa: E402
from tutordesk.ui.main_window import MainWindow  # noqa: E402
from tutordesk.vault.key_file import KdfCost  # noqa: E402
from tutordesk.vault.vault import BackupPolicy, Unlock, Vault  # noqa: E402

TODAY = date(2026, 11, 20)
PASSPHRASE = "screenshot passphrase"  # a throwaway vault of fictional people


def grab(app: QApplication, widget: QWidget, name: str) -> None:
    app.processEvents()
    frame = widget.frameGeometry()
    app.primaryScreen().grabWindow(0).copy(frame).save(str(HERE / name))
    print(f"wrote {name}")


def main() -> None:
    app = QApplication(sys.argv)
    folder = Path(tempfile.mkdtemp())
    path = folder / "demo.vault"
    with Vault.create(path, PASSPHRASE, cost=KdfCost.fast_for_tests()) as vault:
        with vault.unit_of_work() as uow:
            fill_demo(uow, learners=200, seed=4, today=TODAY)
            uow.commit()
    backups = BackupPolicy(folder=folder / "backups", daily=False)
    shots: list[Callable[[], None]] = []

    from tutordesk.ui.unlock_dialog import UnlockDialog

    unlock = UnlockDialog(path, backups)
    unlock.move(300, 200)
    unlock.show()
    shots.append(lambda: grab(app, unlock, "unlock.png"))

    def open_main() -> None:
        unlock.close()
        vault = Vault.open(path, Unlock(passphrase=PASSPHRASE))
        window = MainWindow(vault, Settings(), backups=backups, today=lambda: TODAY)
        window.resize(1340, 820)
        window.move(10, 10)
        window.show()
        window.caseload.select_learner(window.caseload.model.row_at(2).id)
        main.window = window  # type: ignore[attr-defined]

    shots.append(open_main)
    shots.append(lambda: grab(app, main.window, "caseload.png"))  # type: ignore[attr-defined]

    def open_profile() -> None:
        from tutordesk.ui.learner_profile import LearnerProfileDialog

        window = main.window  # type: ignore[attr-defined]
        dialog = LearnerProfileDialog(window.vault, window.selected_learner, window)
        dialog.move(200, 60)
        dialog.show()
        main.dialog = dialog  # type: ignore[attr-defined]

    shots.append(open_profile)
    shots.append(lambda: grab(app, main.dialog, "learner-profile.png"))  # type: ignore[attr-defined]

    def lock() -> None:
        main.dialog.close()  # type: ignore[attr-defined]
        main.window.lock()  # type: ignore[attr-defined]

    shots.append(lock)
    shots.append(lambda: grab(app, main.window, "locked.png"))  # type: ignore[attr-defined]
    shots.append(app.quit)

    for number, shot in enumerate(shots):
        QTimer.singleShot(800 * (number + 1), shot)
    app.exec()


if __name__ == "__main__":
    main()
