"""The Follow-up tab: a learner's contact log, built so the later parts of following a learner up (early-warning
signals, a follow-up case, measures in place) join it as sections; and the dialog that logs a contact from
anywhere a learner is chosen."""
