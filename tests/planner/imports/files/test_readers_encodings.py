from __future__ import annotations

import codecs
from collections.abc import Callable
from pathlib import Path

import pytest

from planner.imports.errors import FileRejected
from planner.imports.files.readers import read_table, suggest_encoding


def test_utf8_with_bom_first_header_is_exact(tmp_path: Path, make_csv: Callable[..., Path]) -> None:
    path = make_csv(tmp_path / "bom.csv", "氏名,会社\r\n山田 太郎,ＡＢＣ商事\r\n", bom=codecs.BOM_UTF8)
    table = read_table(path)
    assert table.headers[0] == "氏名"
    assert table.encoding == "utf-8-sig"
    assert table.rows[0].cells == {"氏名": "山田 太郎", "会社": "ＡＢＣ商事"}


def test_plain_utf8(tmp_path: Path, make_csv: Callable[..., Path]) -> None:
    table = read_table(make_csv(tmp_path / "u.csv", "Name,Email\nZoë,z@example.com\n"))
    assert table.encoding == "utf-8"
    assert table.rows[0].get("Name") == "Zoë"


def test_cp1252_needs_the_users_choice_and_suggests_it(tmp_path: Path, make_csv: Callable[..., Path]) -> None:
    path = make_csv(tmp_path / "w.csv", "Name,Company\nZoë Ødegård,Café Müller\n", "cp1252")
    with pytest.raises(FileRejected) as info:
        read_table(path)
    assert "not UTF-8" in info.value.message and "cp1252" in info.value.message
    assert info.value.suggestions[0] == "cp1252"
    table = read_table(path, encoding="cp1252")
    assert table.rows[0].get("Name") == "Zoë Ødegård"
    assert table.encoding == "cp1252"


def test_cp932_with_characters_shift_jis_cannot_decode(tmp_path: Path, make_csv: Callable[..., Path]) -> None:
    text = "氏名,会社\n髙橋 﨑子,株式会社テスト ①\n山田 太郎,ＡＢＣ商事\n"
    path = make_csv(tmp_path / "j.csv", text, "cp932")
    with pytest.raises(FileRejected) as info:
        read_table(path)
    assert info.value.suggestions[0] == "cp932"
    assert "cp932" in info.value.message
    for name in ("cp932", "shift_jis", "Shift-JIS", "sjis"):  # shift_jis is mapped to cp932
        table = read_table(path, encoding=name)
        assert table.encoding == "cp932"
        assert table.headers[0] == "氏名"
        assert table.rows[0].get("氏名") == "髙橋 﨑子"


def test_cp949(tmp_path: Path, make_csv: Callable[..., Path]) -> None:
    path = make_csv(tmp_path / "k.csv", "이름,회사\n김민준,삼성전자\n이서연,현대자동차\n", "cp949")
    assert suggest_encoding(path.read_bytes())[0] == "cp949"
    table = read_table(path, encoding="cp949")
    assert table.headers == ["이름", "회사"]
    assert table.rows[1].get("회사") == "현대자동차"


def test_gb18030(tmp_path: Path, make_csv: Callable[..., Path]) -> None:
    path = make_csv(tmp_path / "z.csv", "姓名,公司\n王伟,北京科技有限公司\n李娜,上海贸易公司\n",
                     "gb18030")
    assert suggest_encoding(path.read_bytes())[0] == "gb18030"
    table = read_table(path, encoding="gb18030")
    assert table.rows[0].cells == {"姓名": "王伟", "公司": "北京科技有限公司"}


def test_utf16le_unicode_text_is_tab_separated(tmp_path: Path, make_csv: Callable[..., Path]) -> None:
    text = "氏名\tEmail\tCompany, Inc\r\n山田 太郎\ttaro@example.jp\tA, B\r\n"
    path = make_csv(tmp_path / "u16.txt", text, "utf-16-le", bom=codecs.BOM_UTF16_LE)
    table = read_table(path)
    assert table.encoding == "utf-16-le"
    assert table.delimiter == "\t"
    assert table.headers == ["氏名", "Email", "Company, Inc"]
    assert table.rows[0].get("Company, Inc") == "A, B"


def test_wrong_explicit_encoding_is_refused_with_alternatives(tmp_path: Path, make_csv: Callable[..., Path]) -> None:
    path = make_csv(tmp_path / "j.csv", "氏名\n髙橋 﨑子\n", "cp932")
    with pytest.raises(FileRejected) as info:
        read_table(path, encoding="cp949")
    assert "cp932" in info.value.suggestions


def test_never_latin1_fallback(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(b"Name\n\x81\x8d\x8f\n")  # undefined in cp1252
    with pytest.raises(FileRejected):
        read_table(path)
