"""What travels with a young person to a new setting: the answers to on-screen forms (the personal profile,
the travel plan), examples of good work kept as attachments, the academic record, and travel practice runs.

Form answers are kept by value key (e.g. "profile.interests"), checked against the form's own fields, so an
institution that adds a field to `forms/personal_profile.toml` gets it on screen and on paper at once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from datetime import date

from sqlmodel import col, select

from tutordesk.documents.form_definitions import FormDefinition
from tutordesk.documents.forms import load_form
from tutordesk.domain.models import Learner, utc_now
from tutordesk.domain.transition_enums import AcademicKind
from tutordesk.domain.transition_models import AcademicEntry, FormAnswers, PracticeRun, ProfileAttachment
from tutordesk.errors import BadInput
from tutordesk.vault.unit_of_work import UnitOfWork

PROFILE_FORM = "personal_profile"
TRAVEL_FORM = "travel_plan"
EDITABLE_FORMS = (PROFILE_FORM, TRAVEL_FORM)

#: Attachments are examples of work, not archives: a photo or a scan fits easily.
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024

_SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"%PDF-": "application/pdf",
    b"GIF87a": "image/gif",
    b"GIF89a": "image/gif",
}


def editable_keys(form: FormDefinition) -> list[str]:
    """The value keys a form's fields are filled from, in form order: what the on-screen editor shows."""
    keys: list[str] = []
    for section in form.sections:
        for field in section.fields:
            if field.source and field.source not in keys:
                keys.append(field.source)
    return keys


def form_answers(uow: UnitOfWork, *, learner_id: int, form_id: str) -> dict[str, str]:
    """The learner's answers to an on-screen form, by value key (missing keys are unanswered)."""
    _check_form(form_id)
    row = uow.session.get(FormAnswers, (learner_id, form_id))
    if row is None:
        return {}
    try:
        data = json.loads(row.values_json)
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def save_form_answers(uow: UnitOfWork, *, learner_id: int, form_id: str, values: dict[str, str]) -> None:
    """Keep the answers; keys the form does not have are refused (a typing mistake, not data to keep)."""
    _check_form(form_id)
    if uow.session.get(Learner, learner_id) is None:
        raise BadInput("That learner is no longer in the vault.")
    known = set(editable_keys(load_form(form_id)))
    unknown = sorted(set(values) - known)
    if unknown:
        raise BadInput(f"The form has no field for {unknown[0]!r}.")
    row = uow.session.get(FormAnswers, (learner_id, form_id)) or FormAnswers(
        learner_id=learner_id, form_id=form_id
    )
    row.values_json = json.dumps(
        {k: v.strip() for k, v in values.items() if v.strip()}, ensure_ascii=False, sort_keys=True
    )
    row.updated_at = utc_now()
    uow.session.add(row)
    uow.session.flush()


def _check_form(form_id: str) -> None:
    if form_id not in EDITABLE_FORMS:
        raise BadInput(f"{form_id!r} is not a form edited on screen.")


# -- examples of good work -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AttachmentView:
    id: int
    title: str
    file_name: str
    mime: str
    size: int
    added_on: date

    @property
    def is_image(self) -> bool:
        return self.mime in ("image/png", "image/jpeg", "image/gif")


def attachments(uow: UnitOfWork, *, learner_id: int) -> list[AttachmentView]:
    """Without the data: a list never reads the files themselves."""
    # sqlmodel's own `select` is typed for four columns at most.
    from sqlalchemy import func
    from sqlalchemy import select as select_columns

    rows = uow.session.execute(
        select_columns(
            col(ProfileAttachment.id),
            col(ProfileAttachment.title),
            col(ProfileAttachment.file_name),
            col(ProfileAttachment.mime),
            func.length(col(ProfileAttachment.data)),
            col(ProfileAttachment.added_on),
        )
        .where(col(ProfileAttachment.learner_id) == learner_id)
        .order_by(col(ProfileAttachment.added_on), col(ProfileAttachment.id))
    ).all()
    return [AttachmentView(int(i or 0), t, f, m, int(s or 0), a) for i, t, f, m, s, a in rows]


def attachment_data(uow: UnitOfWork, *, attachment_id: int) -> tuple[str, bytes]:
    """An example of work's type and content; BadInput if it is gone."""
    row = uow.session.get(ProfileAttachment, attachment_id)
    if row is None:
        raise BadInput("That example of work is no longer in the vault.")
    return row.mime, row.data


def add_attachment(
    uow: UnitOfWork, *, learner_id: int, title: str, file_name: str, data: bytes, added_on: date
) -> int:
    """Keep a file inside the vault; its type is read from its first bytes, never trusted from its name."""
    if uow.session.get(Learner, learner_id) is None:
        raise BadInput("That learner is no longer in the vault.")
    if not data:
        raise BadInput("That file is empty.")
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise BadInput("That file is over 20 MB. A photo or a scan of the work is enough.")
    mime = next(
        (kind for magic, kind in _SIGNATURES.items() if data.startswith(magic)), "application/octet-stream"
    )
    row = ProfileAttachment(
        learner_id=learner_id,
        title=title.strip() or file_name,
        file_name=file_name,
        mime=mime,
        data=data,
        added_on=added_on,
    )
    uow.session.add(row)
    uow.session.flush()
    return int(row.id or 0)


