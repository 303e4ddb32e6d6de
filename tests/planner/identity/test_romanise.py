"""Romanisation keys: a native-script name meets its romanised spellings, and only those.

Spellings follow the systems people use in passports and registration forms: Hanyu Pinyin without
tones (PRC passports write 吕 as LYU), Revised Romanization of Korean with the long-standing
surname spellings (Kim, Lee, Park …), and Hepburn for Japanese with or without long-vowel marks
(Tarō, Tarou, Taroh; Japanese passports write ん before b/m/p as M: HOMMA).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from planner.identity import romanise
from planner.identity.romanise import (
    MAX_READINGS,
    fold_latin,
    kana_to_hepburn,
    latin_forms,
    native_forms,
    ordered_latin_form,
    ordered_native_forms,
)


def meets(native: str, given: str, family: str) -> bool:
    """The caller's test when the order of the romanised name is not trusted."""
    return not native_forms(native).isdisjoint(latin_forms(given, family))


def meets_in_order(native: str, given: str, family: str) -> bool:
    """The caller's test when ``family``/``given`` are known to be right."""
    return ordered_latin_form(given, family) in ordered_native_forms(native)


# --- Latin spellings ------------------------------------------------------------------------------

@pytest.mark.parametrize("a, b", [
    ("José", "Jose"), ("Min-jun", "Minjun"), ("Min-Jun", "minjun"), ("O'Brien", "obrien"),
    ("Tarō", "Taro"), ("Tarou", "Taro"), ("Taroh", "Taro"), ("Tarô", "Taro"), ("Oono", "Ono"),
    ("Ōno", "Ohno"), ("Yūki", "Yuuki"), ("Satoh", "Sato"), ("Satou", "Sato"), ("Homma", "Honma"),
    ("Namba", "Nanba"), ("ＹＡＭＡＤＡ", "yamada"), ("Søren", "Soren"),
])
def test_spellings_of_one_name_fold_to_one_key(a: str, b: str) -> None:
    assert fold_latin(a) == fold_latin(b)


@pytest.mark.parametrize("a, b", [("Zhang", "Zhao"), ("Minjun", "Minji"), ("Yamada", "Yamamoto"),
                                  ("Ohara", "Oara")])
def test_different_names_keep_different_keys(a: str, b: str) -> None:
    assert fold_latin(a) != fold_latin(b)


def test_compact_forms_ignore_hyphens_spaces_case_and_order() -> None:
    forms = latin_forms("Minjun", "Kim")
    assert forms == {"kimminjun", "minjunkim"}
    assert latin_forms("Min-jun", "Kim") == forms
    assert latin_forms("Min-Jun", "KIM") == forms
    assert latin_forms("Kim", "Minjun") == forms  # fields swapped by the source
    assert ordered_latin_form("Min-jun", "Kim") == "kimminjun"


def test_a_name_without_latin_letters_has_no_latin_form() -> None:
    assert latin_forms("", "") == frozenset()
    assert latin_forms("", "Kim") == {"kim"}


def test_latin_text_has_no_native_reading() -> None:
    assert native_forms("Kim Minjun") == frozenset()
    assert native_forms("") == frozenset()


def test_text_that_is_not_a_string_is_refused_clearly() -> None:
    with pytest.raises(TypeError, match="must be text"):
        fold_latin(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="must be text"):
        native_forms(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="given name must be text"):
        latin_forms(3, "Kim")  # type: ignore[arg-type]


# --- Chinese --------------------------------------------------------------------------------------

@pytest.mark.parametrize("native", ["张伟", "張偉", "张 伟"])
@pytest.mark.parametrize("given, family", [("Wei", "Zhang"), ("Wei", "ZHANG")])
def test_chinese_name_meets_its_pinyin(native: str, given: str, family: str) -> None:
    assert meets(native, given, family)
    assert meets_in_order(native, given, family)


def test_known_order_tells_li_wei_from_wei_li() -> None:
    assert meets_in_order("李伟", "Wei", "Li")
    assert not meets_in_order("魏丽", "Wei", "Li")
    assert meets_in_order("魏丽", "Li", "Wei")
    # order unknown: both are proposed, the caller weighs it
    assert meets("李伟", "Wei", "Li") and meets("魏丽", "Wei", "Li")


