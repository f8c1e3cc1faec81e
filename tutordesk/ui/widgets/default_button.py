"""What Enter presses in a dialog: its primary button, never Cancel or Close.

Qt gives a dialog that has no default button of its own the first "auto-default" button after the focused
field, which is often Cancel; and a button made default before it was put in its dialog is not known to the
dialog at all. `make_default` settles both once the buttons are laid out.
"""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton


def make_default(primary: QPushButton | None, *others: QPushButton) -> None:
    """Make `primary` the button Enter presses in its dialog (None: no button), and keep each of `others`
    (Cancel, Close) from ever becoming the default. Call it after the buttons are in the dialog."""
    for button in others:
        button.setDefault(False)
        button.setAutoDefault(False)
    if primary is not None:
        primary.setDefault(False)  # set again, now that the button is in its dialog, so the dialog knows
        primary.setDefault(True)
