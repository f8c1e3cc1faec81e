"""The Follow-up tab's signals: the learner's early-warning flags with their reasons, attendance as a trend
chart against the setting's line, and the lists of attendance, marks, and incidents or signs of
disengagement, each typed in the generic record editor from its kind in `forms/records/`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from tutordesk.documents.record_kinds import load_record_kind
from tutordesk.domain.changes import RecordKind
from tutordesk.domain.early_warning import SignalKind, WarningFlag, WarningRules
from tutordesk.services.followup import record_adapters as adapters
from tutordesk.services.followup import signals
from tutordesk.ui.followup.section import FollowUpSection
from tutordesk.ui.followup.trend_chart import TrendChart
from tutordesk.ui.widgets.panel import PanelContext
from tutordesk.ui.widgets.record_list import RecordList, ServiceStore

NO_FLAGS = "No early-warning flags: nothing recorded crosses the setting's lines."


def flag_lines(flags: list[WarningFlag]) -> str:
    """The flags as a short list in words (rich text): what, why, and whether anyone has been in touch since."""
    if not flags:
        return NO_FLAGS
    items = []
    for flag in flags:
        state = "followed up since" if flag.followed_up else "<b>no contact logged since</b>"
        items.append(f"<li><b>{flag.label}</b>: {flag.reason} ({state})</li>")
    return "<b>Early-warning flags</b><ul style='margin-left: 12px'>" + "".join(items) + "</ul>"


class SignalsPanel(FollowUpSection):
    """One learner's signals; `rules()` gives the setting's early-warning rules as they are now."""

    title = "Signals"

    shows = frozenset({RecordKind.SIGNAL, RecordKind.CONTACT, RecordKind.MEETING, RecordKind.REVIEW})

    def __init__(
        self, context: PanelContext, rules: Callable[[], WarningRules], parent: QWidget | None = None
    ) -> None:
        super().__init__(context, parent)
        self.setObjectName("signals_panel")
        self._rules = rules
        self.flags = QLabel(NO_FLAGS)
        self.flags.setObjectName("early_warning_flags")
        self.flags.setWordWrap(True)
        self.flags.setAccessibleName("Early-warning flags")
        self.chart = TrendChart(
            "Attendance, week by week",
            "No attendance recorded yet. Add it week by week, or import the school's file.",
            unit="%",
        )
        self.chart.setObjectName("attendance_chart")
        learner = lambda: self.learner_id  # noqa: E731 - read when a list reads or writes
        today = context.today

        def records(
            kind: str, name: str, load: Callable[..., object], save: Callable[..., int], size: QSize
        ) -> RecordList:
            """One list of signals of `kind`, typed in the generic record editor, kept in the signals' table."""
            store = ServiceStore(
                self.run,
                learner,
                load=load,  # type: ignore[arg-type]
                save=lambda uow, **kw: save(uow, today=today(), **kw),
                delete=adapters.delete_signal_record,
            )
            return RecordList(load_record_kind(kind), store, today=today, name=name, editor_size=size)

        self.attendance = records(
            "attendance",
            "attendance",
            adapters.attendance_rows,
            adapters.save_attendance_values,
            QSize(520, 380),
        )
        self.marks = records("mark", "marks", adapters.mark_rows, adapters.save_mark_values, QSize(520, 320))
        self.events = records(
            "behaviour_event",
            "behaviour_events",
            adapters.event_rows,
            adapters.save_event_values,
            QSize(540, 340),
        )
        self.lists = QTabWidget()
        self.lists.setObjectName("signal_lists")
        self.lists.setAccessibleName("Signals")
        for records_list, title in (
            (self.attendance, "Atte&ndance"),
            (self.marks, "Mar&ks"),
            (self.events, "&Incidents and disengagement"),
        ):
            self.lists.addTab(records_list, title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.flags)
        layout.addWidget(self.chart)
        layout.addWidget(self.lists, 1)
        # Each list writes through this panel's `run`, so a save or a delete comes back here as `changed`.
        self.changed.connect(self._redraw_summary)

    def reload(self) -> None:
        for records in (self.attendance, self.marks, self.events):
            records.update_enabled(self.learner_id is not None and not self.context.read_only)
            records.reload()
        self._redraw_summary()

    def _redraw_summary(self) -> None:
        learner_id = self.learner_id
        if learner_id is None:
            self.flags.setText(NO_FLAGS)
            self.chart.set_points([], low=0, high=100)
            return
        rules = self._rules()
        today = self.context.today()

        def read(uow: object) -> tuple[list[WarningFlag], list[signals.SignalView]]:
            found = signals.flags_for(uow, learner_ids=[learner_id], today=today, rules=rules)  # type: ignore[arg-type]
            return found.get(learner_id, []), signals.learner_signals(uow, learner_id=learner_id)  # type: ignore[arg-type]

        result = self.run(read)
        if result is None:
            return
        flags, views = result
        self.flags.setText(flag_lines(flags))
        self.chart.set_points(
            signals.trend(views, SignalKind.ATTENDANCE), low=0, high=100, line=rules.attendance_at_or_below
        )
