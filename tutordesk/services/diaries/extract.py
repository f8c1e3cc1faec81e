"""The diary extract: a learner's own diary entries between two dates, printed from `forms/diary_extract.toml`
for them to keep, and only after their agreement (or a parent's or carer's) has been recorded.

Only the learner's diary is ever read here; the practitioner's reflections and the practice journal never
leave TutorDesk this way. The agreement and the export both go into the audit log, by dates and counts only.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlmodel import select

from tutordesk.documents.content import DocumentContent, fingerprint
from tutordesk.documents.forms import load_form
from tutordesk.domain.dates import long_date
from tutordesk.domain.diary_enums import MOOD_LABELS, DiaryKind, EntryMode
from tutordesk.domain.enums import ConsentGiver, LawfulBasis
from tutordesk.domain.models import Learner, Person
from tutordesk.domain.plan_models import Document
from tutordesk.errors import BadInput
from tutordesk.services.diaries import entries as diaries
from tutordesk.services.diaries.entries import EntryView
from tutordesk.services.documents import ExportResult, export_document, print_document, store_content
from tutordesk.vault import audit
from tutordesk.vault.unit_of_work import UnitOfWork

EXTRACT_FORM = "diary_extract"
#: The only diary an extract reads.
LEARNERS_DIARY = frozenset({DiaryKind.LEARNER.value})
#: The labelled parts of an entry, in the order they print, as the young person would say them.
_PARTS = (
    ("progress", "What went well"),
    ("setbacks", "What was hard"),
    ("key_points", "What we talked about"),
    ("tasks", "Things to do"),
)


@dataclass(frozen=True, slots=True)
class ExtractAgreement:
    """Who agreed to the printing ("learner" or "parent_carer"), when, and an optional note kept with it."""

    agreed_by: str
    agreed_on: date
    note: str = ""


def extract_entries(uow: UnitOfWork, *, learner_id: int, since: date, until: date) -> list[EntryView]:
    """What an extract for these dates would print: the learner's own diary only, oldest first."""
    _check_dates(since, until)
    _learner(uow, learner_id)
    entries = diaries.timeline(uow, learner_id=learner_id, diaries=LEARNERS_DIARY, since=since, until=until)
    # timeline already reads the learner's diary only; checked again because this is what leaves the vault.
    return [e for e in reversed(entries) if e.diary == DiaryKind.LEARNER.value]


def extract_unprintable(
    uow: UnitOfWork, *, learner_id: int, since: date, until: date, agreement: ExtractAgreement
) -> list[str]:
    """The characters of the extract for these dates that no font on this computer can draw, in order;
    nothing is stored or audited. Asked before the extract is saved or printed."""
    from tutordesk.documents.pdf import characters_without_glyphs

    learner = _learner(uow, learner_id)
    entries = extract_entries(uow, learner_id=learner_id, since=since, until=until)
    return characters_without_glyphs(_content(uow, learner, entries, since, until, agreement))


def export_diary_extract(
    uow: UnitOfWork,
    *,
    learner_id: int,
    since: date,
    until: date,
    target: Path,
    agreement: ExtractAgreement | None,
) -> ExportResult:
    """Print the extract to `target` once the agreement is recorded; both are audited. The caller commits."""
    document_id = _agreed_extract(uow, learner_id, since, until, agreement)
    return export_document(
        uow,
        document_id=document_id,
        target=target,
        recipient=ConsentGiver.LEARNER.value,
        purpose="diary extract to keep",
    )


def print_diary_extract(
    uow: UnitOfWork,
    *,
    learner_id: int,
    since: date,
    until: date,
    agreement: ExtractAgreement | None,
    send: Callable[[bytes], object],
) -> str:
    """Hand the extract's PDF bytes to `send` (a printer) once the agreement is recorded; the agreement and
    the print are audited, and nothing is if `send` fails. Returns the short fingerprint; the caller commits."""
    document_id = _agreed_extract(uow, learner_id, since, until, agreement)
    return print_document(
        uow,
        document_id=document_id,
        send=send,
        recipient=ConsentGiver.LEARNER.value,
        purpose="diary extract to keep",
    )


