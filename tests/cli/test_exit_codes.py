"""Exit codes that broke docs/cli.md, through the real `tutordesk` command: each of these used to end with
exit 1 ("something unexpected", i.e. a bug) or a sentence naming the wrong thing.

- a CSV whose byte-order mark promises UTF-16 or UTF-8 and that then breaks it (odd length, a lone
  surrogate, invalid bytes): exit 2, the file named as damaged;
- a learner ID past SQLite's integers, or written in other digits ("²"): exit 2;
- an `--out` in a folder that may not be read or written: exit 2;
- `--out DIR --force`: exit 2, saying DIR is a folder (it named DIR's parent, as if writing there failed);
- `learners list --csv` onto a full disk (RLIMIT_FSIZE in the child): a plain storage failure, no file left
  behind and no disclosure in the audit log.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import select

from tests.cli.support import error_line
from tests.conftest import PASSPHRASE, REPO, make_closed_vault, open_vault, run_cli
from tutordesk.domain.models import AuditEntry
from tutordesk.errors import ExitCode
from tutordesk.paths import VAULT_FILE_NAME

NOBODY = 65534


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home whose vault holds a few demo learners (with plans, meetings and so calendar dates)."""
    home = tmp_path_factory.mktemp("exit-codes") / "home"
    make_closed_vault(home / "data" / VAULT_FILE_NAME, learners=4)
    return home


def _vault(home: Path) -> Path:
    return home / "data" / VAULT_FILE_NAME


@pytest.mark.parametrize(
    ("content", "words"),
    [
        pytest.param(b"\xff\xfe" + "given_name,family_name\n".encode("utf-16-le") + b"A", "UTF-16", id="odd-utf16"),
        pytest.param(b"\xff\xfe" + "given_name,x\n".encode("utf-16-le") + b"\x00\xd8A\x00", "UTF-16", id="surrogate"),
        pytest.param(b"\xfe\xff\x00g\x00", "UTF-16", id="odd-utf16-be"),
        pytest.param(b"\xef\xbb\xbfgiven_name,family_name\n\xed\xa0\x80,B\n", "UTF-8", id="utf8-surrogate"),
    ],
)  # fmt: skip
def test_a_file_that_breaks_its_own_byte_order_mark_is_bad_input(
    home: Path, tmp_path: Path, content: bytes, words: str
) -> None:
    damaged = tmp_path / "damaged.csv"
    damaged.write_bytes(content)
    result = run_cli("import", "learners", str(damaged), home=home)

    line = error_line(result, ExitCode.BAD_INPUT)
    assert f"marked as {words} text but is not valid {words}" in line
    assert line.endswith("nothing was imported.")
    assert result.stdout == ""


@pytest.mark.parametrize("learner", ["100000000000000000000000", "9223372036854775808", "²", "٣", "-1", " "])
def test_a_learner_id_that_cannot_be_in_the_vault_is_bad_input(
    home: Path, tmp_path: Path, learner: str
) -> None:
    result = run_cli("export", "contract", learner, "--out", str(tmp_path / "c.pdf"), home=home)

    line = error_line(result, ExitCode.BAD_INPUT)
    assert "learner" in line
    assert not (tmp_path / "c.pdf").exists()


