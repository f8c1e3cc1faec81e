"""The whole caseload: its rows, filtering and sorting, the Due statement, meetings, the calendar export."""
