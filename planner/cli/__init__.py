"""``planner``: the command line, a thin layer over the services (see shared/cli.md).

Each command group lives in its own module with a ``register(subparsers)`` function. The table
below is the only place that names them, with the help line ``planner --help`` shows, so that
building the parser imports no command module: a command's module (and the services,
SQLAlchemy, openpyxl, reportlab… behind it) is imported only when that command is chosen.
``planner --help`` and ``planner --version`` therefore cost little more than argparse itself
(tests/planner/core/test_cli_start.py holds the structure; bench/cli_start.py times it).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Iterable, Sequence

from planner import __version__
from planner.cli.common import CliError, run_command

TYPE_CHECKING = False  # typing is not imported at run time: ``planner --help`` does without it
if TYPE_CHECKING:
    from typing import Any


class Command:
    """A command (or ``export``/``import`` kind): its name, its help line and the module whose
    ``register(subparsers)`` adds it."""

    __slots__ = ("help", "module", "name")

    def __init__(self, name: str, help: str, module: str) -> None:
        self.name = name
        self.help = help
        self.module = module

    def __repr__(self) -> str:
        return f"Command({self.name!r}, {self.help!r}, {self.module!r})"


# In the order ``planner --help`` lists them. The help line must be the one the module's
# ``register`` gives (a test loads every module and compares).
COMMANDS: tuple[Command, ...] = (
    Command("demo", "create the demo mission (BioJapan 2026)", "planner.cli.demo"),
    Command("events", "add and list events", "planner.cli.schedule.events"),
    Command("people", "list people, find and merge duplicates", "planner.cli.people"),
    Command("meetings", "list, edit and delete meetings", "planner.cli.schedule.meetings"),
    Command("venues", "add, edit, delete and list an event's venues", "planner.cli.schedule.venues"),
    Command("rooms", "add, list and delete rooms, stages, booths and meeting tables", "planner.cli.schedule.rooms"),
    Command("travel", "travel times between venues", "planner.cli.schedule.travel"),
    Command("verify", "check the file's integrity; exit 1 on problems", "planner.cli.data.verify"),
    Command("backup", "make a verified backup through SQLite's backup API", "planner.cli.data.backup"),
    Command("restore", "replace the file by a backup (the current file is kept as a backup first)",
            "planner.cli.data.backup"),
    Command("erase", "erase personal data (right to erasure)", "planner.cli.data.erase"),
    Command("retention", "events past their retention period; anonymise them", "planner.cli.data.retention"),
    Command("import", "import people, meetings, slots or an edited lead sheet", "planner.cli.imports.imports"),
    Command("export", "write briefing packs, lead sheets, calendars, CRM files", "planner.cli.exports.export"),
    Command("check", "check an event's schedule for conflicts (exit 1 when any)", "planner.cli.schedule.check"),
    Command("leads", "add and list leads", "planner.cli.followup.leads"),
    Command("followups", "list follow-up actions", "planner.cli.followup.followups"),
    Command("packs", "briefing packs already handed out: which are out of date, reprint them",
            "planner.cli.followup.packs"),
    Command("copy", "copy the whole plan into a new file or an empty team server (and back)",
            "planner.cli.data.copy"),
    Command("team", "team server: staff as their own database roles (add-user, list, grants)",
            "planner.cli.data.team"),
    Command("sync", "sync this file with the team server (exit 1 when conflicts wait for review)",
            "planner.cli.sync"),
    Command("review", "the sync conflicts that need a person: list them, resolve one", "planner.cli.sync"),
)
COMMAND_MODULES: list[str] = list(dict.fromkeys(command.module for command in COMMANDS))
_TABLED = frozenset(COMMAND_MODULES)


class LazySubcommands(argparse._SubParsersAction):
    """Subcommands listed by name and help line; the module that registers one is imported,
    and its ``register(subparsers)`` called, only when that name is parsed. Until then each
    name holds a placeholder parser (so the choices, ``--help`` and "invalid choice" are as
    with the real ones)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._lazy_modules: dict[str, str] = {}

    def add_lazy(self, commands: Iterable[Command]) -> None:
        for command in commands:
            self.add_parser(command.name, help=command.help, add_help=False)
            self._lazy_modules[command.name] = command.module

    def load(self, name: str) -> None:
        """Replace the placeholders of ``name``'s module by the parsers its ``register`` adds."""
        module_name = self._lazy_modules.get(name)
        if module_name is None:
            return
        names = {n for n, m in self._lazy_modules.items() if m == module_name}
        for placeholder in names:
            del self._lazy_modules[placeholder]
            del self._name_parser_map[placeholder]
        self._choices_actions[:] = [a for a in self._choices_actions if a.dest not in names]
        importlib.import_module(module_name).register(self)
        missing = names - set(self._name_parser_map)
        if missing:  # the table names a command its module does not register
            raise RuntimeError(f"{module_name} did not register {', '.join(sorted(missing))}")

    def load_all(self) -> None:
        """Import every module now, and those of nested lazy subcommands (``export KIND``…)."""
        for name in list(self._lazy_modules):
            self.load(name)
        for subparser in self._name_parser_map.values():
            for action in subparser._actions:
                if isinstance(action, LazySubcommands):
                    action.load_all()

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        if values:
            self.load(values[0])
        super().__call__(parser, namespace, values, option_string)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        raise CliError(f"{self.prog}: {message}")


def add_lazy_subcommands(parser: argparse.ArgumentParser, commands: Iterable[Command], *, dest: str,
                         metavar: str, parser_class: type[argparse.ArgumentParser]) -> LazySubcommands:
    """Required subcommands of ``parser`` whose modules load when chosen (see LazySubcommands)."""
    parser.register("action", "lazy_parsers", LazySubcommands)
    sub = parser.add_subparsers(dest=dest, metavar=metavar, parser_class=parser_class, action="lazy_parsers")
    assert isinstance(sub, LazySubcommands)
    sub.required = True
    sub.add_lazy(commands)
    return sub


def build_parser(*, load_all: bool = False) -> argparse.ArgumentParser:
    """The ``planner`` parser. Command modules are imported when their command is parsed;
    ``load_all`` imports every one now (to inspect the whole tree)."""
    parser = _Parser(prog="planner", description="Mission Desk command line")
    parser.add_argument("--db", metavar="PATH", help="database file or postgresql+psycopg:// URL "
                        "(default: $PLANNER_DB or the user data dir)")
    parser.add_argument("--version", action="version", version=f"Mission Desk {__version__}")
    sub = add_lazy_subcommands(parser, (c for c in COMMANDS if c.module in COMMAND_MODULES),
                               dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in COMMAND_MODULES:
        if module not in _TABLED:  # a module added without a row in COMMANDS: loaded now
            importlib.import_module(module).register(sub)
    if load_all:
        sub.load_all()
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except CliError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    return run_command(args)
