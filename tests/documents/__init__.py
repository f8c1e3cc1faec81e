"""Tests of the forms engine and PDF rendering (no database, no Qt)."""
