"""What build this is: "development" in a checkout; a bundle knows its build id and date.

``packaging/build.sh`` writes ``build_info.json`` (``{"build": …, "date": …, "commit": …}``)
and the PyInstaller spec puts it beside this module in the bundle. In a checkout (or an
installed wheel) there is no such file and the build is "development". Reading it is cheap
and never raises: a damaged stamp reads as "development (unreadable build stamp)".
"""

from __future__ import annotations

import functools
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from planner import __version__

STAMP_NAME = "build_info.json"
DEVELOPMENT = "development"


@dataclass(frozen=True)
class BuildInfo:
    version: str
    build: str  # "development", or the build id (git commit and UTC date) of a bundle
    date: str = ""  # UTC, ISO 8601, when the bundle was built
    frozen: bool = False  # running from a PyInstaller bundle

    @property
    def label(self) -> str:
        """One line for About, ``--version`` and the self-test: "0.1.0 (build 1a2b3c4 2026-12-01)"."""
        if self.build == DEVELOPMENT or self.build.startswith(DEVELOPMENT):
            return f"{self.version} ({self.build})"
        return f"{self.version} (build {self.build})"


def stamp_path() -> Path:
    return Path(__file__).with_name(STAMP_NAME)


@functools.cache
def build_info() -> BuildInfo:
    frozen = bool(getattr(sys, "frozen", False))
    path = stamp_path()
    if not path.is_file():
        return BuildInfo(__version__, DEVELOPMENT, frozen=frozen)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        build = str(data["build"]).strip() or DEVELOPMENT
        return BuildInfo(str(data.get("version") or __version__), build, str(data.get("date", "")),
                         frozen=frozen)
    except (OSError, ValueError, KeyError, TypeError):
        return BuildInfo(__version__, f"{DEVELOPMENT} (unreadable build stamp)", frozen=frozen)
