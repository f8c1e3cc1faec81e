"""Reflective diaries: entries, audio, search, the learner's extract."""
