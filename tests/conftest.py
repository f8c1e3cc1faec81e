"""Shared test set-up.

Qt must be told to draw offscreen before any QApplication exists (as MusicBrainz Picard's conftest does),
so this happens at import time, before pytest-qt creates one. The real keychain is never touched: every
test starts with keyring's fail backend unless it asks for the memory one.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import hashlib  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import keyring  # noqa: E402
import keyring.backends.fail  # noqa: E402
import pytest  # noqa: E402

from tests.support.memory_keyring import MemoryKeyring  # noqa: E402
from tests.support.vault_template import VaultTemplate  # noqa: E402
from tutordesk.vault.key_file import KdfCost  # noqa: E402
from tutordesk.vault.vault import Unlock, Vault  # noqa: E402

PASSPHRASE = "correct horse battery staple"
FAST = KdfCost.fast_for_tests()
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def no_real_keychain() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def memory_keyring() -> MemoryKeyring:
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    return backend


# Set for the whole session by the `vault_template` fixture, so that `make_closed_vault` (a plain function
# that tests call with their own paths) copies it too.
_template: VaultTemplate | None = None


@pytest.fixture(scope="session", autouse=True)
def vault_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VaultTemplate]:
    """The session's one freshly made vault (made when a test first needs it), which tests get copies of."""
    global _template
    _template = VaultTemplate(tmp_path_factory.mktemp("template"), PASSPHRASE, FAST)
    yield _template
    _template = None


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "test.vault"


@pytest.fixture
def vault(vault_path: Path, vault_template: VaultTemplate) -> Iterator[Vault]:
    """A new, open vault of the test's own (a copy of the session's template), closed after the test."""
    opened = open_vault(vault_template.copy_to(vault_path))
    yield opened
    opened.close()


def new_vault(path: Path) -> Vault:
    """An open vault at `path`: a copy of the session's template, or made afresh outside a test session."""
    if _template is None:
        return Vault.create(path, PASSPHRASE, cost=FAST)
    return open_vault(_template.copy_to(path))


def make_closed_vault(path: Path, *, learners: int = 0) -> Path:
    """Put a vault at `path` (optionally with demo learners) and close it."""
    from tutordesk.demo.caseload import fill_demo

    with new_vault(path) as created:
        if learners:
            with created.unit_of_work() as uow:
                fill_demo(uow, learners=learners, seed=7)
                uow.commit()
    return path


def open_vault(path: Path, **kwargs: object) -> Vault:
    return Vault.open(path, Unlock(passphrase=PASSPHRASE, use_keychain=False), **kwargs)  # type: ignore[arg-type]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def run_cli(
    *args: str,
    home: Path,
    passphrase: str | None = PASSPHRASE,
    stdin: str | None = None,
    extra_env: dict[str, str] | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """Run the real `tutordesk` command in a child process, with its own TUTORDESK_HOME."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TUTORDESK_")}
    env["TUTORDESK_HOME"] = str(home)
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    if passphrase is not None:
        env["TUTORDESK_PASSPHRASE"] = passphrase
    env.update(extra_env or {})
    return subprocess.run(
        [sys.executable, "-m", "tutordesk", *args],
        input=stdin if stdin is not None else "",
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=timeout,
    )
