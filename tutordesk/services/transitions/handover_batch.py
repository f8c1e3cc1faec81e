"""Handover packs for many learners at once: the young person's own copy of each, saved into one folder.

Each pack is its own unit of work, committed as soon as its file is written, so stopping part-way (a
cancel, a crash, the vault locking) keeps every pack already saved together with its audit row. Files
already in the folder are never replaced. Safe to run on a worker thread: every unit of work checks out
its own pooled connection, and the engine keys each new connection as it is made (`vault.engine`).
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tutordesk.domain.models import Learner
from tutordesk.domain.transition_enums import Audience
from tutordesk.errors import BadInput, ReadOnlyVault, TutorDeskError, WouldOverwrite
from tutordesk.services.transitions import handover
from tutordesk.vault.unit_of_work import UnitOfWork
from tutordesk.vault.vault import Vault

PACK_SUFFIX = " \u2013 handover pack"  # "Zoë Ångström – handover pack.pdf"
EXTENSION = ".pdf"
MAX_NAME_CHARACTERS = 120  # whole file name; well inside Windows' 260-character paths for most folders
MAX_NAME_BYTES = 240  # most file systems allow 255 bytes of UTF-8 per name

NO_LONGER_IN_VAULT = "This learner is no longer in the vault, so there was no pack to save."
# Characters Windows, macOS or Linux refuse (or treat as separators) in a file name.
_FORBIDDEN = re.compile(r'[/\\:*?"<>|]')


@dataclass(frozen=True, slots=True)
class BatchResult:
    saved: list[Path] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (learner id, plain reason)
    cancelled: bool = False


def safe_name_part(text: str) -> str:
    """`text` made fit for a file name on every system: no separators or reserved characters, no control
    or invisible formatting characters (a right-to-left override could disguise the extension), single
    spaces, and no leading or trailing dots or spaces (hidden files on macOS and Linux, refused on Windows)."""
    text = unicodedata.normalize("NFC", text)
    kept = []
    for character in text:
        category = unicodedata.category(character)
        if category in {"Zl", "Zp"} or character.isspace():
            kept.append(" ")
        elif not category.startswith("C"):
            kept.append(character)
    cleaned = _FORBIDDEN.sub(" ", "".join(kept))
    return " ".join(cleaned.split()).strip(". ")


def _fits(name: str) -> bool:
    return len(name) <= MAX_NAME_CHARACTERS and len(name.encode("utf-8")) <= MAX_NAME_BYTES


def pack_file_name(person: str, number: int = 1) -> str:
    """The file name for one pack: the learner's name as people expect it, shortened to fit, with
    " (2)", " (3)" ... for a second or third learner of the same name."""
    tail = (f" ({number})" if number > 1 else "") + PACK_SUFFIX + EXTENSION
    person = safe_name_part(person)
    while person and not _fits(person + tail):
        person = person[:-1].rstrip(". ")
    return person + tail


def batch_targets(uow: UnitOfWork, *, learner_ids: Sequence[int], folder: Path) -> list[tuple[int, Path]]:
    """Where each learner's pack goes in `folder`, in the order given; names are unique even where the file
    system ignores case. Learners no longer in the vault are left out."""
    targets: list[tuple[int, Path]] = []
    taken: set[str] = set()
    for learner_id in dict.fromkeys(learner_ids):  # each learner once, first place kept
        learner = uow.session.get(Learner, learner_id)
        if learner is None:
            continue
        person = safe_name_part(f"{learner.given_name} {learner.family_name}") or f"Learner {learner_id}"
        number = 1
        name = pack_file_name(person, number)
        while name.casefold() in taken:
            number += 1
            name = pack_file_name(person, number)
        taken.add(name.casefold())
        targets.append((learner_id, Path(folder) / name))
    return targets


def export_batch(
    vault: Vault,
    *,
    learner_ids: Sequence[int],
    folder: Path,
    today: date,
    progress: Callable[[int, int], None],
    cancelled: Callable[[], bool],
) -> BatchResult:
    """Save each learner's own copy of the pack (every section, no sensitive field, not encrypted) into
    `folder`, one unit of work and one commit per pack. `progress(done, total)` is called after each
    learner; `cancelled()` is asked before each one, so a cancel lets the current pack finish."""
    folder = Path(folder)
    if vault.read_only:
        raise ReadOnlyVault("This vault is open read-only, so packs cannot be saved (each one is recorded).")
    if not folder.is_dir():
        raise BadInput(f"There is no folder {folder} to save the packs in; nothing was saved.")
    with vault.unit_of_work() as uow:
        targets = dict(batch_targets(uow, learner_ids=learner_ids, folder=folder))
    order = list(dict.fromkeys(learner_ids))
    result = BatchResult()
    for done, learner_id in enumerate(order, start=1):
        if cancelled():
            return BatchResult(result.saved, result.skipped, cancelled=True)
        target = targets.get(learner_id)
        if target is None:
            result.skipped.append((learner_id, NO_LONGER_IN_VAULT))
        else:
            reason = _export_one(vault, learner_id, target, today)
            if reason is None:
                result.saved.append(target)
            else:
                result.skipped.append((learner_id, reason))
        progress(done, len(order))
    return result


def _export_one(vault: Vault, learner_id: int, target: Path, today: date) -> str | None:
    """Save one pack and commit it; None when saved, else why it was not."""
    if target.exists():
        return _already_there(target)
    try:
        with vault.unit_of_work() as uow:
            choice = handover.default_choice(uow, learner_id=learner_id, audience=Audience.LEARNER.value)
            handover.export_pack(
                uow,
                learner_id=learner_id,
                choice=choice,
                target=target,
                today=today,
                encrypt=False,
                overwrite=False,
            )
            uow.commit()
    except WouldOverwrite:
        return _already_there(target)  # it appeared meanwhile, and was left alone
    except BaseException as error:
        # The file is written before the audit row is committed: a pack whose record failed must not stay
        # on disk unrecorded. It was not there a moment ago and overwriting is refused, so it is ours.
        with contextlib.suppress(OSError):
            target.unlink(missing_ok=True)
        if isinstance(error, TutorDeskError):
            return error.message
        raise
    return None


def _already_there(target: Path) -> str:
    return f"{target.name} is already in the folder, so it was left as it is."
