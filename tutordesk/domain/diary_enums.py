"""Closed lists of the diaries: which diary, how an entry was made, kinds of practice-journal entry, moods."""

from __future__ import annotations

from enum import StrEnum


class DiaryKind(StrEnum):
    LEARNER = "learner"  # written by or with the young person; theirs
    PRACTITIONER = "practitioner"  # the practitioner's reflections about this learner; never shared
    JOURNAL = "journal"  # the practitioner's own practice journal; belongs to no learner; never shared

    @property
    def label(self) -> str:
        return {
            "learner": "Learner's diary",
            "practitioner": "My reflections",
            "journal": "Practice journal",
        }[self.value]


class EntryMode(StrEnum):
    WRITTEN = "written"
    SPOKEN = "spoken"


class JournalKind(StrEnum):
    REFLECTION = "reflection"
    SUPERVISION = "supervision"
    CRITICAL_INCIDENT = "critical_incident"

    @property
    def label(self) -> str:
        return {
            "reflection": "Reflection",
            "supervision": "Supervision notes",
            "critical_incident": "Critical incident",
        }[self.value]


MOOD_LABELS = {1: "Very low", 2: "Low", 3: "Okay", 4: "Good", 5: "Very good"}
