"""The command line starts fast because of its structure, held here (no timing: bench/cli_start.py).

Building the parser, ``planner --help`` and ``planner --version`` import no command module and
nothing heavy (SQLAlchemy, openpyxl, reportlab, icalendar, Qt, the demo, storage): a command's
module loads only when that command is chosen, and only that command's. The table that lets
``--help`` list commands without loading them must say what the modules register.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

import planner.cli as cli
from planner.cli.exports.export import EXPORT_KINDS
from planner.cli.imports.imports import IMPORT_KINDS

ROOT = Path(__file__).resolve().parents[3]
HEAVY = ("sqlalchemy", "openpyxl", "reportlab", "icalendar", "PySide6", "planner.demo", "planner.storage",
         "planner.services", "planner.exports", "planner.imports")
COMMAND_MODULES = sorted({c.module for c in (*cli.COMMANDS, *EXPORT_KINDS, *IMPORT_KINDS)} - {"planner.cli"})


def loaded_after(code: str, *argv: str, tmp_path: Path) -> tuple[list[str], subprocess.CompletedProcess[str]]:
    """The modules a fresh interpreter holds after ``code`` (run with ``argv``): printed as JSON
    on the last line of stdout, even when ``code`` exits (argparse's --help and --version do)."""
    script = ("import atexit, json, sys\n"
              "atexit.register(lambda: print('\\n' + json.dumps(sorted(sys.modules))))\n" + code)
    env = {"PLANNER_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", script, *argv], cwd=ROOT, capture_output=True, text=True,
                            env=env, timeout=120)
    return json.loads(result.stdout.strip().splitlines()[-1]), result


def heavy(modules: list[str]) -> list[str]:
    return [m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY)]


@pytest.mark.parametrize("code, argv", [
    ("import planner.cli; planner.cli.build_parser()", ()),
    ("import planner.cli; planner.cli.main(sys.argv[1:])", ("--help",)),
    ("import planner.cli; planner.cli.main(sys.argv[1:])", ("--version",)),
    ("import runpy; sys.argv[0] = 'planner'; runpy.run_module('planner', run_name='__main__')", ("--help",)),
])
def test_help_and_version_load_no_command_module_and_nothing_heavy(code: str, argv: tuple[str, ...],
                                                                  tmp_path: Path) -> None:
    modules, result = loaded_after(code, *argv, tmp_path=tmp_path)
    assert heavy(modules) == [], result.stderr
    assert [m for m in modules if m in COMMAND_MODULES] == []
    if argv == ("--help",):  # still lists every command with its help line
        for command in cli.COMMANDS:
            assert command.name in result.stdout and command.help[:30] in " ".join(result.stdout.split())


