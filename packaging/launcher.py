"""Entry point of the frozen bundle: the same `main` as the `tutordesk` command and `python -m tutordesk`."""

from tutordesk.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
