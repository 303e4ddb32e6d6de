"""PDF text: hostile names round-trip through a real PDF, read back with poppler-utils."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

from planner.exports.pdf_text import (
    FontSet,
    describe_uncovered,
    doc_options,
    font_runs,
    lang_for_country,
    make_styles,
    make_table_style,
    markup,
    paragraph,
    register_fonts,
)

# (text, language hint) as a briefing pack would print them.
NAMES: list[tuple[str, str | None]] = [
    ("山田 太郎", "ja"),
    ("髙橋 﨑子", "ja"),
    ("ﾔﾏﾀﾞ", "ja"),
    ("김민준", "ko"),
    ("张伟", "zh-Hans"),
    ("陳大文", "zh-Hant"),
    ("Nguyễn Văn Đức", None),
    ("Zoë Łukasiewicz", None),
    ("AT&T <Japan> K.K.", None),
]
NOTE = '<b>bold?</b> <img src="x.png"/>'
HOSTILE = ["<para>", '<font color="[[[getattr(pow, Word(\'__globals__\'))]]]">x</font>', "a & b;"]
EMOJI = "👩"

# The audit hook cannot be removed once added: it records only while a list is installed.
_OPENED: list[str] | None = None


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if _OPENED is not None and event == "open" and args and isinstance(args[0], str | bytes):
        _OPENED.append(os.fsdecode(args[0]))


sys.addaudithook(_audit)


@dataclass
class Built:
    pdf: Path
    uncovered: set[str]
    opened: list[str]


def _normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _story(fonts: FontSet, uncovered: set[str]) -> list[Any]:
    styles = make_styles(fonts)
    story: list[Any] = [paragraph("Delegation to BioJapan — Yokohama", styles["title"], fonts)]
    story += [paragraph(text, styles["body"], fonts, lang=lang, uncovered=uncovered)
              for text, lang in NAMES]
    story.append(paragraph(f"Notes: {NOTE}", styles["small"], fonts, uncovered=uncovered))
    story += [paragraph(text, styles["body"], fonts, uncovered=uncovered) for text in HOSTILE]
    story.append(paragraph(f"Emoji {EMOJI} end", styles["body"], fonts, uncovered=uncovered))
    header = [paragraph("Name", styles["table_header"], fonts)]
    row = [paragraph("山田 太郎", styles["table_cell"], fonts, lang="ja")]
    story.append(Table([header, row], style=make_table_style(fonts), repeatRows=1))
    return story


def build_pdf(path: Path, fonts: FontSet) -> set[str]:
    uncovered: set[str] = set()
    SimpleDocTemplate(str(path), **doc_options(fonts)).build(_story(fonts, uncovered))
    return uncovered


@pytest.fixture(scope="module")
def fonts() -> FontSet:
    return register_fonts()


@pytest.fixture(scope="module")
def built(fonts: FontSet, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    global _OPENED
    folder = tmp_path_factory.mktemp("pdf")
    _write_png(folder / "x.png")  # a real image next to the PDF: raw markup would embed it
    opened: list[str] = []
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(folder)
        _OPENED = opened
        try:
            uncovered = build_pdf(folder / "names.pdf", fonts)
        finally:
            _OPENED = None
    yield Built(folder / "names.pdf", uncovered, opened)


def _write_png(path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (2, 2), "white").save(path)


def _run(tool: str, *args: str) -> str:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} (poppler-utils) is not installed")
    return subprocess.run([tool, *args], check=True, capture_output=True, text=True).stdout


def test_text_layer_contains_every_name_verbatim(built: Built) -> None:
    text = _normalise(_run("pdftotext", "-enc", "UTF-8", str(built.pdf), "-"))
    for name, _lang in NAMES:
        assert _normalise(name) in text, name
    assert "AT&T <Japan> K.K." in text
    assert _normalise(NOTE) in text  # the tags print literally
    assert '<img src="x.png"/>' in text
    for hostile in HOSTILE:
        assert _normalise(hostile) in text


def test_every_font_is_embedded(built: Built) -> None:
    rows = _run("pdffonts", str(built.pdf)).splitlines()[2:]
    assert rows, "pdffonts listed no fonts"
    names = set()
    for row in rows:
        cols = row.split()
        assert cols[-5] == "yes", f"not embedded: {row}"
        names.add(cols[0].split("+", 1)[-1])
    assert {"DejaVuSans", "DejaVuSans-Bold", "IPAexGothic", "NanumGothic"} <= names
    assert any(name.startswith("DroidSansFallback") for name in names), names


def test_uncovered_characters_are_reported(built: Built) -> None:
    assert EMOJI in built.uncovered
    assert describe_uncovered(built.uncovered) == ["U+1F469 WOMAN"]


def test_img_markup_in_user_text_opens_no_file(built: Built) -> None:
    assert built.pdf.exists()
    assert not [p for p in built.opened if Path(p).name == "x.png"], built.opened
    assert any(Path(p).name == "names.pdf" for p in built.opened)  # the hook was listening


def test_audit_hook_does_see_raw_img_markup(fonts: FontSet, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Control for the test above: unescaped markup really opens the file."""
    global _OPENED
    _write_png(tmp_path / "x.png")
    monkeypatch.chdir(tmp_path)
    opened: list[str] = []
    _OPENED = opened
    try:
        doc = SimpleDocTemplate(str(tmp_path / "raw.pdf"), **doc_options(fonts))
        doc.build([Paragraph('<img src="x.png" width="2" height="2"/>', make_styles(fonts)["body"])])
    finally:
        _OPENED = None
    assert any(Path(p).name == "x.png" for p in opened)


