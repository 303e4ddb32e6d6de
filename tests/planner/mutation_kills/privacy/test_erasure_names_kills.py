"""Which names erasure finds a person by, and which it looks for in free text (issue 21).

planner/services/personal_data/privacy.py ``resolve_person``, ``_name_forms``, ``_marker_keys``,
``_identity_texts`` and ``identifying_texts``: a person is named as the app shows them (family
name first, in capitals), by a native name in any script; their aliases in another script or
reading are looked for, a name alias of a given name alone is not; a lone given name, or a
one-word native name, is too common to replace; a CJK name is found in every order."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from planner.domain.enums import AliasKind, NameOrder
from planner.errors import NotFoundError
from planner.services.people.identity import add_alias
from planner.services.people.people import add_person, find_person, update_person
from planner.services.personal_data import privacy
from planner.services.personal_data.privacy import identifying_texts
from planner.storage.database import Database
from planner.storage.models import Person

BEN = "ben@okafor.example"


def _with_ben(db: Database, **person: object) -> None:
    """The person to erase (e-mail ayse@example.org), and Ben, whose notes may name them."""
    with db.transaction() as s:
        add_person(s, email="ayse@example.org", **person)
        add_person(s, given_name="Ben", family_name="Okafor", email=BEN)


def _bens_notes_after_erasing(db: Database, notes: str) -> str:
    with db.transaction() as s:
        update_person(s, find_person(s, BEN), notes=notes)
    report = privacy.erase_person(db, "ayse@example.org")
    assert report.deleted["person"] == 1 and report.residue == []
    with db.session() as s:
        return find_person(s, BEN).notes


def _emails(db: Database) -> list[str]:
    with db.session() as s:
        return sorted(p.email for p in s.scalars(select(Person)))


# --------------------------------------------------------------------------- as the app shows them
def test_a_person_is_found_by_their_name_as_the_app_shows_it_family_first_in_capitals(db: Database) -> None:
    """Ayşe Yıldız, family name first, is shown as "YILDIZ Ayşe" (the capital of the Turkish ı
    is I, so this is not "Yıldız Ayşe" in other letters): erasing that name erases her."""
    _with_ben(db, given_name="Ayşe", family_name="Yıldız", name_order=NameOrder.FAMILY_FIRST)
    report = privacy.erase_person(db, "YILDIZ Ayşe")
    assert not report.resumed and report.deleted["person"] == 1
    assert _emails(db) == [BEN]


def test_an_interrupted_erasure_is_finished_by_the_name_as_the_app_showed_it(
        db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """The erasure stopped right after its commit; the user runs it again with the name the app
    showed ("YILDIZ Ayşe"): it is recognised as the same erasure and finished."""
    _with_ben(db, given_name="Ayşe", family_name="Yıldız", name_order=NameOrder.FAMILY_FIRST)
    with monkeypatch.context() as m:
        def stopped(*_a: object, **_kw: object) -> None:
            raise KeyboardInterrupt

        m.setattr(privacy, "purge_free_space", stopped)
        with pytest.raises(KeyboardInterrupt):
            privacy.erase_person(db, "ayse@example.org")
    report = privacy.erase_person(db, "YILDIZ Ayşe")
    assert report.resumed and report.residue == []
    with db.session() as s:
        assert privacy.pending_erasures(s) == 0


def test_another_spelling_of_their_name_is_looked_for_as_the_app_shows_it(db: Database) -> None:
    """Her badge said "Ayse Yildiz"; the right spelling is her name alias. Ben's notes name her
    as the app shows that alias (family name first, in capitals): it goes."""
    _with_ben(db, given_name="Ayse", family_name="Yildiz", name_order=NameOrder.FAMILY_FIRST)
    with db.transaction() as s:
        add_alias(s, find_person(s, "ayse@example.org"), AliasKind.NAME, given_name="Ayşe",
                  family_name="Yıldız")
    assert _bens_notes_after_erasing(db, "Met YILDIZ Ayşe at the stand") == "Met [erased] at the stand"


def test_a_person_whose_name_order_is_not_set_yet_is_looked_for_by_their_name() -> None:
    """A record not saved yet has no name order: both orders of the name are looked for anyway."""
    texts = identifying_texts(Person(given_name="Ingrid", family_name="Holm", name_order=None,
                                     native_name="", native_reading="", email="ingrid@holm.example",
                                     phone="", mobile=""))
    assert {"Ingrid Holm", "Holm Ingrid", "Holm, Ingrid", "ingrid@holm.example"} <= set(texts)


# --------------------------------------------------------------------------- native names
@pytest.mark.parametrize("who", ["王伟", "王 伟"])
def test_a_person_is_found_by_their_two_character_native_name_with_or_without_its_space(
        db: Database, who: str) -> None:
    _with_ben(db, given_name="Wei", family_name="Wang", native_name="王 伟")
    report = privacy.erase_person(db, who)
    assert not report.resumed and report.deleted["person"] == 1
    assert _emails(db) == [BEN]


def test_a_person_is_found_by_their_native_name_in_another_alphabet(db: Database) -> None:
    _with_ben(db, given_name="Lukasz", family_name="Grin", native_name="Лукаш Грин")
    report = privacy.erase_person(db, "Лукаш Грин")
    assert not report.resumed and report.deleted["person"] == 1
    assert _emails(db) == [BEN]


def test_a_one_word_native_name_in_an_alphabet_is_too_common_to_replace(db: Database) -> None:
    """Лукаш alone is a given name, as common as "Lukasz": Ben's note about another Лукаш stays."""
    _with_ben(db, given_name="Lukasz", family_name="Grin", native_name="Лукаш")
    assert _bens_notes_after_erasing(db, "Лукаш from the lab called") == "Лукаш from the lab called"


