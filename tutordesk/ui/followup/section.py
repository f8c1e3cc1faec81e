"""What every section of the Follow-up tab is: a `Panel` of one learner with the title of its page, that also
knows the learner's name, to say in its dialogs who a record is about (never in a window title)."""

from __future__ import annotations

from tutordesk.ui.widgets.panel import Panel


class FollowUpSection(Panel):
    learner_name: str = ""
    title: str = ""  # the page's title, with its Alt letter
