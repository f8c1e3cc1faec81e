"""The warm-handover pack: the young person's own copy, or the receiving setting's copy of only what they
agreed to share; previewed in memory, exported encrypted when asked, and recorded as one disclosure.

The pack is printed from `forms/handover_pack.toml`, a section per part (about the move, the profile,
examples of work, the academic record, the plan, the travel plan and practice runs, contacts, settling-in
meetings). Sections not chosen are left out of the page and out of the stored document too, and so is every
sensitive field not chosen one by one: what is kept is exactly what left. A receiving-setting pack needs
the young person's agreement in force (`services.handover_consent`); the register of what left is
`services.disclosures`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlmodel import select

from tutordesk.documents.content import DocumentContent, fingerprint, short_fingerprint
from tutordesk.documents.forms import FormDefinition, placeholders
from tutordesk.domain.dates import long_date, short_date
from tutordesk.domain.enums import LawfulBasis
from tutordesk.domain.models import AuditEntry, Learner
from tutordesk.domain.plan_models import Document
from tutordesk.domain.transition_enums import AcademicKind, Audience, ConsentGiver
from tutordesk.errors import BadInput, Refused, WouldOverwrite
from tutordesk.services.documents import store_content
from tutordesk.services.plans import roadmap as plans
from tutordesk.services.practitioner import TutorDetails, learner_tutor
from tutordesk.services.transitions import handover_material as material
from tutordesk.services.transitions import moves as transitions
from tutordesk.services.transitions.handover_consent import (  # noqa: F401 - re-exported: callers use `handover.X`
    AUDIENCE_NOTES,
    PACK_FORM,
    ConsentInput,
    ConsentView,
    PackSection,
    check_sections,
    consent_in_force,
    consents,
    pack_form,
    pack_sections,
    record_consent,
    withdraw_consent,
)
from tutordesk.vault.export_journal import ExportRecord, write_export
from tutordesk.vault.unit_of_work import UnitOfWork

EXPORT_ACTION = "handover.exported"


class HandoverRefused(Refused):
    """A receiving-setting pack the young person has not agreed to (exit code 5 on the command line)."""


@dataclass(frozen=True, slots=True)
class PackChoice:
    audience: str  # Audience
    sections: frozenset[str]
    sensitive: frozenset[str]  # "section.field"
    transition_id: int | None = None


@dataclass(frozen=True, slots=True)
class PackExport:
    path: Path
    sha256: str  # of the file written
    password: str | None = field(repr=False)  # shown once, never stored or logged
    audit_entry_id: int
    fingerprint: str = ""  # as printed at the foot of each page
    missing_glyphs: tuple[str, ...] = ()  # characters the bundled font cannot draw


def default_choice(uow: UnitOfWork, *, learner_id: int, audience: str) -> PackChoice:
    """The young person's copy: every section and no sensitive field. The receiving setting's copy: what
    the agreement in force covers (nothing when there is none)."""
    Audience(audience)
    newest = _newest_transition(uow, learner_id)
    if audience == Audience.LEARNER:
        return PackChoice(audience, frozenset(s.id for s in pack_sections()), frozenset(), newest)
    consent = consent_in_force(uow, learner_id=learner_id)
    if consent is None:
        return PackChoice(audience, frozenset(), frozenset(), newest)
    known = {s.id for s in pack_sections()}
    sections = frozenset(s for s in consent.sections if s in known)
    return PackChoice(
        audience,
        sections,
        frozenset(consent.sensitive_fields),
        consent.transition_id if consent.transition_id is not None else newest,
    )


def check_choice(uow: UnitOfWork, *, learner_id: int, choice: PackChoice) -> ConsentView | None:
    """Refuse, with a plain reason, what may not be made; returns the agreement behind a receiving pack."""
    if uow.session.get(Learner, learner_id) is None:
        raise BadInput("That learner is no longer in the vault.")
    if choice.audience not in {a.value for a in Audience}:
        raise BadInput("A handover pack is for the young person or for the receiving setting.")
    check_sections(tuple(choice.sections), tuple(choice.sensitive))
    if choice.transition_id is not None:
        row = transitions.get_transition(uow, transition_id=choice.transition_id)
        if row.learner_id != learner_id:
            raise BadInput("That move is not one of this learner's.")
    consent = consent_in_force(uow, learner_id=learner_id) if choice.audience == Audience.RECEIVING else None
    if choice.audience == Audience.RECEIVING and consent is None:
        # Before anything else about the choice: without an agreement, nothing may go to the setting.
        raise HandoverRefused(
            "There is no agreement in force to share this pack with the receiving setting: "
            "record the young person's agreement first."
        )
    if not choice.sections:
        raise BadInput("Choose at least one section to put in the pack.")
    if consent is None:
        return None
    titles = {s.id: s.title for s in pack_sections()}
    not_agreed = [titles[s] for s in titles if s in choice.sections and s not in consent.sections]
    if not_agreed:
        raise HandoverRefused(
            f"The young person has not agreed to share {_and(not_agreed)}; leave it out or record a new agreement."
        )
    labels = {key: label for s in pack_sections() for key, label in s.sensitive_fields}
    extra = [labels[key] for key in labels if key in choice.sensitive and key not in consent.sensitive_fields]
    if extra:
        raise HandoverRefused(
            f"The young person has not agreed to share {_and(extra)}; leave it out or record a new agreement."
        )
    if consent.transition_id is not None and choice.transition_id != consent.transition_id:
        raise HandoverRefused("The agreement in force is for another move; record an agreement for this one.")
    return consent


def pack_pdf(uow: UnitOfWork, *, learner_id: int, choice: PackChoice, today: date) -> bytes:
    """The pack as unencrypted PDF bytes, for the preview on screen. Nothing is stored or written: these are
    the pages that will leave, with the same fingerprint."""
    from tutordesk.documents.pdf import render_pdf

    consent = check_choice(uow, learner_id=learner_id, choice=choice)
    form = pack_form()
    return render_pdf(
        form, pack_content(uow, learner_id=learner_id, choice=choice, form=form, consent=consent, today=today)
    )


def pack_unprintable(uow: UnitOfWork, *, learner_id: int, choice: PackChoice, today: date) -> list[str]:
    """The characters of the pack as chosen that no font on this computer can draw, in order; nothing is
    stored or written. Asked before the pack is saved or printed, so the person can decide first."""
    from tutordesk.documents.pdf import characters_without_glyphs

    consent = check_choice(uow, learner_id=learner_id, choice=choice)
    form = pack_form()
    return characters_without_glyphs(
        pack_content(uow, learner_id=learner_id, choice=choice, form=form, consent=consent, today=today)
    )


def export_pack(
    uow: UnitOfWork,
    *,
    learner_id: int,
    choice: PackChoice,
    target: Path,
    today: date,
    encrypt: bool,
    recipient: str = "",
    purpose: str = "",
    overwrite: bool = True,
) -> PackExport:
    """Check, print, keep the document, encrypt in memory when asked, write `target` atomically, and append
    one audit row (see `vault.export_journal.write_export`: the unit of work is committed once, before
    writing). The caller commits. Only the finished (encrypted) file ever reaches the disk."""
    from tutordesk.documents.encrypt import encrypt_pdf, generate_password
    from tutordesk.documents.pdf import characters_without_glyphs, render_pdf

    _check_folder(target)
    consent = check_choice(uow, learner_id=learner_id, choice=choice)
    form = pack_form()
    content = pack_content(uow, learner_id=learner_id, choice=choice, form=form, consent=consent, today=today)
    document_id = _store(uow, learner_id, form, content)
    data = render_pdf(form, content)
    password = generate_password() if encrypt else None
    if password is not None:
        data = encrypt_pdf(data, password)
    full_fingerprint = fingerprint(form.text, content)
    receiving = choice.audience == Audience.RECEIVING
    record = ExportRecord(
        EXPORT_ACTION,
        subject=f"learner:{learner_id}",
        recipient=recipient.strip() or _recipient(uow, choice),
        purpose=purpose.strip() or _PURPOSES[choice.audience],
        lawful_basis=LawfulBasis.CONSENT.value if receiving else "",
        detail={
            "audience": choice.audience,
            "sections": sorted(choice.sections),
            "sensitive": sorted(choice.sensitive),
            "encrypted": password is not None,
            "form": form.id,
            "form_version": form.version,
            "document": document_id,
            "fingerprint": full_fingerprint,
            "consent_id": consent.id if consent is not None else None,
            "transition_id": choice.transition_id,
        },
    )
    digest, entry = _write(uow, target, data, record, overwrite=overwrite)
    uow.session.flush()
    return PackExport(
        target,
        digest,
        password,
        int(entry.id or 0),
        short_fingerprint(full_fingerprint),
        tuple(characters_without_glyphs(content)),
    )


_PURPOSES = {
    Audience.LEARNER.value: "the young person's own copy, to keep",
    Audience.RECEIVING.value: "warm handover to the new setting",
}


# -- what the pack says -----------------------------------------------------------------------------------


def pack_content(
    uow: UnitOfWork,
    *,
    learner_id: int,
    choice: PackChoice,
    form: FormDefinition,
    consent: ConsentView | None,
    today: date,
) -> DocumentContent:
    """What the chosen pack says: the values and tables of the chosen sections only."""
    learner = uow.session.get(Learner, learner_id)
    if learner is None:
        raise BadInput("That learner is no longer in the vault.")
    receiving = choice.audience == Audience.RECEIVING
    first_name = learner.preferred_name or learner.given_name
    profile = material.form_answers(uow, learner_id=learner_id, form_id=material.PROFILE_FORM)
    tutor = learner_tutor(uow, key_worker_id=learner.key_worker_id)
    tutor_name = tutor.name
    move = (
        transitions.get_transition(uow, transition_id=choice.transition_id) if choice.transition_id else None
    )
    values = {
        "learner.name": f"{learner.given_name} {learner.family_name}".strip(),
        "learner.first_name": first_name,
        "learner.preferred_name": learner.preferred_name or profile.get("profile.preferred_name", ""),
        "tutor.name": tutor_name or ("their tutor" if receiving else "your tutor"),
        "pack.made_on": today.isoformat(),
        **profile,
        **material.form_answers(uow, learner_id=learner_id, form_id=material.TRAVEL_FORM),
    }
    if move is not None:
        contact = move.receiving_contact_name.strip()
        if contact and move.receiving_contact_role.strip():
            contact += f" ({move.receiving_contact_role.strip()})"
        values |= {
            "transition.sending_setting": move.sending_setting,
            "transition.receiving_setting": move.receiving_setting,
            "transition.starts_on": move.starts_on.isoformat() if move.starts_on else "",
            "transition.manager": move.manager,
            "transition.contact": contact,
            "transition.contact_channel": move.receiving_contact_channel,
        }
    if consent is not None:
        values["consent.given_on"] = consent.given_on.isoformat()
        values["pack.agreed_by"] = (
            first_name if consent.given_by == ConsentGiver.LEARNER else f"{first_name}'s parent or carer"
        )
    agreed = plans.agreed_plan(uow, learner_id=learner_id)
    if agreed is not None:
        values["plan.end_goal"] = agreed.end_goal
    tables = {
        "pack.good_work": [
            {"title": a.title, "added_on": a.added_on.isoformat()}
            for a in material.attachments(uow, learner_id=learner_id)
        ],
        "academic.record": [_academic_row(e) for e in material.academic_record(uow, learner_id=learner_id)],
        "plan.stages": _stage_rows(agreed),
        "travel.practice_runs": [
            {
                "date": run.practised_on.isoformat(),
                "with_whom": run.with_whom,
                "confidence": f"{run.confidence} of 5" if run.confidence else "",
                "note": run.note,
            }
            for run in material.practice_runs(uow, learner_id=learner_id)
        ],
        "pack.contacts": _contact_rows(move, tutor),
        "pack.settling_in": [
            {"meeting": m.label, "date": m.due_on.isoformat(), "with": m.run_by}
            for m in (
                transitions.settling_in_meetings(uow, transition_id=move.id) if move is not None else []
            )
        ],
    }
    # A pack is a record, not a form to fill in by hand: a chosen table with nothing in it (no examples of
    # work yet, no practice runs) is left out rather than printed as empty rows.
    empty = {
        section.id
        for section in form.sections
        if section.kind == "table" and not tables.get(section.source or "", ())
    }
    shown = (frozenset(choice.sections) - empty) | {AUDIENCE_NOTES[choice.audience]}
    values, tables = _only_what_is_shown(form, values, tables, shown, choice.sensitive)
    if receiving:
        where = move.receiving_setting.strip() if move is not None else ""
        reference = f"For {where}" if where else "For the receiving setting"
    else:
        reference = "My own copy"
    return DocumentContent(
        values=values,
        tables=tables,
        reference=reference,
        chosen_sensitive=frozenset(choice.sensitive),
        chosen_sections=shown,
    )


def _only_what_is_shown(
    form: FormDefinition,
    values: dict[str, str],
    tables: dict[str, list[dict[str, str]]],
    sections: frozenset[str],
    sensitive: frozenset[str],
) -> tuple[dict[str, str], dict[str, list[dict[str, str]]]]:
    """The values and tables the chosen sections print, and nothing else: the stored document then holds
    exactly what left, even if it were printed again by code that ignores the choice."""
    keys = set(placeholders(form.intro)) | ({form.subject} if form.subject else set())
    table_keys: set[str] = set()
    for section in form.sections:
        if section.id not in sections:
            continue
        keys.update(placeholders(section.text))
        keys.update(
            f.source
            for f in section.fields
            if f.source and (not f.sensitive or f"{section.id}.{f.id}" in sensitive)
        )
        if section.kind == "table" and section.source:
            table_keys.add(section.source)
    return (
        {k: v for k, v in values.items() if k in keys and v.strip()},
        {k: rows for k, rows in tables.items() if k in table_keys},
    )


def _academic_row(entry: material.AcademicView) -> dict[str, str]:
    what = [entry.title, AcademicKind(entry.kind).label]
    if entry.note.strip():
        what.append(entry.note.strip())
    if entry.started_on and entry.ended_on:
        dates = f"{short_date(entry.started_on)} to {short_date(entry.ended_on)}"
    elif entry.started_on:
        dates = f"From {short_date(entry.started_on)}"
    elif entry.ended_on:
        dates = short_date(entry.ended_on)
    else:
        dates = ""
    return {"what": "\n".join(what), "setting": entry.setting, "dates": dates, "result": entry.result}


def _stage_rows(plan: plans.PlanView | None) -> list[dict[str, str]]:
    if plan is None:
        return []
    return [
        {
            "number": str(number),
            "stage": "\n".join(part for part in (stage.title, stage.description) if part),
            "goals": "\n".join(f"\u2022 {goal.text}" for goal in stage.goals if goal.text),
            "by_when": long_date(stage.target_on) if stage.target_on else "",
        }
        for number, stage in enumerate(plan.stages, start=1)
    ]


def _contact_rows(move: transitions.TransitionView | None, tutor: TutorDetails) -> list[dict[str, str]]:
    rows = []
    if move is not None and move.manager.strip():
        rows.append({"role": "Looking after the move", "name": move.manager, "reach": ""})
    if move is not None and move.receiving_contact_name.strip():
        where = f" at {move.receiving_setting}" if move.receiving_setting.strip() else ""
        role = f"\n{move.receiving_contact_role}" if move.receiving_contact_role.strip() else ""
        rows.append(
            {
                "role": f"Named contact{where}",
                "name": move.receiving_contact_name + role,
                "reach": move.receiving_contact_channel,
            }
        )
    if tutor.name:
        name = f"{tutor.name}\n{tutor.role}" if tutor.role else tutor.name
        rows.append({"role": "Tutor", "name": name, "reach": tutor.reach})
    return rows


# -- helpers ----------------------------------------------------------------------------------------------


def _store(uow: UnitOfWork, learner_id: int, form: FormDefinition, content: DocumentContent) -> int:
    """Keep the pack as a document, so a printed page can be matched by its fingerprint; the same pack
    exported again reuses its document."""
    existing = uow.session.exec(
        select(Document).where(
            Document.learner_id == learner_id,
            Document.form_id == form.id,
            Document.fingerprint == fingerprint(form.text, content),
        )
    ).first()
    return store_content(uow, document=existing, form=form, content=content, learner_id=learner_id)


def _check_folder(target: Path) -> None:
    folder = target.parent
    if not folder.is_dir():
        raise BadInput(f"There is no folder {folder} to write the pack in; nothing was written.")
    if not os.access(folder, os.W_OK):
        raise BadInput(f"TutorDesk may not write in {folder}; choose another folder. Nothing was written.")


def _write(
    uow: UnitOfWork, target: Path, data: bytes, record: ExportRecord, *, overwrite: bool
) -> tuple[str, AuditEntry]:
    try:
        digest, entry = write_export(uow, target=target, data=data, record=record, overwrite=overwrite)
        assert entry is not None  # a record was given
        return digest, entry
    except FileExistsError:
        raise WouldOverwrite(f"{target} already exists; choose another name.") from None


def _recipient(uow: UnitOfWork, choice: PackChoice) -> str:
    """For the register: the receiving setting and its named contact, or the young person."""
    if choice.audience == Audience.LEARNER:
        return "the young person"
    move = (
        transitions.get_transition(uow, transition_id=choice.transition_id) if choice.transition_id else None
    )
    if move is None:
        return "the receiving setting"
    where = move.receiving_setting.strip() or "the receiving setting"
    contact = move.receiving_contact_name.strip()
    return f"{where} ({contact})" if contact else where


def _newest_transition(uow: UnitOfWork, learner_id: int) -> int | None:
    found = transitions.transitions(uow, learner_id=learner_id)  # active first, then the newest
    return found[0].id if found else None


def _and(items: list[str]) -> str:
    """ "a", "a and b", "a, b and c", with each title in quotes."""
    quoted = [f"\u201c{item}\u201d" for item in items]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


# What callers use as `handover.X`, the consent's names among them.
__all__ = [
    "pack_unprintable",
    "AUDIENCE_NOTES",
    "ConsentInput",
    "ConsentView",
    "EXPORT_ACTION",
    "HandoverRefused",
    "PACK_FORM",
    "PackChoice",
    "PackExport",
    "PackSection",
    "check_choice",
    "check_sections",
    "consent_in_force",
    "consents",
    "default_choice",
    "export_pack",
    "pack_content",
    "pack_form",
    "pack_pdf",
    "pack_sections",
    "record_consent",
    "withdraw_consent",
]
