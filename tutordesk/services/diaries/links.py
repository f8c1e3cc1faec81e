"""What a diary entry may be linked to: the agreed plan's stages and goals, and the learner's recent meetings,
read once when the editor first opens and described in words for the reader."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import col, select

from tutordesk.domain.dates import short_date
from tutordesk.domain.models import Meeting, TaxonomyTerm
from tutordesk.services.diaries.entries import EntryInput
from tutordesk.services.plans import roadmap as plans
from tutordesk.vault.unit_of_work import UnitOfWork

RECENT_MEETINGS = 30


@dataclass(frozen=True)
class LinkChoices:
    """What an entry may be linked to: the agreed plan's stages and goals (by lineage) and recent meetings."""

    stages: tuple[tuple[str, str], ...] = ()  # (lineage, title)
    goals: tuple[tuple[str, str], ...] = ()  # (lineage, the goal as the learner put it)
    meetings: tuple[tuple[int, str], ...] = ()  # (id, "3 Nov 2026 · One-to-one tutorial")
    has_plan: bool = False

    def describe(self, entry: EntryInput) -> list[str]:
        """The entry's links in words, for the reader."""
        found: list[str] = []
        if entry.stage_lineage:
            title = dict(self.stages).get(entry.stage_lineage)
            found.append(f"plan stage “{title}”" if title else "a stage of an earlier version of the plan")
        if entry.goal_lineage:
            text = dict(self.goals).get(entry.goal_lineage)
            found.append(f"goal “{text}”" if text else "a goal of an earlier version of the plan")
        if entry.meeting_id is not None:
            meeting = dict(self.meetings).get(entry.meeting_id)
            found.append(f"meeting of {meeting}" if meeting else "an earlier meeting")
        return found


def meeting_label(held_on: date, kind: str) -> str:
    """ "3 Nov 2026 · One-to-one tutorial": a meeting as the entry editor offers it."""
    return f"{short_date(held_on)} · {kind}" if kind else short_date(held_on)


def link_choices(uow: UnitOfWork, *, learner_id: int) -> LinkChoices:
    """The agreed plan's stages and goals and the learner's recent meetings, for the editor's links."""
    plan = plans.agreed_plan(uow, learner_id=learner_id)
    stages = tuple((s.lineage, s.title) for s in plan.stages) if plan else ()
    goals = tuple((g.lineage, g.text) for s in plan.stages for g in s.goals) if plan else ()
    kinds = dict(
        uow.session.exec(
            select(TaxonomyTerm.code, TaxonomyTerm.label).where(TaxonomyTerm.taxonomy == "meeting_kind")
        ).all()
    )
    meetings = uow.session.exec(
        select(col(Meeting.id), col(Meeting.held_on), col(Meeting.kind))
        .where(Meeting.learner_id == learner_id)
        .order_by(col(Meeting.held_on).desc(), col(Meeting.id).desc())
        .limit(RECENT_MEETINGS)
    ).all()
    return LinkChoices(
        stages=stages,
        goals=goals,
        meetings=tuple((int(i or 0), meeting_label(held, kinds.get(kind, ""))) for i, held, kind in meetings),
        has_plan=plan is not None,
    )
