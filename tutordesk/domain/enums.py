"""Closed lists the rules depend on. Open lists (risk factors, roles, purposes) are taxonomies instead."""

from __future__ import annotations

from enum import StrEnum


class LearnerStatus(StrEnum):
    AT_RISK = "at_risk"
    EARLY_LEAVER = "early_leaver"
    RE_ENGAGING = "re_engaging"
    TRANSITIONING = "transitioning"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    LearnerStatus.AT_RISK: "At risk",
    LearnerStatus.EARLY_LEAVER: "Left early",
    LearnerStatus.RE_ENGAGING: "Re-engaging",
    LearnerStatus.TRANSITIONING: "Moving on",
    LearnerStatus.CLOSED: "Closed",
}


class PersonKind(StrEnum):
    FAMILY = "family"
    STAFF = "staff"
    EXTERNAL = "external"
    EMPLOYER = "employer"


class ConsentGiver(StrEnum):
    """Who gave consent: the young person, or someone with parental responsibility."""

    LEARNER = "learner"
    PARENT_CARER = "parent_carer"


class ConsentMethod(StrEnum):
    VERBAL = "verbal"
    WRITTEN = "written"
    SIGNED_FORM = "signed_form"
    ELECTRONIC = "electronic"


class LawfulBasis(StrEnum):
    """The UK GDPR Article 6 bases a setting may rely on."""

    CONSENT = "consent"
    CONTRACT = "contract"
    LEGAL_OBLIGATION = "legal_obligation"
    VITAL_INTERESTS = "vital_interests"
    PUBLIC_TASK = "public_task"
    LEGITIMATE_INTERESTS = "legitimate_interests"

    @property
    def label(self) -> str:
        return _BASIS_LABELS[self]


_BASIS_LABELS = {
    LawfulBasis.CONSENT: "Consent",
    LawfulBasis.CONTRACT: "Contract",
    LawfulBasis.LEGAL_OBLIGATION: "Legal obligation",
    LawfulBasis.VITAL_INTERESTS: "Vital interests",
    LawfulBasis.PUBLIC_TASK: "Public task",
    LawfulBasis.LEGITIMATE_INTERESTS: "Legitimate interests",
}


class Channel(StrEnum):
    FACE_TO_FACE = "face_to_face"
    PHONE = "phone"
    SMS = "sms"
    EMAIL = "email"
    LETTER = "letter"
    MESSAGING_APP = "messaging_app"
    VIDEO_CALL = "video_call"
