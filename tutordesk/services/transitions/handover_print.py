"""Printing the handover pack on paper: the same pages as the preview and the saved PDF, kept as a document
(so a printed page can be matched by its fingerprint) and recorded in the audit log as a disclosure, like a
saved pack. A printed pack cannot be encrypted, so the receiving setting's copy still needs the young
person's agreement in force, exactly as for saving it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date

from tutordesk.documents.content import fingerprint, short_fingerprint
from tutordesk.domain.enums import LawfulBasis
from tutordesk.domain.transition_enums import Audience
from tutordesk.services.transitions.handover import (
    _PURPOSES,
    PackChoice,
    _recipient,
    _store,
    check_choice,
    pack_content,
    pack_form,
)
from tutordesk.vault import audit
from tutordesk.vault.unit_of_work import UnitOfWork

PRINT_ACTION = "handover.printed"


def print_pack(
    uow: UnitOfWork,
    *,
    learner_id: int,
    choice: PackChoice,
    today: date,
    send: Callable[[bytes], object],
) -> str:
    """Check the choice, hand the pack's PDF bytes to `send` (which prints them), keep the document and
    append one audit row; returns the short fingerprint. If `send` raises, nothing is recorded. The caller
    commits."""
    from tutordesk.documents.pdf import render_pdf

    consent = check_choice(uow, learner_id=learner_id, choice=choice)
    form = pack_form()
    content = pack_content(uow, learner_id=learner_id, choice=choice, form=form, consent=consent, today=today)
    data = render_pdf(form, content)
    send(data)
    document_id = _store(uow, learner_id, form, content)
    full_fingerprint = fingerprint(form.text, content)
    receiving = choice.audience == Audience.RECEIVING
    audit.record(
        uow.session,
        PRINT_ACTION,
        subject=f"learner:{learner_id}",
        recipient=_recipient(uow, choice),
        purpose=_PURPOSES[choice.audience],
        lawful_basis=LawfulBasis.CONSENT.value if receiving else "",
        detail={
            "audience": choice.audience,
            "sections": sorted(choice.sections),
            "sensitive": sorted(choice.sensitive),
            "form": form.id,
            "form_version": form.version,
            "document": document_id,
            "fingerprint": full_fingerprint,
            "consent_id": consent.id if consent is not None else None,
            "transition_id": choice.transition_id,
        },
        artifact_sha256=hashlib.sha256(data).hexdigest(),
    )
    uow.session.flush()
    return short_fingerprint(full_fingerprint)