def test_out_naming_a_folder_with_force_says_it_is_a_folder(home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "Exports"
    folder.mkdir()
    (folder / "kept.txt").write_text("mine")
    result = run_cli("export", "calendar", "--out", str(folder), "--force", home=home)

    line = error_line(result, ExitCode.BAD_INPUT)
    assert (
        line
        == f"tutordesk: {folder} is a folder; name a file to write inside it instead. Nothing was written."
    )
    assert sorted(p.name for p in folder.iterdir()) == ["kept.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Exports"]  # no temporary file beside it


# -- as someone whom file permissions bind ---------------------------------------------------------------


@pytest.fixture
def nobody_home() -> Iterator[Path]:
    """A home with a vault that the user `nobody` owns, in a folder nobody can reach (tmp_path's parents
    are private to root). Skips where the tests are not root or nobody cannot run Python."""
    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip(
            "runs the command as `nobody`, which needs root (as a normal user permissions bind anyway)"
        )
    probe = subprocess.run(
        [sys.executable, "-c", "import tutordesk"],
        capture_output=True, cwd=REPO, timeout=60, user=NOBODY, group=NOBODY, extra_groups=[],
    )  # fmt: skip
    if probe.returncode != 0:
        pytest.skip("the user nobody cannot import tutordesk here")
    top = Path(tempfile.mkdtemp(prefix="tutordesk-exit-"))
    top.chmod(0o755)
    home = top / "home"
    make_closed_vault(home / "data" / VAULT_FILE_NAME, learners=4)
    for folder, _, files in os.walk(top):
        os.chown(folder, NOBODY, NOBODY)
        for name in files:
            os.chown(Path(folder) / name, NOBODY, NOBODY)
    try:
        yield home
    finally:
        shutil.rmtree(top, ignore_errors=True)


def _as_nobody(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TUTORDESK_")}
    env.update(
        TUTORDESK_HOME=str(home),
        TUTORDESK_PASSPHRASE=PASSPHRASE,
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return subprocess.run(
        [sys.executable, "-m", "tutordesk", *args],
        input="", capture_output=True, text=True, env=env, cwd=REPO, timeout=120,
        user=NOBODY, group=NOBODY, extra_groups=[],
    )  # fmt: skip


def test_an_out_that_may_not_be_used_is_bad_input(nobody_home: Path, tmp_path: Path) -> None:
    private = tmp_path / "private"  # root's, 0700: nobody may not even look inside
    private.mkdir(mode=0o700)
    read_only = nobody_home.parent / "read-only"
    read_only.mkdir(mode=0o555)
    for out in (private / "c.ics", private / "sub" / "c.ics", read_only / "c.ics"):
        result = _as_nobody("export", "calendar", "--out", str(out), home=nobody_home)
        line = error_line(result, ExitCode.BAD_INPUT)
        assert "may not" in line, line
    assert list(private.iterdir()) == [] and list(read_only.iterdir()) == []


# -- a full disk under the listing ----------------------------------------------------------------------

LIMIT = 64 * 1024 * 1024  # far above the vault's own writes, so only the listing meets it


def _full_disk_for_stdout() -> None:  # runs in the child, before exec
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails with EFBIG instead of killing the child
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))
    os.lseek(1, LIMIT, os.SEEK_SET)  # standard output's next byte is past the limit: as if the disk were full


@pytest.mark.skipif(not hasattr(resource, "RLIMIT_FSIZE"), reason="needs RLIMIT_FSIZE")
@pytest.mark.parametrize("flag", ["--csv", "--json"])
def test_a_listing_that_cannot_be_written_leaves_no_file_and_no_disclosure(tmp_path: Path, flag: str) -> None:
    vault = make_closed_vault(tmp_path / "data" / "test.vault", learners=4)
    target = tmp_path / "caseload.csv"
    env = {k: v for k, v in os.environ.items() if not k.startswith("TUTORDESK_")}
    env.update(
        TUTORDESK_HOME=str(tmp_path / "home"),
        TUTORDESK_PASSPHRASE=PASSPHRASE,
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )
    with target.open("wb") as stdout:  # what the shell's `> caseload.csv` does
        result = subprocess.run(
            [sys.executable, "-m", "tutordesk", "--vault", str(vault), "learners", "list", flag],
            stdin=subprocess.DEVNULL, stdout=stdout, stderr=subprocess.PIPE, text=True, env=env, cwd=REPO,
            timeout=120, preexec_fn=_full_disk_for_stdout,
        )  # fmt: skip

    assert result.returncode == ExitCode.UNEXPECTED, result.stderr  # "disk full": docs/cli.md's exit 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("tutordesk: "), result.stderr
    assert "could not be written in full" in lines[0] and "no export was recorded" in lines[0]
    assert "unexpected" not in lines[0]
    assert not target.exists(), "an empty listing was left behind"
    with open_vault(vault) as opened, opened.unit_of_work() as uow:
        exported = uow.session.exec(select(AuditEntry).where(AuditEntry.action == "caseload.exported")).all()
    assert exported == [], "the audit log records a disclosure that did not happen"

    result = run_cli("--vault", str(vault), "learners", "list", flag, home=tmp_path / "home")
    assert result.returncode == ExitCode.OK, result.stderr  # with room, the same listing works and is logged
    with open_vault(vault) as opened, opened.unit_of_work() as uow:
        exported = uow.session.exec(select(AuditEntry).where(AuditEntry.action == "caseload.exported")).all()
    assert len(exported) == 1


def _appending_onto_a_full_disk() -> None:  # runs in the child, before exec
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


@pytest.mark.skipif(not hasattr(resource, "RLIMIT_FSIZE"), reason="needs RLIMIT_FSIZE")
def test_a_listing_appended_to_a_file_is_cut_back_to_what_the_file_held(tmp_path: Path) -> None:
    vault = make_closed_vault(tmp_path / "data" / "test.vault", learners=2)
    target = tmp_path / "several.csv"
    held = LIMIT - 10  # room for ten bytes of the listing, then the "disk" is full
    with target.open("wb") as handle:
        handle.write(b"kept from before\n")
        handle.truncate(held)  # sparse: takes no real space
    env = {k: v for k, v in os.environ.items() if not k.startswith("TUTORDESK_")}
    env.update(
        TUTORDESK_HOME=str(tmp_path / "home"),
        TUTORDESK_PASSPHRASE=PASSPHRASE,
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )
    with target.open("ab") as stdout:  # what the shell's `>> several.csv` does
        result = subprocess.run(
            [sys.executable, "-m", "tutordesk", "--vault", str(vault), "learners", "list", "--csv"],
            stdin=subprocess.DEVNULL, stdout=stdout, stderr=subprocess.PIPE, text=True, env=env, cwd=REPO,
            timeout=120, preexec_fn=_appending_onto_a_full_disk,
        )  # fmt: skip

    assert result.returncode == ExitCode.UNEXPECTED, result.stderr
    assert "could not be written in full" in result.stderr
    assert target.stat().st_size == held, "the ten bytes of the listing that fitted were not taken back"
    assert target.read_bytes()[:17] == b"kept from before\n"
