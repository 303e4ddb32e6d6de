"""A lead's estimated value is a whole amount from 0 to MAX_AMOUNT with an ISO 4217 currency:
``1e30``, ``nan``, ``inf``, negatives, more than 2 decimals, cents, absurd sizes, a value
without a currency and made-up currencies are refused with a message (exit 2), changing
nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from planner.domain.validation import MAX_AMOUNT, is_currency, parse_amount
from planner.errors import ValidationError
from planner.services.events.events import get_event
from planner.services.followup.followups import update_lead
from planner.services.followup.leads import find_lead, list_leads
from planner.storage.database import Database
from tests.planner.hostile.conftest import EVENT, TARO, Plan

pytestmark = pytest.mark.engines

BAD_VALUES = [
    ("1e30", "not an amount"), ("1E3", "not an amount"), ("nan", "not an amount"),
    ("NaN", "not an amount"), ("inf", "not an amount"), ("-inf", "not an amount"),
    ("Infinity", "not an amount"), ("-5", "cannot be negative"), ("-0.5", "cannot be negative"),
    ("1.234", "more than 2 decimals"), ("0.001", "more than 2 decimals"),
    ("1500.50", "whole units"), ("1" + "0" * 15, "largest estimated value"),
    ("9" * 40, "largest estimated value"), ("12abc", "not an amount"), ("١٢٣", "not an amount"),
    ("0x10", "not an amount"), ("1,2", "not an amount"),
]


@pytest.mark.parametrize("value, needle", BAD_VALUES)
def test_leads_add_refuses_a_hostile_value(plan: Plan, value: str, needle: str) -> None:
    before = plan.dump()
    code, out, err = plan.run("leads", "add", "--event", EVENT, "--person", TARO,
                              f"--value={value}", "--currency", "GBP")
    assert code == 2 and out == ""
    assert needle in err and "Traceback" not in err, err
    assert plan.dump() == before


@pytest.mark.parametrize("value, needle", BAD_VALUES)
def test_leads_edit_refuses_a_hostile_value(plan: Plan, value: str, needle: str) -> None:
    before = plan.dump()
    code, out, err = plan.run("leads", "edit", plan.lead, f"--value={value}")
    assert code == 2 and out == ""
    assert needle in err and "Traceback" not in err, err
    assert plan.dump() == before


@pytest.mark.parametrize("argv, needle", [
    (["--value", "100"], "Give the currency"),
    (["--value", "100", "--currency", "ABC"], "not an ISO 4217"),
    (["--value", "100", "--currency", "XXX"], "not an ISO 4217"),
    (["--value", "100", "--currency", "G B"], "not an ISO 4217"),
    (["--value", "100", "--currency", "GBPX"], "not an ISO 4217"),
    (["--value", "100", "--currency", "ＧＢＰ"], "not an ISO 4217"),
])
def test_a_value_needs_a_real_currency(plan: Plan, argv: list[str], needle: str) -> None:
    before = plan.dump()
    code, out, err = plan.run("leads", "add", "--event", EVENT, "--person", TARO, *argv)
    assert code == 2 and out == "" and needle in err and "Traceback" not in err, err
    assert plan.dump() == before
    code, _out, err = plan.run("leads", "edit", plan.lead, *argv[2:] or ["--currency", "ABC"])
    assert code == 2 and "Traceback" not in err
    assert plan.dump() == before


@pytest.mark.parametrize("value, stored", [("0", 0), ("250000", 250_000), ("1,250,000", 1_250_000),
                                           ("1500.00", 1500), ("1500.50", None),
                                           (str(MAX_AMOUNT), MAX_AMOUNT)])
def test_good_values_are_kept(plan: Plan, value: str, stored: int | None) -> None:
    code, out, err = plan.run("leads", "add", "--event", EVENT, "--person", TARO,
                              "--value", value, "--currency", "jpy")
    if stored is None:  # 1500.50: cents are refused (values are whole units)
        assert code == 2 and "whole units" in err
        return
    assert code == 0, err
    leads = {row["id"]: row for row in plan.json("leads", "list", "--event", EVENT)}
    assert leads[out.strip()]["value"] == stored and leads[out.strip()]["currency"] == "JPY"


def test_leads_edit_changes_what_it_is_given(plan: Plan) -> None:
    code, out, err = plan.run("leads", "edit", plan.lead, "--value", "99", "--currency", "EUR",
                              "--stage", "qualified", "--owner", TARO, "--notes", "warm")
    assert code == 0 and out.strip() == plan.lead, err
    row = next(r for r in plan.json("leads", "list", "--event", EVENT) if r["id"] == plan.lead)
    assert (row["value"], row["currency"], row["stage"], row["owner"]) == (99, "EUR", "qualified", TARO)
    code, _out, err = plan.run("leads", "edit", plan.lead)
    assert code == 2 and "Nothing to change" in err
    code, _out, err = plan.run("leads", "edit", "no-such-lead", "--notes", "x")
    assert code == 2 and "No lead with the id" in err


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf"), 1e30, -1, 10**19,
                                   2.5, Decimal("NaN"), Decimal("1.001"), True, "12 000"])
def test_the_service_refuses_what_the_gui_or_an_import_might_pass(plan: Plan, value: object) -> None:
    before = plan.dump()
    with pytest.raises(ValidationError) as info, Database.open(plan.db) as db, \
            db.transaction() as s:
        update_lead(s, find_lead(s, plan.lead), value=value, currency="GBP")
    assert info.value.for_field("value")
    assert plan.dump() == before


def test_the_service_keeps_good_numbers_as_whole_units(plan: Plan) -> None:
    with Database.open(plan.db) as db, db.transaction() as s:
        update_lead(s, find_lead(s, plan.lead), value=3.0, currency="usd")
        update_lead(s, find_lead(s, plan.lead), value=Decimal("42.00"))
    with Database.open(plan.db) as db, db.session() as s:
        row = next(r for r in list_leads(s, get_event(s, EVENT)) if r.uuid == plan.lead)
    assert (row.value, row.currency) == (42, "USD")


def test_parse_amount_and_currencies() -> None:
    assert parse_amount(MAX_AMOUNT) == MAX_AMOUNT
    with pytest.raises(ValidationError, match=f"{MAX_AMOUNT:,}"):
        parse_amount(MAX_AMOUNT + 1)
    assert all(is_currency(c) for c in ("GBP", "JPY", "EUR", "USD", "KRW", "CNY", "CHF"))
    assert not any(is_currency(c) for c in ("ABC", "XXX", "XTS", "gbp", "", "GB", "ＧＢＰ"))


def test_find_lead_refuses_a_blank_id(plan: Plan) -> None:
    with Database.open(plan.db) as db, db.session() as s:
        assert find_lead(s, f"  {plan.lead} ").uuid == plan.lead
        with pytest.raises(ValidationError, match="names no lead"):
            find_lead(s, " ")


@pytest.mark.parametrize("cell", ["inf", "1e30", "nan", "-5", "12.345"])
def test_a_hostile_value_in_an_edited_lead_sheet_is_a_row_error(cell: str) -> None:
    from planner.imports.leads.sheet import _parse_value

    with pytest.raises(ValueError):
        _parse_value(cell)
    assert _parse_value("1,250,000") == 1_250_000
