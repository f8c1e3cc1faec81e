#!/usr/bin/env python3
"""Render TutorDesk's icon (packaging/icons/tutordesk.svg) to the PNG sizes menus and docks ask for.

Run with a Python that has PySide6 (e.g. `.venv/bin/python packaging/make_icon.py`); the PNGs are kept in
git, so a build does not need this step. Qt draws offscreen: no screen is needed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parent / "icons"
SIZES = (16, 32, 48, 64, 128, 256, 512)


def render(svg: Path, size: int, target: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"make_icon: {svg} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    if not image.save(str(target), "PNG"):
        raise SystemExit(f"make_icon: could not write {target}")


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - Qt needs one for fonts
    svg = ICONS / "tutordesk.svg"
    for size in SIZES:
        target = ICONS / f"tutordesk-{size}.png"
        render(svg, size, target)
        print(f"make_icon: {target.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
