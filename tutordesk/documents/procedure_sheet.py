"""The procedure sheet: a setting's follow-up procedure filled into `forms/procedure_sheet.toml`.

It names roles, never learners, so printing it discloses nothing about anyone; a vault's own labels
for roles may be passed in, so a role its tutor renamed prints with the name they chose.
"""

from __future__ import annotations

from collections.abc import Mapping

from tutordesk.documents.content import DocumentContent
from tutordesk.documents.procedures import MeasureCatalogue, Procedure
from tutordesk.domain.taxonomies import CONTACT_ROLES

DEFAULT_ROLE_LABELS = {term.code: term.label for term in CONTACT_ROLES}


def procedure_sheet_content(
    procedure: Procedure, catalogue: MeasureCatalogue, *, role_labels: Mapping[str, str] = DEFAULT_ROLE_LABELS
) -> DocumentContent:
    """What the procedure sheet prints for `procedure`: one table row per step, in order."""

    labels = {**DEFAULT_ROLE_LABELS, **role_labels}

    def role(code: str) -> str:
        return labels.get(code, code.replace("_", " "))

    def measure(measure_id: str) -> str:
        found = catalogue.measure(measure_id)
        return found.name if found else measure_id

    rows = [
        {
            "number": str(step.number),
            "action": f"{step.action}\n{step.help}" if step.help else step.action,
            "responsible": role(step.responsible),
            "inform": "\n".join(role(code) for code in step.inform) or "-",
            "limit": f"{step.limit_days} day" + ("" if step.limit_days == 1 else "s"),
            "measures": "\n".join(measure(m) for m in step.measures) or "-",
        }
        for step in procedure.steps
    ]
    return DocumentContent(
        values={
            "procedure.title": procedure.title,
            "procedure.version": procedure.version,
            "procedure.description": procedure.description,
        },
        tables={"procedure.steps": rows},
        reference=f"Procedure {procedure.id}, version {procedure.version}",
    )