def rename_attachment(uow: UnitOfWork, *, attachment_id: int, title: str) -> None:
    """Give an example of work a new title (blank: its file name)."""
    row = uow.session.get(ProfileAttachment, attachment_id)
    if row is None:
        raise BadInput("That example of work is no longer in the vault.")
    row.title = title.strip() or row.file_name
    uow.session.add(row)
    uow.session.flush()


def remove_attachment(uow: UnitOfWork, *, attachment_id: int) -> None:
    """Remove an example of work, if it is still there."""
    row = uow.session.get(ProfileAttachment, attachment_id)
    if row is not None:
        uow.session.delete(row)
        uow.session.flush()


# -- academic record -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AcademicInput:
    title: str
    kind: str = AcademicKind.COURSE.value
    setting: str = ""
    started_on: date | None = None
    ended_on: date | None = None
    result: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class AcademicView(AcademicInput):
    id: int = 0


_ACADEMIC_FIELDS = tuple(f.name for f in fields(AcademicInput))


def academic_record(uow: UnitOfWork, *, learner_id: int) -> list[AcademicView]:
    """Oldest first, undated entries last: the record reads as a story."""
    rows = uow.session.exec(
        select(AcademicEntry)
        .where(AcademicEntry.learner_id == learner_id)
        .order_by(
            col(AcademicEntry.started_on).is_(None), col(AcademicEntry.started_on), col(AcademicEntry.id)
        )
    ).all()
    return [AcademicView(**{n: getattr(r, n) for n in _ACADEMIC_FIELDS}, id=int(r.id or 0)) for r in rows]


def save_academic_entry(
    uow: UnitOfWork, *, learner_id: int, data: AcademicInput, entry_id: int | None = None
) -> int:
    """Save a new entry of the academic record (or replace `entry_id`); returns its id."""
    AcademicKind(data.kind)
    if not data.title.strip():
        raise BadInput("Give the entry a title, such as the course or the qualification.")
    if data.started_on and data.ended_on and data.ended_on < data.started_on:
        raise BadInput("The end date is before the start date.")
    if entry_id is None:
        if uow.session.get(Learner, learner_id) is None:
            raise BadInput("That learner is no longer in the vault.")
        row = AcademicEntry(learner_id=learner_id, title=data.title)
    else:
        found = uow.session.get(AcademicEntry, entry_id)
        if found is None:
            raise BadInput("That entry is no longer in the vault.")
        row = found
    for name in _ACADEMIC_FIELDS:
        value = getattr(data, name)
        setattr(row, name, value.strip() if isinstance(value, str) else value)
    uow.session.add(row)
    uow.session.flush()
    return int(row.id or 0)


def remove_academic_entry(uow: UnitOfWork, *, entry_id: int) -> AcademicInput | None:
    """Returns what was removed, so the screen can offer Undo."""
    row = uow.session.get(AcademicEntry, entry_id)
    if row is None:
        return None
    removed = AcademicInput(**{n: getattr(row, n) for n in _ACADEMIC_FIELDS})
    uow.session.delete(row)
    uow.session.flush()
    return removed


# -- travel practice runs ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PracticeRunInput:
    practised_on: date
    with_whom: str = ""
    confidence: int | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class PracticeRunView(PracticeRunInput):
    id: int = 0


def practice_runs(uow: UnitOfWork, *, learner_id: int) -> list[PracticeRunView]:
    """The learner's practice runs of the journey, oldest first."""
    rows = uow.session.exec(
        select(PracticeRun)
        .where(PracticeRun.learner_id == learner_id)
        .order_by(col(PracticeRun.practised_on), col(PracticeRun.id))
    ).all()
    return [
        PracticeRunView(r.practised_on, r.with_whom, r.confidence, r.note, id=int(r.id or 0)) for r in rows
    ]


def save_practice_run(
    uow: UnitOfWork, *, learner_id: int, data: PracticeRunInput, run_id: int | None = None
) -> int:
    """Save a new practice run (or replace `run_id`); returns its id."""
    if data.confidence is not None and not 1 <= data.confidence <= 5:
        raise BadInput("Confidence goes from 1 to 5.")
    if run_id is None:
        if uow.session.get(Learner, learner_id) is None:
            raise BadInput("That learner is no longer in the vault.")
        row = PracticeRun(learner_id=learner_id, practised_on=data.practised_on)
    else:
        found = uow.session.get(PracticeRun, run_id)
        if found is None:
            raise BadInput("That practice run is no longer in the vault.")
        row = found
    row.practised_on, row.with_whom, row.confidence, row.note = (
        data.practised_on,
        data.with_whom.strip(),
        data.confidence,
        data.note.strip(),
    )
    uow.session.add(row)
    uow.session.flush()
    return int(row.id or 0)


def remove_practice_run(uow: UnitOfWork, *, run_id: int) -> None:
    """Remove a practice run, if it is still there."""
    row = uow.session.get(PracticeRun, run_id)
    if row is not None:
        uow.session.delete(row)
        uow.session.flush()
