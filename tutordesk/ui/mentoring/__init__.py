"""The Mentoring tab: one relationship at a time, through its pages."""