def test_a_command_loads_its_own_module_only(tmp_path: Path) -> None:
    modules, result = loaded_after("import planner.cli; planner.cli.build_parser().parse_args(sys.argv[1:])",
                                   "export", "ics", "--event", "x", "--out", "x.ics", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    loaded = [m for m in modules if m in COMMAND_MODULES]
    assert loaded == ["planner.cli.exports.export", "planner.cli.exports.export_ics"]
    assert not any(m.startswith(("reportlab", "openpyxl", "planner.demo")) for m in modules)


def test_command_help_loads_only_that_command(tmp_path: Path) -> None:
    modules, result = loaded_after("import planner.cli; planner.cli.main(sys.argv[1:])", "import", "--help",
                                   tmp_path=tmp_path)
    assert [m for m in modules if m in COMMAND_MODULES] == ["planner.cli.imports.imports"]
    assert heavy(modules) == []
    for kind in IMPORT_KINDS:
        assert kind.name in result.stdout


def subcommands(parser: argparse.ArgumentParser) -> cli.LazySubcommands:
    [action] = [a for a in parser._actions if isinstance(a, cli.LazySubcommands)]
    return action


def registered(sub: cli.LazySubcommands) -> dict[str, str | None]:
    return {a.dest: a.help for a in sub._choices_actions}


def test_the_tables_say_what_the_modules_register() -> None:
    """Every name and help line ``--help`` shows from a table is the one its module registers,
    and every module registers no command the table does not list."""
    root = subcommands(cli.build_parser(load_all=True))
    assert registered(root) == {c.name: c.help for c in cli.COMMANDS}
    for name, kinds in (("export", EXPORT_KINDS), ("import", IMPORT_KINDS)):
        assert registered(subcommands(root._name_parser_map[name])) == {k.name: k.help for k in kinds}


def test_an_unknown_command_is_refused_as_before(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["frobnicate"]) == 2
    assert "invalid choice: 'frobnicate'" in capsys.readouterr().err
    assert cli.main(["export", "nope"]) == 2
    assert "invalid choice: 'nope'" in capsys.readouterr().err


# -- what a command loads before its work -------------------------------------------------------
# A command's start (parser, its module, the file resolved) imports only what that command needs:
# what its sibling subcommands need (the copy service, the delete planner, the import's parsers),
# the exporters, the spreadsheet and PDF libraries and Alembic are loaded by the code that uses them.
STOP_AT_HANDLER = """
import atexit, json, os, sys
import planner.cli as cli
real = cli.run_command
def run(args):
    args.handler = lambda _args: 0  # the command's own work is not done: what was loaded is its start
    return real(args)
cli.run_command = run
raise SystemExit(cli.main(sys.argv[1:]))
"""
NOT_FOR_A_LISTING = ("openpyxl", "reportlab", "icalendar", "PIL", "numpy", "alembic", "planner.exports",
                     "planner.imports.schedule", "planner.imports.people", "planner.services.editing",
                     "planner.services.events.event_copy", "planner.demo", "planner.sync")


def matching(modules: list[str], names: tuple[str, ...]) -> list[str]:
    return [m for m in modules if any(m == n or m.startswith(n + ".") for n in names)]


@pytest.fixture(scope="module")
def small_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A file at the head revision with one event (made by the command line itself)."""
    folder = tmp_path_factory.mktemp("cli-start")
    path = folder / "small.db"
    env = {"PLANNER_DATA_DIR": str(folder / "data"), "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-m", "planner", "--db", str(path), "events", "add", "--code", "fair",
                    "--name", "Fair", "--start", "2027-03-01", "--end", "2027-03-03", "--tz", "Asia/Tokyo"],
                   cwd=ROOT, env=env, check=True, capture_output=True, timeout=120)
    return path


@pytest.mark.parametrize("argv, also_not", [
    (("events", "list"), ("planner.services.people.people",)),
    (("meetings", "list", "--event", "fair"), ()),
    (("rooms", "list", "--event", "fair"), ()),
    (("venues", "list", "--event", "fair"), ()),
])
def test_a_listing_starts_without_what_its_siblings_or_other_commands_need(
        argv: tuple[str, ...], also_not: tuple[str, ...], small_file: Path, tmp_path: Path) -> None:
    modules, result = loaded_after(STOP_AT_HANDLER, "--db", str(small_file), *argv, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "planner.storage.models" in modules  # the floor: it did start
    assert matching(modules, NOT_FOR_A_LISTING + also_not) == []


def test_a_file_already_at_head_is_opened_without_alembic(small_file: Path, tmp_path: Path) -> None:
    """The whole of ``events list``: the revision is read without Alembic; it loads only to upgrade."""
    modules, result = loaded_after("import planner.cli; planner.cli.main(sys.argv[1:])",
                                   "--db", str(small_file), "events", "list", tmp_path=tmp_path)
    assert result.returncode == 0 and "fair" in result.stdout, result.stderr
    assert "planner.storage.database" in modules
    assert matching(modules, ("alembic", "openpyxl", "reportlab", "icalendar", "planner.exports")) == []


def test_the_copy_words_in_events_help_are_the_copy_services() -> None:
    from planner.cli.schedule.events import COPY_WHAT_WORDS
    from planner.services.events.event_copy import WHAT_WORDS

    assert tuple(WHAT_WORDS) == COPY_WHAT_WORDS
