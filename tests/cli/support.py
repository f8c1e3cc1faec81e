"""Helpers shared by the command-line tests: the error-output contract and the recovery key's shape."""

from __future__ import annotations

import re
import subprocess

RECOVERY_KEY = re.compile(r"(?<![0-9a-f-])[0-9a-f]{8}(?:-[0-9a-f]{8}){7}(?![0-9a-f-])")


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    """Neither output stream may carry a Python traceback (the CLI contract)."""
    assert "Traceback" not in result.stderr, result.stderr
    assert "Traceback" not in result.stdout, result.stdout


def assert_ok(result: subprocess.CompletedProcess[str]) -> None:
    """The command succeeded (exit 0) without a traceback."""
    no_traceback(result)
    assert result.returncode == 0, f"exit {result.returncode}; stderr: {result.stderr!r}"


def error_line(result: subprocess.CompletedProcess[str], expected_code: int) -> str:
    """Assert the documented exit code and that stderr is exactly one `tutordesk: ...` line; return it."""
    no_traceback(result)
    assert result.returncode == expected_code, (
        f"exit {result.returncode}, wanted {expected_code}; stderr: {result.stderr!r}"
    )
    lines = result.stderr.splitlines()
    assert len(lines) == 1, f"stderr must be exactly one line, got {result.stderr!r}"
    assert lines[0].startswith("tutordesk: "), lines[0]
    assert lines[0].strip() != "tutordesk:", "the error sentence is empty"
    return lines[0]


def recovery_key_in(text: str) -> str:
    """The one recovery key (8 groups of 8 lowercase hex digits) printed in `text`."""
    found = RECOVERY_KEY.findall(text)
    assert len(found) == 1, f"expected exactly one recovery key in the output, found {found!r} in {text!r}"
    return found[0]
