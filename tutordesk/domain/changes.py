"""What a write changed: which learners, which kinds of record, or everything (an import, a restore).

A unit of work collects it as it writes (`vault.unit_of_work`); the window hands it to every view, and each
view decides from it whether it must read again (as Anki's `OpChanges`). Values combine with `|`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


class RecordKind(StrEnum):
    """The kinds of record a view may show; a table belongs to exactly one (see `vault.unit_of_work`)."""

    LEARNER = "learner"  # the profile: names, status, setting, factors, groups, contacts, consent
    MEETING = "meeting"  # meetings and contacts, and the actions agreed at them
    CONTACT = "contact"  # the contact log: every contact with or about a learner, and its follow-ups
    SIGNAL = "signal"  # early-warning signals: attendance, marks, incidents, noticed disengagement
    CASE = "case"  # follow-up cases under the setting's procedure, their steps, and measures in place
    PLAN = "plan"  # plan versions, stages, goals, the baseline, barriers, support needs
    REVIEW = "review"  # plan reviews, their progress notes and cadence
    DOCUMENT = "document"  # contracts, agreements and their signatures
    DIARY = "diary"  # diary and journal entries and their recordings
    MENTORING = "mentoring"  # relationships, terms, phases, targets, self-assessments, supervision
    TRANSITION = "transition"  # moves, their checklists, settling-in meetings, handover material
    RECORD = "record"  # the records of the kinds described in forms/records/ (family interactions, ...)
    DISCLOSURE = "disclosure"  # the audit log and what was sent to whom (handover receipts are due items)
    SETTINGS = "settings"  # lists of terms, the vault's own facts: shared by every learner


@dataclass(frozen=True, slots=True)
class Changes:
    """Which learners and kinds of record changed; `everything` when no list would be right (an import)."""

    learners: frozenset[int] = field(default_factory=frozenset)
    kinds: frozenset[RecordKind] = field(default_factory=frozenset)
    everything: bool = False

    @classmethod
    def of(cls, learners: Iterable[int] = (), kinds: Iterable[RecordKind] = ()) -> Changes:
        return cls(frozenset(int(learner) for learner in learners), frozenset(kinds))

    @classmethod
    def all(cls) -> Changes:
        """Anything may have changed, for any learner: every view reads again."""
        return cls(everything=True)

    def __or__(self, other: Changes) -> Changes:
        if not isinstance(other, Changes):
            return NotImplemented
        return Changes(
            self.learners | other.learners, self.kinds | other.kinds, self.everything or other.everything
        )

    def __bool__(self) -> bool:
        return self.everything or bool(self.kinds) or bool(self.learners)

    def touches(self, learner_id: int | None, kinds: Iterable[RecordKind] | None = None) -> bool:
        """Whether a view of `learner_id` (showing records of `kinds`, or of any kind) must read again."""
        if self.everything:
            return True
        if learner_id is None or learner_id not in self.learners:
            return False
        return kinds is None or not self.kinds.isdisjoint(kinds)

    def touches_any(self, kinds: Iterable[RecordKind]) -> bool:
        """Whether records of any of `kinds` changed, whoever they belong to."""
        return self.everything or not self.kinds.isdisjoint(kinds)


NO_CHANGES = Changes()