def test_native_forms_hold_both_orders_and_ordered_forms_only_the_written_one() -> None:
    assert native_forms("张伟") == {"zhangwei", "weizhang"}
    assert ordered_native_forms("张伟") == {"zhangwei"}
    assert {"kimminjun", "minjunkim"} <= native_forms("김민준")
    assert "minjunkim" not in ordered_native_forms("김민준")


def test_chinese_names_of_other_people_do_not_meet() -> None:
    assert not meets("张伟", "Wei", "Zhao")


@pytest.mark.parametrize("native, given, family", [
    ("单雄信", "Xiongxin", "Shan"),  # 单 is Shan as a surname (Dan otherwise)
    ("曾国藩", "Guofan", "Zeng"),
    ("欧阳修", "Xiu", "Ouyang"),  # compound surname
    ("司马光", "Guang", "Sima"),
    ("吕布", "Bu", "Lu"),
    ("吕布", "Bu", "Lyu"),  # PRC passport spelling of ü
    ("吕布", "Bu", "Lü"),
])
def test_chinese_surnames_take_their_surname_reading(native: str, given: str, family: str) -> None:
    assert meets_in_order(native, given, family)


# --- Korean ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("given, family", [
    ("Minjun", "Kim"), ("Min-jun", "Kim"), ("Min-Jun", "KIM"), ("Minjun", "Gim"),
    ("Min-joon", "Kim"),
])
def test_korean_name_meets_rr_and_usual_spellings(given: str, family: str) -> None:
    assert meets("김민준", given, family)
    assert meets_in_order("김민준", given, family)
    assert meets("김 민준", given, family)


def test_korean_name_meets_western_order_when_order_unknown() -> None:
    assert meets("김민준", "Kim", "Minjun")  # "Minjun Kim" typed into the wrong fields


def test_korean_names_of_other_people_do_not_meet() -> None:
    assert not meets("김민준", "Minji", "Kim")
    assert not meets("김민준", "Minjun", "Park")


@pytest.mark.parametrize("hangul, spellings", [
    ("김", "Kim Gim"), ("이", "Lee Yi Rhee I"), ("박", "Park Pak Bak"), ("최", "Choi Choe"),
    ("정", "Jung Jeong Chung"), ("강", "Kang Gang"), ("조", "Cho Jo"), ("윤", "Yoon Yun"),
    ("장", "Jang Chang"), ("임", "Lim Im"), ("한", "Han"), ("오", "Oh O"), ("서", "Seo Suh"),
    ("신", "Shin Sin"), ("권", "Kwon Gwon"), ("황", "Hwang"), ("안", "Ahn An"), ("송", "Song"),
    ("류", "Ryu Yoo Yu"), ("유", "Yoo Yu Ryu"), ("홍", "Hong"),
])
def test_korean_surnames_meet_their_passport_spellings(hangul: str, spellings: str) -> None:
    for family in spellings.split():
        assert meets_in_order(hangul + "민준", "Minjun", family), family


@pytest.mark.parametrize("native, given, family", [
    ("이현우", "Hyunwoo", "Lee"), ("박지훈", "Jihoon", "Park"), ("정영희", "Younghee", "Jung"),
    ("최성민", "Sungmin", "Choi"), ("남궁민수", "Minsu", "Namgung"), ("남궁민수", "Minsoo", "Namgoong"),
    ("김연아", "Yuna", "Kim"), ("강경수", "Kyungsoo", "Kang"),
])
def test_korean_given_names_meet_conventional_spellings(native: str, given: str,
                                                       family: str) -> None:
    assert meets_in_order(native, given, family)


# --- Japanese -------------------------------------------------------------------------------------

@pytest.mark.parametrize("native", ["山田太郎", "山田 太郎", "ヤマダ タロウ", "やまだ たろう", "ﾔﾏﾀﾞ ﾀﾛｳ"])
@pytest.mark.parametrize("given, family", [
    ("Taro", "Yamada"), ("Taro", "YAMADA"), ("Tarō", "Yamada"), ("Tarou", "Yamada"),
    ("Taroh", "Yamada"),
])
def test_japanese_name_meets_its_hepburn(native: str, given: str, family: str) -> None:
    assert meets(native, given, family)
    assert meets_in_order(native, given, family)


