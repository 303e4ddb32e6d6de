"""Name parsing and matching keys on import (planner/imports/normalise.py), issue 21.

The names are the ones delegations meet: a Western name with an initial, a Chinese name whose
surname is one character, Korean and Japanese names written without a space, names with
particles, titles and suffixes. Generated names cover Latin, Han, kana and hangul."""

from __future__ import annotations

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


def parts(name: str) -> tuple[str, str]:
    p = split_full_name(name)
    return p.given, p.family


def test_an_initial_is_a_given_name_not_a_family_name():
    assert parts("J Smith") == ("J", "Smith")
    assert parts("J. Smith") == ("J.", "Smith")


def test_a_family_name_in_capitals_written_first_is_the_family_name():
    p = split_full_name("YAMADA Taro")
    assert (p.given, p.family, p.name_order) == ("Taro", "YAMADA", "family_first")
    assert parts("Ann LEE") == ("Ann", "LEE")  # capitals second: still given-first
    assert parts("IBM Japan") == ("Japan", "IBM")  # the rule as it stands: a capital word first


def test_a_one_character_chinese_surname_leaves_two_characters_of_given_name():
    p = split_full_name("陳大文")
    assert (p.family, p.given, p.native, p.name_order) == ("陳", "大文", "陳大文", "family_first")
    assert parts("王伟") == ("伟", "王")
    assert parts("欧阳娜娜") == ("娜娜", "欧阳")  # a compound surname


def test_korean_and_japanese_names_without_a_space():
    assert parts("김민준") == ("민준", "김")
    assert parts("남궁민수") == ("민수", "남궁")
    assert parts("山田太郎") == ("太郎", "山田")
    assert parts("山田たろう") == ("たろう", "山田")
    assert parts("佐々木希") == ("希", "佐々木")
    assert parts("林檎子") == ("檎子", "林")


def test_a_cjk_name_with_a_space_splits_at_the_space_family_first():
    p = split_full_name("山田\u3000太郎")
    assert (p.family, p.given, p.native) == ("山田", "太郎", "山田 太郎")


def test_particles_titles_and_suffixes():
    assert parts("Anna van der Berg") == ("Anna", "van der Berg")
    assert parts("Dr Ann Lee") == ("Ann", "Lee")
    assert parts("Ann Lee Jr") == ("Ann", "Lee Jr")
    assert parts("Lee, Ann") == ("Ann", "Lee")
    assert parts("Lee, Jr") == ("Lee", "Jr")  # a suffix after the comma is not a given name
    assert parts("Madonna") == ("", "Madonna")
    assert parts("   ") == ("", "")
    assert split_full_name(None) == ParsedName("", "")


def test_a_mixed_cell_keeps_the_native_name_beside_the_romanised_one():
    p = split_full_name("Taro Yamada 山田太郎")
    assert (p.given, p.family, p.native) == ("Taro", "Yamada", "山田太郎")
    q = split_full_name("Wang Wei (王伟)")
    assert (q.given, q.family, q.native) == ("Wang", "Wei", "王伟")


def test_script_of_names():
    assert script_of("Ann Lee") == "latin"
    assert script_of("王伟") == "zh"
    assert script_of("山田太郎") == "ja"
    assert script_of("김민준") == "ko"
    assert script_of("Иван Петров") == "other"
    assert script_of("Ann 山田") == "mixed"
    assert script_of("") == "other"


def test_keys_that_find_duplicates():
    assert organisation_key("Sakura Pharma Co., Ltd.") == organisation_key("SAKURA PHARMA")
    assert organisation_key("株式会社さくら") == organisation_key("さくら")
    assert organisation_key("(株)さくら") == "さくら"
    assert organisation_key("Ltd") == "ltd"  # a name that is only a legal form stays
    assert person_key("Minjun", "Kim", "Acme Ltd") == person_key("Kim", "Minjun", "ACME")
    assert person_key("Ann", "Lee", "Acme") != person_key("Ann", "Lee", "Beta")
    assert text_key("O'Brien K.K.") == "obrien kk"
    assert email_key(None) == "" and text_key(None) == ""


