"""CSV import of a caseload and CSV export: the services, the command line and the dialog."""
