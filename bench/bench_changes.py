"""From a plan save to the window answering input again, in the main window, offscreen (run with bench/run.py).

- save_to_window_answers: on the Plans tab, a stage of the learner's agreed plan is marked in progress (or
  back), as the stage's status menu does: the operation commits, the caseload reads that learner's row and
  due items again and puts them in place, the tabs decide whether to read again, and the events it posted
  are processed, so the window would take the next key press; floor: the statements that read one learner's
  row and due items, captured from the window and replayed raw on a bare sqlcipher3 connection.
- save_to_window_answers_full_refresh: the same save when the window reads the whole caseload again after
  it, as it did before saves said what they changed (reported beside the figure above, never judged).

Each save is undone by the next (in progress, then back), so the kept vault ends as it began.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bench.floors import raw_connection, replay
from bench.scales import BuiltVault
from bench.timing import Figure, Options, ms, paired
from tutordesk.vault.unit_of_work import recorded_statements
from tutordesk.vault.vault import Vault

#: A learner on the caseload with an agreed plan whose first stage is open and has a target date (a due item).
_LEARNER_WITH_A_STAGE = """
SELECT v.learner_id, st.id, st.status
FROM plan_version AS v JOIN plan_stage AS st ON st.plan_version_id = v.id
JOIN learner AS l ON l.id = v.learner_id
WHERE v.status = 'agreed' AND st.target_on IS NOT NULL AND st.status IN ('not_started', 'in_progress')
  AND l.archived_at IS NULL AND l.status != 'closed'
  AND v.id = (SELECT max(id) FROM plan_version WHERE learner_id = v.learner_id)
ORDER BY v.learner_id, st.position
LIMIT 1
"""


def save_figures(built: BuiltVault, vault: Vault, window: Any, options: Options) -> list[Figure]:
    from PySide6.QtWidgets import QApplication

    from tutordesk.domain.plan_enums import StageStatus
    from tutordesk.services.caseload.view import ViewRequest, read_learners_view

    app = QApplication.instance()
    with vault.unit_of_work() as uow:
        found = uow.rows(_LEARNER_WITH_A_STAGE)
    if not found:
        raise RuntimeError("The benchmark vault has no learner with an open stage of an agreed plan.")
    learner_id, stage_id, status = found[0]
    caseload = window.caseload
    caseload.reset_filters()
    if not caseload.select_learner(learner_id):
        raise RuntimeError("The learner chosen is not on the caseload.")
    window.tabs.setCurrentWidget(window.plans)
    roadmap = window.plans.panels[0]
    editor = roadmap.stages
    editor.select("stage", stage_id)
    statuses = [
        StageStatus.IN_PROGRESS.value if status != "in_progress" else StageStatus.NOT_STARTED.value,
        status,
    ]
    turn = [0]

    def save() -> None:
        editor.set_status(statuses[turn[0] % 2])
        turn[0] += 1
        app.processEvents()  # what the save posted (repaints of the changed row): then the window answers

    def full_refresh_save() -> None:
        original = window._refresh_changed  # noqa: SLF001 - the window's own step, put back below
        window._refresh_changed = lambda _changes: window.refresh()  # noqa: SLF001 - as before saves said what changed
        try:
            save()
        finally:
            window._refresh_changed = original  # noqa: SLF001

    request = ViewRequest.from_settings(window.settings, window._today())  # noqa: SLF001
    with recorded_statements(vault.engine) as statements:
        read_learners_view(vault, request=request, learner_ids={learner_id})
    raw = raw_connection(built.path, bytes(vault.key_bytes()))
    learners = caseload.model.total
    try:
        figures = [
            _figure("save_to_window_answers", built, save, raw, statements, options, learners),
            _figure(
                "save_to_window_answers_full_refresh",
                built,
                full_refresh_save,
                raw,
                statements,
                options,
                learners,
            ),
        ]
        options.profile_action("save_to_window_answers", save, times=10)
    finally:
        raw.close()
        if turn[0] % 2:
            save()  # the stage back as it was
    return figures


def _figure(
    name: str,
    built: BuiltVault,
    action: Callable[[], None],
    raw: Any,
    statements: list[tuple[str, Any]],
    options: Options,
    learners: int,
) -> Figure:
    measured, floor = paired(
        action, lambda: replay(raw, statements), options.repeat, min_seconds=options.min_seconds
    )
    return Figure(
        name,
        built.scale.name,
        ms(measured),
        ms(floor),
        note=f"{learners} learners; floor: one learner's row and due items read raw ({len(statements)} statements)",
    )
