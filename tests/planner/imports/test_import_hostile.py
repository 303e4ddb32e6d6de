"""Hostile and broken files: a clear message, and the database data unchanged, every time."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from planner.errors import Cancelled
from planner.imports.errors import FileRejected
from planner.imports.plan import ImportOptions
from planner.imports.service import apply_import
from planner.storage.database import Database
from tests.planner.imports.helpers import EVENT, dump, make_event

pytestmark = pytest.mark.engines

ROW = '<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>{a}</t></is></c>' \
      '<c r="B{r}" t="inlineStr"><is><t>{b}</t></is></c></row>'
HEAD = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns='
        '"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
TAIL = "</sheetData></worksheet>"
GOOD = "Name,Email\nAlice Fraser,alice@x.example\nBob Jones,bob@x.example\n"


def _bomb(path: Path, make_raw_xlsx: Callable[..., Path]) -> None:
    row = ROW.format(r=2, a="x" * 50, b="y" * 50)
    make_raw_xlsx(path, (HEAD + ROW.format(r=1, a="Name", b="Email")
                         + row * (30_000_000 // len(row)) + TAIL).encode())


def _laughs(path: Path, make_raw_xlsx: Callable[..., Path]) -> None:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10))
    body = ('<?xml version="1.0"?><!DOCTYPE lolz [' + entities + "]>" + HEAD[HEAD.index("<w"):]
            + ROW.format(r=1, a="Name", b="Email") + ROW.format(r=2, a="&lol9;", b="a@b.example")
            + TAIL)
    make_raw_xlsx(path, body)


def _xls(path: Path, _: object) -> None:
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4000)


def _garbage(path: Path, _: object) -> None:
    path.write_bytes(bytes(range(256)) * 40)


def _empty(path: Path, _: object) -> None:
    path.write_bytes(b"")


def _not_workbook_zip(path: Path, _: object) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("hello.txt", "hi")


WHOLE_FILE = [
    ("bomb.xlsx", _bomb, "zip bomb"),
    ("laughs.xlsx", _laughs, "entity"),
    ("legacy.xlsx", _xls, "legacy .xls"),
    ("garbage.csv", _garbage, "binary"),
    ("empty.csv", _empty, "empty"),
    ("other.xlsx", _not_workbook_zip, "not an Excel workbook"),
]


@pytest.fixture
def filled(db: Database, tmp_path: Path) -> Database:
    make_event(db)
    good = tmp_path / "good.csv"
    good.write_text(GOOD, encoding="utf-8")
    with db.transaction() as s:
        assert apply_import(s, good, "people", EVENT).applied
    return db


@pytest.mark.parametrize(("name", "build", "message"), WHOLE_FILE)
def test_rejected_files_change_nothing(filled: Database, tmp_path: Path,
                                       make_raw_xlsx: Callable[..., Path], name: str,
                                       build: Callable[..., None], message: str) -> None:
    before = dump(filled)
    path = tmp_path / name
    build(path, make_raw_xlsx)
    with pytest.raises(FileRejected) as info, filled.transaction() as s:
        apply_import(s, path, "people", EVENT, ImportOptions(skip_bad_rows=True))
    assert message in info.value.message
    assert dump(filled) == before


BAD_ROWS = [
    ("unterminated.csv", GOOD + 'Carol "Quote,carol@x.example\n"Dan, dan@x.example\n', 6,
     "closing quote"),
    ("ragged.csv", GOOD + "Erin Smith,erin@x.example,extra,cells\n", 5, "cells but the header"),
    ("long.csv", GOOD + "Fay " + "x" * 200_000 + ",fay@x.example\n", 5, "characters"),
]


@pytest.mark.parametrize(("name", "text", "line", "message"), BAD_ROWS)
def test_bad_rows_reject_the_whole_file_by_default(filled: Database, tmp_path: Path, name: str,
                                                   text: str, line: int, message: str) -> None:
    before = dump(filled)
    path = tmp_path / name
    path.write_text("Name,Email\nGina Lee,gina@x.example\n" + text.split("\n", 1)[1],
                    encoding="utf-8")
    with filled.transaction() as s:
        plan = apply_import(s, path, "people", EVENT)
    assert not plan.applied
    assert any(e.line == line and message in e.message for e in plan.errors), plan.errors
    assert dump(filled) == before


def test_unterminated_quote_keeps_the_rows_before_with_skip_bad_rows(filled: Database,
                                                                     tmp_path: Path) -> None:
    path = tmp_path / "quote.csv"
    path.write_text("Name,Email\nGina Lee,gina@x.example\nHal Roe,hal@x.example\n"
                    "Ian Poe,ian@x.example\n\"Broken,x@x.example\n", encoding="utf-8")
    rejects = tmp_path / "fix-me.csv"
    with filled.transaction() as s:
        plan = apply_import(s, path, "people", EVENT,
                            ImportOptions(skip_bad_rows=True, bad_rows_path=rejects))
    assert plan.applied and plan.counts["add"] == 3 and plan.error_lines == [5]
    assert "could not be read" in rejects.read_text(encoding="utf-8-sig")


def test_cancel_changes_nothing(filled: Database, tmp_path: Path) -> None:
    before = dump(filled)
    path = tmp_path / "many.csv"
    path.write_text("Name,Email,Organisation\n" + "".join(
        f"Person {i},p{i}@x.example,Org {i % 50}\n" for i in range(6000)), encoding="utf-8")
    state = {"writing": False}

    def progress(done: int, total: int) -> None:
        if total == 6050 and done > 0:  # organisations written, people next
            state["writing"] = True

    with pytest.raises(Cancelled), filled.transaction() as s:
        apply_import(s, path, "people", EVENT, progress=progress,
                     cancel=lambda: state["writing"])
    assert state["writing"]
    assert dump(filled) == before
