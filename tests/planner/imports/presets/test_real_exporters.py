"""Files in the exact layouts of real registration exporters import exactly: the right number of
people, given and family names the right way round, native names, organisations, and none of
the cancelled, expired, refunded or withdrawn registrations (fixtures: ``real_exports.py``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from planner.domain.enums import NameOrder
from planner.imports.files.readers import read_table
from planner.imports.plan import ImportOptions
from planner.imports.presets import build_mapping, get_preset, unmapped_warnings
from planner.imports.service import apply_import, plan_import
from planner.imports.source import open_source
from planner.imports.table import SourceRow
from planner.storage.database import Database
from planner.storage.models import Person
from tests.planner.imports import real_exports as rx
from tests.planner.imports.helpers import EVENT, make_event

pytestmark = pytest.mark.engines

Builder = Callable[[Path], tuple[Path, list[rx.Expected]]]

FIXTURES: dict[str, tuple[Builder, str, int]] = {
    # name: (builder, preset detected, rows the preset leaves out)
    "pretix-en-csv": (lambda p: rx.pretix_positions_csv(p, "en"), "pretix", 2),
    "pretix-de-csv": (lambda p: rx.pretix_positions_csv(p, "de"), "pretix", 2),
    "pretix-en-xlsx": (lambda p: rx.pretix_workbook(p, "en"), "pretix", 2),
    "pretix-de-xlsx": (lambda p: rx.pretix_workbook(p, "de"), "pretix", 2),
    "eventbrite-us": (lambda p: rx.eventbrite_report(p, "us"), "eventbrite", 1),
    "eventbrite-us-old": (lambda p: rx.eventbrite_report(p, "us-old"), "eventbrite", 1),
    "eventbrite-uk": (lambda p: rx.eventbrite_report(p, "uk"), "eventbrite", 1),
    "eventbrite-uk-old": (lambda p: rx.eventbrite_report(p, "uk-old"), "eventbrite", 1),
    "indico": (rx.indico_registrations, "indico", 2),
    "brella": (rx.brella_invites, "brella", 0),
    "swapcard": (rx.swapcard_leads, "swapcard", 0),
    "talque": (rx.talque_leads, "talque", 0),
}


def _people(db: Database) -> list[tuple[str, str, str, str, str]]:
    with db.session() as s:
        return sorted((p.given_name, p.family_name, p.native_name,
                       p.organisation.name if p.organisation else "", p.email)
                      for p in s.scalars(select(Person)))


@pytest.mark.parametrize("name", list(FIXTURES))
def test_every_preset_imports_its_fixture_exactly(db: Database, tmp_path: Path,
                                                  name: str) -> None:
    builder, preset, left_out = FIXTURES[name]
    path, expected = builder(tmp_path)
    make_event(db)
    with db.transaction() as s:
        plan = apply_import(s, path, "people", EVENT)
    assert plan.preset == preset
    assert plan.ok and plan.applied, [str(e) for e in plan.errors]
    assert plan.counts["skip"] == left_out
    assert all("not imported" in r.detail for r in plan.rows if r.action == "skip")
    assert _people(db) == sorted((e.given, e.family, e.native, e.organisation, e.email)
                                 for e in expected)


# ------------------------------------------------------------------------------------ pretix

def test_pretix_order_with_three_attendees_and_no_attendee_emails(db: Database,
                                                                  tmp_path: Path) -> None:
    """pretix asks for no attendee e-mail by default: the order's e-mail is the buyer's, shared
    by the three delegates. Three people, none of them with the buyer's e-mail."""
    path, _ = rx.pretix_positions_csv(tmp_path, "en")
    make_event(db)
    with db.transaction() as s:
        apply_import(s, path, "people", EVENT)
    with db.session() as s:
        people = s.scalars(select(Person)).all()
        aldgate = sorted(p.family_name for p in people if p.organisation is not None
                         and p.organisation.name == "Aldgate Therapeutics Ltd")
        assert aldgate == ["Fraser", "Okafor", "Whitmore"]
        assert rx.BUYER_EMAIL not in {p.email for p in people}
        assert "Office" not in {p.family_name for p in people}  # the buyer is no attendee
        assert "Hale" not in {p.family_name for p in people}  # cancelled position


