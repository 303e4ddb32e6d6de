"""More rules of name parsing, script detection and e-mail syntax on import
(planner/imports/normalise.py), each killing mutants that survived the full run of issue 21
(mutant names in the comments refer to that run; scripts/mutation_show.py prints a diff)."""

from __future__ import annotations

import pytest

from planner.imports.normalise import (
    ParsedName,
    looks_like_email,
    script_of,
    split_full_name,
    text_key,
)


def parts(name: str) -> tuple[str, str]:
    p = split_full_name(name)
    return p.given, p.family


# ------------------------------------------------------------------ Japanese names without a space

@pytest.mark.parametrize("name, given, family", [
    ("堤まりこ", "まりこ", "堤"),  # one kanji before kana (堤 is not in the one-character list)
    ("林たろう", "たろう", "林"),
    ("小野田ゆき", "ゆき", "小野田"),  # three kanji before kana
    ("佐藤恵", "恵", "佐藤"),  # three kanji: two of family name
    ("森花子", "花子", "森"),  # a one-character family name from the list
    ("森山花子", "花子", "森山"),  # ... but a four-kanji name starting with it is 2 + 2
    ("岸恵", "恵", "岸"),  # two kanji: one each
    ("高橋一郎", "一郎", "高橋"),  # 高 is a Chinese surname too, but four kanji are Japanese
    ("佐々木", "", "佐々木"),  # a listed family name alone (it was split 佐々 / 木)
])
def test_a_japanese_name_without_a_space_is_cut_after_its_family_name(name: str, given: str, family: str):
    # _split_cjk mutmut_61/67/73/78-84/87-100, _looks_chinese mutmut_9/11/16
    p = split_full_name(name)
    assert (p.given, p.family, p.native, p.name_order) == (given, family, name, "family_first")
    assert script_of(name) == "ja"


def test_a_run_of_four_kanji_before_kana_is_not_all_family_name():
    # _split_cjk mutmut_83: no family name in the rule is longer than three kanji (the longer
    # ones, 勅使河原 and 武者小路, are listed by name)
    assert len(split_full_name("宇都宮真ゆみ").family) <= 3


def test_a_one_character_name_is_a_family_name():
    # _split_cjk mutmut_21-33 (the branch is gone: every rule cuts a one-character name after it)
    assert split_full_name("王") == ParsedName("", "王", "王", "family_first")
    assert split_full_name("김") == ParsedName("", "김", "김", "family_first")


# ------------------------------------------------------------------ Chinese and Korean names

def test_a_chinese_compound_surname_is_kept_whole_before_a_one_character_given_name():
    # _split_cjk mutmut_55/56, _looks_chinese mutmut_15 (歐陽 in traditional characters)
    assert parts("欧阳娜") == ("娜", "欧阳")
    assert parts("歐陽娜") == ("娜", "歐陽") and script_of("歐陽娜") == "zh"


def test_a_korean_name_is_cut_after_a_one_syllable_surname_unless_four_syllables_start_with_a_compound():
    # _split_cjk mutmut_41: 황보라 is Hwang Bo-ra, not Hwangbo Ra; 김수한무 has a three-syllable given name
    assert parts("황보라") == ("보라", "황")
    assert parts("김수한무") == ("수한무", "김")
    assert parts("남궁민수") == ("민수", "남궁")


def test_a_cjk_name_with_several_spaces_keeps_them_in_the_given_name():
    # _split_cjk mutmut_2/15
    assert parts("김 민 준") == ("민 준", "김")
    assert parts("山田\u3000太郎") == ("太郎", "山田")  # split_full_name mutmut_10: the ideographic space


# ------------------------------------------------------------------ Latin names

def test_a_title_before_a_lone_family_name_is_not_a_given_name():
    # _split_latin mutmut_21, and the fix it led to: "Dr Lee" was read as given name "Dr"
    assert parts("Dr Lee") == ("", "Lee")
    assert parts("Dr Ann Lee") == ("Ann", "Lee")


def test_a_first_word_that_is_also_a_particle_is_a_given_name():
    # _split_latin mutmut_99: Ben, Van and Do are given names before a family name
    assert parts("Ben Lee") == ("Ben", "Lee")
    assert parts("Van Morrison") == ("Van", "Morrison")


def test_two_suffixes_stay_in_their_order_and_a_stray_comma_does_not_hide_one():
    # _split_latin mutmut_41 (31/32/35: the comma rstrip was dead code, gone)
    assert parts("John Smith Jr. PhD") == ("John", "Smith Jr. PhD")
    assert parts("Ann Lee Jr.,") == ("Ann", "Lee Jr.")


def test_a_two_letter_family_name_in_capitals_written_first_is_the_family_name():
    # _split_latin mutmut_77: LI Wei
    p = split_full_name("LI Wei")
    assert (p.given, p.family, p.name_order) == ("Wei", "LI", "family_first")


def test_in_family_comma_given_the_family_name_is_before_the_first_comma():
    # _split_latin mutmut_5
    assert split_full_name("Lee, Ann, Jr").family == "Lee"


