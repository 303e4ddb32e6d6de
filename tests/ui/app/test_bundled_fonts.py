"""The GUI loads the fonts the PDF exports bundle, so Japanese, Korean and Chinese names show on a
machine without system CJK fonts (this test machine has none: ``fc-list :lang=ja`` is empty)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

from ui.app import FONT_DIR, DeskApp, install_bundled_fonts

ROOT = Path(__file__).resolve().parents[3]
CJK_FAMILIES = ["IPAexGothic", "NanumGothic", "Droid Sans Fallback"]  # resources/fonts/README.md


def test_the_bundled_families_are_registered_and_the_ui_font_falls_back_to_them(qapp, settings) -> None:
    DeskApp(settings).deleteLater()
    assert set(CJK_FAMILIES) <= set(QFontDatabase.families())
    assert set(CJK_FAMILIES) <= set(install_bundled_fonts())  # once per process: the same list
    substitutes = [f.casefold() for f in QFont.substitutes(QGuiApplication.font().family())]
    assert substitutes[:3] == [f.casefold() for f in CJK_FAMILIES]  # Japanese, Korean, then Chinese


def test_a_fresh_app_draws_each_script_with_its_bundled_face(tmp_path: Path) -> None:
    """In a new process (Qt caches fallback chains once text is laid out): which font each
    name's glyphs actually come from, in the default UI font and a widget's font."""
    code = f"""
import json
from PySide6.QtGui import QTextLayout
from PySide6.QtWidgets import QApplication, QLabel
from ui.app import DeskApp
from ui.settings import AppSettings

app = QApplication([])
DeskApp(AppSettings.at({str(tmp_path / 'settings.ini')!r}))

def faces(text, font):
    layout = QTextLayout(text, font)
    layout.beginLayout(); layout.createLine(); layout.endLayout()
    return sorted({{run.rawFont().familyName().casefold() for run in layout.glyphRuns()}})

label = QLabel("x")
print(json.dumps({{text: [faces(text, app.font()), faces(text, label.font())]
                  for text in ["김민준", "山田 太郎", "髙橋 﨑子", "张伟"]}}))
"""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["김민준"] == [["nanumgothic"]] * 2
    assert found["山田 太郎"] == [["ipaexgothic"]] * 2
    assert found["髙橋 﨑子"] == [["ipaexgothic"]] * 2
    assert found["张伟"] == [["droid sans fallback"]] * 2


def test_main_starts_with_the_fonts_registered(tmp_path: Path) -> None:
    code = ("import sys, main; code = main.main(['--db', sys.argv[1], '--exit-when-shown']); "
            "from PySide6.QtGui import QFontDatabase; print('families', sorted(QFontDatabase.families())); "
            "sys.exit(code)")
    env = {**os.environ, "PLANNER_DATA_DIR": str(tmp_path / "data"), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "start.db")], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    line = next(x for x in done.stdout.splitlines() if x.startswith("families "))
    assert all(repr(f) in line for f in CJK_FAMILIES)


def test_the_font_folder_is_the_one_the_pdf_exports_use() -> None:
    from planner.exports.pdf_text import BUNDLED_FONTS, default_font_dir

    assert FONT_DIR.resolve() == default_font_dir().resolve()
    assert {spec.file for spec in BUNDLED_FONTS} <= {p.name for p in FONT_DIR.glob("*.ttf")}
