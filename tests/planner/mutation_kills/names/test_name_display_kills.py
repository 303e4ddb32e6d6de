"""The one name formatter (planner/domain/names.py), issue 21: how a name is printed in tables,
briefing packs and pickers, in Western order, East Asian family-first order and native script."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from planner.domain.enums import NameOrder
from planner.domain.names import (
    PersonName,
    display_name,
    has_cjk,
    initials,
    is_cjk_char,
    native_display,
    sort_text,
)


def test_western_order_is_given_then_family():
    assert display_name(" Ann ", " Lee ") == "Ann Lee"
    assert display_name("Ann", "Lee", "given_first") == "Ann Lee"


def test_family_first_romanised_names_print_the_family_name_in_capitals():
    assert display_name("Taro", "Yamada", NameOrder.FAMILY_FIRST) == "YAMADA Taro"
    assert display_name("太郎", "山田", NameOrder.FAMILY_FIRST) == "山田 太郎"  # no capitals in kanji


def test_a_missing_part_leaves_no_stray_space():
    assert display_name("", "Lee") == "Lee"
    assert display_name("Madonna", "") == "Madonna"
    assert display_name("", "Yamada", NameOrder.FAMILY_FIRST) == "YAMADA"
    assert display_name("", "") == ""


def test_with_native_adds_the_native_script_in_brackets_once():
    p = PersonName("Taro", "Yamada", NameOrder.FAMILY_FIRST, native_name="山田 太郎")
    assert p.display() == "YAMADA Taro"
    assert p.with_native() == "YAMADA Taro (山田 太郎)"
    assert PersonName("", "", native_name="王伟").with_native() == "王伟"
    assert PersonName("Ann", "Lee", native_name="Ann Lee").with_native() == "Ann Lee"
    assert PersonName("Ann", "Lee").with_native() == "Ann Lee"


def test_people_sort_by_family_then_given_name_ignoring_case_and_accents():
    people = [PersonName("zoe", "Łukasz"), PersonName("Ann", "lee"), PersonName("Bob", "Lee"),
              PersonName("Émile", "Adams")]
    assert [p.display() for p in sorted(people, key=PersonName.sort_key)] == [
        "Émile Adams", "Ann lee", "Bob Lee", "zoe Łukasz"]
    assert sort_text("ÉMILE") == sort_text("émile")
    assert sort_text("Ｔａｎａｋａ") == "tanaka"


def test_initials_and_native_display():
    assert initials("ann", "lee") == "AL"
    assert initials("", "Lee") == "L"
    assert native_display("山田", "太郎") == "山田太郎"


def test_cjk_characters_of_every_east_asian_script():
    for ch in "あアｱ山﨑김ᄀㄱ𠀋":
        assert is_cjk_char(ch), ch
    for ch in "aé Ж!":
        assert not is_cjk_char(ch), ch
    assert has_cjk("Taro 山田") and not has_cjk("Taro")
    # the edges of the ranges
    assert is_cjk_char("\u3040") and is_cjk_char("\u30ff") and not is_cjk_char("\u3100")
    assert is_cjk_char("\u9fff") and is_cjk_char("\ud7af") and not is_cjk_char("\ud7b0")
    assert is_cjk_char("\U0002fa1f") and not is_cjk_char("\U0002fa20")


@given(given_name=st.text(alphabet="abcXYZé山", max_size=6), family=st.text(alphabet="abcXYZé김", max_size=6))
def test_a_displayed_name_is_its_parts_joined_by_one_space(given_name: str, family: str):
    shown = display_name(given_name, family)
    assert shown == " ".join(p for p in (given_name.strip(), family.strip()) if p)
    # family first: the family name (in capitals unless written in CJK characters), then the
    # given name; an empty part leaves no stray space
    g, f = given_name.strip(), family.strip()
    f_shown = f if "김" in f else f.upper()
    assert display_name(given_name, family, NameOrder.FAMILY_FIRST) == " ".join(p for p in (f_shown, g) if p)
