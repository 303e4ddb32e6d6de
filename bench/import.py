"""Benchmark: importing people CSVs, against plain sqlite3 executemany (issue 20).

Two cases, each run on copies of the same starting file, writing the same rows into the same
tables (organisations, people, one event link per person, a registration key per person) in one
transaction, with the same pragmas (WAL, synchronous=FULL, foreign keys on):

* 50,000 rows into a fresh file with one event;
* 500 rows into a file that already holds 100,000 people (the small import must not rebuild
  the whole search index, nor compute the name forms of everyone: only the people its rows'
  stored name keys, e-mails and organisations point to are read).

* baseline: ``csv.reader`` over the file and ``sqlite3`` ``executemany`` (no checks at all),
  with the search index built in bulk: the per-row insert triggers dropped inside the
  transaction, then one ``INSERT … SELECT`` of the new people's text rows and one per FTS5
  index, and the triggers put back (likewise the trigger listing new people for their name
  keys: one ``INSERT … SELECT`` lists them);
* import: ``planner.imports.service.apply_import`` (decoding, delimiter sniffing, strict
  parsing, preset detection, validation of every cell, duplicate matching against everyone in
  the database, name splitting, Core bulk inserts, the search index of the new people in bulk).

Run: ``python bench/import.py [--rows N] [--big N --small N] [--repeat 3]``. Prints each case's
times (median of the repeats), its baseline and the ratio (target ≤ 2).
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from planner.imports.people import name_keys
from planner.imports.people.index import read_forms
from planner.imports.plan import ImportOptions
from planner.imports.service import apply_import
from planner.services.events.delegations import add_delegation
from planner.services.events.events import add_event
from planner.storage import search_index
from planner.storage.database import Database

GIVEN = ["Alice", "Bjorn", "Chloe", "Daniel", "Emma", "Farid", "Grace", "Hiroshi", "Imran",
         "Julia", "Kenji", "Laura", "Min-jun", "Nadia", "Oliver", "Priya", "Quentin", "Rosa",
         "Sven", "Taro", "Uma", "Victor", "Wei", "Yuki", "Zoë"]
FAMILY = ["Adams", "Brown", "Chen", "Dubois", "Evans", "Fischer", "García", "Hughes", "Ito",
          "Jones", "Kim", "Li", "Müller", "Nakamura", "O'Brien", "Patel", "Quinn", "Rossi",
          "Sato", "Taylor", "Ueda", "Vogel", "Wang", "Yamada", "Zhang"]
COUNTRIES = ["GB", "JP", "KR", "DE", "US", "FR", "Japan", "United Kingdom"]
HEADERS = ["Given name", "Family name", "Email", "Organisation", "Job title", "Country", "Role",
           "Registration ID"]


def make_csv(path: Path, rows: int, seed: int = 20261013, first: int = 0) -> None:
    rng = random.Random(seed)
    orgs = [f"{rng.choice(FAMILY)} {rng.choice(['Bio', 'Pharma', 'Health', 'Genomics'])} "
            f"{first + n} {rng.choice(['Ltd', 'K.K.', 'GmbH', 'Inc'])}" for n in range(max(1, rows // 25))]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADERS)
        for n in range(first, first + rows):
            given, family = rng.choice(GIVEN), rng.choice(FAMILY)
            writer.writerow([given, family, f"{given.lower()}.{n}@example.org", rng.choice(orgs),
                             rng.choice(["CEO", "CTO", "BD manager", ""]), rng.choice(COUNTRIES),
                             rng.choice(["delegate", "contact", "contact", "speaker"]),
                             f"R{n:06d}"])


def fresh_file(folder: Path) -> Path:
    path = folder / "template.db"
    db = Database.open(path, backup_dir=folder / "backups")
    with db.transaction() as session:
        event = add_event(session, code="bench-2026", name="Bench", start_date=date(2026, 10, 13),
                          end_date=date(2026, 10, 16), tz="Asia/Tokyo")
        add_delegation(session, event, name="Bench delegation")
    db.close()
    return path


def baseline(db_path: Path, csv_path: Path) -> float:
    """Plain executemany of the CSV's rows; the search index of the new people built in bulk."""
    started = time.perf_counter()
    con = sqlite3.connect(db_path, isolation_level=None)
    con.execute("PRAGMA foreign_keys = ON")
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = FULL")
    now = datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ")
    con.execute("BEGIN")
    with csv_path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        next(reader)
        records = list(reader)
    org_ids: dict[str, int] = {}
    start_id = (con.execute("SELECT max(id) FROM organisation").fetchone()[0] or 0) + 1
    orgs = []
    for rec in records:
        if rec[3] not in org_ids:
            org_ids[rec[3]] = start_id + len(orgs)
            orgs.append((start_id + len(orgs), str(uuid.uuid4()), now, now, rec[3], rec[3].lower(),
                         "", "company", "", "", "", ""))
    con.executemany("INSERT INTO organisation (id, uuid, created_at, updated_at, name, name_key, "
                    "native_name, kind, country, city, website, profile) VALUES "
                    "(?,?,?,?,?,?,?,?,?,?,?,?)", orgs)
    first = (con.execute("SELECT max(id) FROM person").fetchone()[0] or 0) + 1
    for sql in [*search_index.BULK_SUSPENDED, name_keys.BULK_SUSPENDED]:
        con.execute(f"DROP TRIGGER {sql.split()[2]}")
    people = [(first + i, str(uuid.uuid4()), now, now, r[0], r[1], "given_first", "", "", "", r[4],
               org_ids[r[3]], r[2], r[2].lower(), "", "", r[5][:2], "", "", "unknown", 0)
              for i, r in enumerate(records)]
    con.executemany(
        "INSERT INTO person (id, uuid, created_at, updated_at, given_name, family_name, "
        "name_order, native_name, native_reading, title, job_title, organisation_id, email, "
        "email_key, phone, mobile, country, language, notes, lawful_basis, "
        "lead_sharing_consent) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", people)
    con.execute(f"{search_index.FILL} WHERE p.id >= {first}")
    for name in (search_index.TRIGRAM, search_index.WORDS):
        con.execute(f"INSERT INTO {name}(rowid, text) SELECT id, text "
                    f"FROM {search_index.TEXT_TABLE} WHERE id >= {first}")
    for sql in [*search_index.BULK_SUSPENDED, name_keys.BULK_SUSPENDED]:
        con.execute(sql)
    # the new people listed for their name keys in one statement (the import keys them itself)
    con.execute(f"INSERT INTO {name_keys.DIRTY_TABLE}(person_id) SELECT id FROM person "
                f"WHERE id >= {first}")
    delegation = con.execute("SELECT id FROM delegation").fetchone()[0]
    event = con.execute("SELECT id FROM event").fetchone()[0]
    delegates = [(str(uuid.uuid4()), now, now, delegation, p[0], r[6], "", "", "", "", "", "",
                  "", "") for p, r in zip(people, records, strict=True) if r[6] != "contact"]
    contacts = [(str(uuid.uuid4()), now, now, event, p[0], "bench")
                for p, r in zip(people, records, strict=True) if r[6] == "contact"]
    con.executemany(
        "INSERT INTO delegate (uuid, created_at, updated_at, delegation_id, person_id, role, "
        "arrival_flight, departure_flight, hotel, dietary, access_needs, interpreter_language, "
        "emergency_contact, notes) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", delegates)
    con.executemany("INSERT INTO event_contact (uuid, created_at, updated_at, event_id, "
                    "person_id, source) VALUES (?,?,?,?,?,?)", contacts)
    keys = [(str(uuid.uuid4()), now, now, p[0], "generic", event, r[7])
            for p, r in zip(people, records, strict=True)]
    con.executemany("INSERT INTO person_external_id (uuid, created_at, updated_at, person_id, "
                    "source, event_id, value) VALUES (?,?,?,?,?,?,?)", keys)
    con.execute("COMMIT")
    con.close()
    return time.perf_counter() - started


