"""The documents of a mentoring relationship, made from real rows in a real vault, printed to real PDFs and
read back: what each says, what it never says, and how signing freezes it."""

from __future__ import annotations

import hashlib
import io
import json
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlmodel import select

from tutordesk.domain.mentoring_models import (
    MentoringRelationship,
    MentoringTarget,
    MentoringTerms,
    SafeguardingContact,
    SelfAssessment,
)
from tutordesk.domain.models import AuditEntry, Learner
from tutordesk.domain.plan_models import Document
from tutordesk.errors import BadInput
from tutordesk.services import documents
from tutordesk.services.documents import SignatureInput
from tutordesk.services.mentoring import documents as mentoring_documents
from tutordesk.services.mentoring.documents import MENTORING_FORMS, prepare_document
from tutordesk.vault.vault import Vault

STARTED = date(2026, 3, 2)
TODAY = date(2026, 11, 20)
LEARNER = ("Zoë", "Ångström-Nguyễn")
MENTOR = "Priya Raman-Okafor"
CONTACTS = (
    ("Dana Whitfield", "Designated safeguarding lead", "01632 960 001"),
    ("Tomasz Nowak", "Deputy safeguarding lead", "01632 960 002"),
    ("Aisha Bello", "Student welfare officer", "07700 900 123"),
)
LIMITS = (
    "You tell me someone is hurting you or has hurt you",
    "You tell me you might seriously hurt yourself",
    "You tell me you might hurt someone else",
    "Someone else, such as a younger child, could be at risk of harm",
    "The law says I have to pass it on, for example about a crime",
)
CANARY = "CANARY-private-note-7Q3"


def _text(data: bytes) -> str:
    """The words of every page with line breaks and runs of spaces made single spaces (cells wrap)."""
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages)


def _pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def relationship_id(vault: Vault) -> int:
    with vault.unit_of_work() as uow:
        learner = Learner(given_name=LEARNER[0], family_name=LEARNER[1], setting="Northgate College")
        uow.session.add(learner)
        uow.session.flush()
        assert learner.id is not None
        relationship = MentoringRelationship(
            learner_id=learner.id,
            mentor_name=MENTOR,
            mentor_kind="volunteer",
            mentor_role="Retired engineer",
            external=True,
            started_on=STARTED,
            planned_weeks=12,
            intensity="An hour a week",
            line_manager="Chris Hale, volunteer coordinator",
            escalation_route="Dana Whitfield, designated safeguarding lead",
        )
        uow.session.add(relationship)
        uow.session.flush()
        assert relationship.id is not None
        uow.session.add(
            MentoringTerms(
                relationship_id=relationship.id,
                objectives="Get back into college three days a week.",
                roles_and_tasks="Zoë plans the week; Priya helps find the right people.",
                working_rules="We both turn up on time or say so in advance.",
                confidentiality_limits="\n".join(LIMITS),
                confidentiality_explained_on=STARTED,
                allowed_channels="face_to_face,messaging",
                allowed_days="mon,tue,wed,thu,fri",
                hours_from="09:00",
                hours_to="17:30",
                mentor_reply_hours=24,
                learner_reply_hours=48,
                contact_focus="Arranging meetings and checking on targets.",
                out_of_hours_note="Call Childline on 0800 1111 if you need someone to talk to now.",
            )
        )
        for position, (name, role, phone) in enumerate(CONTACTS):
            uow.session.add(
                SafeguardingContact(
                    relationship_id=relationship.id, position=position, name=name, role=role, phone=phone
                )
            )
        uow.session.add(
            MentoringTarget(
                relationship_id=relationship.id,
                learner_words="Get to college on Mondays",
                professional_wording="Attend Monday sessions",
                measure="Register",
                deadline=date(2026, 5, 1),
                status="achieved",
                evaluation_note="Made it every Monday since April.",
            )
        )
        for assessed_on, point, confidence, strengths in (
            (STARTED, "start", 2, "Good with people"),
            (date(2026, 6, 1), "evaluation", 3, "Organised"),
            (date(2026, 10, 30), "closing", 4, "Sticks at things"),
        ):
            uow.session.add(
                SelfAssessment(
                    relationship_id=relationship.id,
                    assessed_on=assessed_on,
                    point=point,
                    confidence=confidence,
                    progress=confidence,
                    strengths=strengths,
                    to_work_on="Mornings",
                    note=f"{CANARY} {point}",
                )
            )
        uow.commit()
        return relationship.id


def _render(vault: Vault, relationship_id: int, form_id: str) -> tuple[bytes, int]:
    with vault.unit_of_work() as uow:
        document_id = prepare_document(uow, relationship_id=relationship_id, form_id=form_id)
        data = documents.render_document(uow, document_id=document_id)
        uow.commit()
    return data, document_id


