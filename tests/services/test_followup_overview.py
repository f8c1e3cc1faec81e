"""The caseload overview: counts with the learners behind each, read in a fixed number of statements, and a
printed copy that carries counts only - never a name."""

from __future__ import annotations

import subprocess
from datetime import date, timedelta
from pathlib import Path

from tests.support.builders import add_learner, add_relationship
from tutordesk.documents.forms import load_form
from tutordesk.documents.pdf import render_pdf
from tutordesk.domain.early_warning import SignalKind, WarningRules
from tutordesk.domain.enums import LearnerStatus
from tutordesk.domain.risk import RiskWeights
from tutordesk.services.followup import cases, measures, overview, signals
from tutordesk.services.followup.signals import AttendanceInput, EventInput
from tutordesk.vault.unit_of_work import recorded_statements
from tutordesk.vault.vault import Vault

TODAY = date(2026, 11, 27)


def _overview(vault: Vault) -> overview.Overview:
    with vault.unit_of_work() as uow:
        return overview.caseload_overview(
            uow, today=TODAY, weights=RiskWeights(), rules=WarningRules(), no_contact_days=28
        )


def _bucket(buckets: tuple[overview.Bucket, ...], label: str) -> overview.Bucket:
    return next(b for b in buckets if b.label == label)


def _caseload(vault: Vault) -> dict[str, int]:
    ids = {
        "poor": add_learner(vault, "Pia", "Poorly", started_on=TODAY - timedelta(days=10)),
        "mentored": add_learner(vault, "Max", "Mentored", status=LearnerStatus.RE_ENGAGING, started_on=TODAY),
        "late": add_learner(vault, "Lou", "Late", started_on=TODAY - timedelta(days=90)),
    }
    add_relationship(vault, ids["mentored"], started_on=TODAY - timedelta(days=5))
    with vault.unit_of_work() as uow:
        for back in range(4):
            end = TODAY - timedelta(weeks=back)
            signals.record_attendance(
                uow,
                learner_id=ids["poor"],
                data=AttendanceInput(end - timedelta(days=4), end, 10, 7),
                today=TODAY,
            )
        for back in (1, 2):
            event = EventInput(TODAY - timedelta(days=back), SignalKind.DISENGAGEMENT, "Head down all lesson")
            signals.record_event(uow, learner_id=ids["late"], data=event, today=TODAY)
        cases.open_case(
            uow, learner_id=ids["late"], opened_on=TODAY - timedelta(days=20), reason="Withdrawn", today=TODAY
        )
        measures.start_measure(
            uow, learner_id=ids["poor"], measure_id="counselling", started_on=TODAY, today=TODAY
        )
        uow.commit()
    return ids


def test_each_count_carries_the_learners_behind_it(vault: Vault) -> None:
    ids = _caseload(vault)
    seen = _overview(vault)
    assert seen.learners == 3
    assert _bucket(seen.by_status, "Re-engaging").learner_ids == (ids["mentored"],)
    assert _bucket(seen.flags, "Attendance at or below the line").learner_ids == (ids["poor"],)
    assert _bucket(seen.flags, "Disengagement noticed").learner_ids == (ids["late"],)
    assert _bucket(seen.flags, "Marks falling").count == 0  # every heading stays, so a chart keeps its shape
    assert _bucket(seen.attention, "Follow-up steps past their time limit").learner_ids == (ids["late"],)
    assert _bucket(seen.attention, "Contact overdue").learner_ids == (ids["late"],)
    assert _bucket(seen.measures, "Short-term counselling").learner_ids == (ids["poor"],)
    assert _bucket(seen.measures, "Mentoring or coaching").learner_ids == (ids["mentored"],)


def test_the_overview_reads_in_the_same_number_of_statements_for_any_caseload(vault: Vault) -> None:
    _caseload(vault)
    with recorded_statements(vault.engine) as small:
        _overview(vault)
    for number in range(30):
        learner = add_learner(vault, f"Extra{number}", "Learner")
        with vault.unit_of_work() as uow:
            cases.open_case(uow, learner_id=learner, opened_on=TODAY, reason="Worry", today=TODAY)
            uow.commit()
    with recorded_statements(vault.engine) as large:
        _overview(vault)
    assert len(large) == len(small)


def test_the_printed_overview_has_counts_and_no_names(vault: Vault, tmp_path: Path) -> None:
    _caseload(vault)
    pdf = tmp_path / "overview.pdf"
    pdf.write_bytes(render_pdf(load_form("caseload_overview"), overview.overview_content(_overview(vault))))
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "3 in all" in text and "Attendance at or below the line 1" in text
    for name in ("Pia", "Poorly", "Max", "Mentored", "Lou", "Late "):
        assert name not in text
