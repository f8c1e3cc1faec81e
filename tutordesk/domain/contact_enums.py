"""Closed lists of the contact log: the kinds of contact with or about a learner and the channels they use.

Each member carries the label the screens show, so the wording lives in one place.
"""

from __future__ import annotations

from enum import StrEnum


class ContactKind(StrEnum):
    """What kind of contact it was. Every kind counts as contact on the caseload, a plan review included."""

    ONE_TO_ONE = "one_to_one"
    INFORMAL = "informal"  # a word in the corridor, the canteen, on a trip: the two-field quick note
    PHONE_CALL = "phone_call"
    MESSAGE = "message"
    HOME_VISIT = "home_visit"
    FAMILY_MEETING = "family_meeting"
    PROFESSIONAL_MEETING = "professional_meeting"  # with another professional, about the learner
    PLAN_REVIEW = "plan_review"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]

    @property
    def usual_channel(self) -> ContactChannel:
        """The channel a new contact of this kind starts with (the user can change it)."""
        return _USUAL_CHANNEL.get(self, ContactChannel.IN_PERSON)


class ContactChannel(StrEnum):
    IN_PERSON = "in_person"
    PHONE = "phone"
    VIDEO = "video"
    MESSAGE = "message"  # text, chat or messaging app: only that it happened is kept, never the content
    EMAIL = "email"
    LETTER = "letter"

    @property
    def label(self) -> str:
        return _CHANNEL_LABELS[self]


_KIND_LABELS = {
    ContactKind.ONE_TO_ONE: "One-to-one tutorial",
    ContactKind.INFORMAL: "Quick informal contact",
    ContactKind.PHONE_CALL: "Phone call",
    ContactKind.MESSAGE: "Message",
    ContactKind.HOME_VISIT: "Home visit",
    ContactKind.FAMILY_MEETING: "Meeting with the family",
    ContactKind.PROFESSIONAL_MEETING: "Meeting with another professional",
    ContactKind.PLAN_REVIEW: "Plan review",
}
_CHANNEL_LABELS = {
    ContactChannel.IN_PERSON: "In person",
    ContactChannel.PHONE: "Phone",
    ContactChannel.VIDEO: "Video call",
    ContactChannel.MESSAGE: "Message",
    ContactChannel.EMAIL: "Email",
    ContactChannel.LETTER: "Letter",
}
_USUAL_CHANNEL = {
    ContactKind.PHONE_CALL: ContactChannel.PHONE,
    ContactKind.MESSAGE: ContactChannel.MESSAGE,
}