def _close(vault: Vault, relationship_id: int) -> None:
    with vault.unit_of_work() as uow:
        relationship = uow.session.get(MentoringRelationship, relationship_id)
        assert relationship is not None
        relationship.status = "closed"
        relationship.closed_on = TODAY
        relationship.closure_reason = "transition"
        relationship.closure_planned = True
        relationship.closure_target_check = "Both targets looked at together."
        relationship.takes_forward = "Planning the week on Sunday evenings."
        uow.session.add(relationship)
        uow.commit()


def test_the_agreement_names_both_parties_and_the_targets(vault: Vault, relationship_id: int) -> None:
    data, document_id = _render(vault, relationship_id, "mentoring_agreement")
    text = _text(data)
    for expected in (
        " ".join(LEARNER),
        MENTOR,
        "Volunteer",
        "Retired engineer",
        "2 March 2026",
        "12 weeks",
        "Get back into college three days a week.",
        "Get to college on Mondays",
        "Attend Monday sessions",
        "1 May 2026",
        "Chris Hale, volunteer coordinator",
        "Mentoring from 2 March 2026",
    ):
        assert expected in text, expected
    with vault.unit_of_work() as uow:
        document = uow.session.get(Document, document_id)
        assert document is not None
        assert (document.relationship_id, document.title) == (relationship_id, "Mentoring agreement")
        relationship = uow.session.get(MentoringRelationship, relationship_id)
        assert relationship is not None and document.learner_id == relationship.learner_id


def test_the_confidentiality_statement_fits_one_page_with_every_contact(
    vault: Vault, relationship_id: int
) -> None:
    data, _ = _render(vault, relationship_id, "confidentiality_statement")
    text = _text(data)
    assert _pages(data) == 1
    for name, role, phone in CONTACTS:
        assert name in text and role in text and phone in text
    for limit in LIMITS:
        assert limit in text, limit
    assert "2 March 2026" in text


def test_the_boundaries_show_the_agreed_hours_and_reply_times(vault: Vault, relationship_id: int) -> None:
    data, _ = _render(vault, relationship_id, "contact_boundaries")
    text = _text(data)
    for expected in (
        "Monday to Friday",
        "09:00 to 17:30",
        "Within 24 hours",
        "Within 48 hours",
        "Face to face",
        "Messaging",
        "Childline",
    ):
        assert expected in text, expected
    assert "Email" not in text


def test_the_closure_report_waits_for_closure_and_keeps_private_notes_out(
    vault: Vault, relationship_id: int
) -> None:
    with vault.unit_of_work() as uow:
        with pytest.raises(BadInput, match="once the relationship is closed"):
            prepare_document(uow, relationship_id=relationship_id, form_id="mentoring_closure_report")
        [closure] = [
            s
            for s in mentoring_documents.document_statuses(uow, relationship_id=relationship_id)
            if s.form_id == "mentoring_closure_report"
        ]
    assert not closure.available and not closure.needs_signing
    _close(vault, relationship_id)
    data, document_id = _render(vault, relationship_id, "mentoring_closure_report")
    text = _text(data)
    for expected in (
        "20 November 2026",
        "Moving on to a new setting",  # the reason's label, not its stored value
        "Both targets looked at together.",
        "Achieved",
        "Made it every Monday since April.",
        "At the start 2 March 2026 2 of 5",
        "Good with people",  # the start ...
        "Sticks at things",  # ... beside the last one
        "2 of 5",
        "4 of 5",
        "Planning the week on Sunday evenings.",
    ):
        assert expected in text, expected
    assert "transition" not in text
    assert "Organised" not in text  # the evaluation in between is not one of the two
    assert "CANARY" not in text
    with vault.unit_of_work() as uow:
        stored = uow.session.get(Document, document_id)
        assert stored is not None and "CANARY" not in stored.content_json  # nor kept to print later
        assert [
            s.available for s in mentoring_documents.document_statuses(uow, relationship_id=relationship_id)
        ] == [True] * 4


def test_preparing_again_without_a_change_keeps_the_same_document(vault: Vault, relationship_id: int) -> None:
    with vault.unit_of_work() as uow:
        first = prepare_document(uow, relationship_id=relationship_id, form_id="mentoring_agreement")
        second = prepare_document(uow, relationship_id=relationship_id, form_id="mentoring_agreement")
        statuses = mentoring_documents.document_statuses(uow, relationship_id=relationship_id)
        uow.commit()
    assert first == second
    assert [s.form_id for s in statuses] == list(MENTORING_FORMS)
    agreement = statuses[0]
    assert agreement.document_id == first and agreement.short_fingerprint
    assert agreement.needs_signing and not agreement.signed_by_all and not agreement.changed_since_signed
    assert {b.role: b.name for b in agreement.signatures} == {"learner": " ".join(LEARNER), "mentor": MENTOR}
    assert statuses[1].document_id is None and statuses[1].needs_signing


