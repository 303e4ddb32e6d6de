"""The duplicate pairs the app proposes (planner/services/people/merge.py), issue 21: what each
pair says (its kind, which record is kept: the older one), and that the list is best first."""

from __future__ import annotations

import pytest

from planner.services.people.merge import find_duplicate_organisations
from planner.services.people.people import add_organisation
from planner.storage.database import Database

pytestmark = pytest.mark.engines


def test_organisation_pairs_are_listed_best_first_each_keeping_the_older_record(db: Database) -> None:
    with db.transaction() as s:
        older = add_organisation(s, name="Sakura Pharma Ltd")  # created first: the one kept
        newer = add_organisation(s, name="Sakura Pharma")
        kyoto = add_organisation(s, name="Kyoto Biotech")
        kyoto_typo = add_organisation(s, name="Kyoto Biotec")
        osaka = add_organisation(s, name="Osaka Cell Therapy Group")
        osaka_near = add_organisation(s, name="Osaka Cell Therapy Grp")
        ids = {o.uuid: o.name for o in (older, newer, kyoto, kyoto_typo, osaka, osaka_near)}
        kept = (older.uuid, newer.uuid, kyoto.uuid, kyoto_typo.uuid, osaka.uuid, osaka_near.uuid)
    with db.session() as s:
        pairs = find_duplicate_organisations(s)
    assert all(p.kind == "organisation" for p in pairs)
    assert [(p.keep, p.drop, p.reason) for p in pairs] == [
        (kept[0], kept[1], "same name"),
        (kept[2], kept[3], "similar name"),
        (kept[4], kept[5], "similar name"),
    ]
    assert [p.score for p in pairs] == sorted((p.score for p in pairs), reverse=True)
    assert pairs[0].score == 100 and 90 <= pairs[2].score < pairs[1].score < 100
    assert (pairs[0].keep_label, pairs[0].drop_label) == (ids[kept[0]], ids[kept[1]])


def test_a_pair_just_at_the_threshold_is_proposed(db: Database) -> None:
    with db.transaction() as s:
        add_organisation(s, name="Kyoto Biotech")
        add_organisation(s, name="Kyoto Biotec")
    with db.session() as s:
        [pair] = find_duplicate_organisations(s)
        assert [p.drop_label for p in find_duplicate_organisations(s, threshold=pair.score)] == ["Kyoto Biotec"]
        assert find_duplicate_organisations(s, threshold=pair.score + 1) == []


def _two_kenichi_satos(db: Database) -> tuple[str, str]:
    from planner.services.people.people import add_person

    with db.transaction() as s:
        older = add_person(s, given_name="Kenichi", family_name="Sato", email="k.sato@kansai.example")
        newer = add_person(s, given_name="Kenichi", family_name="Sato", email="kenichi.sato@kansai-bio.example")
        return older.uuid, newer.uuid


def test_a_person_pair_says_who_is_kept_who_goes_and_every_reason(db: Database) -> None:
    from planner.services.people.merge import find_duplicate_people

    older, newer = _two_kenichi_satos(db)
    with db.session() as s:
        [pair] = find_duplicate_people(s)
    assert (pair.kind, pair.keep, pair.drop) == ("person", older, newer)  # the older record is kept
    assert (pair.keep_label, pair.drop_label) == ("Kenichi Sato <k.sato@kansai.example>",
                                                  "Kenichi Sato <kenichi.sato@kansai-bio.example>")
    assert pair.reasons == ("same name", "different e-mails") and pair.reason == "same name; different e-mails"


def test_a_person_pair_just_at_the_threshold_is_proposed(db: Database) -> None:
    from planner.services.people.merge import find_duplicate_people

    _two_kenichi_satos(db)
    with db.session() as s:
        [pair] = find_duplicate_people(s)
        assert len(find_duplicate_people(s, threshold=pair.score)) == 1
        assert find_duplicate_people(s, threshold=pair.score + 1) == []


def test_within_an_event_a_pair_of_two_of_its_people_is_proposed(db: Database) -> None:
    from datetime import date

    from planner.services.events.delegations import add_delegate, add_delegation
    from planner.services.events.events import add_event
    from planner.services.people.merge import find_duplicate_people
    from planner.services.people.people import add_person, find_person

    older, newer = _two_kenichi_satos(db)
    with db.transaction() as s:
        event = add_event(s, code="bj26", name="BioJapan", start_date=date(2026, 10, 14),
                          end_date=date(2026, 10, 16), tz="Asia/Tokyo")
        delegation = add_delegation(s, event, name="UK delegation")
        for email in ("k.sato@kansai.example", "kenichi.sato@kansai-bio.example"):
            add_delegate(s, delegation, find_person(s, email))
        add_person(s, given_name="Hana", family_name="Tanaka", email="hana@osaka.example")  # not in it
        event_id = event.id
    with db.session() as s:
        assert [(p.keep, p.drop) for p in find_duplicate_people(s, event_id=event_id)] == [(older, newer)]
