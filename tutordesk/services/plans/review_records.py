"""The review record: one plan review printed from `forms/review_record.toml`, for the learner to keep and
for both to sign. Like the contract, it is stored as it was printed and frozen once somebody signs.
"""

from __future__ import annotations

from pathlib import Path

from sqlmodel import select

from tutordesk.documents.content import DocumentContent, Signatory
from tutordesk.documents.forms import load_form
from tutordesk.domain.dates import long_date
from tutordesk.domain.models import Learner
from tutordesk.domain.plan_enums import Ambition, Rag, ReviewKind
from tutordesk.domain.plan_models import Document, PlanReview, PlanVersion
from tutordesk.domain.sdt import RATING_LABELS, motivation_reading
from tutordesk.errors import BadInput
from tutordesk.services.documents import (
    ExportResult,
    export_document,
    signatures_of,
    store_content,
    unprintable_characters,
)
from tutordesk.services.plans import reviews as plan_reviews
from tutordesk.services.practitioner import learner_tutor
from tutordesk.vault.unit_of_work import UnitOfWork

REVIEW_FORM = "review_record"


def prepare_review_record(uow: UnitOfWork, *, review_id: int) -> int:
    """The review's record document, made or brought up to date (unless somebody signed it); its id."""
    review = uow.session.get(PlanReview, review_id)
    if review is None:
        raise BadInput("That review is not in this vault any more.")
    document = uow.session.exec(
        select(Document).where(Document.review_id == review_id, Document.form_id == REVIEW_FORM)
    ).first()
    if document is not None and signatures_of(uow, document_id=document.id):
        return int(document.id or 0)
    form = load_form(REVIEW_FORM)
    content = _content(uow, review)
    return store_content(
        uow,
        document=document,
        form=form,
        content=content,
        learner_id=review.learner_id,
        plan_version_id=review.plan_version_id,
        review_id=review_id,
    )


def review_record_unprintable(uow: UnitOfWork, *, review_id: int) -> list[str]:
    """The characters of the review's record no font on this computer can draw (prepared first if need be),
    to say so before it is saved."""
    return unprintable_characters(uow, document_id=prepare_review_record(uow, review_id=review_id))


def export_review_record(uow: UnitOfWork, *, review_id: int, target: Path) -> ExportResult:
    """Write the review's record as a PDF to `target` (prepared first if need be)."""
    return export_document(
        uow,
        document_id=prepare_review_record(uow, review_id=review_id),
        target=target,
        purpose="review record",
    )


def _content(uow: UnitOfWork, review: PlanReview) -> DocumentContent:
    learner = uow.session.get(Learner, review.learner_id)
    assert learner is not None
    tutor = learner_tutor(uow, key_worker_id=learner.key_worker_id)
    version = uow.session.get(PlanVersion, review.plan_version_id) if review.plan_version_id else None
    [view] = [r for r in plan_reviews.list_reviews(uow, learner_id=review.learner_id) if r.id == review.id]
    ratings = (review.autonomy, review.competence, review.relatedness)
    reading = motivation_reading(*ratings)
    learner_name = f"{learner.given_name} {learner.family_name}".strip()
    values = {
        "learner.name": learner_name,
        "tutor.name": tutor.name,
        "review.held_on": review.held_on.isoformat(),
        "review.kind": ReviewKind(review.kind).label,
        "plan.version": str(version.version) if version else "",
        "review.ambition": Ambition(review.ambition).label if review.ambition else "",
        "review.adjustments": review.adjustments,
        "review.learner_voice": review.learner_voice,
        "review.motivation": f"{reading.headline}. {reading.explanation}" if any(ratings) else "",
        "review.next_review": review.next_review_on.isoformat() if review.next_review_on else "",
    }
    for name, rating in zip(("autonomy", "competence", "relatedness"), ratings, strict=True):
        values[f"review.{name}"] = f"{rating} – {RATING_LABELS[rating]}" if rating else ""
    progress = [
        {
            "item": item.label if item.stage_id else f"Goal: {item.label}",
            "rag": Rag(item.rag).label.split(":")[0],
            "note": item.note,
        }
        for item in view.progress
    ]
    return DocumentContent(
        values=values,
        tables={"review.progress": progress},
        signatories=(Signatory("learner", learner_name), Signatory("tutor", values["tutor.name"])),
        reference=f"Review of {long_date(review.held_on)}",
    )
