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
