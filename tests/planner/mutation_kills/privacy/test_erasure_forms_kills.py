"""What erasure looks for (planner/services/personal_data/privacy.py), issue 21: a two-character native name
(王伟) with and without a space, the mobile as typed, both name orders; never a lone given or
family name (too common to replace). The whole erasure of these forms, in every table and the
file's bytes, is tests/planner/safety/test_erasure_complete.py."""

from __future__ import annotations

from planner.domain.enums import NameOrder
from planner.services.personal_data.privacy import identifying_texts
from planner.services.personal_data.text_match import Matcher
from planner.storage.models import Person


def person(**kw) -> Person:
    values = dict(given_name="Wei", family_name="Wang", name_order=NameOrder.FAMILY_FIRST,
                  native_name="王 伟", native_reading="", email="wang.wei@example.cn",
                  phone="", mobile="+86 138 0013 8000")
    values.update(kw)
    return Person(**values)


def test_a_two_character_native_name_and_the_mobile_are_looked_for():
    texts = identifying_texts(person())
    assert {"王伟", "王 伟", "+86 138 0013 8000", "wang.wei@example.cn", "Wei Wang", "Wang Wei",
            "Wang, Wei", "WANG Wei"} <= set(texts)
    assert "Wei" not in texts and "Wang" not in texts  # a lone name is too common
    assert texts == sorted(texts, key=len, reverse=True)  # longest first


def test_notes_that_mention_them_are_found_in_any_spelling():
    matcher = Matcher(identifying_texts(person()))
    for note in ("Met 王伟 at the booth", "call 138-0013-8000 after 5", "ｗａｎｇ ｗｅｉ asked for a demo",
                 "WANG WEI (Sakura)"):
        assert matcher.in_bytes(note.encode()), note
    assert not matcher.in_bytes(b"Met Wang Lei at the booth")


def test_a_one_character_native_name_alone_is_not_looked_for():
    texts = identifying_texts(person(native_name="伟", given_name="", family_name="", mobile=""))
    assert "伟" not in texts
