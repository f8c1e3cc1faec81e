"""Mentoring and coaching relationships: terms and phases, contacts, targets and supervision, documents."""