def run_import(db_path: Path, csv_path: Path) -> tuple[float, str]:
    db = Database.open(db_path, backup_dir=db_path.parent / "backups")
    started = time.perf_counter()
    with db.transaction() as session:
        plan = apply_import(session, csv_path, "people", "bench-2026",
                            ImportOptions(overrides={"Registration ID": "external_id"}))
    elapsed = time.perf_counter() - started
    db.close()
    return elapsed, plan.summary()


def count(db_path: Path, table: str) -> int:
    con = sqlite3.connect(db_path)
    try:
        return int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        con.close()


def run_case(folder: Path, template: Path, csv_path: Path, repeat: int) -> tuple[float, float, str]:
    """Median baseline and import times over ``repeat`` runs, each on a fresh copy of ``template``."""
    bases, takes, summary = [], [], ""
    for n in range(repeat):
        base_db, import_db = folder / f"baseline{n}.db", folder / f"import{n}.db"
        shutil.copy(template, base_db)
        shutil.copy(template, import_db)
        bases.append(baseline(base_db, csv_path))
        took, summary = run_import(import_db, csv_path)
        takes.append(took)
        for table in ("organisation", "person", "delegate", "event_contact",
                      "person_external_id", search_index.TEXT_TABLE):
            a, b = count(base_db, table), count(import_db, table)
            if a != b:
                raise SystemExit(f"row counts differ in {table}: baseline {a}, import {b}")
        base_db.unlink()
        import_db.unlink()
    return statistics.median(bases), statistics.median(takes), summary


def big_file(folder: Path, template: Path, people: int) -> Path:
    """``template`` with ``people`` people already in it (loaded like the baseline, untimed),
    their name keys stored as any import leaves them (the baseline's plain inserts only list
    them as changed: the first import would key them all, once)."""
    path = folder / "big.db"
    shutil.copy(template, path)
    seed_csv = folder / "seed.csv"
    make_csv(seed_csv, people, seed=1)
    baseline(path, seed_csv)
    db = Database.open(path, backup_dir=folder / "backups")
    with db.transaction() as session:
        name_keys.store_keys(session.connection(), {}, read=read_forms)
    db.close()
    return path


def report(label: str, rows: int, csv_path: Path, base: float, took: float, summary: str) -> None:
    print(f"{label}: {rows:,} rows ({csv_path.stat().st_size / 1e6:.2f} MB CSV)")
    print(f"  baseline sqlite3 executemany, index in bulk: {base:.3f} s")
    print(f"  planner import people:                       {took:.3f} s  ({summary})")
    print(f"  ratio import/baseline:                       {took / base:.2f} (target ≤ 2)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000, help="rows of the fresh-file case")
    parser.add_argument("--big", type=int, default=100_000, help="people already in the file")
    parser.add_argument("--small", type=int, default=500, help="rows imported into the big file")
    parser.add_argument("--repeat", type=int, default=1, help="runs per case (medians)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        template = fresh_file(folder)
        csv_path = folder / "people.csv"
        make_csv(csv_path, args.rows)
        base, took, summary = run_case(folder, template, csv_path, args.repeat)
        report("fresh file", args.rows, csv_path, base, took, summary)
        if args.big and args.small:
            big = big_file(folder, template, args.big)
            small_csv = folder / "small.csv"
            make_csv(small_csv, args.small, seed=2, first=args.big)
            base, took, summary = run_case(folder, big, small_csv, args.repeat)
            report(f"into a {args.big:,}-person file", args.small, small_csv, base, took, summary)


if __name__ == "__main__":
    main()
