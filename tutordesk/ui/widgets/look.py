"""One look across every window and dialog, whatever the desktop's theme says.

The rule for buttons: a dialog's buttons (Save, Cancel, Close, OK, and the rest of a button row) carry words
only, never an icon. Some desktop themes put icons on standard buttons (a `QDialogButtonBox`'s and a message
box's) and not on the ones a form builds itself, so the same Save looked different from one dialog to the
next. Icons stay where the icon is the meaning: a recording's record, play and stop.

The fonts PDFs fall back on (Noto Emoji, Noto Sans Arabic and the rest, `resources/fonts/fallback/`) are
given to Qt too, so the screen shows an emoji or a name as the printed page will, not as an empty box.
"""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QApplication,
    QProxyStyle,
    QStyle,
    QStyleFactory,
    QStyleHintReturn,
    QStyleOption,
    QWidget,
)


class WordsOnlyButtons(QProxyStyle):
    """The application's style with one change: dialog button rows have no icons."""

    def styleHint(  # noqa: N802 - Qt's name
        self,
        hint: QStyle.StyleHint,
        option: QStyleOption | None = None,
        widget: QWidget | None = None,
        returnData: QStyleHintReturn | None = None,  # noqa: N803 - Qt's name
    ) -> int:
        if hint == QStyle.StyleHint.SH_DialogButtonBox_ButtonsHaveIcons:
            return 0
        return super().styleHint(hint, option, widget, returnData)


def apply_look(app: QApplication, base: QStyle | None = None) -> None:
    """Put TutorDesk's look on `app`: its own style over `base`, by default a fresh copy of the style in use
    (the application owns the style it has, so that one is never wrapped)."""
    if base is None and isinstance(app.style(), WordsOnlyButtons):
        return
    base = base or QStyleFactory.create(app.style().name()) or QStyleFactory.create("Fusion")
    app.setStyle(WordsOnlyButtons(base))


def add_document_fonts() -> list[str]:
    """Give Qt the fallback fonts PDFs use; the font families added (none when the folder is missing)."""
    from tutordesk.resources import resource

    folder = resource("fonts") / "fallback"
    families: list[str] = []
    for path in sorted(folder.glob("*.ttf")) if folder.is_dir() else []:
        added = QFontDatabase.addApplicationFont(str(path))
        if added >= 0:
            families += QFontDatabase.applicationFontFamilies(added)
    return families
