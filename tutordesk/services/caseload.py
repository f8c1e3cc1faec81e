"""Reading the caseload: one SQL statement for the whole list, returned as plain rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import text

from tutordesk.domain.enums import LearnerStatus
from tutordesk.vault.unit_of_work import UnitOfWork

# Factor counts come from grouped subqueries so the list stays one statement, never one query per row.
_CASELOAD_SQL = text(
    """
    SELECT l.id, l.given_name, l.family_name, l.preferred_name, l.date_of_birth, l.status,
           l.setting, l.programme, l.year_or_stage,
           coalesce(f.risk, 0) AS risk_factors, coalesce(f.protective, 0) AS protective_factors,
           coalesce(f.domains, '') AS risk_domains
    FROM learner AS l
    LEFT JOIN (
        SELECT lf.learner_id,
               sum(t.taxonomy = 'risk_factor') AS risk,
               sum(t.taxonomy = 'protective_factor') AS protective,
               group_concat(DISTINCT CASE WHEN t.taxonomy = 'risk_factor' THEN t.group_code END) AS domains
        FROM learner_factor AS lf JOIN taxonomy_term AS t ON t.id = lf.term_id
        WHERE lf.resolved_on IS NULL
        GROUP BY lf.learner_id
    ) AS f ON f.learner_id = l.id
    WHERE (:include_archived OR l.archived_at IS NULL)
    ORDER BY l.family_name COLLATE NOCASE, l.given_name COLLATE NOCASE, l.id
    """
)


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

    @property
    def display_name(self) -> str:
        return f"{self.preferred_name or self.given_name} {self.family_name}".strip()

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
        }


_STATUS_BY_VALUE = {status.value: status for status in LearnerStatus}


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def list_caseload(uow: UnitOfWork, *, include_archived: bool = False) -> list[CaseloadRow]:
    result = uow.session.connection().execute(_CASELOAD_SQL, {"include_archived": include_archived})
    # Plain tuples and dict look-ups: building 1,000 rows costs about what fetching them does (bench/).
    return [
        CaseloadRow(
            id,
            given,
            family,
            preferred,
            _as_date(born),
            _STATUS_BY_VALUE[status],
            setting,
            programme,
            year,
            int(risk),
            int(protective),
            tuple(sorted(domains.split(","))) if domains else (),
        )
        for id, given, family, preferred, born, status, setting, programme, year, risk, protective, domains in result
    ]
