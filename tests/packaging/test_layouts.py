"""`forms/` and `resources/` are found from a frozen bundle, an installed wheel and this checkout alike.

The wheel is really built (`pip wheel --no-deps`, about ten seconds) from a copy of the sources, unpacked,
and asked where its data is from a Python that sees only the unpacked wheel.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.packaging.support import REPO
from tutordesk import resources


@pytest.fixture
def fresh_resolution() -> Iterator[None]:
    resources.data_root.cache_clear()
    yield
    resources.data_root.cache_clear()


def fake_layout(root: Path) -> Path:
    (root / "forms").mkdir(parents=True)
    (root / "resources" / "fonts").mkdir(parents=True)
    (root / "forms" / "contract_of_participation.toml").write_text("# fake\n")
    (root / "resources" / "fonts" / "DejaVuSans.ttf").write_bytes(b"fake")
    return root


def test_a_checkout_uses_its_top_level_folders(
    fresh_resolution: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    assert resources.data_root() == REPO
    assert resources.forms_folder() == REPO / "forms"
    assert resources.resource("fonts", "DejaVuSans.ttf").is_file()


def test_a_frozen_bundle_uses_its_own_folder(
    fresh_resolution: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    bundle = fake_layout(tmp_path / "_internal")
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    assert resources.data_root() == bundle
    assert resources.forms_folder() / "contract_of_participation.toml" == (
        bundle / "forms" / "contract_of_participation.toml"
    )
    assert resources.resource("fonts", "DejaVuSans.ttf").read_bytes() == b"fake"


def test_a_bundle_without_data_falls_back_rather_than_failing(
    fresh_resolution: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)  # no forms/ or resources/ there
    assert resources.data_root() == REPO


# -- a real wheel -------------------------------------------------------------------------------------

SOURCES = ("pyproject.toml", "README.md", "tutordesk", "forms", "resources", "docs")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from a copy of the sources (an in-tree build would leave build/ in the checkout)."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    source.mkdir()
    for name in SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(REPO / name, source / name)
    out = work / "out"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--disable-pip-version-check",
            "-q",
            "-w",
            str(out),
            ".",
        ],
        cwd=source,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (built,) = out.glob("tutordesk-*.whl")
    return built


def test_the_wheel_carries_forms_and_resources_as_package_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("forms", "resources"):
        on_disk = [
            path.relative_to(REPO).as_posix()
            for path in (REPO / folder).rglob("*")
            if path.is_file() and "__pycache__" not in path.parts
        ]
        assert on_disk
        missing = [name for name in on_disk if f"tutordesk/_data/{name}" not in names]
        assert not missing, f"not in the wheel: {missing}"


def test_the_wheel_carries_the_user_guide_and_its_pictures_only(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "tutordesk/_data/docs/user-guide.md" in names
    pictures = re.findall(
        r"\]\((screenshots/[\w.-]+\.png)\)", (REPO / "docs" / "user-guide.md").read_text("utf-8")
    )
    assert pictures and not [p for p in pictures if f"tutordesk/_data/docs/{p}" not in names]
    assert not [
        name
        for name in names
        if name.startswith("tutordesk/_data/docs/") and not name.endswith((".md", ".png"))
    ]
    assert "tutordesk/_data/docs/architecture.md" not in names  # for developers, not users


def test_the_wheel_carries_every_package_and_the_migrations(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    packages = [path.relative_to(REPO).as_posix() for path in (REPO / "tutordesk").rglob("__init__.py")]
    missing = [name for name in packages if name not in names]
    assert not missing, f"add these packages to [tool.setuptools] packages in pyproject.toml: {missing}"
    migrations = [
        path.relative_to(REPO).as_posix()
        for path in (REPO / "tutordesk" / "vault" / "migrations").rglob("*.py")
        if "__pycache__" not in path.parts
    ]
    assert migrations and not [name for name in migrations if name not in names]
    assert "tutordesk/domain/taxonomies.toml" in names
    assert not [name for name in names if name.startswith(("tests/", "packaging/", "bench/"))]


def test_an_installed_wheel_finds_its_own_data(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site-packages"
    zipfile.ZipFile(wheel).extractall(site)
    probe = (
        "import sys; from tutordesk import resources as r; "
        "print(r.data_root()); print(r.forms_folder()); print(r.resource('fonts', 'DejaVuSans.ttf')); "
        "print(r.user_guide())"
    )
    # -S: no site-packages, so neither the checkout's editable install nor anything else can answer.
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    env["PYTHONPATH"] = str(site)
    result = subprocess.run(
        [sys.executable, "-S", "-c", probe], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    root, forms, font, guide = (Path(line) for line in result.stdout.splitlines())
    assert guide.read_bytes() == (REPO / "docs" / "user-guide.md").read_bytes()
    assert root == site / "tutordesk" / "_data"
    assert (forms / "contract_of_participation.toml").is_file()
    assert (
        font.is_file()
        and font.stat().st_size == (REPO / "resources" / "fonts" / "DejaVuSans.ttf").stat().st_size
    )
