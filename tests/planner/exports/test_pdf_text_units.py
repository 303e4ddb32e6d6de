"""PDF text: escaping, cleaning, font registration and the bundled font files."""

from __future__ import annotations

import struct
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from reportlab.platypus import Paragraph

from planner.exports.pdf_text import (
    BUNDLED_FONTS,
    ROLES,
    FontSet,
    FontSetupError,
    check_truetype,
    clean_text,
    default_font_dir,
    describe_uncovered,
    escape_text,
    font_runs,
    lang_for_country,
    make_styles,
    markup,
    register_fonts,
)


@pytest.fixture(scope="module")
def fonts() -> FontSet:
    return register_fonts()


def test_escape_text_prints_markup_literally() -> None:
    assert escape_text('AT&T <Japan> "K.K." \'s') == (
        "AT&amp;T &lt;Japan&gt; &quot;K.K.&quot; &#39;s"
    )
    assert escape_text("a\nb\r\nc\rd") == "a<br/>b<br/>c<br/>d"
    assert escape_text("&amp;") == "&amp;amp;"  # already-escaped text is still user text


def test_clean_text_removes_control_characters_and_normalises() -> None:
    assert clean_text("a\x00b\x07c\x1bd\x7f") == "abcd"
    assert clean_text("Tanaka\x0bTaro\tSan") == "Tanaka\nTaro San"
    assert clean_text("\ufeffBOM\u202eRLO\u200b") == "BOMRLO"
    assert clean_text("\ud800x\uffff") == "x"  # lone surrogate, noncharacter
    assert clean_text("Nguye\u0302\u0303n") == "Nguyễn"  # NFD in, NFC out


def test_markup_escapes_inside_font_runs(fonts: FontSet) -> None:
    assert markup("AT&T <Japan>", fonts) == f'<font name="{fonts.latin}">AT&amp;T &lt;Japan&gt;</font>'
    assert markup("", fonts) == ""
    nfd = markup("Nguye\u0302\u0303n", fonts)
    assert nfd == markup("Nguyễn", fonts)


@pytest.mark.parametrize(
    "text",
    ["<b>bold", "<para>", "</font>", '<img src="x.png"/>', "&nonsense;", "a\x00b",
     '<font color="[[[1]]]">x</font>', "\ud800", "x\n\n\ny", "<br/>"],
)
def test_hostile_text_always_parses(fonts: FontSet, text: str) -> None:
    para = Paragraph(markup(text, fonts, lang="ja"), make_styles(fonts)["body"])
    plain = "".join(getattr(frag, "text", "") for frag in para.frags)
    para.wrap(300, 300)
    assert plain.replace("\n", "") == clean_text(text).replace("\n", "")


def test_every_role_has_a_glyf_font_covering_the_test_names(fonts: FontSet) -> None:
    cases = {
        "latin": "Nguyễn Văn Đức Zoë Łukasiewicz ąćęłńóśźż AT&T <Japan> K.K.",
        "latin_bold": "Nguyễn Văn Đức Zoë Łukasiewicz",
        "ja": "山田太郎髙橋﨑子ﾔﾏﾀﾞ直",
        "ko": "김민준",
        "zh_hans": "张伟直国",
        "zh_hant": "陳大文臺灣龍體",
    }
    for role, text in cases.items():
        name = getattr(fonts, role)
        missing = [ch for ch in text if ch != " " and not fonts.covers(name, ch)]
        assert not missing, (role, name, missing)


def test_uncovered_is_listed_and_kept(fonts: FontSet) -> None:
    uncovered: set[str] = set()
    runs = font_runs("a👩b\U000e0100", fonts, uncovered=uncovered)
    assert "".join(text for _, text in runs) == "a👩b"  # not silently dropped from the text
    assert describe_uncovered(uncovered) == ["U+1F469 WOMAN", "U+E0100 VARIATION SELECTOR-17"]
    assert describe_uncovered(["\ue000"]) == ["U+E000 (unnamed)"]


def test_lang_for_country() -> None:
    expected = {"JP": "ja", "kr": "ko", "CN": "zh-Hans", "SG": "zh-Hans", "TW": "zh-Hant",
                "HK": "zh-Hant", "MO": "zh-Hant", "GB": None, "": None, None: None}
    assert {cc: lang_for_country(cc) for cc in expected} == expected


def test_register_fonts_is_idempotent(fonts: FontSet) -> None:
    assert register_fonts() is fonts
    assert register_fonts(default_font_dir()) is fonts
    assert set(ROLES) == {role for spec in BUNDLED_FONTS for role in spec.roles}


def _font_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "fonts"
    folder.mkdir()
    for spec in BUNDLED_FONTS:
        (folder / spec.file).symlink_to(default_font_dir() / spec.file)
    return folder


def test_register_fonts_is_thread_safe(tmp_path: Path) -> None:
    folder = _font_copy(tmp_path)
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: register_fonts(folder), range(8)))
    assert all(r is results[0] for r in results)
    assert results[0].latin != register_fonts().latin  # another folder, other names


def test_missing_font_file_is_a_clear_error(tmp_path: Path) -> None:
    folder = _font_copy(tmp_path)
    (folder / "NanumGothic.ttf").unlink()
    with pytest.raises(FontSetupError, match=r"NanumGothic\.ttf is missing"):
        register_fonts(folder)


def _fake_sfnt(version: bytes, tags: list[bytes]) -> bytes:
    head = version + struct.pack(">HHHH", len(tags), 16, 0, 0)
    return head + b"".join(tag + bytes(12) for tag in tags)


@pytest.mark.parametrize(
    "data",
    [_fake_sfnt(b"OTTO", [b"CFF ", b"cmap"]), _fake_sfnt(b"\x00\x01\x00\x00", [b"CFF2", b"head"]),
     b"ttcf\x00\x01\x00\x00\x00\x00\x00\x01\x00\x00\x00\x10" + _fake_sfnt(b"OTTO", [b"CFF "])],
)
def test_cff_font_is_refused(tmp_path: Path, data: bytes) -> None:
    folder = _font_copy(tmp_path)
    (folder / "ipaexg.ttf").unlink()
    (folder / "ipaexg.ttf").write_bytes(data)
    with pytest.raises(FontSetupError, match=r"ipaexg\.ttf has PostScript \(CFF\) outlines"):
        register_fonts(folder)


def test_non_font_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.ttf").write_bytes(b"hello")
    with pytest.raises(FontSetupError, match="not a TrueType font"):
        check_truetype(tmp_path / "notes.ttf")


def test_bundled_fonts_have_licences_and_readme() -> None:
    folder = default_font_dir()
    readme = (folder / "README.md").read_text(encoding="utf-8")
    total = 0
    for spec in BUNDLED_FONTS:
        check_truetype(folder / spec.file)
        assert (folder / spec.licence).stat().st_size > 1000, spec.licence
        assert spec.file in readme and spec.licence in readme
        total += (folder / spec.file).stat().st_size
    assert total < 25_000_000
