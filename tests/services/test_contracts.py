"""The contract of participation from a real plan in a real vault, printed to a real PDF and read back."""

from __future__ import annotations

import hashlib
import io
import json
import re
import struct
import zlib
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlmodel import select

from tests.conftest import make_closed_vault, open_vault, run_cli
from tests.support import builders
from tutordesk.documents.content import short_fingerprint
from tutordesk.domain.models import AuditEntry, Learner, Person
from tutordesk.domain.plan_models import Document
from tutordesk.errors import BadInput
from tutordesk.services.caseload.due import due_items
from tutordesk.services.plans import baseline as plan_baseline
from tutordesk.services.plans import contracts
from tutordesk.services.plans import roadmap as plans
from tutordesk.services.plans.contracts import SignatureInput
from tutordesk.services.plans.roadmap import GoalInput, PlanHeader, StageInput
from tutordesk.vault.vault import Vault

TODAY = date(2026, 11, 20)
NAME = ("Zoë Дмитрий", "Ångström-Nguyễn Γιώργος")


def _pdf_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def _tiny_png() -> bytes:
    """A real 8x4 PNG with a dark stroke, written by hand (no Qt in service tests)."""
    raw = b"".join(b"\x00" + bytes([0 if 1 <= y <= 2 else 255] * 8) for y in range(4))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 4, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def learner_id(vault: Vault) -> int:
    with vault.unit_of_work() as uow:
        tutor = Person(given_name="Morgan", family_name="O'Brien & <Sons>", kind="staff")
        uow.session.add(tutor)
        uow.session.flush()
        learner = builders.add_learner(uow, *NAME, setting="Northgate College", key_worker_id=tutor.id)
        builders.add_plan(
            uow,
            learner,
            agreed_on=TODAY,
            header=PlanHeader(
                starting_point="Out of learning since May.",
                end_goal="Start a motor vehicle apprenticeship.",
                focus_areas=frozenset({"education", "work"}),
                options_offered="Full timetable; reduced timetable",
                choice_made="Reduced timetable, building up.",
            ),
            stage=lambda number, _: StageInput(title=f"Stage {number}", stepping_stone=number == 1),
            goal=lambda number: GoalInput(learner_words=f"My goal number {number}", measure="marks"),
        )
        plan_baseline.save_support_need(
            uow,
            learner_id=learner,
            need=plan_baseline.SupportNeedInput(need="Reader in exams", in_place=True),
        )
        uow.commit()
        return learner


def _render(vault: Vault, learner_id: int) -> tuple[bytes, Document]:
    with vault.unit_of_work() as uow:
        document_id = contracts.prepare_contract(uow, learner_id=learner_id)
        data = contracts.render_document(uow, document_id=document_id)
        document = uow.session.get(Document, document_id)
        uow.commit()
    assert document is not None
    return data, document


def test_the_contract_names_the_learner_the_goals_and_the_plan_version(vault: Vault, learner_id: int) -> None:
    data, document = _render(vault, learner_id)
    pages = _pdf_text(data)
    text = "\n".join(pages)
    assert " ".join(NAME) in text  # accents, Cyrillic, Greek and Vietnamese letters print and read back
    for number in (1, 2, 3):
        assert f"My goal number {number}" in text
    assert "Plan version 1" in text
    assert "Morgan O'Brien & <Sons>" in text
    short = short_fingerprint(document.fingerprint)
    assert all(f"Fingerprint {short}" in page for page in pages)
    assert len(pages) >= 2 and f"Page 1 of {len(pages)}" in pages[0]


def test_the_support_in_place_is_printed_only_when_chosen(vault: Vault, learner_id: int) -> None:
    data, _ = _render(vault, learner_id)
    assert "Reader in exams" not in "\n".join(_pdf_text(data))
    with vault.unit_of_work() as uow:
        document_id = contracts.prepare_contract(uow, learner_id=learner_id, include_support=True)
        with_support = contracts.render_document(uow, document_id=document_id)
        status = contracts.contract_status(uow, learner_id=learner_id)
        uow.commit()
    assert "Reader in exams" in "\n".join(_pdf_text(with_support))
    assert status.includes_support


def test_signing_keeps_the_fingerprint_and_embeds_a_drawn_signature(vault: Vault, learner_id: int) -> None:
    _, before = _render(vault, learner_id)
    with vault.unit_of_work() as uow:
        contracts.record_signature(
            uow,
            document_id=before.id or 0,
            signature=SignatureInput("learner", " ".join(NAME), TODAY, "drawn", _tiny_png()),
        )
        contracts.record_signature(
            uow,
            document_id=before.id or 0,
            signature=SignatureInput("tutor", "Morgan O'Brien", TODAY, "paper"),
        )
        uow.commit()
    data, after = _render(vault, learner_id)
    assert after.id == before.id and after.fingerprint == before.fingerprint
    reader = PdfReader(io.BytesIO(data))
    assert any(page.images for page in reader.pages)  # the drawn signature
    assert "Signed on paper on 20 November 2026" in "\n".join(_pdf_text(data))
    with vault.unit_of_work() as uow:
        status = contracts.contract_status(uow, learner_id=learner_id)
        kinds = {i.kind for i in due_items(uow, today=TODAY)}
    assert status.state == "signed" and not status.needs_signing
    assert "contract" not in kinds


