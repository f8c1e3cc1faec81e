"""Printable documents: forms loaded from forms/, PDFs rendered with reportlab and encrypted. No Qt."""