def test_unspaced_katakana_meets_in_the_written_order() -> None:
    assert meets("ヤマダタロウ", "Taro", "Yamada")
    assert meets_in_order("ヤマダタロウ", "Taro", "Yamada")


@pytest.mark.parametrize("family", ["Sato", "Satoh", "Satou", "Satō"])
def test_long_vowel_in_a_surname_is_spelt_many_ways(family: str) -> None:
    assert meets("佐藤", "", family)
    assert meets("佐藤花子", "Hanako", family)


def test_japanese_names_of_other_people_do_not_meet() -> None:
    assert not meets("山田太郎", "Taro", "Yamamoto")
    assert not meets("ヤマダ タロウ", "Taro", "Yamamoto")


def test_passport_m_before_b_m_p_meets_the_kana() -> None:
    assert meets("本間", "", "Homma")
    assert meets("ホンマ", "", "Honma")


@pytest.mark.parametrize("kana, romaji", [
    ("タロウ", "tarou"), ("キョウコ", "kyouko"), ("ショウタ", "shouta"), ("マッチャ", "matcha"),
    ("ハットリ", "hattori"), ("シンイチ", "shinichi"), ("ユーキ", "yuki"), ("ティファニー", "tifani"),
    ("ジェシカ", "jeshika"), ("ウィリアム", "wiriamu"), ("づ", "zu"), ("ぢ", "ji"),
])
def test_kana_is_read_in_hepburn(kana: str, romaji: str) -> None:
    assert kana_to_hepburn(kana) == romaji


# --- Han characters only: Chinese or Japanese -----------------------------------------------------

def test_han_only_name_gets_both_chinese_and_japanese_readings() -> None:
    forms = ordered_native_forms("山田太郎")
    assert "yamadataro" in forms  # Japanese
    assert "shantiantailang" in forms  # Mandarin reading of the same characters
    assert meets("高橋", "", "Takahashi") and meets("高橋", "", "Gao Qiao")


def test_a_name_with_kana_or_hangul_is_read_in_its_own_language_only() -> None:
    assert "shantiantailang" not in native_forms("山田たろう")
    assert all("yamada" not in form for form in native_forms("김민준"))


# --- size, cache, laziness ------------------------------------------------------------------------

@pytest.mark.parametrize("native", ["이서연", "류현우", "남궁민수", "山田太郎", "吕布"])
def test_readings_are_capped(native: str) -> None:
    assert 0 < len(ordered_native_forms(native)) <= MAX_READINGS
    assert len(native_forms(native)) <= 2 * MAX_READINGS


def test_a_missing_library_skips_its_readings_and_keeps_the_others(
        monkeypatch: pytest.MonkeyPatch) -> None:
    clear = [romanise.native_readings, romanise.native_forms, romanise.ordered_native_forms]
    for cached in clear:
        cached.cache_clear()
    monkeypatch.setitem(romanise._loaded, "pypinyin.lazy_pinyin", None)
    try:
        assert "zhangwei" not in native_forms("张伟")
        assert "yamadataro" in native_forms("山田太郎")  # Japanese reading still there
        assert "kimminjun" in native_forms("김민준")
    finally:
        for cached in clear:
            cached.cache_clear()


def test_importing_the_module_loads_no_romanisation_library() -> None:
    code = ("import sys, planner.identity.romanise as r; "
            "print(sorted(m for m in ('pypinyin', 'janome') if m in sys.modules)); "
            "r.native_forms('김민준'); r.latin_forms('Taro', 'Yamada'); "
            "print(sorted(m for m in ('pypinyin', 'janome') if m in sys.modules)); "
            "r.native_forms('山田太郎'); "
            "print(sorted(m for m in ('pypinyin', 'janome') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120,
                         cwd=Path(__file__).resolve().parents[3]).stdout.splitlines()
    assert out == ["[]", "[]", "['janome', 'pypinyin']"]
