"""Opening a learner and switching tabs, in the main window, offscreen (run them with bench/run.py).

- open_learner_profile: building and showing the learner profile dialog; floor: a bare dialog with as many
  tabs, shown and painted.
- switch_to_plans / _diaries / _mentoring / _transitions: with another learner chosen on the caseload,
  switching to the tab until its first panel is shown and painted; floor: a bare window with the same tabs
  (and as many empty inner pages) switching to that tab and painting. The first switch, which builds the
  tab and imports its modules, is not in the figure: its time is in the note.
- statements_open_learner / statements_<tab>: the statements each screen sends, counted for the learner
  with the most records on that screen and (as the "floor") for the one with the fewest but some: equal
  counts mean no statement per record.

The learners are those with an agreed plan, a mentoring relationship and a move (the small vault has too
few: there, those with records on the most tabs), so every first panel has something to show; they rotate,
so every switch reads a learner afresh.
"""

from __future__ import annotations

import time
from typing import Any

from bench.floors import bare_dialog, bare_tabbed_window
from bench.scales import BuiltVault
from bench.timing import Figure, Options, ms
from tutordesk.vault.unit_of_work import recorded_statements
from tutordesk.vault.vault import Vault

#: (the tab's name in the main window, inner pages of the bare floor)
TABS = (("Plans", 4), ("Diaries", 1), ("Mentoring", 7), ("Transitions", 6))
PROFILE_TABS = 6
ROTATION = 6  # learners taken in turn for the timed switches

_LEARNERS_BY_WEIGHT = """
SELECT l.id,
       EXISTS (SELECT 1 FROM plan_version AS v WHERE v.learner_id = l.id AND v.status = 'agreed')
     + EXISTS (SELECT 1 FROM mentoring_relationship AS r WHERE r.learner_id = l.id)
     + EXISTS (SELECT 1 FROM transition AS t WHERE t.learner_id = l.id) AS tabs_with_records,
       (SELECT count(*) FROM diary_entry AS d WHERE d.learner_id = l.id)
     + (SELECT count(*) FROM meeting AS m WHERE m.learner_id = l.id)
     + (SELECT count(*) FROM plan_stage AS s JOIN plan_version AS v ON v.id = s.plan_version_id
        WHERE v.learner_id = l.id)
     + (SELECT count(*) FROM mentoring_contact AS c JOIN mentoring_relationship AS r ON r.id = c.relationship_id
        WHERE r.learner_id = l.id) AS records
FROM learner AS l
WHERE l.archived_at IS NULL
ORDER BY records, l.id
"""


#: Per screen: (learner id, records its first panel shows) for every learner with something there.
RECORDS_BY_SCREEN = {
    "open_learner": """SELECT l.id, (SELECT count(*) FROM learner_factor AS f WHERE f.learner_id = l.id)
                              + (SELECT count(*) FROM learner_contact AS c WHERE c.learner_id = l.id)
                              + (SELECT count(*) FROM consent_record AS r WHERE r.learner_id = l.id)
                              + (SELECT count(*) FROM learner_group AS g WHERE g.learner_id = l.id)
                       FROM learner AS l WHERE l.archived_at IS NULL""",
    "plans": """SELECT v.learner_id, (SELECT count(*) FROM plan_stage AS s WHERE s.plan_version_id = v.id)
                       + (SELECT count(*) FROM plan_goal AS g JOIN plan_stage AS s ON s.id = g.stage_id
                          WHERE s.plan_version_id = v.id)
                FROM plan_version AS v WHERE v.status = 'agreed'""",
    "diaries": """SELECT learner_id, count(*) FROM diary_entry WHERE learner_id IS NOT NULL GROUP BY learner_id""",
    "mentoring": """SELECT r.learner_id, 1000 * count(DISTINCT r.id) + count(c.meeting_id)
                    FROM mentoring_relationship AS r LEFT JOIN mentoring_contact AS c ON c.relationship_id = r.id
                    GROUP BY r.learner_id""",
    "transitions": """SELECT t.learner_id, 1000 * count(DISTINCT t.id) + count(i.transition_id)
                      FROM transition AS t LEFT JOIN transition_item AS i ON i.transition_id = t.id
                      GROUP BY t.learner_id""",
}


def lightest_and_heaviest(vault: Vault, window: Any, screen: str) -> tuple[tuple[int, int], tuple[int, int]]:
    """The learners (id, records) with the fewest and the most records on `screen`, among those on the
    caseload (no filter is set, so every row the model holds is shown)."""
    with vault.unit_of_work() as uow:
        found = uow.session.connection().exec_driver_sql(RECORDS_BY_SCREEN[screen]).all()
    shown = sorted((int(r), int(i)) for i, r in found if window.caseload.model.find(int(i)) is not None)
    if len(shown) < 2:
        raise RuntimeError(f"The benchmark vault has too few learners with records for {screen}.")
    (light_records, light), (heavy_records, heavy) = shown[0], shown[-1]
    return (light, light_records), (heavy, heavy_records)


