"""How the cells of a people list are read (planner/imports/people/rows.py), issue 21.

A registration list need not have every column: one with a given-name column only is imported,
and a row of it without a name is an error of its own line saying what to fill in (the import
does not fail). A one-line field typed on two lines of a cell is one line, cut to what the record
holds; names too, a single name cell's parts included; an address typed in full-width
characters is the plain address, its domain in lower case; given and family name columns win
over a full-name column."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from planner.imports.service import apply_import, plan_import
from planner.storage.database import Database
from planner.storage.models import Person
from tests.planner.imports.helpers import EVENT, make_event

pytestmark = pytest.mark.engines


def test_a_nameless_row_of_a_list_with_only_given_names_is_an_error_of_its_line(
        db: Database, tmp_path: Path) -> None:
    make_event(db)
    path = tmp_path / "people.csv"
    path.write_text("Given name,Email\nAnn,ann@x.example\n,nobody@x.example\n", encoding="utf-8")
    with db.session() as s:
        plan = plan_import(s, path, "people", EVENT)
    [error] = plan.errors
    assert error.line == 3
    assert error.message.startswith("The row has no name: fill in the name")
    assert [r.action for r in plan.rows] == ["add", "error"]


JOB_HEAD = "Given name,Family name,Email,Job title\n"


def _job_title(db: Database, tmp_path: Path, cell: str) -> str:
    path = tmp_path / "jobs.csv"
    path.write_text(JOB_HEAD + f'Ann,Lee,ann@x.example,"{cell}"\n', encoding="utf-8")
    with db.transaction() as s:
        plan = apply_import(s, path, "people", EVENT)
    assert plan.errors == []
    with db.session() as s:
        return s.scalars(select(Person.job_title)).one()


def test_a_line_break_in_a_one_line_cell_becomes_a_space(db: Database, tmp_path: Path) -> None:
    """A job title typed on two lines of a spreadsheet cell is kept on one line."""
    make_event(db)
    assert _job_title(db, tmp_path, "Director,\nClinical Research") == \
        "Director, Clinical Research"


def test_a_long_job_title_on_two_lines_is_cut_to_what_the_record_holds(db: Database,
                                                                       tmp_path: Path) -> None:
    """The record holds 300 characters of job title: a longer cell is cut to them (a server
    refuses a longer value outright), line break or not."""
    make_event(db)
    words = "Head of Clinical Research " * 15
    assert _job_title(db, tmp_path, f"Director,\n{words}") == f"Director, {words}"[:300]


def test_an_email_typed_in_full_width_characters_is_kept_in_plain_ones(
        db: Database, tmp_path: Path) -> None:
    """An address typed with a Japanese keyboard's full-width letters is the plain address."""
    make_event(db)
    path = tmp_path / "wide.csv"
    path.write_text("Given name,Family name,Email\nTaro,Yamada,ｔａｒｏ＠Ｓａｋｕｒａ．ｅｘａｍｐｌｅ\n",
                    encoding="utf-8")
    with db.transaction() as s:
        plan = apply_import(s, path, "people", EVENT)
    assert plan.errors == [] and [r.action for r in plan.rows] == ["add"]
    with db.session() as s:
        assert s.scalars(select(Person.email)).one() == "taro@sakura.example"


def test_the_domain_of_an_address_is_kept_in_lower_case_the_mailbox_as_typed(
        db: Database, tmp_path: Path) -> None:
    make_event(db)
    path = tmp_path / "case.csv"
    path.write_text("Given name,Family name,Email\nAnn,Lee, Ann.Lee@Sakura-Pharma.CO.JP \n",
                    encoding="utf-8")
    with db.transaction() as s:
        apply_import(s, path, "people", EVENT)
    with db.session() as s:
        assert s.scalars(select(Person.email)).one() == "Ann.Lee@sakura-pharma.co.jp"


def _names(db: Database) -> list[tuple[str, str, str, str]]:
    with db.session() as s:
        rows = s.execute(select(Person.given_name, Person.family_name, Person.native_name,
                                Person.name_order).order_by(Person.id)).all()
    return [(g, f, n, str(o)) for g, f, n, o in rows]


def test_names_longer_than_the_record_holds_are_cut_not_refused(db: Database,
                                                                tmp_path: Path) -> None:
    """The record holds 200 characters of given and of family name: longer cells are cut."""
    make_event(db)
    given, family = "Ann-" * 60, "Lee-" * 60
    path = tmp_path / "long.csv"
    path.write_text(f"Given name,Family name,Email\n{given},{family},ann@x.example\n",
                    encoding="utf-8")
    with db.transaction() as s:
        plan = apply_import(s, path, "people", EVENT)
    assert plan.errors == []
    assert [(g, f) for g, f, _n, _o in _names(db)] == [(given[:200], family[:200])]


def test_the_given_and_family_name_columns_win_over_a_full_name_column(db: Database,
                                                                      tmp_path: Path) -> None:
    """A list with First Name, Last Name and Full Name (a badge line, say): the name is what the
    first two say, even when only the first is filled in."""
    make_event(db)
    path = tmp_path / "both.csv"
    path.write_text("First Name,Last Name,Full Name,Email\nAnn,Lee,LEE Annie,ann@x.example\n"
                    "Madonna,,Madonna Ciccone,m@x.example\n", encoding="utf-8")
    with db.transaction() as s:
        apply_import(s, path, "people", EVENT)
    assert [(g, f) for g, f, _n, _o in _names(db)] == [("Ann", "Lee"), ("Madonna", "")]


def test_an_ideographic_space_in_a_native_name_is_a_plain_space(db: Database,
                                                                tmp_path: Path) -> None:
    """山田　太郎 typed with a Japanese keyboard's wide space is stored as 山田 太郎."""
    make_event(db)
    path = tmp_path / "native.csv"
    path.write_text("Given name,Family name,Native name,Email\n"
                    "Taro,Yamada,山田\u3000太郎,taro@x.example\n", encoding="utf-8")
    with db.transaction() as s:
        apply_import(s, path, "people", EVENT)
    assert [n for _g, _f, n, _o in _names(db)] == ["山田 太郎"]


def test_a_single_name_cell_longer_than_the_record_holds_is_cut_not_refused(
        db: Database, tmp_path: Path) -> None:
    """A "Name" cell of 444 characters: the family name it gives is cut to the 200 characters
    the record holds (a server refuses a longer value outright)."""
    make_event(db)
    path = tmp_path / "full.csv"
    path.write_text(f"Name,Email\nAnn {'Lee-' * 110},ann@x.example\n", encoding="utf-8")
    with db.transaction() as s:
        plan = apply_import(s, path, "people", EVENT)
    assert plan.errors == []
    [(given, family, _n, _o)] = _names(db)
    assert (given, family) == ("Ann", "Lee-" * 50)  # the 200 characters the record holds
