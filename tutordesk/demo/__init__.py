"""Clearly fictional demo data: a caseload with plans, diaries, mentoring and transitions, for trying TutorDesk out and for benchmarks. Not a use case: no user action in the window calls it."""
