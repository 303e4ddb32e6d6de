"""How far the duplicate search looks (planner/services/people/merge.py), issue 21.

The rules, as a user cleaning a contact list would put them:
- two records that share an e-mail and whose names agree ("Ann Lee", "A. Lee") are proposed even
  when nothing else about their names brings them together;
- a duplicate pair at a large company (hundreds of people at one organisation) is found like
  one at a small one;
- organisation names 90% alike (one letter of ten) are proposed by default, 80% are not;
- every pair among several spellings of one company is proposed, not the first few;
- a placeholder that normalises to nothing ("-", "&") is nobody's duplicate;
- beyond the block size only names with the same first letter are compared; up to it, all."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from planner.services.people.merge import find_duplicate_organisations, find_duplicate_people
from planner.services.people.people import add_organisation, add_person
from planner.storage.database import Database

pytestmark = pytest.mark.engines


def _org_pairs(s: Session, **kw: int) -> list[tuple[str, str, int]]:
    return [(p.keep_label, p.drop_label, p.score) for p in find_duplicate_organisations(s, **kw)]


def test_a_shared_email_with_agreeing_names_is_proposed(db: Database) -> None:
    with db.transaction() as s:
        add_person(s, given_name="Ann", family_name="Lee", email="bd@kaede.example")
        add_person(s, given_name="A.", family_name="Lee", email="bd@kaede.example")
        pairs = [(p.keep_label, p.drop_label) for p in find_duplicate_people(s)]
    assert pairs == [("Ann Lee <bd@kaede.example>", "A. Lee <bd@kaede.example>")]


def test_a_pair_is_found_among_hundreds_of_people_at_one_organisation(db: Database) -> None:
    with db.transaction() as s:
        big = add_organisation(s, name="Minato Biologics")
        for n in range(220):
            add_person(s, given_name=f"Staff{n:03d}", family_name=f"Member{n:03d}", organisation_id=big.id)
        add_person(s, given_name="Ann", family_name="Lee", organisation_id=big.id)
        for n in range(220, 260):
            add_person(s, given_name=f"Staff{n:03d}", family_name=f"Member{n:03d}", organisation_id=big.id)
        add_person(s, given_name="A.", family_name="Lee", organisation_id=big.id)
        pairs = [(p.keep_label, p.drop_label) for p in find_duplicate_people(s)]
    assert ("Ann Lee", "A. Lee") in pairs


def test_organisation_names_one_letter_in_ten_apart_are_proposed_by_default(db: Database) -> None:
    with db.transaction() as s:
        add_organisation(s, name="Kaede Labs")
        add_organisation(s, name="Kaide Labs")  # 90: proposed
        add_organisation(s, name="Kaide Lobs")  # 80 from Kaede Labs: not proposed
        assert ("Kaede Labs", "Kaide Labs", 90) in _org_pairs(s)
        assert all({keep, drop} != {"Kaede Labs", "Kaide Lobs"} for keep, drop, _ in _org_pairs(s))


def test_every_pair_of_several_spellings_of_one_company_is_proposed(db: Database) -> None:
    spellings = ["Sakura Pharma", "Sakura Pharma K.K.", "Sakura Pharma Ltd", "SAKURA PHARMA",
                 "Sakura Pharma Inc.", "Sakura Pharma GmbH", "Sakura Pharma Limited"]
    with db.transaction() as s:
        for name in spellings:
            add_organisation(s, name=name)
        pairs = _org_pairs(s)
    assert len(pairs) == 21  # 7 × 6 / 2
    assert {(keep, drop) for keep, drop, _ in pairs} == {
        (a, b) for i, a in enumerate(spellings) for b in spellings[i + 1:]}
    assert {score for *_, score in pairs} == {100}


def test_a_placeholder_name_is_nobodys_duplicate(db: Database) -> None:
    with db.transaction() as s:
        add_organisation(s, name="-")
        add_organisation(s, name="&")
        add_organisation(s, name="- ")
        assert _org_pairs(s) == []


def test_beyond_the_block_size_only_names_with_the_same_first_letter_are_compared(
        db: Database) -> None:
    with db.transaction() as s:
        for name in ("Sakura Pharma", "Sekura Pharma", "Kaede Labs", "Caede Labs"):
            add_organisation(s, name=name)
        up_to = {(keep, drop) for keep, drop, _ in _org_pairs(s, max_block=4)}
        beyond = {(keep, drop) for keep, drop, _ in _org_pairs(s, max_block=3)}
    assert up_to == {("Sakura Pharma", "Sekura Pharma"), ("Kaede Labs", "Caede Labs")}
    # S… and S… share a block (their second letters differ), K… and C… do not
    assert beyond == {("Sakura Pharma", "Sekura Pharma")}