def _agreed_extract(
    uow: UnitOfWork, learner_id: int, since: date, until: date, agreement: ExtractAgreement | None
) -> int:
    """The extract kept as a document, with the agreement in the audit log: its document id."""
    if agreement is None:
        raise BadInput(
            "A diary is printed only with the young person's agreement; record their agreement first."
        )
    _check_agreement(agreement)
    learner = _learner(uow, learner_id)
    entries = extract_entries(uow, learner_id=learner_id, since=since, until=until)
    first_name = learner.preferred_name or learner.given_name
    if not entries:
        raise BadInput(
            f"There are no entries in {first_name}'s diary from {long_date(since)} to {long_date(until)}, "
            "so there is nothing to print."
        )
    form = load_form(EXTRACT_FORM)
    content = _content(uow, learner, entries, since, until, agreement)
    # Printing the same extract again reuses its document, so one fingerprint names one stored copy.
    existing = uow.session.exec(
        select(Document).where(
            Document.learner_id == learner_id,
            Document.form_id == EXTRACT_FORM,
            Document.fingerprint == fingerprint(form.text, content),
        )
    ).first()
    document_id = store_content(uow, document=existing, form=form, content=content, learner_id=learner_id)
    document = uow.session.get(Document, document_id)
    assert document is not None
    audit.record(
        uow.session,
        "diary.extract_agreed",
        subject=f"learner:{learner_id}",
        lawful_basis=LawfulBasis.CONSENT.value,
        detail={
            "agreed_by": agreement.agreed_by,
            "agreed_on": agreement.agreed_on.isoformat(),
            "since": since.isoformat(),
            "until": until.isoformat(),
            "entries": len(entries),
            "document": document_id,
            "fingerprint": document.fingerprint,
        },
    )
    return document_id


def _content(
    uow: UnitOfWork,
    learner: Learner,
    entries: list[EntryView],
    since: date,
    until: date,
    agreement: ExtractAgreement,
) -> DocumentContent:
    first_name = learner.preferred_name or learner.given_name
    tutor = uow.session.get(Person, learner.key_worker_id) if learner.key_worker_id else None
    agreed_by = (
        first_name if agreement.agreed_by == ConsentGiver.LEARNER.value else f"{first_name}'s parent or carer"
    )
    values = {
        "learner.name": f"{first_name} {learner.family_name}".strip(),
        "tutor.name": f"{tutor.given_name} {tutor.family_name}".strip() if tutor else "",
        "extract.from": since.isoformat(),
        "extract.to": until.isoformat(),
        "extract.agreed_by": agreed_by,
        "extract.agreed_on": agreement.agreed_on.isoformat(),
        # Kept with the stored document, not printed by the bundled form: the audit log holds no free text.
        "extract.agreement_note": agreement.note.strip(),
    }
    rows = [{"date": e.written_on.isoformat(), "mood": _mood(e), "words": _words(e)} for e in entries]
    return DocumentContent(
        values=values,
        tables={"diary.entries": rows},
        reference=f"{long_date(since)} to {long_date(until)}",
    )


def _mood(entry: EntryView) -> str:
    label = MOOD_LABELS.get(entry.mood, "") if entry.mood is not None else ""
    return "\n".join(part for part in (label, entry.mood_words) if part)


def _words(entry: EntryView) -> str:
    parts: list[str] = []
    if entry.mode == EntryMode.SPOKEN.value:
        if entry.has_audio:
            length = f" ({duration(entry.audio_ms)})" if entry.audio_ms else ""
            parts.append(f"Spoken entry{length}, kept in TutorDesk")
        else:
            parts.append("Spoken entry")
    if entry.body.strip():
        parts.append(plain_text(entry.body))
    for name, label in _PARTS:
        value = getattr(entry, name).strip()
        if not value:
            continue
        lines = [line.strip() for line in value.splitlines() if line.strip()]
        if len(lines) == 1:
            parts.append(f"{label}: {lines[0]}")
        else:
            parts.append(f"{label}:\n" + "\n".join(f"\u2022 {line.lstrip('-*• ')}" for line in lines))
    if entry.next_meeting_on is not None:
        parts.append(f"Next time we meet: {long_date(entry.next_meeting_on)}")
    return "\n\n".join(parts)


def duration(milliseconds: int | None) -> str:
    """A recording's length as a clock shows it: "3:12"; anything under a second counts as one."""
    seconds = max(1, round((milliseconds or 0) / 1000))
    return f"{seconds // 60}:{seconds % 60:02d}"


_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_BULLET = re.compile(r"^(\s*)[-*+]\s+")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])")
_LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)\)")


def plain_text(markdown: str) -> str:
    """An entry's light formatting (Markdown) as it reads on paper: no markers, bullets as bullets."""
    lines = []
    for line in markdown.rstrip().splitlines():
        line = _BULLET.sub("\\1\u2022 ", _HEADING.sub("", line))
        line = _STRONG.sub(r"\2", line)
        line = _EMPHASIS.sub(lambda m: m.group(1) or m.group(2), line)
        lines.append(_LINK.sub(r"\1 (\2)", line))
    return "\n".join(lines)


def _check_dates(since: date, until: date) -> None:
    if since > until:
        raise BadInput("The first date must be on or before the last date.")


def _check_agreement(agreement: ExtractAgreement) -> None:
    if agreement.agreed_by not in {g.value for g in ConsentGiver}:
        raise BadInput("Say who agreed to the printing: the young person, or their parent or carer.")
    if agreement.agreed_on > date.today():
        raise BadInput("The agreement cannot be dated in the future.")


def _learner(uow: UnitOfWork, learner_id: int) -> Learner:
    learner = uow.session.get(Learner, learner_id)
    if learner is None:
        raise BadInput("That learner is not in this vault any more.")
    return learner