def test_a_cjk_name_is_found_written_family_comma_given(db: Database) -> None:
    """王伟 entered in the name fields (family 王, given 伟): a list that wrote him "王, 伟" names him."""
    _with_ben(db, given_name="伟", family_name="王", name_order=NameOrder.FAMILY_FIRST)
    assert _bens_notes_after_erasing(db, "Dinner: 李娜; 王, 伟; Ben") == "Dinner: 李娜; [erased]; Ben"


# --------------------------------------------------------------------------- lone names
def test_a_person_known_by_a_given_name_alone_is_not_replaced_in_others_notes(db: Database) -> None:
    """Ingrid has no family name on file: "Ingrid" alone is too common to replace."""
    _with_ben(db, given_name="Ingrid")
    assert _bens_notes_after_erasing(db, "Ingrid from sales called") == "Ingrid from sales called"


@pytest.mark.parametrize("given", ["Mary Ann", "mary.ann@holm.example"])
def test_a_name_alias_of_a_given_name_alone_is_not_looked_for(db: Database, given: str) -> None:
    """Her name alias has only a given name (of two words; or an address pasted into the field):
    a given name alone is too common to replace, in Ben's notes it stays."""
    _with_ben(db, given_name="Ingrid", family_name="Holm")
    with db.transaction() as s:
        add_alias(s, find_person(s, "ayse@example.org"), AliasKind.NAME, given_name=given)
    assert _bens_notes_after_erasing(db, f"Ask {given} first") == f"Ask {given} first"


# --------------------------------------------------------------------------- aliases in other scripts
@pytest.mark.parametrize(("kind", "value"), [
    (AliasKind.NATIVE, "王伟"), (AliasKind.NATIVE, "Ван Вэй"), (AliasKind.READING, "Wáng Wěi")])
def test_a_native_name_or_reading_given_as_an_alias_is_looked_for(
        db: Database, kind: AliasKind, value: str) -> None:
    _with_ben(db, given_name="Wei", family_name="Wang")
    with db.transaction() as s:
        add_alias(s, find_person(s, "ayse@example.org"), kind, value)
    assert _bens_notes_after_erasing(db, f"Lunch with {value} on Tuesday") == "Lunch with [erased] on Tuesday"


def test_a_name_with_a_stray_comma_is_not_the_person_known_by_that_one_name(db: Database) -> None:
    """"Family, given" names someone by both names: "Holm," (cut from a list) is not the
    person known only by the family name Holm, who stays."""
    _with_ben(db, family_name="Holm")
    with pytest.raises(NotFoundError, match="No person"):
        privacy.erase_person(db, "Holm,")
    assert _emails(db) == ["ayse@example.org", BEN]
