"""R9 (and R4): a vault on read-only media is detected, shown, never changed, and refused plainly on write.

Permissions do not bind root, so the CLI must run as someone they bind:

- as a normal user: the test's own user, with `chmod 444` on the files and `555` on the folder;
- as root: the user `nobody` (uid 65534) on a copy in a fresh `mkdtemp()` folder (0755, files world-readable
  and owned by root), if `nobody` can import tutordesk;
- otherwise, as root: root without the capabilities that bypass permissions (`setpriv` drops
  CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH and CAP_FOWNER), with the same chmods as a normal user.

If none of these is possible the tests skip and say why.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE, REPO, listing, make_closed_vault, sha256
from tutordesk.errors import ExitCode

NOBODY = 65534
WRITABLE_PROBE = "import os, sys; sys.exit(1 if os.access(sys.argv[1], os.W_OK) else 0)"
DROP_DAC = ["setpriv", "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"]


@dataclass(frozen=True)
class Restricted:
    """How to run the CLI as someone whom file permissions bind."""

    mode: str  # "user", "nobody" or "no-dac-capabilities"

    def run_cli(self, *args: str, home: Path) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("TUTORDESK_")}
        env.update(
            TUTORDESK_HOME=str(home),
            TUTORDESK_PASSPHRASE=PASSPHRASE,
            PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
            PYTHONDONTWRITEBYTECODE="1",
        )
        command = [sys.executable, "-m", "tutordesk", *args]
        extra: dict[str, object] = {}
        if self.mode == "nobody":
            extra = {"user": NOBODY, "group": NOBODY, "extra_groups": []}
        elif self.mode == "no-dac-capabilities":
            command = DROP_DAC + command
        return subprocess.run(  # type: ignore[call-overload]
            command, input="", capture_output=True, text=True, env=env, cwd=REPO, timeout=120, **extra
        )

    def new_folder(self, tmp_path: Path) -> Path:
        if self.mode == "nobody":  # tmp_path's parents are private to root; nobody must reach the folder
            return Path(tempfile.mkdtemp(prefix="tutordesk-ro-"))
        return tmp_path / "media"


def _probe_nobody() -> str | None:
    """None if `nobody` can run Python and import tutordesk, else the reason it cannot."""
    try:
        probe = subprocess.run(
            [sys.executable, "-c", "import tutordesk"],
            capture_output=True, text=True, cwd=REPO, timeout=60, user=NOBODY, group=NOBODY, extra_groups=[],
        )  # fmt: skip
    except OSError as error:
        return f"nobody cannot run {sys.executable}: {error}"
    if probe.returncode != 0:
        return f"nobody cannot import tutordesk: {probe.stderr.strip().splitlines()[-1:]}"
    return None


def _probe_no_dac(tmp_path: Path) -> str | None:
    """None if root without DAC capabilities is refused a write to a 0444 file, else why not."""
    if shutil.which("setpriv") is None:
        return "setpriv is not installed"
    target = tmp_path / "probe"
    target.write_text("x")
    target.chmod(0o444)
    try:
        probe = subprocess.run(
            [*DROP_DAC, sys.executable, "-c", WRITABLE_PROBE, str(target)],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    finally:
        target.chmod(0o644)
        target.unlink()
    if probe.returncode != 0:
        return f"dropping CAP_DAC_OVERRIDE with setpriv did not work: {probe.stderr.strip()[-300:]}"
    return None


@pytest.fixture(scope="module")
def restricted(tmp_path_factory: pytest.TempPathFactory) -> Restricted:
    if os.geteuid() != 0:
        return Restricted("user")
    nobody_problem = _probe_nobody()
    if nobody_problem is None:
        return Restricted("nobody")
    capability_problem = _probe_no_dac(tmp_path_factory.mktemp("probe"))
    if capability_problem is None:
        return Restricted("no-dac-capabilities")
    pytest.skip(
        "running as root, where file permissions do not apply, and no way to run the CLI as a user "
        "they bind: "
        f"{nobody_problem}; {capability_problem}"
    )


def _make_writable_again(folder: Path) -> None:
    if folder.exists():
        folder.chmod(0o755)
        for entry in folder.iterdir():
            if entry.is_file():
                entry.chmod(0o644)


@pytest.fixture
def vault_folder(restricted: Restricted, tmp_path: Path) -> Iterator[Path]:
    """A folder for the vault; its permissions are restored afterwards so the temporary tree can be
    removed."""
    folder = restricted.new_folder(tmp_path)
    try:
        yield folder
    finally:
        _make_writable_again(folder)
        if restricted.mode == "nobody":
            shutil.rmtree(folder, ignore_errors=True)


def _one_plain_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one plain sentence on stderr, got {stderr!r}"
    assert lines[0].startswith("tutordesk: "), lines[0]
    assert "Traceback" not in stderr
    assert "attempt to write a readonly database" not in stderr  # the driver's words never reach the user
    return lines[0]


def _snapshot(folder: Path) -> tuple[list[str], dict[str, str]]:
    return listing(folder), {p.name: sha256(p) for p in sorted(folder.iterdir()) if p.is_file()}


def test_vault_in_read_only_file_and_folder_is_shown_refused_and_unchanged(
    restricted: Restricted, vault_folder: Path, tmp_path: Path
) -> None:
    """`check` opens it and says it is read-only (exit 0); `demo` is refused with one sentence (exit 5);
    no byte of any file changes and no file appears or disappears."""
    path = make_closed_vault(vault_folder / "test.vault", learners=2)
    if restricted.mode == "nobody":
        for entry in vault_folder.iterdir():
            entry.chmod(0o644)  # world-readable, writable only by root
        vault_folder.chmod(0o755)
    else:
        for entry in vault_folder.iterdir():
            entry.chmod(0o444)
        vault_folder.chmod(0o555)
    before = _snapshot(vault_folder)
    home = tmp_path / "home"  # never created: no settings, default preferences

    checked = restricted.run_cli("--vault", str(path), "check", home=home)
    assert checked.returncode == ExitCode.OK, (restricted.mode, checked.stdout, checked.stderr)
    assert "healthy" in checked.stdout
    assert "2 learners" in checked.stdout
    assert "read-only" in checked.stdout
    assert "Traceback" not in checked.stderr

    refused = restricted.run_cli("--vault", str(path), "demo", "--learners", "1", home=home)
    assert refused.returncode == ExitCode.REFUSED, (restricted.mode, refused.stdout, refused.stderr)
    assert "read-only" in _one_plain_line(refused.stderr)
    assert "Added" not in refused.stdout

    assert _snapshot(vault_folder) == before


def test_read_only_vault_file_in_a_writable_folder_can_be_written_once_made_writable(
    restricted: Restricted, vault_folder: Path, tmp_path: Path
) -> None:
    """A vault file that is read-only (copied from read-only media) but sits in a writable folder is shown
    read-only and refused plainly; once the file is made writable again, saving works.

    The read-only session must not leave anything behind (such as read-only `-wal`/`-shm` side files) that
    stops a later session from writing.
    """
    path = make_closed_vault(vault_folder / "test.vault", learners=2)
    if restricted.mode == "nobody":
        vault_folder.chmod(0o755)
        os.chown(vault_folder, NOBODY, NOBODY)  # nobody may create files in the folder...
        for entry in vault_folder.iterdir():
            entry.chmod(0o644)
            if entry != path:
                os.chown(entry, NOBODY, NOBODY)  # ...and use the lock and key files, but not write the vault
    else:
        path.chmod(0o444)
    vault_sha = sha256(path)
    home = tmp_path / "home"

    checked = restricted.run_cli("--vault", str(path), "check", home=home)
    assert checked.returncode == ExitCode.OK, (restricted.mode, checked.stdout, checked.stderr)
    assert "read-only" in checked.stdout
    refused = restricted.run_cli("--vault", str(path), "demo", "--learners", "1", home=home)
    assert refused.returncode == ExitCode.REFUSED, (restricted.mode, refused.stdout, refused.stderr)
    assert "read-only" in _one_plain_line(refused.stderr)
    assert sha256(path) == vault_sha

    if restricted.mode == "nobody":
        os.chown(path, NOBODY, NOBODY)
    else:
        path.chmod(0o600)
    side_files = {
        p.name: stat.filemode(p.stat().st_mode)
        for p in vault_folder.iterdir()
        if p.name.startswith(path.name + "-")
    }
    added = restricted.run_cli("--vault", str(path), "demo", "--learners", "1", home=home)
    assert added.returncode == ExitCode.OK, (
        f"after the file was made writable again, saving failed (exit {added.returncode}): "
        f"{added.stderr.strip()}; "
        f"side files left by the read-only session: {side_files}"
    )
    assert "Added 1 fictional learners" in added.stdout
    checked = restricted.run_cli("--vault", str(path), "check", home=home)
    assert checked.returncode == ExitCode.OK, checked.stderr
    assert "3 learners" in checked.stdout
    assert "read-only" not in checked.stdout
