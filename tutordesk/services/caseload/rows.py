"""Reading the caseload: the learner list with risk, groups, last contact, key worker, mentoring phase and
what is due.

Two statements for the whole list (the learners with their aggregates, and the due items), never one
query per row. Rows are plain, slotted dataclasses the UI filters and sorts in Python.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from typing import Any

from tutordesk.domain import dates
from tutordesk.domain.early_warning import WarningFlag
from tutordesk.domain.enums import LearnerStatus
from tutordesk.domain.mentoring_enums import Phase
from tutordesk.domain.risk import RiskAssessment, RiskWeights, assess_risk
from tutordesk.services.caseload.due import DueItem, earliest_by_learner, earliest_due_by_learner
from tutordesk.services.caseload.due_sources import LAST_CONTACT_SQL
from tutordesk.vault.unit_of_work import UnitOfWork

# Aggregates come from grouped subqueries joined once, so the list stays one statement. `{only}` and `{also}`
# are empty for the whole caseload; for some learners they keep every part to those learners (see
# `_statement`), so re-reading one learner after a save reads that learner's rows alone.
_CASELOAD_SQL = """
    SELECT l.id, l.given_name, l.family_name, l.preferred_name, l.date_of_birth, l.status,
           l.setting, l.programme, l.year_or_stage,
           coalesce(rf.total, 0) AS risk_factors, coalesce(pf.total, 0) AS protective_factors,
           coalesce(rf.by_domain, '') AS risk_by_domain, coalesce(g.groups, '') AS group_ids,
           {last_contact} AS last_held,
           coalesce(trim(kw.given_name || ' ' || kw.family_name), '') AS key_worker,
           l.archived_at IS NOT NULL AS archived, mr.phase AS mentoring_phase
    FROM learner AS l
    LEFT JOIN (
        SELECT learner_id, sum(n) AS total, group_concat(group_code || ':' || n) AS by_domain
        FROM (SELECT lf.learner_id, t.group_code, count(*) AS n
              FROM learner_factor AS lf JOIN taxonomy_term AS t ON t.id = lf.term_id
              WHERE lf.resolved_on IS NULL AND t.taxonomy = 'risk_factor'{only_lf}
              GROUP BY lf.learner_id, t.group_code)
        GROUP BY learner_id
    ) AS rf ON rf.learner_id = l.id
    LEFT JOIN (
        SELECT lf.learner_id, count(*) AS total
        FROM learner_factor AS lf JOIN taxonomy_term AS t ON t.id = lf.term_id
        WHERE lf.resolved_on IS NULL AND t.taxonomy = 'protective_factor'{only_lf}
        GROUP BY lf.learner_id
    ) AS pf ON pf.learner_id = l.id
    LEFT JOIN (SELECT learner_id, group_concat(term_id) AS groups FROM learner_group{only_where}
               GROUP BY learner_id) AS g
           ON g.learner_id = l.id
    LEFT JOIN person AS kw ON kw.id = l.key_worker_id
    -- The phase of the learner's running mentoring relationship; with several, the earliest phase.
    LEFT JOIN (SELECT learner_id, min(phase) AS phase FROM mentoring_relationship
               WHERE status = 'active' AND phase IN ('1', '2', '3', '4'){only_and} GROUP BY learner_id) AS mr
           ON mr.learner_id = l.id
    WHERE (:include_archived OR l.archived_at IS NULL){only_l}
    ORDER BY l.family_name COLLATE NOCASE, l.given_name COLLATE NOCASE, l.id
    """


@dataclass(slots=True)
class CaseloadRow:
    """What the caseload shows of one learner. Holds no special-category field.

    Not frozen: a frozen dataclass costs three times as much to build, and lists build thousands.
    """

    id: int
    given_name: str
    family_name: str
    preferred_name: str
    date_of_birth: date | None
    status: LearnerStatus
    setting: str
    programme: str
    year_or_stage: str
    risk_factors: int
    protective_factors: int
    risk_domains: tuple[str, ...]
    risk: RiskAssessment | None = None
    group_ids: frozenset[int] = frozenset()
    last_contact: date | None = None
    key_worker: str = ""
    next_due: DueItem | None = None
    archived: bool = False
    mentoring_phase: Phase | None = None  # of the active mentoring relationship; None when there is none
    search_text: str = ""
    # Early-warning flags today (`services.followup.signals`); put on by the caseload view, last so that the
    # rows' positional building above stays as it is.
    flags: tuple[WarningFlag, ...] = ()

    @property
    def display_name(self) -> str:
        return f"{self.preferred_name or self.given_name} {self.family_name}".strip()

    @property
    def overdue(self) -> bool:
        return self.next_due is not None and self.next_due.overdue

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "given_name": self.given_name,
            "family_name": self.family_name,
            "preferred_name": self.preferred_name,
            "date_of_birth": self.date_of_birth.isoformat() if self.date_of_birth else None,
            "status": self.status.value,
            "setting": self.setting,
            "programme": self.programme,
            "year_or_stage": self.year_or_stage,
            "risk_factors": self.risk_factors,
            "protective_factors": self.protective_factors,
            "risk_domains": list(self.risk_domains),
            "risk_level": self.risk.level.value if self.risk else None,
            "last_contact": self.last_contact.isoformat() if self.last_contact else None,
            "key_worker": self.key_worker,
            "next_due": self.next_due.due_on.isoformat() if self.next_due else None,
            "next_due_what": self.next_due.what if self.next_due else None,
            "overdue": self.overdue,
            "mentoring_phase": self.mentoring_phase.value if self.mentoring_phase else None,
        }


_STATUS_BY_VALUE = {status.value: status for status in LearnerStatus}
_PHASE_BY_VALUE = {phase.value: phase for phase in Phase}
_NO_GROUPS: frozenset[int] = frozenset()


def _as_date(value: Any) -> date | None:
    return None if value is None else dates.stored_date(value)


def _domain_counts(text_value: str) -> dict[str, int]:
    counts = {}
    for part in text_value.split(","):
        domain, _, count = part.partition(":")
        if domain:
            counts[domain] = int(count)
    return counts


#: What a combination of open factors comes to: (the risk domains named, the assessment).
_Scored = tuple[tuple[str, ...], RiskAssessment]
#: Kept per set of weights; past this many combinations a table starts again, so it cannot grow without end.
_MOST_COMBINATIONS = 20_000


@lru_cache(maxsize=4)
def _scores_by_weights(_weights_key: tuple[Any, ...]) -> dict[tuple[str, int], _Scored]:
    return {}


def _scores_for(weights: RiskWeights) -> dict[tuple[str, int], _Scored]:
    """The combinations already scored with these weights (by value: each refresh may build new weights).

    Most learners share a combination of open factors with another, and the caseload is built again after
    every change, so each combination is counted and scored once. An assessment never changes once made (its
    reasons are written from what it counted), so rows of different lists can share it.
    """
    key = (
        tuple(sorted(weights.domain_weights.items())),
        weights.protective_weight,
        weights.medium_at,
        weights.high_at,
    )
    table = _scores_by_weights(key)
    if len(table) > _MOST_COMBINATIONS:
        table.clear()
    return table


_ONLY = "IN (SELECT value FROM json_each(:learner_ids))"
_LAST = LAST_CONTACT_SQL.format(
    learner="l.id"
)  # meetings, the contact log and plan reviews held  # the learners asked for, as a JSON array


@cache
def _statement(only: bool) -> str:
    """The caseload statement: of every learner, or (`only`) of the learners in :learner_ids."""
    if not only:
        return _CASELOAD_SQL.format(only_lf="", only_where="", only_and="", only_l="", last_contact=_LAST)
    return _CASELOAD_SQL.format(
        last_contact=_LAST,
        only_lf=f" AND lf.learner_id {_ONLY}",
        only_where=f" WHERE learner_id {_ONLY}",
        only_and=f" AND learner_id {_ONLY}",
        only_l=f" AND l.id {_ONLY}",
    )


def list_caseload(
    uow: UnitOfWork,
    *,
    include_archived: bool = False,
    weights: RiskWeights | None = None,
    today: date | None = None,
    no_contact_days: int = 28,
    due: Sequence[DueItem] | None = None,
    learner_ids: Collection[int] | None = None,
) -> list[CaseloadRow]:
    """The caseload (only the rows of `learner_ids` when given: those still on it); pass `due` when the
    caller already fetched the due items, to save a statement."""
    weights = weights or RiskWeights()
    today = today or date.today()
    if due is None:
        earliest = earliest_due_by_learner(
            uow, today=today, no_contact_days=no_contact_days, learner_ids=learner_ids
        )
    else:
        earliest = earliest_by_learner(due)
    parameters: dict[str, Any] = {"include_archived": include_archived}
    if learner_ids is not None:
        parameters["learner_ids"] = json.dumps(sorted(int(learner) for learner in learner_ids))
    result = uow.rows(_statement(learner_ids is not None), parameters)
    scored_by_factors = _scores_for(weights)
    rows = []
    # Plain tuple unpacking and dict look-ups: building 1,000 rows costs about what fetching them does.
    for (
        learner_id,
        given,
        family,
        preferred,
        born,
        status,
        setting,
        programme,
        year,
        risk,
        protective,
        by_domain,
        group_ids,
        last_held,
        key_worker,
        archived,
        mentoring_phase,
    ) in result:
        protective = int(protective)
        scored = scored_by_factors.get((by_domain, protective))
        if scored is None:
            counts = _domain_counts(by_domain) if by_domain else {}
            scored = (tuple(sorted(counts)), assess_risk(counts, protective, weights))
            scored_by_factors[by_domain, protective] = scored
        rows.append(
            CaseloadRow(
                learner_id,
                given,
                family,
                preferred,
                _as_date(born),
                _STATUS_BY_VALUE[status],
                setting,
                programme,
                year,
                int(risk),
                protective,
                scored[0],
                scored[1],
                frozenset(map(int, group_ids.split(","))) if group_ids else _NO_GROUPS,
                _as_date(last_held),
                key_worker,
                earliest.get(learner_id),
                bool(archived),
                _PHASE_BY_VALUE.get(mentoring_phase) if mentoring_phase else None,
                f"{given} {family} {preferred} {setting} {programme} {year} {key_worker}".lower(),
            )
        )
    return rows