@pytest.mark.parametrize("address, ok", [
    ("ann.lee@example.com", True), ("ann@例え.jp", True), ("ann@xn--r8jz45g.jp", True),
    ("ann@example", False), ("ann@@example.com", False), ("ann..lee@example.com", False),
    (".ann@example.com", False), ("ann@example.c", False), ("ann@example.123", False),
    ("ann lee@example.com", False), ("", False), ("a" * 65 + "@example.com", False),
    ("ann@-example.com", False),
])
def test_looks_like_email(address: str, ok: bool):
    assert looks_like_email(address) is ok


# ------------------------------------------------------------------ generated names, every script

# words that are also titles, suffixes or particles ("Iv" is the suffix IV) are other rules' cases
_RESERVED = {"mr", "mrs", "ms", "miss", "dr", "prof", "herr", "frau", "mx", "jr", "sr", "ii", "iii", "iv",
             "phd", "md", "van", "von", "der", "den", "de", "del", "della", "delle", "dei", "di", "da",
             "das", "dos", "do", "du", "la", "le", "lo", "ter", "ten", "te", "zu", "zum", "zur", "bin",
             "binti", "bint", "al", "el", "ibn", "ben"}
LATIN = (st.text(alphabet="abcdefghijklmnopqrstuvwxyzéøłü", min_size=2, max_size=8)
         .filter(lambda w: w not in _RESERVED).map(str.capitalize))
HAN_GIVEN = st.text(alphabet="伟大文娜明华丽芳", min_size=1, max_size=2)
ZH_SURNAME = st.sampled_from(sorted("王李张刘陈杨黄赵吴周"))
KO_SURNAME = st.sampled_from(["김", "이", "박", "최", "정"])
KO_GIVEN = st.text(alphabet="민준서연지우현", min_size=2, max_size=2)


@given(given_name=LATIN, family=LATIN)
def test_a_latin_given_family_pair_comes_back_as_typed(given_name: str, family: str):
    assert parts(f"{given_name} {family}") == (given_name, family)
    assert parts(f"{family}, {given_name}") == (given_name, family)


@given(surname=ZH_SURNAME, given_name=HAN_GIVEN)
def test_a_chinese_name_without_space_splits_after_its_one_character_surname(surname: str,
                                                                            given_name: str):
    p = split_full_name(surname + given_name)
    assert (p.family, p.given, p.native) == (surname, given_name, surname + given_name)


@given(surname=KO_SURNAME, given_name=KO_GIVEN)
def test_a_korean_name_without_space_splits_after_its_surname(surname: str, given_name: str):
    assert parts(surname + given_name) == (given_name, surname)


@given(name=st.text(max_size=30))
def test_splitting_loses_no_letter_and_never_fails(name: str):
    p = split_full_name(name)
    letters = sorted(ch for ch in name if ch.isalnum())
    kept = sorted(ch for ch in p.given + p.family + (p.native or "") if ch.isalnum())
    assert set(letters) <= set(kept) or p.native  # mixed cells keep CJK in native


def test_punctuation_between_words_is_a_word_break_in_keys():
    assert text_key("Sato,Kenichi") == "sato kenichi"
    assert text_key("Sato-Kenichi/Osaka") == "sato kenichi osaka"
    assert text_key("tab\there") == "tab here"
    assert text_key("bell\x07") == "bell"  # a control character is dropped, not a break


def test_person_key_is_sorted_name_words_then_the_organisation():
    assert person_key("Ann", "Lee", "Acme Ltd") == "ann lee|acme"
    assert person_key("Kim", "Min Jun", None) == "jun kim min|"


def test_the_first_character_of_cjk_extension_a_is_a_han_character():
    assert script_of("\u3400\u4e00") in ("ja", "zh")
    assert split_full_name("\u3400\u4e00\u4e01").native == "\u3400\u4e00\u4e01"
