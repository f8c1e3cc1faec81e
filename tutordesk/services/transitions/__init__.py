"""Moves to another setting: the move and its checklist, what travels with the young person, the handover pack."""