def chosen_learners(vault: Vault, window: Any) -> list[tuple[int, int]]:
    """(learner id, records), lightest first, of the learners shown on the caseload with records on the most
    tabs (a plan, mentoring and a move wherever there are at least two such learners)."""
    with vault.unit_of_work() as uow:
        found = uow.session.connection().exec_driver_sql(_LEARNERS_BY_WEIGHT).all()
    shown = [(int(i), int(t), int(r)) for i, t, r in found if window.caseload.model.find(i) is not None]
    for coverage in (3, 2, 1, 0):
        alike = [(i, r) for i, t, r in shown if t == coverage]
        if len(alike) >= 2:
            return alike
    raise RuntimeError("The benchmark vault has too few learners to open.")


def learner_figures(built: BuiltVault, vault: Vault, window: Any, options: Options) -> list[Figure]:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    scale = built.scale.name
    learners = chosen_learners(vault, window)
    step = max(1, len(learners) // ROTATION)
    rotation = [learner for learner, _ in learners[::step]][:ROTATION]
    figures = _profile(scale, vault, window, options, rotation)
    caseload = window.caseload
    tabs = window.tabs
    tab_names = [tabs.tabText(i) for i in range(tabs.count())]
    pages = dict(TABS)
    bare = bare_tabbed_window(tab_names, [pages.get(name, 1) for name in tab_names[1:]])
    bare_tabs = bare.centralWidget()

    def choose(learner_id: int) -> None:
        tabs.setCurrentIndex(0)
        caseload.select_learner(learner_id)
        app.processEvents()

    def switch(index: int) -> None:
        tabs.setCurrentIndex(index)
        window.grab()

    def bare_switch(index: int) -> None:
        bare_tabs.setCurrentIndex(index)
        bare.grab()

    for name, _ in TABS:
        if name not in tab_names:
            continue
        index, suffix = tab_names.index(name), name.lower()
        choose(rotation[0])
        first = _seconds(lambda: switch(index))  # noqa: B023 - called at once: builds the tab
        (light, light_records), (heavy, heavy_records) = lightest_and_heaviest(vault, window, suffix)
        counts = []
        for learner_id in (heavy, light):
            choose(learner_id)
            with recorded_statements(vault.engine) as statements:
                switch(index)  # noqa: B023
            counts.append(float(len(statements)))
        figures.append(
            Figure(
                f"statements_{suffix}",
                scale,
                counts[:1],
                counts[1:],
                unit="statements",
                note=_records_note(heavy_records, light_records),
            )
        )
        measured, floor = [], []
        for n in range(options.repeat + 1):
            choose(rotation[n % len(rotation)])
            bare_tabs.setCurrentIndex(0)
            a = _seconds(lambda: switch(index))  # noqa: B023
            f = _seconds(lambda: bare_switch(index))  # noqa: B023
            if n:  # the first is the warm-up
                measured.append(a)
                floor.append(f)
        if f"switch_to_{suffix}" in options.profile:
            for n in range(6):
                choose(rotation[n % len(rotation)])
                options.profile_action(f"switch_to_{suffix}", lambda: switch(index), times=1)  # noqa: B023
        figures.append(
            Figure(
                f"switch_to_{suffix}",
                scale,
                ms(measured),
                ms(floor),
                note=f"first switch, building the tab: {first * 1000:.0f} ms",
            )
        )
    tabs.setCurrentIndex(0)
    bare.close()
    return figures


def _records_note(heavy: int, light: int) -> str:
    return f"learner with the most records ({heavy}) vs. the fewest ({light})"


def _seconds(action: Any) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _profile(
    scale: str,
    vault: Vault,
    window: Any,
    options: Options,
    rotation: list[int],
) -> list[Figure]:
    from PySide6.QtWidgets import QApplication

    from tutordesk.ui.learners.profile import LearnerProfileDialog

    app = QApplication.instance()

    def open_profile(learner_id: int) -> Any:
        dialog = LearnerProfileDialog(vault, learner_id, window)
        dialog.show()
        dialog.grab()
        return dialog

    def dispose(dialog: Any) -> None:
        dialog.close()
        dialog.deleteLater()
        app.processEvents()

    (light, light_records), (heavy, heavy_records) = lightest_and_heaviest(vault, window, "open_learner")
    counts = []
    for learner_id in (heavy, light):
        with recorded_statements(vault.engine) as statements:
            dialog = open_profile(learner_id)
        counts.append(float(len(statements)))
        dispose(dialog)
    measured, floor = [], []
    for n in range(options.repeat + 1):
        start = time.perf_counter()
        dialog = open_profile(rotation[n % len(rotation)])
        a = time.perf_counter() - start
        dispose(dialog)
        start = time.perf_counter()
        dialog = bare_dialog(window, PROFILE_TABS)
        f = time.perf_counter() - start
        dispose(dialog)
        if n:
            measured.append(a)
            floor.append(f)
    options.profile_action("open_learner_profile", lambda: dispose(open_profile(heavy)))
    return [
        Figure("open_learner_profile", scale, ms(measured), ms(floor)),
        Figure(
            "statements_open_learner",
            scale,
            counts[:1],
            counts[1:],
            unit="statements",
            note=_records_note(heavy_records, light_records),
        ),
    ]