def test_a_changed_plan_needs_signing_again(vault: Vault, learner_id: int) -> None:
    _, first = _render(vault, learner_id)
    with vault.unit_of_work() as uow:
        for role in ("learner", "tutor"):
            contracts.record_signature(
                uow, document_id=first.id or 0, signature=SignatureInput(role, "X", TODAY)
            )
        draft = plans.start_revision(uow, learner_id=learner_id, change_note="Smaller maths steps")
        plans.update_goal(
            uow,
            goal_id=draft.stages[2].goals[0].id,
            goal=GoalInput(learner_words="A smaller step", measure="marks"),
        )
        plans.agree_plan(uow, learner_id=learner_id, agreed_on=TODAY + timedelta(days=14))
        uow.commit()
    with vault.unit_of_work() as uow:
        status = contracts.contract_status(uow, learner_id=learner_id)
        assert "contract" in {i.kind for i in due_items(uow, today=TODAY + timedelta(days=14))}
    assert status.state == "needs_resigning" and status.signed_version == 1 and status.plan_version == 2
    assert "needs signing again" in status.message
    data, second = _render(vault, learner_id)
    assert second.id != first.id and second.fingerprint != first.fingerprint
    text = "\n".join(_pdf_text(data))
    assert "Plan version 2" in text and "A smaller step" in text
    # The signed contract of version 1 still renders as it was signed.
    with vault.unit_of_work() as uow:
        old = "\n".join(_pdf_text(contracts.render_document(uow, document_id=first.id or 0)))
    assert "Plan version 1" in old and "My goal number 3" in old and "A smaller step" not in old


def test_a_signed_contract_never_changes_and_a_printed_page_finds_it(vault: Vault, learner_id: int) -> None:
    _, document = _render(vault, learner_id)
    with vault.unit_of_work() as uow:
        contracts.record_signature(
            uow, document_id=document.id or 0, signature=SignatureInput("learner", "Z", TODAY)
        )
        learner = uow.session.get(Learner, learner_id)
        assert learner is not None
        learner.setting = "Somewhere else"
        uow.session.add(learner)
        uow.commit()
    _, again = _render(vault, learner_id)
    assert again.fingerprint == document.fingerprint
    with vault.unit_of_work() as uow:
        found = contracts.find_by_fingerprint(uow, printed=short_fingerprint(document.fingerprint).lower())
        with pytest.raises(BadInput):
            contracts.find_by_fingerprint(uow, printed="12")
    assert [(f.document_id, f.learner_id, f.reference) for f in found] == [
        (document.id, learner_id, "Plan version 1")
    ]


def test_no_contract_without_an_agreed_plan(vault: Vault) -> None:
    with vault.unit_of_work() as uow:
        learner = Learner(given_name="A", family_name="B")
        uow.session.add(learner)
        uow.session.flush()
        assert contracts.contract_status(uow, learner_id=learner.id or 0).state == "no_plan"
        with pytest.raises(BadInput, match="Agree the plan first"):
            contracts.prepare_contract(uow, learner_id=learner.id or 0)


def test_the_command_line_writes_the_same_contract_and_logs_it(tmp_path: Path) -> None:
    path = make_closed_vault(tmp_path / "v" / "x.vault", learners=12)
    with open_vault(path) as vault, vault.unit_of_work() as uow:
        learner_id = next(v.learner_id for v in uow.session.exec(select(plans.PlanVersion)).all())
    out = tmp_path / "contract.pdf"
    result = run_cli(
        "--vault", str(path), "export", "contract", str(learner_id), "--out", str(out), home=tmp_path / "h"
    )
    assert result.returncode == 0, result.stderr
    printed = re.search(r"fingerprint (\w{4}-\w{4}-\w{4})", result.stdout)
    assert printed is not None
    pages = _pdf_text(out.read_bytes())
    assert all(f"Fingerprint {printed[1]}" in page for page in pages)
    with open_vault(path) as vault, vault.unit_of_work() as uow:
        [entry] = uow.session.exec(select(AuditEntry).where(AuditEntry.action == "document.exported")).all()
        learner = uow.session.get(Learner, learner_id)
        assert learner is not None
        assert learner.family_name in "\n".join(pages)
        same = contracts.render_document(
            uow, document_id=contracts.prepare_contract(uow, learner_id=learner_id)
        )
    assert entry.artifact_sha256 == hashlib.sha256(out.read_bytes()).hexdigest()
    assert entry.subject == f"learner:{learner_id}" and learner.family_name not in entry.detail
    assert json.loads(entry.detail)["form"] == "contract_of_participation"
    assert _pdf_text(same) == pages
    # An existing file is not replaced without --force; an unknown learner is a plain error.
    again = run_cli(
        "--vault", str(path), "export", "contract", str(learner_id), "--out", str(out), home=tmp_path / "h"
    )
    assert again.returncode == 5 and "--force" in again.stderr
    unknown = run_cli(
        "--vault",
        str(path),
        "export",
        "contract",
        "9999",
        "--out",
        str(tmp_path / "n.pdf"),
        home=tmp_path / "h",
    )
    assert unknown.returncode == 2 and "no learner with ID 9999" in unknown.stderr
    # A folder that does not exist is the person's choice of place to fix, like any export's (exit 2).
    nowhere = run_cli(
        "--vault", str(path), "export", "contract", str(learner_id), "--out", str(tmp_path / "missing" / "c.pdf"),
        home=tmp_path / "h",
    )  # fmt: skip
    assert nowhere.returncode == 2 and "There is no folder" in nowhere.stderr
    assert not (tmp_path / "missing").exists()
    assert "Traceback" not in again.stderr + unknown.stderr + nowhere.stderr


