"""mypy passes over the package, configured in pyproject.toml: strictly on the domain and the services, and
elsewhere (the UI, the command line, the vault, documents, demo data) with no error beyond those listed in
mypy_baseline.txt next to this file. That list may only shrink: an error fixed must leave it too.

After fixing some of the listed errors, `python -m tests.unit.test_types` takes them off the list (it never
adds one). After moving or renaming modules, `python -m tests.unit.test_types --rebuild` writes the list
afresh; its diff should then only change paths, never add an error.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import REPO

BASELINE = Path(__file__).with_name("mypy_baseline.txt")
STRICT = ("tutordesk/domain/", "tutordesk/services/")
# Being rewritten separately; its one error leaves the list with that work.
STRICT_NOT_YET = ("tutordesk/services/caseload/",)
_ERROR = re.compile(r"^(?P<path>[^:\s]+):(?P<line>\d+): error: (?P<message>.*?)  \[(?P<code>[a-z-]+)\]$")

pytestmark = pytest.mark.typecheck


def mypy_errors() -> list[tuple[str, str]]:
    """Each error mypy finds, as (`path: [code] message`, the same with its line number) pairs."""
    result = subprocess.run(
        # No cache: the test must not write into the checkout, and a stale cache could hide an error.
        [sys.executable, "-m", "mypy", "--cache-dir", os.devnull, "--no-error-summary", "--no-pretty"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode not in (0, 1):  # 2: mypy itself failed (a bad configuration, a crash)
        pytest.fail(f"mypy did not run:\n{result.stdout}{result.stderr}")
    errors = []
    for line in result.stdout.splitlines():
        found = _ERROR.match(line.replace("\\", "/"))
        if found:
            key = f"{found['path']}: [{found['code']}] {found['message']}"
            errors.append((key, f"{found['path']}:{found['line']}: [{found['code']}] {found['message']}"))
    assert errors or result.returncode == 0, result.stdout + result.stderr
    return errors


def read_baseline() -> Counter[str]:
    lines = BASELINE.read_text(encoding="utf-8").splitlines()
    return Counter(line for line in lines if line.strip() and not line.startswith("#"))


def test_the_strict_layers_have_no_listed_errors() -> None:
    strict = [
        line for line in read_baseline() if line.startswith(STRICT) and not line.startswith(STRICT_NOT_YET)
    ]
    assert not strict, "the domain and the services must pass mypy strictly:\n" + "\n".join(strict)


def test_mypy_finds_no_error_beyond_the_baseline() -> None:
    errors = mypy_errors()
    found = Counter(key for key, _ in errors)
    listed = read_baseline()
    new = found - listed
    fixed = listed - found
    shown = [where for key, where in errors if key in new]
    assert not new, "mypy found new errors (fix them; the baseline only shrinks):\n" + "\n".join(shown)
    assert not fixed, (
        "these listed errors are gone: take them off tests/unit/mypy_baseline.txt "
        "(`python -m tests.unit.test_types` does):\n" + "\n".join(sorted(fixed.elements()))
    )


def _shrink_baseline(*, rebuild: bool) -> None:
    found = Counter(key for key, _ in mypy_errors())
    listed = read_baseline()
    kept = found if rebuild else listed & found
    header = [line for line in BASELINE.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    BASELINE.write_text("\n".join([*header, *sorted(kept.elements())]) + "\n", encoding="utf-8")
    print(f"{sum((listed - kept).values())} errors taken off the list, {sum(kept.values())} left.")
    if found - kept:
        print("Not added (fix them instead):\n" + "\n".join(sorted((found - kept).elements())))


if __name__ == "__main__":
    _shrink_baseline(rebuild="--rebuild" in sys.argv[1:])
