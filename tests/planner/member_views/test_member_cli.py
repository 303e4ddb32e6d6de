"""The command line for one member organisation (issue 19, shared/cli.md): leads list and
followups list --member-organisation, and export leads --member-organisation, a lead sheet
holding only that member's leads (read back with openpyxl, as the member would open it)."""

from __future__ import annotations

import openpyxl
import pytest

from planner.exports.sheets.lead_sheet import LEADS_SHEET

from .conftest import AS_OF, LUNE, TYNE

pytestmark = pytest.mark.engines


def test_leads_list_for_one_member_organisation(cli):
    rows = cli.json("leads", "list", "--event", "mission", "--member-organisation", "LUNE microbiome ltd")
    assert sorted(r["person"] for r in rows) == ["ito@kansai.example", "sato@kansai.example"]
    assert {r["member_organisation"] for r in rows} == {LUNE}
    everyone = cli.json("leads", "list", "--event", "mission")
    assert len(everyone) == 4


def test_leads_list_table_shows_the_member_organisation(cli):
    code, out, _ = cli.run("leads", "list", "--event", "mission", "--member-organisation", TYNE)
    assert code == 0
    lines = out.splitlines()
    assert "member organisation" in lines[0] and len(lines) == 2 and TYNE in lines[1]


def test_followups_list_one_member_organisations_overdue_actions(cli):
    rows = cli.json("followups", "list", "--event", "mission", "--member-organisation", LUNE, "--overdue",
                    "--as-of", AS_OF.isoformat())
    assert [(r["action"], r["member_organisation"]) for r in rows] == [("Send NDA", LUNE)]


def test_leads_without_a_member_organisation(cli):
    rows = cli.json("followups", "list", "--event", "mission", "--member-organisation", "(no member organisation)")
    assert [r["action"] for r in rows] == ["Intro call"]


def test_a_member_organisation_the_event_does_not_have_is_exit_2_not_an_empty_list(cli):
    for command in (("leads", "list"), ("followups", "list")):
        code, out, err = cli.run(*command, "--event", "mission", "--member-organisation", "Tyne Materials")
        assert code == 2 and out == ""
        assert "not a member organisation" in err and TYNE in err  # names the close one


def test_lead_sheet_of_one_member_organisation(cli, tmp_path):
    out = tmp_path / "lune.xlsx"
    code, _, err = cli.run("export", "leads", "--event", "mission", "--member-organisation", LUNE,
                           "--out", str(out))
    assert code == 0, err
    # Ito did not consent to lead sharing: left out of Lune's sheet, and said so
    assert "1 leads written" in err and "1 left out" in err
    ws = openpyxl.load_workbook(out)[LEADS_SHEET]
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=False)) for row in ws.iter_rows(min_row=2)]
    rows = [r for r in rows if any(v not in (None, "") for v in r.values())]
    assert [r["E-mail"] for r in rows] == ["sato@kansai.example"]
    assert {r["Member organisation"] for r in rows} == {LUNE}
    logged = cli.run("export", "leads", "--event", "mission", "--member-organisation", "Nobody Ltd",
                     "--out", str(tmp_path / "nobody.xlsx"))
    assert logged[0] == 2 and not (tmp_path / "nobody.xlsx").exists()


def test_the_whole_lead_sheet_still_holds_every_member(cli, tmp_path):
    out = tmp_path / "all.xlsx"
    code, _, err = cli.run("export", "leads", "--event", "mission", "--out", str(out))
    assert code == 0, err
    ws = openpyxl.load_workbook(out)[LEADS_SHEET]
    header = [c.value for c in ws[1]]
    members = {row[header.index("Member organisation")].value for row in ws.iter_rows(min_row=2)
               if row[header.index("E-mail")].value}
    assert members == {LUNE, TYNE, None}
