"""Every `tutordesk` command, fed hostile arguments and files: exit 1 must only ever mean a bug.

The commands are found by walking the real parser (a new command without hostile cases here fails the
test), and each argument that takes a value is replaced, one at a time, by values chosen to break it:
huge, negative and non-numeric IDs and numbers, empty and very long strings, escape sequences, folders,
missing files, paths through a file, NUL-free binary junk, names too long for the file system. Then
hostile CSV files (damaged encodings, impossible and extreme dates such as 2027-02-30 and 9999-12-31,
cells past the csv module's limit) are imported, and the commands that read the caseload run over what
was let in. Every case must end with exit 0, 2, 3, 4 or 5, no traceback, and (on failure) the one
`tutordesk: ...` sentence last on standard error, without a raw control character.

Most cases run in this process through `tutordesk.cli.main`, which is what the command runs (a process
per case would take minutes); a handful run as real processes, for what only a real one can show (the
help, and arguments that are not valid UTF-8).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE, REPO, make_closed_vault, run_cli
from tutordesk.cli.run import build_parser, main
from tutordesk.domain.control_text import first_control
from tutordesk.errors import ExitCode
from tutordesk.paths import VAULT_FILE_NAME

ALLOWED = {ExitCode.OK, ExitCode.BAD_INPUT, ExitCode.WRONG_PASSPHRASE, ExitCode.DAMAGED, ExitCode.REFUSED}
JUNK = "\x1b[2J\x1b]0;title\x07\u202eevil"

# A valid invocation of every command (placeholders filled in by `Places`): the base each hostile value
# is put into, one argument at a time. Flags listed under "flags" are added as they are.
BASE: dict[tuple[str, ...], dict[str, str]] = {
    ("init",): {},
    ("demo",): {"--learners": "1", "--seed": "3"},
    ("check",): {},
    ("backup",): {"--to": "{out_folder}/backups"},
    ("restore",): {"file": "{junk}"},
    ("change-passphrase",): {},
    ("recovery-key",): {},
    ("learners", "list"): {"--json": ""},
    ("import", "learners"): {"file": "{good_csv}", "--dry-run": ""},
    ("import", "attendance"): {"file": "{good_csv}", "--dry-run": ""},
    ("export", "contract"): {"learner": "1", "--out": "{out_folder}/contract.pdf"},
    ("export", "handover"): {"learner": "1", "--audience": "learner", "--out": "{out_folder}/pack.pdf"},
    ("export", "calendar"): {"--out": "{out_folder}/dates.ics"},
    ("export", "overview"): {"--out": "{out_folder}/overview.pdf"},
    ("export", "procedure"): {"--out": "{out_folder}/procedure.pdf"},
}

NUMBERS = [
    "",
    " ",
    "-1",
    "0",
    "2027-02-30",
    "100000000000000000000000",
    "9" * 5000,
    "1e3",
    "²",
    "٣",
    "0x10",
    "12abc",
    JUNK,
]
TEXTS = ["", " ", ",", ",,,", "x" * 5000, JUNK, "profile.home,nope.nope,", "move", "--", "-"]


@dataclass(frozen=True)
class Places:
    """The files and folders the hostile values point at, made once per test."""

    root: Path
    out_folder: Path
    folder: Path
    junk: Path
    empty: Path
    good_csv: Path
    a_file: Path

    def paths(self, case: int) -> list[str]:
        """Hostile paths; those that do not exist are fresh for each case, so no case sees another's."""
        fresh = self.root / f"fresh-{case}"
        return [
            "",
            ".",
            str(self.folder),
            str(fresh / "missing.file"),
            str(fresh / "no" / "such" / "folder" / "x"),
            str(self.a_file / "under-a-file"),
            str(self.junk),
            str(self.empty),
            str(self.root / ("n" * 300)),  # one name longer than any file system takes
            "/" + "d/" * 2100 + "x",  # a path longer than PATH_MAX
            "/dev/null",
            str(self.root / f"{JUNK}.csv"),
            str(fresh / "2027-02-30"),
        ]

    def existing_paths(self, case: int) -> list[str]:
        """`paths` without those that do not exist yet: `init` and `demo` would rightly make a vault there."""
        return [path for path in self.paths(case) if f"fresh-{case}" not in path]

    def fill(self, text: str) -> str:
        return text.format(out_folder=self.out_folder, junk=self.junk, good_csv=self.good_csv)


