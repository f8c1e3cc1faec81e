"""Start-up and memory, each a fresh process, against a fresh process of bare PySide6 (run with bench/run.py).

- start_to_painted_caseload: a fresh process that starts as `tutordesk.ui.shell.application` does, unlocks the
  vault with its raw key (as the keychain would give it) and paints the main window over the caseload;
  floor: a fresh process that imports the same libraries (every module TutorDesk's process had loaded, but
  TutorDesk's own, and the Python types of the Qt classes it had used, which PySide6 builds on first use)
  and paints an empty window of the same tabs with an empty table model (`floors.FLOOR_CHILD`). Each
  process times itself from its first line.
- start_vs_modules_only_floor: the same TutorDesk processes against a floor that imports the modules only
  (reported for comparison, not judged).
- memory_painted_caseload: the resident size (VmRSS) of the same two processes once painted.

`--profile start_to_painted_caseload` runs the TutorDesk process once more under pyinstrument.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.floors import FLOOR_CHILD, WINDOW_CHILD
from bench.scales import BuiltVault
from bench.timing import Figure, Options

ROOT = Path(__file__).resolve().parent.parent
TAB_NAMES = ("Caseload", "Plans", "Diaries", "Mentoring", "Transitions")  # as tutordesk.ui.shell.main_window


def _child(script: str, *args: str, profile: bool = False, stdin: str = "") -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    if profile:
        with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as file:
            file.write(script)
        try:
            command = [sys.executable, "-m", "pyinstrument", "--interval", "0.0005", file.name, *args]
            out = subprocess.run(command, capture_output=True, text=True, env=env, check=True, cwd=ROOT)
            print(f"\n===== pyinstrument: start_to_painted_caseload =====\n{out.stderr}{out.stdout}")
        finally:
            os.unlink(file.name)
        return {}
    out = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        cwd=ROOT,
        input=stdin,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def start_figures(built: BuiltVault, options: Options) -> list[Figure]:
    """Both figures from the same processes; the vault must be closed (each process opens it)."""
    scale = built.scale.name
    with tempfile.TemporaryDirectory() as backups:
        window_args = (str(built.path), built.recovery_key, backups)
        # The warm-up (disk cache, bytecode cache) also lists the libraries and Qt types the floor is to load.
        warm = _child(WINDOW_CHILD, *window_args)
        libraries = json.dumps({"libraries": warm["libraries"], "qt_types": warm["qt_types"]})
        tabs = ",".join(TAB_NAMES)
        _child(FLOOR_CHILD, tabs, stdin=libraries)
        window, floor, modules_only = [], [], []
        for _ in range(options.process_repeat):
            window.append(_child(WINDOW_CHILD, *window_args))
            floor.append(_child(FLOOR_CHILD, tabs, stdin=libraries))
            modules_only.append(_child(FLOOR_CHILD, tabs, "modules-only", stdin=libraries))
        if "start_to_painted_caseload" in options.profile:
            _child(WINDOW_CHILD, *window_args, profile=True)
    learners = built.counts.get("learner", 0)
    qt_types = sum(map(len, warm["qt_types"].values()))
    return [
        Figure(
            "start_to_painted_caseload",
            scale,
            [w["seconds"] * 1000 for w in window],
            [f["seconds"] * 1000 for f in floor],
            note=f"{learners} learners; the floor builds the same {qt_types} Qt types",
        ),
        Figure(
            "start_vs_modules_only_floor",
            scale,
            [w["seconds"] * 1000 for w in window],
            [f["seconds"] * 1000 for f in modules_only],
            note="the same processes against a floor that imports the modules but builds no Qt type it does "
            "not name itself (for comparison; not judged)",
        ),
        Figure(
            "memory_painted_caseload",
            scale,
            [w["rss_mib"] for w in window],
            [f["rss_mib"] for f in floor],
            unit="MiB",
            note=f"resident size once painted, {learners} learners",
        ),
    ]
