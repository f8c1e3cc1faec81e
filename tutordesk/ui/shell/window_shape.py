"""The main window's shape kept between sessions in `window.ini`: its geometry and the caseload's columns
(widths, order, hidden ones and sort). Only shapes: the file never holds learner data, and it is made (or
tightened to) 0600 in a folder of 0700 before Qt first writes it, since Qt keeps an existing file's mode.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from tutordesk.paths import ensure_private_dir, ensure_private_file


class WindowShape:
    """`restore(window)` when the window is built, `save(window)` when it closes; nothing without a file."""

    def __init__(self, file: Path | None) -> None:
        self._settings: QSettings | None = None
        if file is not None:
            ensure_private_dir(file.parent)
            ensure_private_file(file)
            self._settings = QSettings(str(file), QSettings.Format.IniFormat)

    def restore(self, window: Any) -> None:
        if self._settings is None:
            return
        geometry = self._settings.value("window/geometry")
        if geometry is not None:
            window.restoreGeometry(geometry)
        titles, columns = self._settings.value("caseload/titles"), self._settings.value("caseload/header")
        if isinstance(titles, str) and isinstance(columns, QByteArray):
            window.caseload.restore_header(titles, bytes(columns.data()))

    def save(self, window: Any) -> None:
        if self._settings is None:
            return
        self._settings.setValue("window/geometry", window.saveGeometry())
        titles, columns = window.caseload.header_state()  # widths, order, hidden columns and sort
        self._settings.setValue("caseload/titles", titles)
        self._settings.setValue("caseload/header", QByteArray(columns))
        self._settings.sync()
        ensure_private_file(Path(self._settings.fileName()))  # in case it was replaced meanwhile
