"""The setting's follow-up procedure and its catalogue of measures, read from `forms/` and checked.

A procedure (`forms/procedures/<id>.toml`) is the ordered steps a setting takes once someone worries that
a learner may leave early: each step's action, the role responsible, who is told, a time limit in days and
the measures it may open. The catalogue (`forms/measures/catalogue.toml`) is the measures the setting offers, each
with when it is used and its profile under the fixed headings of `domain.measure_profile`. Both are data:
a setting rewords, reorders or replaces them without code; roles are the contact-role codes of the
taxonomies, so the people named here are the people a learner's contacts already have.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tutordesk.documents.definition_checks import (
    ID_PATTERN,
    check_keys,
    code_list,
    code_value,
    identifier,
    parse_toml,
    read_definition,
    table_list,
    text_value,
    version_value,
)
from tutordesk.domain.measure_profile import (
    ActionLevel,
    Cost,
    Delivery,
    InterventionType,
    StrategyType,
    Timeline,
)
from tutordesk.domain.taxonomies import BENEFICIARY_GROUPS, CONTACT_ROLES
from tutordesk.errors import FormError
from tutordesk.resources import forms_folder

ROLE_CODES = tuple(term.code for term in CONTACT_ROLES)
BENEFICIARY_CODES = tuple(term.code for term in BENEFICIARY_GROUPS)
# The workflows TutorDesk already keeps, which show among a learner's measures without a second entry.
SHOWN_FROM = ("plan", "mentoring", "transition")
LONGEST_LIMIT_DAYS = 366


@dataclass(frozen=True)
class Measure:
    id: str
    name: str
    applies_when: str
    intervention_type: InterventionType
    strategy: tuple[StrategyType, ...]
    level: ActionLevel
    in_charge: tuple[str, ...]  # contact-role codes
    timeline: Timeline
    delivery: Delivery
    cost: Cost
    beneficiaries: tuple[str, ...] = ()  # beneficiary-group codes; empty: any learner
    shown_from: str = ""  # "plan", "mentoring", "transition" or ""


@dataclass(frozen=True)
class MeasureCatalogue:
    version: str
    title: str
    measures: tuple[Measure, ...]

    def measure(self, measure_id: str) -> Measure | None:
        return next((m for m in self.measures if m.id == measure_id), None)

    def by_intervention_type(self) -> dict[InterventionType, tuple[Measure, ...]]:
        """Every one of the fifteen types, with the measures the setting offers under it (maybe none)."""
        return {
            kind: tuple(m for m in self.measures if m.intervention_type is kind) for kind in InterventionType
        }


@dataclass(frozen=True)
class ProcedureStep:
    id: str
    number: int  # 1-based position, as printed
    action: str
    responsible: str  # a contact-role code
    inform: tuple[str, ...]  # contact-role codes
    limit_days: int  # days allowed from the previous step's completion (or the case's opening)
    measures: tuple[str, ...]  # measure ids from the catalogue
    help: str = ""


@dataclass(frozen=True)
class Procedure:
    id: str
    version: str
    title: str
    description: str
    steps: tuple[ProcedureStep, ...]

    def step(self, step_id: str) -> ProcedureStep | None:
        return next((step for step in self.steps if step.id == step_id), None)

    def step_after(self, step_id: str | None) -> ProcedureStep | None:
        """The step that follows `step_id` (the first step for None); None after the last."""
        if step_id is None:
            return self.steps[0]
        ids = [step.id for step in self.steps]
        if step_id not in ids:
            return None
        position = ids.index(step_id)
        return self.steps[position + 1] if position + 1 < len(self.steps) else None


def procedures_folder() -> Path:
    return forms_folder() / "procedures"


def bundled_procedure_ids() -> list[str]:
    return sorted(path.stem for path in procedures_folder().glob("*.toml"))


@functools.lru_cache(maxsize=8)
def load_procedure(procedure_id: str = "default") -> Procedure:
    """Read and check `forms/procedures/<procedure_id>.toml`, its measures checked against the catalogue."""
    if not ID_PATTERN.match(procedure_id):
        raise FormError(repr(procedure_id), "a procedure id is lower-case letters, digits and underscores")
    path = procedures_folder() / f"{procedure_id}.toml"
    origin = f"procedures/{path.name}"
    procedure = _procedure(read_definition(path, origin, folder_name="procedures"), origin, load_catalogue())
    if procedure.id != procedure_id:
        raise FormError(
            origin, f'its id is "{procedure.id}" but the file name says "{procedure_id}"; make them the same'
        )
    return procedure


@functools.lru_cache(maxsize=1)
def load_catalogue() -> MeasureCatalogue:
    """Read and check `forms/measures/catalogue.toml`."""
    origin = "measures/catalogue.toml"
    return _catalogue(read_definition(forms_folder() / origin, origin, folder_name="measures"), origin)


def parse_procedure(text: str, *, origin: str, catalogue: MeasureCatalogue) -> Procedure:
    return _procedure(parse_toml(text, origin), origin, catalogue)


def parse_catalogue(text: str, *, origin: str) -> MeasureCatalogue:
    return _catalogue(parse_toml(text, origin), origin)


def _procedure(data: dict[str, Any], origin: str, catalogue: MeasureCatalogue) -> Procedure:
    where = "the procedure"
    check_keys(
        origin,
        data,
        where,
        {"id", "version", "title", "description", "steps"},
        {"id", "version", "title", "steps"},
    )
    measure_ids = [measure.id for measure in catalogue.measures]
    steps: list[ProcedureStep] = []
    for number, raw in enumerate(table_list(origin, data, "steps"), start=1):
        at = f"step {number}"
        allowed = {"id", "action", "responsible", "inform", "limit_days", "measures", "help"}
        check_keys(origin, raw, at, allowed, {"id", "action", "responsible", "limit_days"})
        step_id = identifier(origin, raw, "id", at)
        if any(step.id == step_id for step in steps):
            raise FormError(origin, f"{at}: the id {step_id!r} is used twice")
        steps.append(
            ProcedureStep(
                id=step_id,
                number=number,
                action=text_value(origin, raw, "action", at),
                responsible=code_value(origin, raw, "responsible", at, ROLE_CODES),
                inform=code_list(origin, raw, "inform", at, ROLE_CODES),
                limit_days=_limit_days(origin, raw, at),
                measures=code_list(origin, raw, "measures", at, measure_ids),
                help=text_value(origin, raw, "help", at, default=""),
            )
        )
    return Procedure(
        id=identifier(origin, data, "id", where),
        version=version_value(origin, data, where),
        title=text_value(origin, data, "title", where),
        description=text_value(origin, data, "description", where, default=""),
        steps=tuple(steps),
    )


def _limit_days(origin: str, raw: dict[str, Any], at: str) -> int:
    value = raw["limit_days"]
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= LONGEST_LIMIT_DAYS:
        raise FormError(
            origin, f"{at}: limit_days must be a whole number of days from 1 to {LONGEST_LIMIT_DAYS}"
        )
    return value


def _catalogue(data: dict[str, Any], origin: str) -> MeasureCatalogue:
    where = "the catalogue"
    check_keys(origin, data, where, {"id", "version", "title", "measures"}, {"version", "title", "measures"})
    measures: list[Measure] = []
    for number, raw in enumerate(table_list(origin, data, "measures"), start=1):
        at = f"measure {number}"
        required = {"id", "name", "applies_when", "intervention_type", "strategy", "level", "in_charge"}
        optional = {"timeline", "delivery", "cost", "beneficiaries", "shown_from"}
        check_keys(origin, raw, at, required | optional, required)
        measure_id = identifier(origin, raw, "id", at)
        if any(measure.id == measure_id for measure in measures):
            raise FormError(origin, f"{at}: the id {measure_id!r} is used twice")
        shown_from = text_value(origin, raw, "shown_from", at, default="")
        if shown_from and shown_from not in SHOWN_FROM:
            raise FormError(origin, f"{at}: shown_from must be one of {', '.join(SHOWN_FROM)}")
        measures.append(
            Measure(
                id=measure_id,
                name=text_value(origin, raw, "name", at),
                applies_when=text_value(origin, raw, "applies_when", at),
                intervention_type=InterventionType(
                    code_value(origin, raw, "intervention_type", at, InterventionType)
                ),
                strategy=tuple(
                    StrategyType(code)
                    for code in code_list(origin, raw, "strategy", at, StrategyType, required=True)
                ),
                level=ActionLevel(code_value(origin, raw, "level", at, ActionLevel)),
                in_charge=code_list(origin, raw, "in_charge", at, ROLE_CODES, required=True),
                timeline=Timeline(_with_default(origin, raw, "timeline", at, Timeline, Timeline.ANY_TIME)),
                delivery=Delivery(_with_default(origin, raw, "delivery", at, Delivery, Delivery.INDIVIDUAL)),
                cost=Cost(_with_default(origin, raw, "cost", at, Cost, Cost.LOW)),
                beneficiaries=code_list(origin, raw, "beneficiaries", at, BENEFICIARY_CODES),
                shown_from=shown_from,
            )
        )
    return MeasureCatalogue(
        version=version_value(origin, data, where),
        title=text_value(origin, data, "title", where),
        measures=tuple(measures),
    )


def _with_default(origin: str, raw: dict[str, Any], key: str, at: str, codes: Any, default: str) -> str:
    return code_value(origin, raw, key, at, codes) if key in raw else default
