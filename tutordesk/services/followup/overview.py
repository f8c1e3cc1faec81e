"""The caseload overview: the whole caseload in counts a tutor reads at a glance, each count carrying the
learners behind it (so a chart can open them), and a printable copy that carries counts only.

Read in a fixed number of statements whatever the caseload's size: the caseload rows (two), the due items
up to a month ahead (one), the early-warning flags (two), the open cases and their steps (two) and the
measures in use (four).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import col, select

from tutordesk.documents.content import DocumentContent
from tutordesk.documents.procedures import MeasureCatalogue, load_catalogue
from tutordesk.domain.early_warning import SignalKind, WarningRules
from tutordesk.domain.enums import LearnerStatus
from tutordesk.domain.followup_models import LearnerMeasure
from tutordesk.domain.mentoring_models import MentoringRelationship
from tutordesk.domain.plan_models import PlanVersion
from tutordesk.domain.risk import DOMAIN_LABELS, RiskLevel, RiskWeights
from tutordesk.domain.transition_models import Transition
from tutordesk.services.caseload.due import due_items
from tutordesk.services.caseload.rows import list_caseload
from tutordesk.services.followup.cases import open_cases_due
from tutordesk.services.followup.signals import flags_for
from tutordesk.vault.unit_of_work import UnitOfWork

#: How far ahead "coming up" looks.
AHEAD_DAYS = 30
_FLAG_LABELS = {
    SignalKind.ATTENDANCE: "Attendance at or below the line",
    SignalKind.GRADE: "Marks falling",
    SignalKind.INCIDENT: "Several incidents",
    SignalKind.DISENGAGEMENT: "Disengagement noticed",
}
_COMING_UP = {
    "transition_day": "Moves to a new setting",
    "settling_in": "Settling-in meetings",
    "review": "Plan reviews",
    "meeting": "Meetings booked",
}


@dataclass(frozen=True)
class Bucket:
    """One count and the learners behind it."""

    label: str
    learner_ids: tuple[int, ...]

    @property
    def count(self) -> int:
        return len(self.learner_ids)


@dataclass(frozen=True)
class Overview:
    on: date
    learners: int
    by_status: tuple[Bucket, ...]
    by_risk_level: tuple[Bucket, ...]
    by_risk_area: tuple[Bucket, ...]
    flags: tuple[Bucket, ...]  # learners with a flag not yet followed up, by kind
    attention: tuple[Bucket, ...]  # follow-up steps past their limit, contact overdue
    measures: tuple[Bucket, ...]  # learners with each measure in place
    coming_up: tuple[Bucket, ...]  # within AHEAD_DAYS

    def sections(self) -> dict[str, tuple[Bucket, ...]]:
        """Every group of counts under its heading, in the order they are shown and printed."""
        return {
            "Status": self.by_status,
            "Risk level": self.by_risk_level,
            "Areas of risk": self.by_risk_area,
            "Early-warning flags not yet followed up": self.flags,
            "Needs attention": self.attention,
            "Measures in use": self.measures,
            f"Coming up in the next {AHEAD_DAYS} days": self.coming_up,
        }


def caseload_overview(
    uow: UnitOfWork,
    *,
    today: date,
    weights: RiskWeights,
    rules: WarningRules,
    no_contact_days: int,
    catalogue: MeasureCatalogue | None = None,
) -> Overview:
    """The overview of every learner on the caseload (archived learners left out)."""
    rows = list_caseload(uow, weights=weights, today=today, no_contact_days=no_contact_days)
    on_caseload = {row.id for row in rows}
    by_status = _group(((row.status.label, row.id) for row in rows), [s.label for s in LearnerStatus])
    levels = _group(
        ((row.risk.level.label if row.risk else RiskLevel.NONE.label, row.id) for row in rows),
        [level.label for level in sorted(RiskLevel, key=lambda level: -level.rank)],
    )
    areas = _group(
        (
            (DOMAIN_LABELS.get(domain, domain).capitalize(), row.id)
            for row in rows
            for domain in row.risk_domains
        ),
        [label.capitalize() for label in DOMAIN_LABELS.values()],
    )
    flagged = flags_for(uow, today=today, rules=rules)
    flags = _group(
        (
            (_FLAG_LABELS[flag.kind], learner_id)
            for learner_id, found in flagged.items()
            if learner_id in on_caseload
            for flag in found
            if not flag.followed_up
        ),
        list(_FLAG_LABELS.values()),
    )
    due = due_items(uow, today=today, no_contact_days=no_contact_days, horizon_days=AHEAD_DAYS)
    past_limit = sorted(
        learner_id
        for learner_id, (_, step) in open_cases_due(uow).items()
        if step.overdue(today) and learner_id in on_caseload
    )
    no_contact = sorted({item.learner_id for item in due if item.kind == "no_contact" and item.overdue})
    attention = (
        Bucket("Follow-up steps past their time limit", tuple(past_limit)),
        Bucket("Contact overdue", tuple(i for i in no_contact if i in on_caseload)),
    )
    soon = today + timedelta(days=AHEAD_DAYS)
    coming_up = _group(
        (
            (_COMING_UP[item.kind], item.learner_id)
            for item in due
            if item.kind in _COMING_UP and today <= item.due_on <= soon and item.learner_id in on_caseload
        ),
        list(_COMING_UP.values()),
    )
    measures = _measures_in_use(uow, on_caseload, catalogue or load_catalogue())
    return Overview(
        on=today,
        learners=len(rows),
        by_status=by_status,
        by_risk_level=levels,
        by_risk_area=areas,
        flags=flags,
        attention=attention,
        measures=measures,
        coming_up=coming_up,
    )


def overview_content(overview: Overview) -> DocumentContent:
    """The printable overview: counts only, never a name or a learner's id."""
    tables = {
        f"overview.{key}": [{"label": bucket.label, "count": str(bucket.count)} for bucket in buckets]
        for key, buckets in zip(_TABLE_KEYS, overview.sections().values(), strict=True)
    }
    return DocumentContent(
        values={
            "overview.on": overview.on.isoformat(),
            "overview.learners": str(overview.learners),
            "overview.ahead": f"the next {AHEAD_DAYS} days",
        },
        tables=tables,
        reference=f"Caseload overview, {overview.on.isoformat()}",
    )


