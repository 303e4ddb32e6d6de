"""A name "has CJK" exactly when one of its characters is Chinese, Japanese or Korean script."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from planner.domain.names import has_cjk, is_cjk_char


@given(st.text(max_size=12))
def test_has_cjk_is_true_exactly_when_some_character_is_cjk(text: str) -> None:
    assert has_cjk(text) == any(is_cjk_char(c) for c in text)


def test_names_people_write() -> None:
    assert not has_cjk("Łukasz Nowak-Smith")
    assert all(has_cjk(n) for n in ("山田 太郎", "김민준", "陳大文", "髙橋 﨑子", "ﾔﾏﾀﾞ", "Taro 山田"))
