"""The Follow-up tab's measures: what the setting is doing for the learner, from its catalogue
(`forms/measures/catalogue.toml`), with start, end and how it went; a road-map plan, mentoring and a move
show here on their own, kept where they began."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QVBoxLayout, QWidget

from tutordesk.documents.record_kinds import load_record_kind
from tutordesk.domain.changes import RecordKind
from tutordesk.services.followup import record_adapters as adapters
from tutordesk.ui.followup.section import FollowUpSection
from tutordesk.ui.widgets.panel import PanelContext
from tutordesk.ui.widgets.record_list import RecordList, ServiceStore


class MeasuresPanel(FollowUpSection):
    """One learner's measures in place and ended."""

    title = "Measures"

    shows = frozenset({RecordKind.CASE, RecordKind.PLAN, RecordKind.MENTORING, RecordKind.TRANSITION})

    def __init__(self, context: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("measures_panel")
        today = context.today
        self.measures = RecordList(
            adapters.measure_kind(load_record_kind("measure")),
            ServiceStore(
                self.run,
                lambda: self.learner_id,
                load=adapters.measure_rows,
                save=lambda uow, **kw: adapters.save_measure_values(uow, today=today(), **kw),
                delete=adapters.delete_measure_record,
            ),
            today=today,
            name="measures",
            editor_size=QSize(560, 380),
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.measures)

    def reload(self) -> None:
        self.measures.update_enabled(self.learner_id is not None and not self.context.read_only)
        self.measures.reload()