_TABLE_KEYS = ("status", "risk_level", "risk_areas", "flags", "attention", "measures", "coming_up")


def _group(pairs: Iterable[tuple[str, int]], order: list[str]) -> tuple[Bucket, ...]:
    """Buckets in `order` (every label, even an empty one, so a chart keeps its shape), then any other."""
    found: dict[str, set[int]] = defaultdict(set)
    for label, learner_id in pairs:
        found[label].add(learner_id)
    labels = order + sorted(set(found) - set(order))
    return tuple(Bucket(label, tuple(sorted(found.get(label, ())))) for label in labels)


def _measures_in_use(
    uow: UnitOfWork, on_caseload: set[int], catalogue: MeasureCatalogue
) -> tuple[Bucket, ...]:
    holders: dict[str, set[int]] = defaultdict(set)
    for measure_id, learner_id in uow.session.execute(
        select(col(LearnerMeasure.measure_id), col(LearnerMeasure.learner_id)).where(
            col(LearnerMeasure.ended_on).is_(None)
        )
    ):
        holders[measure_id].add(learner_id)
    kept: Mapping[str, Iterable[int]] = {
        "plan": uow.session.exec(select(PlanVersion.learner_id).where(PlanVersion.status == "agreed")).all(),
        "mentoring": uow.session.exec(
            select(MentoringRelationship.learner_id).where(MentoringRelationship.status == "active")
        ).all(),
        "transition": uow.session.exec(
            select(Transition.learner_id).where(Transition.status == "active")
        ).all(),
    }
    for measure in catalogue.measures:
        if measure.shown_from:
            holders[measure.id].update(kept[measure.shown_from])
    return tuple(
        Bucket(measure.name, tuple(sorted(holders[measure.id] & on_caseload)))
        for measure in catalogue.measures
    )