def test_build_is_byte_reproducible_and_small(fonts: FontSet, built: Built, tmp_path: Path) -> None:
    again = tmp_path / "again.pdf"
    build_pdf(again, fonts)
    assert again.read_bytes() == built.pdf.read_bytes()
    assert built.pdf.stat().st_size < 2_000_000  # subsetting keeps the 16 MB of fonts out


@pytest.mark.parametrize(
    ("lang", "role"),
    [("ja", "ja"), ("ja-JP", "ja"), ("zh", "zh_hans"), ("zh-CN", "zh_hans"),
     ("zh-Hant", "zh_hant"), ("zh_TW", "zh_hant"), ("ko", "ko")],
)
def test_han_character_follows_the_language(fonts: FontSet, lang: str, role: str) -> None:
    assert font_runs("直", fonts, lang=lang) == [(getattr(fonts, role), "直")]


def test_japanese_and_chinese_fonts_differ_for_the_same_code_point(fonts: FontSet) -> None:
    ja = markup("直", fonts, lang=lang_for_country("JP"))
    zh = markup("直", fonts, lang=lang_for_country("CN"))
    assert ja == f'<font name="{fonts.ja}">直</font>'
    assert zh == f'<font name="{fonts.zh_hans}">直</font>'
    assert ja != zh


def test_default_order_is_latin_then_japanese(fonts: FontSet) -> None:
    runs = font_runs("Yamada 山田 Zoë", fonts)
    assert runs == [(fonts.latin, "Yamada "), (fonts.ja, "山田 "), (fonts.latin, "Zoë")]


def test_latin_stays_latin_in_a_japanese_record(fonts: FontSet) -> None:
    runs = font_runs("Taro 太郎", fonts, lang="ja", bold=True)
    assert runs == [(fonts.latin_bold, "Taro "), (fonts.ja, "太郎")]


def test_hangul_and_simplified_chinese_fall_back_without_a_hint(fonts: FontSet) -> None:
    uncovered: set[str] = set()
    runs = font_runs("김민준 张伟", fonts, uncovered=uncovered)
    assert [name for name, _ in runs] == [fonts.ko, fonts.zh_hans]
    assert uncovered == set()


def test_long_cjk_text_wraps_inside_the_frame(fonts: FontSet) -> None:
    para = paragraph("日本語の長い説明文" * 30, make_styles(fonts)["body"], fonts, lang="ja")
    _width, height = para.wrap(200, 10_000)
    lines = para.blPara.lines
    assert len(lines) > 5
    for line in lines:
        extra = line[0] if isinstance(line, tuple) else line.extraSpace
        assert extra >= -0.01
    assert height > 5 * 13
