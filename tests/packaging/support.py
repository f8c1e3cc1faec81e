"""Helpers for the packaging tests: the repository's packaging/ scripts loaded by path, and the spec's lists."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[2]
PACKAGING = REPO / "packaging"
SPEC = PACKAGING / "tutordesk.spec"


def load_script(name: str) -> ModuleType:
    """packaging/<name>.py as a module (packaging/ is not a package, and `build` is also a PyPI name)."""
    spec = importlib.util.spec_from_file_location(f"tutordesk_packaging_{name}", PACKAGING / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def spec_strings(variable: str) -> list[str]:
    """The string constants written in the spec's top-level list or set `variable` (starred parts skipped)."""
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == variable for target in node.targets
        ):
            return [
                element.value
                for element in getattr(node.value, "elts", [])
                if isinstance(element, ast.Constant) and isinstance(element.value, str)
            ]
    raise AssertionError(f"the spec has no {variable} list")
