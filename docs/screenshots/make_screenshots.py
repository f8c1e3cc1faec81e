"""Regenerate the screenshots in docs/screenshots from the real window with a fictional demo vault.

Run under a real X server, e.g. `xvfb-run -s "-screen 0 1280x800x24" .venv/bin/python docs/screenshots/make_screenshots.py`.
It grabs the whole screen, as a user would see it, not just the widget.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from tutordesk.services.demo import fill_demo  # noqa: E402
from tutordesk.ui.minimal_window import MinimalWindow  # noqa: E402
from tutordesk.vault.key_file import KdfCost  # noqa: E402
from tutordesk.vault.vault import Vault  # noqa: E402


def main() -> None:
    app = QApplication(sys.argv)
    folder = Path(tempfile.mkdtemp())
    vault = Vault.create(folder / "demo.vault", "screenshot passphrase", cost=KdfCost.fast_for_tests())
    with vault.unit_of_work() as uow:
        fill_demo(uow, learners=60, seed=4)
        uow.commit()
    window = MinimalWindow(vault)
    window.move(40, 40)
    window.show()

    def shoot() -> None:
        screen = app.primaryScreen()
        screen.grabWindow(0).copy(window.frameGeometry()).save(str(HERE / "caseload-minimal.png"))
        window.close()
        app.quit()

    QTimer.singleShot(1500, shoot)
    app.exec()


if __name__ == "__main__":
    main()