def test_a_review_record_prints_progress_the_voice_and_the_reading(
    vault: Vault, learner_id: int, tmp_path: Path
) -> None:
    from tutordesk.services.plans import review_records
    from tutordesk.services.plans import reviews as plan_reviews

    with vault.unit_of_work() as uow:
        plan = plans.agreed_plan(uow, learner_id=learner_id)
        assert plan is not None
        review_id = plan_reviews.record_review(
            uow,
            learner_id=learner_id,
            review=plan_reviews.ReviewInput(
                held_on=TODAY,
                ambition="too_ambitious",
                learner_voice="Mornings are still hard.",
                autonomy=4,
                competence=2,
                relatedness=5,
                progress=(
                    plan_reviews.ProgressInput(
                        "amber", stage_id=plan.stages[0].id, note="Two of three mornings"
                    ),
                    plan_reviews.ProgressInput("green", goal_id=plan.stages[1].goals[0].id),
                ),
            ),
        )
        result = review_records.export_review_record(uow, review_id=review_id, target=tmp_path / "review.pdf")
        again = review_records.prepare_review_record(uow, review_id=review_id)
        uow.commit()
    text = "\n".join(_pdf_text((tmp_path / "review.pdf").read_bytes()))
    for expected in (
        "Review of 20 November 2026",
        "Stage 1",
        "Amber",
        "Two of three mornings",
        "Goal: My goal number 2",
        "Green",
        "Mornings are still hard.",
        "Too ambitious",
        "competence",
        f"Fingerprint {result.fingerprint}",
    ):
        assert expected in text, expected
    with vault.unit_of_work() as uow:
        assert again == uow.session.exec(select(Document.id).where(Document.review_id == review_id)).one()


def test_each_goal_prints_its_deadline_and_by_when_is_never_blank_when_a_date_was_agreed(
    vault: Vault,
) -> None:
    with vault.unit_of_work() as uow:
        learner = builders.add_learner(uow, "Rhian", "Evans")
        builders.add_plan(
            uow,
            learner,
            agreed_on=TODAY,
            stages=2,
            # Stage 1 has its own target date; stage 2 has none, only its goal's deadline.
            stage=lambda number, _: StageInput(
                title=f"Stage {number}", target_on=date(2027, 3, 1) if number == 1 else None
            ),
            goal=lambda number: GoalInput(
                learner_words=f"My goal number {number}",
                deadline=date(2027, number, 28 if number == 2 else 30),
            ),
        )
        uow.commit()
    data, _ = _render(vault, learner)
    text = " ".join(" ".join(_pdf_text(data)).split())
    assert "By 30 January 2027" in text  # the T of the first goal, beside it
    assert "By 28 February 2027" in text
    assert "1 March 2027" in text  # stage 1's own target date in By when
    # Stage 2 has no target date: By when shows its goal's deadline rather than nothing.
    assert text.count("28 February 2027") == 2


def test_the_command_line_names_characters_no_font_can_draw(tmp_path: Path) -> None:
    path = make_closed_vault(tmp_path / "v" / "x.vault", learners=12)
    with open_vault(path) as vault, vault.unit_of_work() as uow:
        learner_id = builders.add_learner(uow, "Zoë\u0378", "Evans")  # a code point no font has
        builders.add_plan(uow, learner_id, agreed_on=TODAY)
        uow.commit()
    out = tmp_path / "contract.pdf"
    result = run_cli(
        "--vault", str(path), "export", "contract", str(learner_id), "--out", str(out), home=tmp_path / "h"
    )
    assert result.returncode == 0, result.stderr
    assert "No font on this computer can draw \u0378:" in result.stdout
    assert "draw Z" not in result.stdout and "ë" not in result.stdout  # only what truly cannot be drawn