def test_a_change_after_signing_makes_a_new_document(vault: Vault, relationship_id: int) -> None:
    with vault.unit_of_work() as uow:
        signed_id = prepare_document(uow, relationship_id=relationship_id, form_id="mentoring_agreement")
        for role, name in (("learner", " ".join(LEARNER)), ("mentor", MENTOR)):
            documents.record_signature(
                uow, document_id=signed_id, signature=SignatureInput(role, name, STARTED)
            )
        uow.commit()
    with vault.unit_of_work() as uow:
        [signed] = [
            s
            for s in mentoring_documents.document_statuses(uow, relationship_id=relationship_id)
            if s.document_id
        ]
        before = uow.session.get(Document, signed_id)
        assert before is not None
        old_fingerprint, old_content = before.fingerprint, before.content_json
        assert signed.signed_by_all and not signed.needs_signing
        assert (
            prepare_document(uow, relationship_id=relationship_id, form_id="mentoring_agreement") == signed_id
        )  # nothing changed
        terms = uow.session.get(MentoringTerms, relationship_id)
        assert terms is not None
        terms.objectives = "Get back into college four days a week."
        uow.session.add(terms)
        uow.commit()
    with vault.unit_of_work() as uow:
        changed = mentoring_documents.document_statuses(uow, relationship_id=relationship_id)[0]
        assert changed.changed_since_signed and changed.needs_signing and changed.document_id == signed_id
        new_id = prepare_document(uow, relationship_id=relationship_id, form_id="mentoring_agreement")
        status = mentoring_documents.document_statuses(uow, relationship_id=relationship_id)[0]
        history = mentoring_documents.mentoring_documents_of(uow, relationship_id=relationship_id)
        old = uow.session.get(Document, signed_id)
        assert old is not None
        old_text = _text(documents.render_document(uow, document_id=signed_id))
        new_text = _text(documents.render_document(uow, document_id=new_id))
        uow.commit()
    assert new_id != signed_id
    assert (old.fingerprint, old.content_json) == (old_fingerprint, old_content)
    assert "three days a week" in old_text and "four days a week" not in old_text
    assert "four days a week" in new_text
    assert status.document_id == new_id and status.changed_since_signed and not status.signed_by_all
    assert all(b.signed_on is None for b in status.signatures)
    assert [(h[0], h[1]) for h in history] == [
        (new_id, "Mentoring agreement"),
        (signed_id, "Mentoring agreement"),
    ]
    assert history[0][3] == status.short_fingerprint


def test_export_writes_the_pdf_and_records_it(vault: Vault, relationship_id: int, tmp_path: Path) -> None:
    target = tmp_path / "out" / "agreement.pdf"
    target.parent.mkdir()
    with vault.unit_of_work() as uow:
        document_id = prepare_document(
            uow, relationship_id=relationship_id, form_id="confidentiality_statement"
        )
        result = mentoring_documents.export_mentoring_document(uow, document_id=document_id, target=target)
        uow.commit()
    written = target.read_bytes()
    assert result.path == target and result.sha256 == hashlib.sha256(written).hexdigest()
    assert f"Fingerprint {result.fingerprint}" in _text(written)
    with vault.unit_of_work() as uow:
        [entry] = uow.session.exec(select(AuditEntry).where(AuditEntry.action == "document.exported")).all()
        relationship = uow.session.get(MentoringRelationship, relationship_id)
        assert relationship is not None
    assert entry.artifact_sha256 == result.sha256
    assert entry.subject == f"learner:{relationship.learner_id}"
    assert json.loads(entry.detail)["form"] == "confidentiality_statement"
    assert LEARNER[1] not in entry.detail and MENTOR not in entry.detail


def test_unknown_forms_relationships_and_documents_are_plain_errors(
    vault: Vault, relationship_id: int
) -> None:
    with vault.unit_of_work() as uow:
        with pytest.raises(BadInput):
            prepare_document(uow, relationship_id=relationship_id, form_id="contract_of_participation")
        with pytest.raises(BadInput):
            prepare_document(uow, relationship_id=relationship_id + 99, form_id="mentoring_agreement")
        with pytest.raises(BadInput):
            mentoring_documents.document_statuses(uow, relationship_id=relationship_id + 99)
        with pytest.raises(BadInput):
            mentoring_documents.export_mentoring_document(uow, document_id=9999, target=Path("never.pdf"))
