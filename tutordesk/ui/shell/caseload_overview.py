"""The caseload's overview read for the window: when the Overview button is pressed, and again after any
change while it is on screen, in one unit of work (a fixed number of statements, `services.followup.overview`).
"""

from __future__ import annotations

from typing import Any

from tutordesk.domain.changes import Changes
from tutordesk.ui.widgets.panel import run_in_unit_of_work

# The main window, which imports this module: typed loosely so that the two do not import each other.
MainWindow = Any


def connect_overview(window: MainWindow) -> None:
    """Wire the caseload tab's Overview to the window's vault and settings."""
    window.caseload.overview_requested.connect(lambda: read_overview(window))

    def after_changes(_changes: Changes, _initiator: object) -> None:
        if window.caseload.overview_button.isChecked():
            read_overview(window)

    window.changes_made.connect(after_changes)


def read_overview(window: MainWindow) -> None:
    """Read the counts and show them on the caseload tab."""
    from tutordesk.services.followup.overview import caseload_overview

    if window.vault is None:
        return
    settings = window.settings
    today = window._today()  # noqa: SLF001 - the window's clock, injected in tests
    done, overview = run_in_unit_of_work(
        window,
        window._context,  # noqa: SLF001 - how panels reach the vault
        lambda uow: caseload_overview(
            uow,
            today=today,
            weights=settings.risk_weights(),
            rules=settings.warning_rules(),
            no_contact_days=settings.no_contact_days,
        ),
    )
    if done and overview is not None:
        window.caseload.show_overview(overview)
