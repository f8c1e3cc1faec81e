"""The `tutordesk` command line (docs/cli.md): `run` parses and dispatches, `context` is what every command
shares (the vault, the passphrase, plain messages), and each group of commands has a module of its own."""

from tutordesk.cli.run import main

__all__ = ["main"]
