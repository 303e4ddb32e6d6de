"""A small import into a big file reads only the people its rows may be (issue 20).

The matcher used to read every person in the file and compute everyone's identity forms
(romanised keys, name keys …) at every import: 500 rows into a 100,000-person file took 48× plain
inserts. Now the rows' stored name keys, e-mails and organisations pick the people read
(``planner.imports.people.name_keys``). These tests count what would grow with the file: the
identity forms computed and the statements that read ``person`` without a condition.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert

from planner.domain.timezones import utc_now
from planner.identity.forms import IdentityForms
from planner.imports.people import name_keys
from planner.imports.people.index import read_forms
from planner.imports.plan import ImportOptions
from planner.imports.service import apply_import
from planner.services.people.people import add_person, find_or_add_organisation
from planner.storage.database import Database
from planner.storage.models import Person, new_uuid
from tests.helpers.query_count import count_queries
from tests.planner.imports.helpers import EVENT, make_event

pytestmark = pytest.mark.engines

IN_FILE = 1500
NEW_ROWS = 40
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_READS_PERSON = re.compile(r"\bFROM person\b(?!_)")


def _word(n: int) -> str:
    return "".join(_LETTERS[(n // 26 ** k) % 26] for k in range(3))


def _big_file(db: Database) -> dict[str, str]:
    """IN_FILE people with their name keys stored (as any earlier import leaves them)."""
    with db.transaction() as s:
        org = find_or_add_organisation(s, "Old Company")
        now = utc_now()
        s.execute(insert(Person.__table__), [
            {"uuid": new_uuid(), "created_at": now, "updated_at": now, "given_name": "Old",
             "family_name": f"Name{_word(n)}", "email": f"old.{n}@old.example",
             "email_key": f"old.{n}@old.example", "organisation_id": org.id}
            for n in range(IN_FILE)])
        nomail = add_person(s, given_name="Keiko", family_name="Open")  # no e-mail, no organisation
        mailed = add_person(s, given_name="Mark", family_name="Mailed", email="mark@old.example")
        name_keys.store_keys(s.connection(), {}, read=read_forms)
        return {"nomail": nomail.uuid, "mailed": mailed.uuid}


def _csv(path: Path) -> Path:
    lines = ["Given name,Family name,Email,Organisation"]
    lines += [f"New,Arrival{_word(n)},new.{n}@new.example,Newco {n % 5}"
              for n in range(NEW_ROWS - 3)]
    lines.append("Mark,Mailed,MARK@old.example,")  # the same e-mail and name: that person
    lines.append("Keiko,Open,keiko@else.example,Elsewhere")  # an open person's name: proposed
    lines.append(f"Old,Name{_word(7)},someone@else.example,Elsewhere")  # not proposed
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_small_import_computes_forms_only_for_its_rows_and_candidates(
        db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_event(db)
    people = _big_file(db)
    path = _csv(tmp_path / "people.csv")
    computed: list[tuple[str, str]] = []
    real = IdentityForms.of.__func__  # type: ignore[attr-defined]

    def counting(cls: type[IdentityForms], **kwargs: Any) -> IdentityForms:
        computed.append((kwargs.get("given", ""), kwargs.get("family", "")))
        return real(cls, **kwargs)  # type: ignore[no-any-return]

    monkeypatch.setattr(IdentityForms, "of", classmethod(counting))
    with count_queries(db.engine) as counted, db.transaction() as s:
        plan = apply_import(s, path, "people", EVENT, ImportOptions())
    assert plan.applied
    rows = {r.line: r for r in plan.rows}
    assert (rows[NEW_ROWS - 1].action, rows[NEW_ROWS - 1].target) == ("update", people["mailed"])
    assert people["nomail"] in {c.uuid for c in rows[NEW_ROWS].candidates}
    assert not rows[NEW_ROWS + 1].candidates
    # one per row, and one per person read (the two named ones): not one per person in the file
    existing = [c for c in computed if c[0] == "Old"]
    assert len(computed) <= NEW_ROWS + 5 and len(existing) <= 1, (len(computed), existing[:5])
    unbounded = [s for s in counted.statements if _READS_PERSON.search(s)
                 and not re.search(r"\b(WHERE|LIMIT)\b|max\(person\.id\)", s)]
    assert unbounded == [], unbounded


def test_the_rows_people_are_read_in_a_fixed_number_of_statements(
        db: Database, tmp_path: Path) -> None:
    """The statements an import sends do not grow with the people in the file."""
    make_event(db)
    _big_file(db)
    path = _csv(tmp_path / "people.csv")
    with count_queries(db.engine) as counted, db.transaction() as s:
        assert apply_import(s, path, "people", EVENT, ImportOptions()).applied
    reads = [s for s in counted.statements if s.lstrip().upper().startswith("SELECT")]
    assert len(reads) <= 40, "\n".join(" ".join(s.split())[:160] for s in reads)
