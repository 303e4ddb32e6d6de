"""People and organisation search for the big GUI tables: the FTS index, its triggers, paging."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import delete, insert, select

from planner.domain.enums import NameOrder
from planner.services.people.people import (
    add_person,
    find_or_add_organisation,
    update_organisation,
    update_person,
)
from planner.services.views.search import (
    organisation_ids,
    organisations_filtered_ids,
    people_filtered_ids,
    person_ids,
    person_matches,
    person_rows,
    search_all,
)
from planner.storage import search_index
from planner.storage.database import Database
from planner.storage.models import Organisation, Person

pytestmark = pytest.mark.engines  # SQLite's FTS5 index and the server's pg_trgm, one interface


@pytest.fixture
def people(db: Database) -> dict[str, int]:
    with db.transaction() as s:
        sakura = find_or_add_organisation(s, "Sakura Pharma K.K.")
        munich = find_or_add_organisation(s, "Bayerische Biologics GmbH")
        made = {
            "yamada": add_person(s, given_name="Taro", family_name="Yamada", native_name="山田 太郎",
                                 native_reading="やまだ たろう", name_order=NameOrder.FAMILY_FIRST,
                                 email="taro.yamada@sakura-pharma.example", organisation=sakura),
            "muller": add_person(s, given_name="Jürgen", family_name="Müller", email="j.mueller@bayerische.example",
                                 organisation=munich),
            "mary": add_person(s, given_name="Mary", family_name="Smith", email="mary@example.org"),
            "yui": add_person(s, given_name="Yui", family_name="Takeda", native_name="武田 結衣",
                              email="yui.takeda@sakura-pharma.example", organisation=sakura),
        }
        return {k: p.id for k, p in made.items()}


def _find(db: Database, text: str) -> set[int]:
    with db.session() as s:
        return person_matches(s, text)


def test_three_or_more_characters_match_anywhere(db: Database, people: dict[str, int]) -> None:
    assert _find(db, "amad") == {people["yamada"]}  # inside a word
    assert _find(db, "sakura-pharma") == {people["yamada"], people["yui"]}  # e-mail domain
    assert _find(db, "Sakura Pharma") == {people["yamada"], people["yui"]}  # organisation name
    assert _find(db, "taro yam") == {people["yamada"]}  # given and family name together
    assert _find(db, "やまだ") == {people["yamada"]}  # reading
    assert _find(db, "mith") == {people["mary"]}
    assert _find(db, "nobody") == set()


def test_case_is_ignored_in_every_script(db: Database, people: dict[str, int]) -> None:
    assert _find(db, "müller") == _find(db, "MÜLLER") == _find(db, "Müller") == {people["muller"]}
    assert _find(db, "JÜRGEN") == {people["muller"]}
    assert _find(db, "SMITH") == {people["mary"]}


def test_cjk_names_are_found_with_short_and_long_strings(db: Database, people: dict[str, int]) -> None:
    assert _find(db, "山田") == {people["yamada"]}  # two characters: start of a word
    assert _find(db, "山田 太") == {people["yamada"]}
    assert _find(db, "武田") == {people["yui"]}
    assert _find(db, "山") == {people["yamada"]}


def test_one_or_two_characters_match_the_start_of_a_word(db: Database, people: dict[str, int]) -> None:
    assert _find(db, "y") == {people["yamada"], people["yui"]}  # Yamada, Yui: not "Mary"
    assert _find(db, "ta") == {people["yamada"], people["yui"]}  # Taro, Takeda
    assert _find(db, "sm") == {people["mary"]}
    assert _find(db, "mu") == {people["muller"]}  # diacritics folded for short strings
    assert _find(db, "zz") == set()


def test_search_syntax_in_the_text_is_just_text(db: Database, people: dict[str, int]) -> None:
    for text in ['"', 'a"b', "*", "yam*", "NOT", "smith OR", "-", "(", "a:b", "%", "_", "\\"]:
        # never an FTS5 syntax error, and read as text: nobody's name or e-mail holds these (as a
        # prefix query "yam*" would find Yamada, "smith OR" Mary Smith, "%" or "_" as LIKE everyone)
        assert _find(db, text) == set(), text
    assert _find(db, "   ") == set(people.values())  # blank: no filter
    assert _find(db, "smith OR yamada") == set()


def test_index_follows_every_write(db: Database, people: dict[str, int]) -> None:
    with db.transaction() as s:
        update_person(s, s.get(Person, people["mary"]), family_name="Okonkwo")
        org = s.scalars(select(Organisation).where(Organisation.name == "Sakura Pharma K.K.")).one()
        update_organisation(s, org, name="Hanami Therapeutics")
    assert _find(db, "smith") == set() and _find(db, "okonkwo") == {people["mary"]}
    assert _find(db, "sakura pharma") == set()
    assert _find(db, "hanami") == {people["yamada"], people["yui"]}
    with db.transaction() as s:  # a Core bulk insert (imports, benchmarks) bypasses the ORM
        s.execute(insert(Person), [{"uuid": "00000000-0000-4000-8000-000000000001", "given_name": "Kenji",
                                    "family_name": "Sato", "email_key": "kenji@example.jp"}])
        s.execute(delete(Person).where(Person.id == people["muller"]))
    assert len(_find(db, "kenji")) == 1
    assert _find(db, "müller") == set() and _find(db, "mu") == set()
    with db.transaction() as s:  # ON DELETE SET NULL clears the organisation: its name leaves the index
        s.execute(delete(Organisation).where(Organisation.name == "Hanami Therapeutics"))
    assert _find(db, "hanami") == set() and _find(db, "yamada") == {people["yamada"]}


def test_sorted_ids_filtered_ids_and_rows(db: Database, people: dict[str, int]) -> None:
    with db.session() as s:
        assert person_ids(s, sort="name") == [people["muller"], people["mary"], people["yui"], people["yamada"]]
        assert person_ids(s, text="sakura", sort="name", descending=True) == [people["yamada"], people["yui"]]
        source = people_filtered_ids()
        assert source.ids(s, "y", "email", False) == [people["yamada"], people["yui"]]
        assert source.ids(s, "", "name", False) == person_ids(s, sort="name")
        assert source.ids(s, "sakura", "name", False) == [people["yui"], people["yamada"]]
        rows = person_rows(s, [people["yamada"], people["mary"]])
    assert rows[people["yamada"]].display_name == "YAMADA Taro"
    assert rows[people["yamada"]].organisation == "Sakura Pharma K.K."
    assert rows[people["mary"]].organisation == ""
    with db.transaction() as s:
        add_person(s, given_name="Aaron", family_name="Abbott")
    with db.session() as s:
        assert len(source.ids(s, "", "name", False)) == 4  # the cached order until told
        source.forget()
        assert len(source.ids(s, "", "name", False)) == 5


def test_organisation_ids_and_global_search(db: Database, people: dict[str, int]) -> None:
    with db.session() as s:
        assert len(organisation_ids(s, text="biolog")) == 1
        assert organisations_filtered_ids().ids(s, "pharma", "name", False) == organisation_ids(s, text="pharma")
        hits = search_all(s, "山田")
    assert [(h.kind, h.id) for h in hits] == [("person", people["yamada"])]
    assert hits[0].title == "YAMADA Taro (山田 太郎)"


@pytest.mark.sqlite_only  # FTS5 triggers: a server's search has none to lose
def test_lost_triggers_are_restored_and_the_index_rebuilt(db: Database, people: dict[str, int]) -> None:
    """A batch migration that recreates ``person`` drops its triggers: the repair puts them back."""
    con = sqlite3.connect(db.path, isolation_level=None)
    try:
        con.execute("DROP TRIGGER person_search_person_ai")
        con.execute("INSERT INTO person (uuid, given_name, family_name, name_order, native_name, native_reading, "
                    "title, job_title, email, email_key, phone, mobile, country, language, notes, lawful_basis, "
                    "lead_sharing_consent, created_at, updated_at) VALUES ('u-1', 'Missed', 'Writer', "
                    "'given_first', '', '', '', '', '', '', '', '', '', '', '', 'unknown', 0, "
                    "'2026-01-01', '2026-01-01')")
        assert _find(db, "missed") == set()  # the write went unindexed
        names = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
        assert search_index.missing_objects(names) == ["person_search_person_ai"]
        assert search_index.ensure_search_index(con.execute, names)
        names = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
        assert search_index.missing_objects(names) == []
        assert not search_index.ensure_search_index(con.execute, names)
    finally:
        con.close()
    assert len(_find(db, "missed")) == 1 and _find(db, "amad") == {people["yamada"]}


def test_match_query_picks_the_index_by_length() -> None:
    assert search_index.match_query("  ") is None
    assert search_index.match_query("ya") == ("person_search_words", '"ya"*')
    assert search_index.match_query(" yam ") == ("person_search", '"yam"')
    assert search_index.match_query('a"b') == ("person_search", '"a""b"')
