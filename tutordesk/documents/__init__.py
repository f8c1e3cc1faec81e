"""Printable documents, with no database and no Qt.

`forms` reads and checks the form definitions in `forms/`; `content` holds what a document says and its
fingerprint; `pdf` prints a form with its content (importing reportlab only when a document is made).
"""
