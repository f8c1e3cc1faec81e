"""The Caseload tab: search, filters, the learner table, the Due panel, import and the calendar export."""
