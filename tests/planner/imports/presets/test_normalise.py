from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.imports.normalise import (
    ParsedName,
    email_key,
    looks_like_email,
    organisation_key,
    person_key,
    script_of,
    split_full_name,
    text_key,
)

KEYS = [email_key, text_key, organisation_key]


def _fullwidth(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


@pytest.mark.parametrize("key", KEYS)
@given(s=st.text(max_size=40))
def test_keys_are_idempotent(key, s: str) -> None:  # type: ignore[no-untyped-def]
    once = key(s)
    assert key(once) == once


@pytest.mark.parametrize("key", KEYS)
@given(s=st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), max_size=30))
def test_fullwidth_equals_ascii(key, s: str) -> None:  # type: ignore[no-untyped-def]
    assert key(_fullwidth(s)) == key(s)


@given(s=st.text(max_size=30), zw=st.sampled_from(["\u200b", "\u200c", "\u200d", "\ufeff", "\u2060"]))
def test_zero_width_characters_do_not_matter(s: str, zw: str) -> None:
    mid = len(s) // 2
    assert email_key(s[:mid] + zw + s[mid:]) == email_key(s)
    assert text_key(s[:mid] + zw + s[mid:]) == text_key(s)


@given(s=st.text(alphabet="abcXYZ é京 \u3000\t", max_size=30))
def test_text_key_has_single_spaces(s: str) -> None:
    key = text_key(s)
    assert "  " not in key and key == key.strip()
    assert key == unicodedata.normalize("NFKC", key)


def test_email_key() -> None:
    assert email_key("  Taro.Yamada\u200b@Example.JP ") == "taro.yamada@example.jp"
    assert email_key("ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ") == "taro@example.jp"


def test_text_key() -> None:
    assert text_key("ＡＢＣ\u3000 Trading,  Inc.") == "abc trading inc"
    assert text_key("O'Brien") == text_key("OBRIEN")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("ＡＢＣ商事株式会社", "ABC商事"),
        ("Acme Ltd", "Acme Limited"),
        ("ACME, Inc.", "acme incorporated"),
        ("㈱ABC商事", "ABC商事"),
        ("(株)ABC商事", "株式会社ABC商事"),
        ("ABC Co., Ltd.", "ABC"),
        ("Toyota Motor K.K.", "Toyota Motor"),
        ("Siemens AG", "SIEMENS"),
        ("Beispiel GmbH", "Beispiel"),
        ("Rolls-Royce plc", "Rolls Royce"),
        ("Example LLC", "Example Corp."),
        ("삼성전자 주식회사", "(주)삼성전자"),
        ("华为技术有限公司", "华为技术"),
    ],
)
def test_organisation_key_equal(a: str, b: str) -> None:
    assert organisation_key(a) == organisation_key(b)


def test_organisation_key_keeps_the_name() -> None:
    assert organisation_key("Limited") == "limited"
    assert organisation_key("Acme") != organisation_key("Apex")


def test_person_key() -> None:
    assert person_key("Minjun", "Kim", "X Ltd") == person_key("KIM", "Minjun", "x limited")
    assert person_key("Taro", "Yamada", "A") != person_key("Taro", "Yamada", "B")


@pytest.mark.parametrize(
    "value", ["a@example.com", "taro.yamada+mission@example.co.jp", "x@münchen.de",
              "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ", "first_last@sub.example.org"])
def test_looks_like_email_yes(value: str) -> None:
    assert looks_like_email(value)


@pytest.mark.parametrize(
    "value", ["", "plainaddress", "a@b", "a b@example.com", "a@@example.com", ".a@example.com",
              "a..b@example.com", "a@-example.com", "a@example.c", "a@example.123", "a@exa mple.com",
              "Taro Yamada <taro@example.jp>"])
def test_looks_like_email_no(value: str) -> None:
    assert not looks_like_email(value)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Jane Doe", ParsedName("Jane", "Doe")),
        ("Mary Ann Smith", ParsedName("Mary Ann", "Smith")),
        ("Ludwig van Beethoven", ParsedName("Ludwig", "van Beethoven")),
        ("Johannes van der Berg", ParsedName("Johannes", "van der Berg")),
        ("Maria de la Cruz", ParsedName("Maria", "de la Cruz")),
        ("Doe, Jane", ParsedName("Jane", "Doe")),
        ("Martin Luther King Jr.", ParsedName("Martin Luther", "King Jr.")),
        ("YAMADA Taro", ParsedName("Taro", "YAMADA", None, "family_first")),
        ("Madonna", ParsedName("", "Madonna")),
        ("山田 太郎", ParsedName("太郎", "山田", "山田 太郎", "family_first")),
        ("山田\u3000太郎", ParsedName("太郎", "山田", "山田 太郎", "family_first")),
        ("山田太郎", ParsedName("太郎", "山田", "山田太郎", "family_first")),
        ("髙橋 﨑子", ParsedName("﨑子", "髙橋", "髙橋 﨑子", "family_first")),
        ("佐々木希", ParsedName("希", "佐々木", "佐々木希", "family_first")),
        ("김민준", ParsedName("민준", "김", "김민준", "family_first")),
        ("남궁민수", ParsedName("민수", "남궁", "남궁민수", "family_first")),
        ("王伟", ParsedName("伟", "王", "王伟", "family_first")),
        ("Taro Yamada (山田太郎)", ParsedName("Taro", "Yamada", "山田太郎", "given_first")),
    ],
)
def test_split_full_name(name: str, expected: ParsedName) -> None:
    assert split_full_name(name) == expected


@pytest.mark.parametrize(
    ("text", "script"),
    [("Jane Doe", "latin"), ("Zoë Ødegård", "latin"), ("山田たろう", "ja"), ("山田太郎", "ja"),
     ("김민준", "ko"), ("王伟", "zh"), ("张伟", "zh"), ("Taro 山田", "mixed"), ("Иван", "other")],
)
def test_script_of(text: str, script: str) -> None:
    assert script_of(text) == script


@given(s=st.text(max_size=20))
def test_split_full_name_never_crashes(s: str) -> None:
    parsed = split_full_name(s)
    assert parsed.name_order in ("given_first", "family_first")
