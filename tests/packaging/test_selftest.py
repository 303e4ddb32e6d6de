"""``mission-desk --self-test``: passes on a good installation, names the step that fails on a
broken one, and reads outputs back the way a user's tools would (PDF structure, XLSX, ICS)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from planner import selftest
from planner.selftest import SelfTestError, pdf_page_count, run_self_test

ROOT = Path(__file__).resolve().parents[2]
STEPS = ["fonts and data files", "open a new file (migrations)", "build the demo", "check",
         "export briefing", "export leads", "export ics", "verify the file"]


def make_pdf(path: Path, pages: int, *, truetype: bool = True) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    font = "Helvetica"
    if truetype:
        pdfmetrics.registerFont(TTFont("SelfTestDejaVu", str(ROOT / "resources/fonts/DejaVuSans.ttf")))
        font = "SelfTestDejaVu"
    for n in range(pages):
        c.setFont(font, 12)
        c.drawString(72, 720, f"Page {n + 1}: Düsseldorf")
        c.showPage()
    c.save()
    return path


def test_pdf_pages_are_counted_from_the_page_tree(tmp_path: Path) -> None:
    assert pdf_page_count(make_pdf(tmp_path / "three.pdf", 3)) == 3


def test_a_pdf_cut_short_is_refused(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "cut.pdf", 2)
    path.write_bytes(path.read_bytes()[:-200])
    with pytest.raises(SelfTestError, match="cut short"):
        pdf_page_count(path)


def test_a_pdf_without_the_bundled_fonts_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SelfTestError, match="TrueType"):
        pdf_page_count(make_pdf(tmp_path / "base14.pdf", 1, truetype=False))


def test_missing_fonts_fail_the_first_step_with_a_clear_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import planner.exports.pdf_text as pdf_text

    (tmp_path / "empty").mkdir()
    monkeypatch.setattr(pdf_text, "default_font_dir", lambda: tmp_path / "empty")
    lines: list[str] = []
    report = run_self_test(lines.append, folder=tmp_path)
    assert not report.ok and report.failed_step == "fonts and data files"
    assert lines[-1].startswith("self-test FAILED at fonts and data files: no bundled fonts")


def test_an_export_that_writes_nothing_fails_its_step(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(selftest, "_export", lambda db, kind, path: path.write_bytes(b"%PDF-1.4\n"))
    lines: list[str] = []
    report = run_self_test(lines.append, folder=tmp_path)
    assert report.failed_step == "export briefing"
    assert report.passed == STEPS[:4]
    assert "cut short" in lines[-1]


def test_the_whole_self_test_passes_from_a_checkout_with_its_window(tmp_path: Path) -> None:
    """The real command, as IT runs it from a bundle, here from the checkout: exit 0, every step,
    the versions, and the window (saved as a PNG to prove it painted)."""
    shot = tmp_path / "window.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--self-test", "--screenshot", str(shot)],
                          capture_output=True, text=True, timeout=540, cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    for step in STEPS:
        assert f"ok  {step}" in out
    assert "ok  window: " in out and "self-test passed" in out
    for part in ("Schema head", "SQLAlchemy", "reportlab", "openpyxl", "Qt "):
        assert part in out
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert not list(tmp_path.glob("*.db"))  # nothing left behind in the working folder
