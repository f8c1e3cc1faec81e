"""`python -m tutordesk`: the same entry point as the `tutordesk` command."""

from tutordesk.cli import main

raise SystemExit(main())