def test_pretix_keys_are_order_code_and_position(tmp_path: Path) -> None:
    for language, keys in (("en", ["AB3CD-1", "AB3CD-2", "AB3CD-3", "KM2PN-1"]),
                           ("de", ["K3M9Q-1", "K3M9Q-2", "P5L7X-1"])):
        path, _ = rx.pretix_positions_csv(tmp_path, language)
        table = read_table(path)
        kept, _ = build_mapping(table.headers, get_preset("pretix")).apply(table.rows)
        assert [r.values["external_id"] for r in kept] == keys


@pytest.mark.parametrize("language", ["en", "de"])
def test_pretix_workbook_people_come_from_the_positions_sheet(db: Database, tmp_path: Path,
                                                              language: str) -> None:
    path, expected = rx.pretix_workbook(tmp_path, language)
    make_event(db)
    with db.session() as s:
        plan = plan_import(s, path, "people", EVENT)
    assert plan.sheet == rx.PRETIX_SHEETS[language][1]
    assert plan.counts["add"] == len(expected)
    labels = " ".join(r.label for r in plan.rows)
    assert "Olivia" not in labels and "Eva" not in labels  # the buyers on the Orders sheet


def test_pretix_without_attendee_names_is_refused_not_guessed(db: Database,
                                                              tmp_path: Path) -> None:
    """The Orders sheet (buyers) chosen by hand: the pretix preset has no attendee name to
    read, so the file is refused with the columns listed instead of importing buyers."""
    path, _ = rx.pretix_workbook(tmp_path, "en")
    make_event(db)
    from planner.imports.errors import MappingError

    with db.session() as s, pytest.raises(MappingError) as info:
        plan_import(s, path, "people", EVENT, ImportOptions(preset="pretix", sheet="Orders"))
    assert "name column" in info.value.message


# -------------------------------------------------------------------------------- Eventbrite

@pytest.mark.parametrize("variant", ["uk", "uk-old"])
def test_eventbrite_uk_labels_give_family_names(db: Database, tmp_path: Path,
                                                variant: str) -> None:
    path, expected = rx.eventbrite_report(tmp_path, variant)
    make_event(db)
    with db.transaction() as s:
        apply_import(s, path, "people", EVENT)
    with db.session() as s:
        people = s.scalars(select(Person)).all()
        assert len(people) == len(expected)
        assert all(p.family_name for p in people)
        phones = {p.phone for p in people}
    if variant == "uk":  # "Mobile Phone" is the UK label of "Cell Phone"
        assert phones == {"+44 7700 900001", "+44 7700 900002", "+44 7700 900004"}


def test_eventbrite_keys_are_attendee_numbers(tmp_path: Path) -> None:
    for variant in ("us", "us-old", "uk"):
        path, _ = rx.eventbrite_report(tmp_path, variant)
        table = read_table(path)
        kept, _ = build_mapping(table.headers, get_preset("eventbrite")).apply(table.rows)
        assert [r.values["external_id"] for r in kept] == ["18441583421", "18441583422",
                                                           "18441583424"]


def test_eventbrite_uk_report_loses_no_warning(db: Database, tmp_path: Path) -> None:
    """Every column of the UK report is either imported or, when it holds a name, named in a
    warning of the dry run (here the organiser's "Booker name" question)."""
    path, _ = rx.eventbrite_report(tmp_path, "uk")
    make_event(db)
    with db.session() as s:
        source = open_source(s, path, "people", ImportOptions())
    mapped = {h for headers in source.mapping.fields.values() for h in headers}
    assert {"First Name", "Surname", "Email", "Attendee no.", "Mobile Phone"} <= mapped
    assert [w.column for w in source.mapping.warnings] == ["Booker name"]


# ------------------------------------------------------------------------------------ Indico

