"""A briefing pack is laid out once (issue 20): "Page n of N" and the contents' page numbers are
written when the PDF is saved (reportlab's "NumberedCanvas" recipe), not learnt from a first
layout pass. What the reader sees must be as before: every page after the cover says
"Page n of N" with the real count, and every contents entry names the page its bookmark opens.
The PDF is read back with pypdf and pdftotext, as a reader's tools would.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.platypus import BaseDocTemplate

from planner.demo import build_demo
from planner.exports.briefing.briefing_data import Briefing
from planner.exports.briefing.briefing_pdf import write_briefing_pdf
from planner.services.events.events import get_event
from planner.services.outputs.briefing import build_briefing
from planner.storage.database import Database


@pytest.fixture(scope="module")
def briefing(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Briefing]:
    folder = tmp_path_factory.mktemp("pack")
    db = Database.open(folder / "demo.db")
    with db.transaction() as s:
        build_demo(s, scale=1)
    with db.session() as s:
        yield build_briefing(s, get_event(s, "biojapan-2026"))
    db.close()


def _outline(reader: PdfReader) -> list[tuple[str, int]]:
    """(title, 1-based page) of every outline entry, in order."""
    found: list[tuple[str, int]] = []

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append((item.title, reader.get_destination_page_number(item) + 1))
    walk(reader.outline)
    return found


def _contents_numbers(path: Path, titles: list[str]) -> dict[str, int]:
    """The page number printed after each of ``titles`` on the contents pages, read as a
    reader's tool lays the page out (pdftotext -layout: "Itinerary . . . . 5")."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(["pdftotext", "-layout", "-f", "2", "-l", "3", str(path), "-"],
                          check=True, capture_output=True, text=True).stdout
    numbers: dict[str, int] = {}
    for title in titles:
        match = re.search(r"^\s*" + re.escape(title) + r"[\s.]*?(\d+)\s*$", text, re.MULTILINE)
        if match:
            numbers[title] = int(match.group(1))
    return numbers


@pytest.mark.parametrize("whole", [False, True], ids=["one delegate", "delegation"])
def test_page_numbers_and_contents_match_the_pages(briefing: Briefing, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   whole: bool) -> None:
    builds: list[int] = []
    real_build = BaseDocTemplate.build

    def counted(self: Any, *args: Any, **kwargs: Any) -> Any:
        builds.append(1)
        return real_build(self, *args, **kwargs)

    monkeypatch.setattr(BaseDocTemplate, "build", counted)
    delegate = None if whole else briefing.packs[0].delegate.person.id
    pack = write_briefing_pdf(briefing, tmp_path / "pack.pdf", delegate_id=delegate)
    assert len(builds) == 1  # one layout pass
    reader = PdfReader(str(pack.path))
    assert len(reader.pages) == pack.pages > 3
    for n, page in enumerate(reader.pages[1:], start=2):  # the cover carries no number
        assert f"Page {n} of {pack.pages}" in page.extract_text(), n
    outline = _outline(reader)
    sections = [(t, p) for t, p in outline if t in {"Key information", "Itinerary", "Meetings",
                                                    "Contact sheet"}]
    assert len(sections) == 4, outline
    printed = _contents_numbers(pack.path, [t for t, _ in sections])
    assert printed == dict(sections)
    assert all(p > 2 for _, p in sections)  # after the cover and the contents
