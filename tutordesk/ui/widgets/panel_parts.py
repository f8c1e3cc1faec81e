"""Small parts the record pages of several tabs share: the note shown over a read-only vault, the gentle amber
of a note worth a look, and the inline Undo line shown after something was taken away.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from tutordesk.ui.widgets.fields import colour_text

AMBER = "#8a5a00"  # dark amber: worth a look, never an error
READ_ONLY_NOTE = "This vault is read-only: you can read everything here, but not change it."


def gentle(label: QLabel) -> QLabel:
    """Amber text for something worth a look (an item past its date, a contact outside the agreed hours),
    beside words that say why: colour is never the only signal."""
    colour_text(label, AMBER)
    return label


class UndoBar(QWidget):
    """ "Unticked … [Undo]": shown after something was taken away, until the next change."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QLabel()
        self.text.setObjectName(f"{name}_undo_text")
        self.text.setWordWrap(True)
        self.button = QPushButton("&Undo")
        self.button.setObjectName(f"{name}_undo")
        self.button.setToolTip("Put it back (Ctrl+Z)")
        self.button.setAutoDefault(False)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.text, 1)
        row.addWidget(self.button)
        self.hide()

    def offer(self, text: str | None) -> None:
        self.text.setText(text or "")
        self.setVisible(bool(text))
