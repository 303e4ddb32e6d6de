"""Version and build: "development" in a checkout, the stamp's build id in a bundle."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import planner._build as build
from planner import __version__

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def stamp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / build.STAMP_NAME
    monkeypatch.setattr(build, "stamp_path", lambda: path)
    build.build_info.cache_clear()
    yield path
    build.build_info.cache_clear()


def test_a_checkout_is_a_development_build(stamp: Path) -> None:
    info = build.build_info()
    assert (info.version, info.build) == (__version__, "development")
    assert info.label == f"{__version__} (development)"


def test_a_bundle_shows_its_build_id_and_date(stamp: Path) -> None:
    stamp.write_text(json.dumps({"version": __version__, "build": "1a2b3c4d5e 2026-12-01",
                                 "date": "2026-12-01T08:00:00Z", "commit": "1a2b3c4d5e"}))
    info = build.build_info()
    assert info.label == f"{__version__} (build 1a2b3c4d5e 2026-12-01)"
    assert info.date == "2026-12-01T08:00:00Z"


def test_a_damaged_stamp_reads_as_development_and_says_so(stamp: Path) -> None:
    stamp.write_text("{not json")
    assert build.build_info().build == "development (unreadable build stamp)"


def test_about_names_the_build(stamp: Path) -> None:
    from ui.dialogs.about_dialog import version_lines  # noqa: TID251 (About is a Qt dialog)

    stamp.write_text(json.dumps({"build": "cafe123 2026-12-01", "date": "2026-12-01T08:00:00Z"}))
    assert version_lines()[0] == f"Mission Desk {__version__} (build cafe123 2026-12-01), built 2026-12-01T08:00:00Z"


def test_version_option_prints_the_build_without_starting_the_gui() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--version"], capture_output=True,
                          text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"Mission Desk {__version__} (development)"


def test_version_prints_a_long_build_on_one_line(stamp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import main

    stamp.write_text(json.dumps({"build": "c79ad917ec+dirty 2026-12-01", "date": "2026-12-01T08:49:27Z"}))
    with pytest.raises(SystemExit) as exit_info:
        main.parse_args(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out == (f"Mission Desk {__version__} (build c79ad917ec+dirty 2026-12-01), "
                                       "built 2026-12-01T08:49:27Z\n")
