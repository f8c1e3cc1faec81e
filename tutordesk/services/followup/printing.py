"""The follow-up workflow's printed documents written to a file the person chose: the caseload overview
(counts only, for a team meeting) and the setting's procedure sheet. Both go through the export journal, so
each is recorded in the audit log with its SHA-256 and refused onto the vault's own files.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tutordesk.documents.forms import load_form
from tutordesk.documents.pdf import render_pdf
from tutordesk.documents.procedure_sheet import procedure_sheet_content
from tutordesk.documents.procedures import load_catalogue, load_procedure
from tutordesk.domain.early_warning import WarningRules
from tutordesk.domain.risk import RiskWeights
from tutordesk.services.followup.overview import caseload_overview, overview_content
from tutordesk.vault.export_journal import ExportRecord, write_export
from tutordesk.vault.unit_of_work import UnitOfWork


def overview_pdf(
    uow: UnitOfWork, *, today: date, weights: RiskWeights, rules: WarningRules, no_contact_days: int
) -> bytes:
    """The caseload overview as PDF: counts only, never a name."""
    overview = caseload_overview(
        uow, today=today, weights=weights, rules=rules, no_contact_days=no_contact_days
    )
    return render_pdf(load_form("caseload_overview"), overview_content(overview))


def export_overview(
    uow: UnitOfWork,
    *,
    target: Path,
    today: date,
    weights: RiskWeights,
    rules: WarningRules,
    no_contact_days: int,
    overwrite: bool = False,
) -> str:
    """Write the overview to `target` and record it (aggregates, no learner named); returns its SHA-256."""
    data = overview_pdf(uow, today=today, weights=weights, rules=rules, no_contact_days=no_contact_days)
    record = ExportRecord(
        "overview.exported", purpose="a team meeting (counts only)", detail={"on": today.isoformat()}
    )
    digest, _ = write_export(uow, target=target, data=data, record=record, overwrite=overwrite)
    return digest


def procedure_sheet_pdf() -> bytes:
    """The setting's follow-up procedure as PDF (roles only, no learner)."""
    return render_pdf(
        load_form("procedure_sheet"), procedure_sheet_content(load_procedure(), load_catalogue())
    )


def export_procedure_sheet(uow: UnitOfWork, *, target: Path, overwrite: bool = False) -> str:
    """Write the procedure sheet to `target` (recorded, like every export); returns its SHA-256."""
    record = ExportRecord("procedure.exported", purpose="the setting's procedure sheet")
    digest, _ = write_export(
        uow, target=target, data=procedure_sheet_pdf(), record=record, overwrite=overwrite
    )
    return digest
