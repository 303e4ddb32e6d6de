"""Name parsing and matching keys on import (planner/imports/normalise.py), issue 21.

The names are the ones delegations meet: a Western name with an initial, a Chinese name whose
surname is one character, Korean and Japanese names written without a space, names with
particles, titles and suffixes. Generated names (tests/planner/name_strategies.py) cover Latin,
Chinese Han, Korean hangul and Japanese: kanji family and given names, a kanji family name before
a given name in hiragana or katakana (half-width too), and names wholly in kana."""

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
from tests.planner.name_strategies import (
    HAN_GIVEN,
    JA_FAMILY_2,
    JA_FAMILY_BEFORE_KANA,
    JA_GIVEN_2,
    KANA_WORD,
    KATAKANA_WORD,
    KO_GIVEN,
    KO_SURNAME,
    LATIN,
    ZH_SURNAME,
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


# Japanese, the rule split_full_name states (its docstring and _split_cjk): a CJK name is family
# name first; with a space (ASCII or the ideographic U+3000, one or more) it splits at the first
# space and the native form keeps one ASCII space; without one the family name is guessed: a
# listed three-character name (佐々木) or else the kanji run in front of a given name in kana,
# and for kanji only, two and two when there are four characters (山田太郎). A three-character
# kanji name or a name wholly in kana has no rule the parser can keep for real names (see the
# xfail cases below): for those only nothing may be lost and the order is family first.
IDEOGRAPHIC_SPACE = "\u3000"
_HALF_WIDTH = {unicodedata.normalize("NFKC", chr(cp)): chr(cp) for cp in range(0xFF66, 0xFF9E)}


def half_width(katakana: str) -> str:
    """A katakana word in half-width forms (ﾀﾞ for ダ: the voicing mark is a character of its own)."""
    out = []
    for ch in unicodedata.normalize("NFD", katakana):
        out.append({"\u3099": "\uff9e", "\u309a": "\uff9f"}.get(ch) or _HALF_WIDTH.get(ch, ch))
    return "".join(out)


@given(family=JA_FAMILY_2, given_name=JA_GIVEN_2)
def test_a_japanese_kanji_name_of_two_and_two_characters_splits_in_the_middle(family: str, given_name: str):
    p = split_full_name(family + given_name)
    assert (p.family, p.given, p.native, p.name_order) == (family, given_name, family + given_name,
                                                           "family_first")
    assert script_of(family + given_name) == "ja"


@given(family=JA_FAMILY_BEFORE_KANA, kana=KANA_WORD, half=st.booleans())
def test_a_kanji_family_name_before_a_kana_given_name_is_the_kanji(family: str, kana: str, half: bool):
    given_name = half_width(kana) if half else kana
    p = split_full_name(family + given_name)
    assert (p.family, p.given, p.native, p.name_order) == (family, given_name, family + given_name,
                                                           "family_first")


@given(family=st.one_of(JA_FAMILY_2, JA_FAMILY_BEFORE_KANA, KANA_WORD),
       given_name=st.one_of(JA_GIVEN_2, KANA_WORD),
       space=st.sampled_from([" ", IDEOGRAPHIC_SPACE, "  ", f" {IDEOGRAPHIC_SPACE}", f"{IDEOGRAPHIC_SPACE}\t"]))
def test_a_japanese_name_with_a_space_splits_at_the_space_family_first(family: str, given_name: str,
                                                                       space: str):
    p = split_full_name(f"{family}{space}{given_name}")
    assert (p.family, p.given, p.native, p.name_order) == (family, given_name, f"{family} {given_name}",
                                                           "family_first")


@given(family=KANA_WORD, given_name=KANA_WORD)
def test_a_name_wholly_in_kana_without_a_space_keeps_every_kana_family_first(family: str, given_name: str):
    """やまだたろう: where the family name ends cannot be seen in the kana (the parser cuts after two
    of them, a guess); what it must do is keep the name whole, family part first."""
    p = split_full_name(family + given_name)
    assert p.family + p.given == family + given_name and p.family and p.given
    assert (p.native, p.name_order) == (family + given_name, "family_first")


@given(family=JA_FAMILY_BEFORE_KANA, katakana=KATAKANA_WORD)
def test_half_width_katakana_is_kana(family: str, katakana: str):
    assert script_of(half_width(katakana)) == "ja"
    assert unicodedata.normalize("NFKC", half_width(katakana)) == katakana


@pytest.mark.parametrize("name, family, given_name", [
    ("田中健", "田中", "健"),      # 田 is a Chinese surname too: the guess read it as Chinese, 田 / 中健
    ("高橋健", "高橋", "健"),      # 高, likewise
    ("石川遼", "石川", "遼"),      # 石, likewise
    ("森田健", "森田", "健"),      # 森 is a one-character Japanese family name: the guess cut 森 / 田健
    ("北野武", "北野", "武"),      # 北, likewise
    ("野々村真", "野々村", "真"),  # 々 was counted as kana: 野 / 々村真
    ("一ノ瀬太郎", "一ノ瀬", "太郎"),  # the katakana ノ ended the "kanji run": 一 / ノ瀬太郎
    ("司馬遼太郎", "司馬", "遼太郎"),
    ("森鴎外", "森", "鴎外"),
])
def test_a_japanese_name_without_a_space_is_split_where_the_dictionary_of_names_reads_it(
        name: str, family: str, given_name: str):
    """Japanese names written without a space are split by Janome's dictionary of names (a
    surname, then given names), which character lists only guess at."""
    assert parts(name) == (given_name, family)


@pytest.mark.parametrize("name, family, given_name", [
    ("陳大文", "陳", "大文"), ("李小龍", "李", "小龍"), ("金正恩", "金", "正恩"), ("林美", "林", "美"),
    ("王小明", "王", "小明"), ("張偉", "張", "偉"),
])
def test_a_chinese_name_keeps_its_one_character_family_name(name: str, family: str, given_name: str):
    """The dictionary does not turn a Chinese name into a Japanese one: only a surname of two or
    more characters it knows, followed by given names only, overrides the Chinese reading."""
    assert parts(name) == (given_name, family)


def test_without_the_dictionary_the_guess_still_splits_every_name(monkeypatch: pytest.MonkeyPatch):
    """Janome missing (or a name it does not read as one): the character rules guess. A name read
    as Chinese cuts after its one-character surname; a Japanese one of three characters whose first
    is a one-character family name (森) cuts after it, others after two characters."""
    from planner.identity import romanise
    from planner.imports import normalise

    monkeypatch.setattr(romanise, "japanese_surname_length", lambda _name: None)
    normalise._dictionary_cut.cache_clear()
    try:
        assert [parts(n) for n in ("山田太郎", "田中健", "森鴎外", "鈴木健", "森田太郎")] == [
            ("太郎", "山田"), ("中健", "田"), ("鴎外", "森"), ("健", "鈴木"), ("太郎", "森田")]
    finally:
        normalise._dictionary_cut.cache_clear()


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