def test_indico_names_in_cjk_script_come_out_family_first(db: Database,
                                                          tmp_path: Path) -> None:
    path, _ = rx.indico_registrations(tmp_path)
    make_event(db)
    with db.transaction() as s:
        apply_import(s, path, "people", EVENT)
    with db.session() as s:
        by_email = {p.email: p for p in s.scalars(select(Person))}
    yamada = by_email["yamada@sakura-pharma.example"]
    assert (yamada.family_name, yamada.given_name, yamada.native_name) == ("山田", "太郎",
                                                                           "山田 太郎")
    assert yamada.name_order is NameOrder.FAMILY_FIRST
    kim = by_email["minjun.kim@hanbio.example"]
    assert (kim.family_name, kim.given_name, kim.native_name) == ("김", "민준", "김 민준")
    assert kim.name_order is NameOrder.FAMILY_FIRST
    taro = by_email["t.yamada@kyoto-u.example"]  # a Latin "given family" stays so
    assert (taro.given_name, taro.family_name, taro.native_name) == ("Taro", "Yamada", "")
    assert not {"gone@withdrawn.example", "no@rejected.example"} & set(by_email)


def test_indico_custom_columns_do_not_become_people_data(tmp_path: Path) -> None:
    path, _ = rx.indico_registrations(tmp_path)
    table = read_table(path)
    mapping = build_mapping(table.headers, get_preset("indico"))
    assert {"Dietary requirements", "Emergency contact name"} <= set(mapping.unmapped)
    kept, _ = mapping.apply(table.rows)
    assert [r.values["external_id"] for r in kept] == ["1", "2", "3"]
    assert [w.column for w in mapping.warnings] == ["Emergency contact name"]


# ------------------------------------------------- unmapped names and e-mails are warnings

def _rows(headers: list[str], *rows: list[str]) -> list[SourceRow]:
    return [SourceRow(n, dict(zip(headers, row, strict=True))) for n, row in enumerate(rows, 2)]


def test_unmapped_names_and_emails_are_warnings() -> None:
    headers = ["First Name", "Last Name", "Email Address", "Buyer email", "Invoice name",
               "Contact person", "Other", "Seat name", "E-mail address verified",
               "Attendee Status", "Notes about name", "Empty contact"]
    rows = _rows(headers,
                 ["Ann", "Lee", "ann@x.example", "buyer@y.example", "Buyer Ltd", "Bo Chan",
                  "ann.private@z.example", "A12", "Yes", "Attending", "", ""],
                 ["Raj", "Iyer", "raj@x.example", "buyer@y.example", "Buyer Ltd", "Bo Chan",
                  "raj.home@z.example", "A13", "No", "Attending", "", ""])
    mapping = build_mapping(headers, get_preset("swapcard"))
    assert set(mapping.unmapped) >= {"Buyer email", "Invoice name", "Contact person", "Other"}
    warnings = {w.column: w.message for w in unmapped_warnings(mapping, rows)}
    # a column of addresses under any header; names by their header; empty columns, yes/no
    # flags, seat names and statuses say nothing
    assert set(warnings) == {"Buyer email", "Invoice name", "Contact person", "Other"}
    assert "e-mail addresses" in warnings["Other"] and '--map "Other=email"' in warnings["Other"]
    assert "name" in warnings["Contact person"]


def test_pretix_buyer_columns_are_warnings_that_say_why(db: Database, tmp_path: Path) -> None:
    path, _ = rx.pretix_positions_csv(tmp_path, "de")
    make_event(db)
    with db.session() as s:
        source = open_source(s, path, "people", ImportOptions())
    warnings = {w.column: w.message for w in source.mapping.warnings}
    assert "buyer's (order) e-mail" in warnings["E-Mail"]
    assert "invoice" in warnings["Rechnungsadresse: Name"]
    assert "E-Mail Teilnehmer*in" not in warnings  # imported


def test_dry_run_shows_the_unmapped_name_and_email_warnings(db: Database,
                                                            tmp_path: Path) -> None:
    path, _ = rx.pretix_positions_csv(tmp_path, "en")
    make_event(db)
    with db.session() as s:
        plan = plan_import(s, path, "people", EVENT)
    assert {"Email", "Invoice address name"} <= {w.column for w in plan.warnings}