def test_a_cell_of_punctuation_is_no_name():
    # _split_latin mutmut_43-53
    assert split_full_name(",") == ParsedName("", "", None, "given_first")


# ------------------------------------------------------------------ cells mixing scripts

def test_a_mixed_cell_keeps_a_kana_or_hangul_native_name():
    # _is_cjk mutmut_2: kana and hangul are CJK as much as han
    p = split_full_name("Taro Yamada やまだたろう")
    assert (p.given, p.family, p.native) == ("Taro", "Yamada", "やまだたろう")
    k = split_full_name("Kim Minjun 김민준")
    assert k.native == "김민준"


def test_a_family_first_romanised_name_keeps_its_order_beside_the_native_name():
    # split_full_name mutmut_86
    p = split_full_name("YAMADA Taro 山田太郎")
    assert (p.given, p.family, p.native, p.name_order) == ("Taro", "YAMADA", "山田太郎", "family_first")


def test_the_native_name_keeps_its_own_spaces_and_parts_and_loses_the_commas():
    # split_full_name mutmut_48/50/67/70 and the fix: "王伟, Wang Wei" had native "王伟,"
    assert split_full_name("Taro Yamada 山田 太郎").native == "山田 太郎"
    assert split_full_name("Taro 太郎 Yamada 山田").native == "太郎 山田"
    p = split_full_name("王伟, Wang Wei")
    assert (p.given, p.family, p.native) == ("Wang", "Wei", "王伟")
    q = split_full_name("Wang Wei, 王伟")
    assert (q.given, q.family, q.native) == ("Wang", "Wei", "王伟")
    r = split_full_name(",Wang Wei 王伟")  # a stray comma before the romanised name
    assert (r.given, r.family, r.native) == ("Wang", "Wei", "王伟")
    assert parts("Xu Li 徐丽") == ("Xu", "Li")


def test_a_latin_and_cyrillic_cell_has_no_native_name():
    # split_full_name mutmut_32, script_of mutmut_59-67
    assert script_of("Anna Иванова") == "mixed"
    assert split_full_name("Anna Иванова") == ParsedName("Anna", "Иванова")
    assert script_of("Иван Петров") == "other" and script_of("123") == "other"


def test_japanese_beside_korean_is_mixed():
    # script_of mutmut_39/40
    assert script_of("やまだ 김") == "mixed"
    assert parts("やまだ 김") == ("김", "やまだ")


# ------------------------------------------------------------------ the blocks each script is read from

@pytest.mark.parametrize("ch, script", [
    ("\u3040", "ja"), ("\u30ff", "ja"), ("\uff66", "ja"), ("\uff9f", "ja"),  # kana blocks, both ends
    ("々", "ja"), ("〆", "ja"),
    ("\uac00", "ko"), ("\ud7a3", "ko"), ("\u1100", "ko"), ("\u11ff", "ko"), ("\u3130", "ko"), ("\u318f", "ko"),
    ("\u4e00", "han"), ("\u9fff", "han"), ("\u3400", "han"), ("\u4dbf", "han"),
    ("\uf900", "han"), ("\ufaff", "han"), ("\U00020000", "han"), ("\U0003134f", "han"),
    ("X", "latin"),
])
def test_each_script_is_read_from_its_unicode_blocks_first_to_last(ch: str, script: str):
    # _is_kana, _is_hangul, _is_han boundary mutants: a block's first and last code point. Han
    # alone is Chinese or Japanese (by whether Japanese encodings have it): either way not "other"
    assert script_of(ch) in (("ja", "zh") if script == "han" else (script,))


# ------------------------------------------------------------------ e-mail syntax

@pytest.mark.parametrize("address, ok", [
    ("a" * 64 + "@" + "b" * 63 + "." + "c" * 63 + "." + "d" * 57 + ".org", True),  # 254 characters
    ("a" * 64 + "@" + "b" * 63 + "." + "c" * 63 + "." + "d" * 58 + ".org", False),  # 255
    ("ann@example.com.", True),  # the root dot of a domain
    ("ann@.example.com", False),
    ("ann.@example.com", False),  # a dot at the end of the local part
    ("ann@mail.2024.org", True),  # a numeric label that is not the top-level one
    ("ann@example.xn--p1ai", True), ("ann@example.XN--P1AI", True),  # .рф in punycode
    ("SALES@EXAMPLE.XXX", True),  # capitals, and a top-level domain of X's
])
def test_an_address_is_checked_by_its_length_domain_and_top_level_part(address: str, ok: bool):
    # looks_like_email mutmut_11-13/22/23/27/33/48/56-59
    assert looks_like_email(address) is ok


def test_punctuation_in_a_non_ascii_name_is_a_word_break_in_keys():
    # _key_char: the slow path of text_key follows the same rule as the ASCII table
    assert text_key("Müller-Lüdenscheidt O’Neil") == "müller lüdenscheidt oneil"
    assert text_key("Zoë\tBär\x07x, K.K.") == "zoë bärx kk"
    assert text_key("Café　Bar") == "café bar"  # the ideographic space