@pytest.fixture
def places(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Places:
    home = tmp_path / "home"
    make_closed_vault(home / "data" / VAULT_FILE_NAME, learners=4)
    monkeypatch.setenv("TUTORDESK_HOME", str(home))
    monkeypatch.setenv("TUTORDESK_PASSPHRASE", PASSPHRASE)
    monkeypatch.delenv("TUTORDESK_NEW_PASSPHRASE", raising=False)
    root = tmp_path / "hostile"
    (root / "folder").mkdir(parents=True)
    monkeypatch.chdir(root)  # relative paths ("", ".", "2027-02-30") land here, never in the repository
    (root / "out").mkdir()
    junk = root / "junk.bin"
    junk.write_bytes(_junk(random.Random(18), 4096))
    (root / "empty").write_bytes(b"")
    (root / "a-file").write_text("not a folder")
    (root / f"{JUNK}.csv").write_bytes(
        _junk(random.Random(19), 300)
    )  # exists: `init` must not make a vault there
    good = root / "good.csv"
    good.write_text("given_name,family_name,date_of_birth\nZara,Quill,2010-05-31\n", encoding="utf-8")
    return Places(root, root / "out", root / "folder", junk, root / "empty", good, root / "a-file")


def _junk(rng: random.Random, size: int) -> bytes:
    """Binary junk without NUL bytes (a NUL alone already marks a file as binary)."""
    return bytes(rng.randrange(1, 256) for _ in range(size))


# -- running a case -------------------------------------------------------------------------------------


@dataclass
class Outcome:
    argv: Sequence[str]
    code: int
    stdout: str
    stderr: str


def _run(argv: Sequence[str]) -> Outcome:
    """`tutordesk ARGV` in this process, as the command runs it; --help's SystemExit is its exit code."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(stdout):
        try:
            code = main(list(argv), stdin=io.StringIO(""), stdout=stdout)
        except SystemExit as exit_:
            code = int(exit_.code or 0)
    return Outcome(argv, code, stdout.getvalue(), stderr.getvalue())


def _problems(outcome: Outcome) -> list[str]:
    """What is wrong with one outcome by the contract of docs/cli.md; empty when nothing is."""
    found = []
    if outcome.code not in ALLOWED:
        found.append(f"exit {outcome.code}")
    if "Traceback" in outcome.stderr or "Traceback" in outcome.stdout:
        found.append("a traceback")
    lines = outcome.stderr.splitlines()
    said = [line for line in lines if line.startswith("tutordesk:")]
    if outcome.code != ExitCode.OK:
        if not lines or not lines[-1].startswith("tutordesk: ") or len(said) != 1:
            found.append("not one closing `tutordesk: ...` sentence")
        # Only the imports list their problems ("line N: ...") before the sentence; every other error is one line.
        if tuple(outcome.argv[:1]) != ("import",) and len(lines) != 1:
            found.append(f"{len(lines)} lines on standard error")
    for line in lines + outcome.stdout.splitlines():
        if first_control(line) is not None:
            found.append(f"a raw control character in {line[:80]!r}")
            break
    return found


def _check_all(outcomes: list[Outcome]) -> None:
    failures = [
        f"tutordesk {' '.join(a[:60] for a in o.argv)}: {', '.join(p)} | {o.stderr.strip()[-300:]!r}"
        for o in outcomes
        if (p := _problems(o))
    ]
    assert not failures, f"{len(failures)} of {len(outcomes)} cases broke the contract:\n" + "\n".join(
        failures
    )


# -- the commands and their arguments ------------------------------------------------------------------


def _leaves(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:  # fmt: skip
    for action in parser._actions:  # noqa: SLF001 - argparse has no public way to list subcommands
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            for name, sub in action.choices.items():
                yield from _leaves(sub, (*prefix, name))
            return
    yield prefix, parser


def _slots(parser: argparse.ArgumentParser) -> list[str]:
    """The arguments of a command that take a value: positionals by name, options by their flag."""
    slots = []
    for action in parser._actions:  # noqa: SLF001
        if isinstance(action, argparse._HelpAction) or action.nargs == 0:  # noqa: SLF001
            continue
        slots.append(action.option_strings[0] if action.option_strings else action.dest)
    return slots


def _argv(command: tuple[str, ...], values: dict[str, str], parser: argparse.ArgumentParser) -> list[str]:
    positionals = [a.dest for a in parser._actions if not a.option_strings]  # noqa: SLF001
    argv = list(command) + [values[name] for name in positionals if name in values]
    for name, value in values.items():
        if name.startswith("--"):
            argv += (
                [name]
                if value == "" and name in ("--json", "--csv", "--all", "--dry-run", "--force")
                else [name, value]
            )
    return argv


def _hostile_values(slot: str, places: Places, case: int) -> list[str]:
    if slot in ("learner",):
        return [*NUMBERS, "1" * 19, "9223372036854775807"]
    if slot in ("--learners", "--seed", "--days"):
        # Only values that must be refused: a valid 3,661 learners would take the demo a minute to add.
        return [*NUMBERS, "10001" if slot == "--learners" else "3661", "-100000000000000000000000"]
    if slot in ("--out", "--to", "file"):
        return places.paths(case)
    if slot in ("--sections", "--include-sensitive", "--audience"):
        return TEXTS
    raise AssertionError(f"no hostile values for {slot}: say what could break it in _hostile_values")


def test_every_command_has_hostile_cases() -> None:
    found = {command for command, _ in _leaves(build_parser())}
    assert found == set(BASE), (
        f"commands without hostile cases: {found - set(BASE)}; gone: {set(BASE) - found}"
    )


def test_hostile_arguments_never_end_in_exit_1(places: Places) -> None:
    outcomes = []
    case = 0
    for command, parser in _leaves(build_parser()):
        base = {name: places.fill(value) for name, value in BASE[command].items()}
        outcomes.append(_run([*command, "--help"]))
        for slot in _slots(parser):
            for value in _hostile_values(slot, places, case):
                case += 1
                outcomes.append(_run(_argv(command, {**base, slot: value}, parser)))
        # The vault itself, named by hostile paths (a few per command; all of them for init and check).
        if command in (("init",), ("demo",)):
            vault_paths = places.existing_paths(case)
        else:
            vault_paths = places.paths(case) if command == ("check",) else places.paths(case)[2:8]
        for path in vault_paths:
            case += 1
            outcomes.append(_run(["--vault", path, *_argv(command, base, parser)]))
    _check_all(outcomes)
    assert len(outcomes) > 250


# -- hostile files ---------------------------------------------------------------------------------------

HEADER = "given_name,family_name,date_of_birth,started_on,status,risk_factors,notes\n"


def _hostile_files() -> list[tuple[str, bytes]]:
    rng = random.Random(2027)
    text = [
        ("empty", ""),
        ("header only", HEADER),
        ("impossible dates", HEADER + "Ada,Okafor,2027-02-30,30/02/2024,,,\n"),
        ("year zero", HEADER + "Ada,Okafor,0000-01-01,00/00/0000,,,\n"),
        ("far dates", HEADER + "Ada,Far,0001-01-01,9999-12-31,,,\nBen,Far,,31/12/9999,,,\n"),
        ("future birth", HEADER + "Ada,Okafor,9999-12-31,,,,\n"),
        ("unclosed quote", HEADER + 'Ada,"Okafor,2010-01-01,,,,\n'),
        ("text after quote", HEADER + '"Ada"x,Okafor,,,,,\n'),
        ("huge cell", HEADER + "Ada," + "O" * 200_000 + ",,,,,\n"),
        ("wide header", ",".join(f"c{i}" for i in range(3000)) + "\n1,2\n"),
        ("many commas", HEADER + ",,,,,,,,,,\n" * 3000),
        ("junk statuses", HEADER + "Ada,Okafor,,,\u202e!!,=cmd|' /C calc'!A0;;;,\n"),
        ("names too long", HEADER + "A" * 5000 + ",Okafor,,,,,\n"),
        ("blank names", HEADER + " , ,,,,,\n"),
        ("carriage returns only", HEADER.replace("\n", "\r") + "Ada,Okafor,,,,,\r"),
        ("semicolons", HEADER.replace(",", ";") + "Cleo;Dane;2011-02-03;;;;\n"),
        ("duplicate columns", "given_name,given_name,family_name\nA,B,C\n"),
        ("controls", HEADER + "Ada,Oka\x1b[2Jfor,,,,,\x07\n"),
    ]
    files = [(name, content.encode("utf-8")) for name, content in text]
    files += [
        ("junk 1", _junk(rng, 1)),
        ("junk 100", _junk(rng, 100)),
        ("junk 70000", _junk(rng, 70_000)),
        ("junk after a header", HEADER.encode() + _junk(rng, 500)),
        ("BOM only", b"\xef\xbb\xbf"),
        ("UTF-16 BOM only", b"\xff\xfe"),
        ("UTF-16 odd length", b"\xff\xfe" + HEADER.encode("utf-16-le") + b"A"),
        ("UTF-16 lone surrogate", b"\xff\xfe" + HEADER.encode("utf-16-le") + b"\x00\xdc"),
        ("UTF-8 BOM then junk", b"\xef\xbb\xbf" + _junk(rng, 300)),
        ("Windows-1252", (HEADER + "Zoë,Ångström,,,,,café €5\n").encode("cp1252")),
        ("UTF-16 good", b"\xff\xfe" + (HEADER + "Dev,Ng,,,,,\n").encode("utf-16-le")),
    ]
    return files


def test_hostile_files_and_what_they_let_in_never_end_in_exit_1(places: Places) -> None:
    outcomes = []
    for number, (_, content) in enumerate(_hostile_files()):
        path = places.root / f"file-{number}.csv"
        path.write_bytes(content)
        outcomes.append(_run(["import", "learners", str(path), "--dry-run"]))
        outcomes.append(_run(["import", "learners", str(path)]))
        outcomes.append(_run(["restore", str(path)]))
    listing = _run(["learners", "list", "--json", "--all"])
    outcomes.append(listing)
    assert listing.code == ExitCode.OK, listing.stderr
    assert any("Far" in line for line in listing.stdout.splitlines()), "the far dates were not let in"
    # Every command that reads the caseload, over whatever the hostile files let in.
    ids = [str(row["id"]) for row in json.loads(listing.stdout)]
    for flags in ([], ["--csv"], ["--all"]):
        outcomes.append(_run(["learners", "list", *flags]))
    for days in ("0", "365", "3660"):
        outcomes.append(_run(["export", "calendar", "--out", str(places.out_folder / f"d{days}.ics"), "--force", "--days", days]))  # fmt: skip
    for learner in ids:
        outcomes.append(
            _run(["export", "contract", learner, "--out", str(places.out_folder / f"c{learner}.pdf")])
        )
        outcomes.append(
            _run(["export", "handover", learner, "--audience", "learner", "--out", str(places.out_folder / f"h{learner}.pdf")])
        )  # fmt: skip
    outcomes.append(_run(["check"]))
    _check_all(outcomes)


# -- a handful of real processes -------------------------------------------------------------------------


def test_the_help_names_every_command(tmp_path: Path) -> None:
    result = run_cli("--help", home=tmp_path / "home")
    assert result.returncode == ExitCode.OK and result.stderr == ""
    top = {command[0] for command in BASE}
    listed = {name for name in top if f"    {name} " in result.stdout or f"    {name}\n" in result.stdout}
    assert listed == top, result.stdout
    for group in ("learners", "import", "export"):
        nested = run_cli(group, "--help", home=tmp_path / "home")
        assert nested.returncode == ExitCode.OK and nested.stderr == "", nested.stderr
        assert {command[1] for command in BASE if command[0] == group} <= set(nested.stdout.split())


def test_arguments_that_are_not_utf8_are_escaped_and_bad_input(tmp_path: Path) -> None:
    """Only a real process gets bytes that are not UTF-8 as arguments (Python turns them into lone
    surrogates), and only a real standard output refuses to encode those."""
    home = tmp_path / "home"
    make_closed_vault(home / "data" / VAULT_FILE_NAME, learners=1)
    env = {k: v for k, v in os.environ.items() if not k.startswith("TUTORDESK_")}
    env.update(TUTORDESK_HOME=str(home), TUTORDESK_PASSPHRASE=PASSPHRASE)
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    odd = bytes(tmp_path) + b"/caseload-\xff\xfe.csv"
    with open(odd, "wb") as handle:
        handle.write(b"given_name,family_name\nAda,Okafor\n")
    for args in (
        [b"import", b"learners", b"--dry-run", odd],  # the file name is printed in the summary
        [b"import", b"learners", odd + b".missing"],
        [b"export", b"contract", b"\xff\xfe", b"--out", bytes(tmp_path) + b"/c.pdf"],
        [b"export", b"calendar", b"--out", bytes(tmp_path) + b"/\xff/x.ics"],
    ):
        result = subprocess.run(
            [os.fsencode(sys.executable), b"-m", b"tutordesk", *args],
            input=b"", capture_output=True, env=env, cwd=REPO, timeout=120,
        )  # fmt: skip
        stderr = result.stderr.decode("utf-8", "replace")
        outcome = Outcome(
            [a.decode("utf-8", "replace") for a in args], result.returncode, result.stdout.decode(), stderr
        )
        _check_all([outcome])
        if b"contract" not in args:  # the others name the file: escaped, not raw and not refused by stdout
            assert "\\udcff" in outcome.stdout + stderr, (outcome.stdout, stderr)
