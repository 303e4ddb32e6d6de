"""script_of (planner/imports/normalise.py), issue 21: a letter the Unicode database has no name
for is another alphabet, never a crash of the import.

Python's unicodedata (3.11, Unicode 14) gives no name to the Tangut ideographs (U+17000-U+187F7,
U+18D00-U+18D08) although str.isalpha() is true for them, so unicodedata.name(ch) without a
default raises ValueError. script_of mutmut_19 (name(ch, None)) and mutmut_21 (name(ch)) survived
the full run of issue 21: only the property tests over any text could reach such a letter, and
they draw one by chance (a flaky kill). These tests reach it every time."""

from __future__ import annotations

import unicodedata

import pytest

from planner.imports.normalise import script_of, split_full_name

TANGUT = "\U00017000\U00017001"  # two Tangut ideographs: letters without a name


def test_the_letters_used_here_are_letters_without_a_name():
    assert all(ch.isalpha() for ch in TANGUT)
    # a later Unicode database may name them; the rules below hold either way
    assert unicodedata.name(TANGUT[0], "") in ("", "TANGUT IDEOGRAPH-17000")


@pytest.mark.parametrize("text, script", [
    (TANGUT, "other"),  # another writing system, like Cyrillic
    (f"Ann {TANGUT}", "mixed"),  # Latin and another alphabet
    (f"{TANGUT} 山田", "mixed"),  # CJK and another alphabet
    (f"1 {TANGUT} -", "other"),
])
def test_a_letter_without_a_unicode_name_is_another_alphabet_not_a_crash(text: str, script: str):
    assert script_of(text) == script


def test_a_name_cell_in_a_script_without_names_is_read_as_it_is():
    # split_full_name asks script_of first: the import of such a cell goes on
    assert split_full_name(TANGUT).family == TANGUT
    p = split_full_name(f"Ann {TANGUT}")
    assert (p.given, p.family) == ("Ann", TANGUT)
