"""One learner's profile: reading, checking and saving it, and importing or exporting a caseload as CSV."""
