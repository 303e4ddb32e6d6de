"""A delegate's partnering calendar (.ics) read as a meeting list: the rules, one per test."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest

from planner.errors import ValidationError
from planner.imports.errors import FileRejected
from planner.imports.files import calendar_reader
from planner.imports.files.calendar_reader import (
    HEADERS,
    assign_ours,
    organisation_from_summary,
    read_calendar,
)
from planner.imports.presets import GENERIC_MEETINGS, build_mapping, detect_preset
from planner.imports.table import MAX_CELL_CHARS, Table

try:  # the meeting import's own time parsing (moving into the schedule package)
    from planner.imports.schedule.rows import parse_time, resolve_wall
except ImportError:  # pragma: no cover - before the move
    from planner.imports.schedule_rows import parse_time, resolve_wall  # type: ignore[no-redef]

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "calendars"
B2MATCH = FIXTURES / "b2match_tokyo.ics"
BRELLA = FIXTURES / "brella_utc.ics"
SWAPCARD = FIXTURES / "swapcard_cancelled.ics"
LONDON = FIXTURES / "london_dst.ics"

OURS = "priya.nair@northbio-cluster.example"


def ics(tmp_path: Path, *events: str, head: str = "", name: str = "agenda.ics") -> Path:
    """A calendar file from VEVENT bodies (CRLF lines, as RFC 5545 asks)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//tests//EN", *head.split("\n")]
    for number, body in enumerate(events, start=1):
        uid = [] if "UID:" in body else [f"UID:ev-{number}@tests.example"]
        lines += ["BEGIN:VEVENT", *uid, "DTSTAMP:20261001T000000Z", *body.strip().split("\n"),
                  "END:VEVENT"]
    lines.append("END:VCALENDAR")
    path = tmp_path / name
    path.write_bytes(("\r\n".join(line for line in lines if line) + "\r\n").encode())
    return path


def by_id(table: Table) -> dict[str, dict[str, str]]:
    return {row.cells["Meeting ID"]: row.cells for row in table.rows}


# ------------------------------------------------------------------------------- shape


def test_the_headers_are_the_meeting_list_headers_the_mapping_knows() -> None:
    table = read_calendar(B2MATCH, tz="Asia/Tokyo")
    assert table.headers == list(HEADERS)
    assert table.format == "ics"
    match = detect_preset(table.headers, "meetings")
    assert match is not None and match.preset is GENERIC_MEETINGS
    mapping = build_mapping(table.headers, GENERIC_MEETINGS)
    for field, header in [("external_id", "Meeting ID"), ("date", "Date"), ("start", "Start"),
                          ("end", "End"), ("location", "Location"),
                          ("counterparts", "Counterparts"),
                          ("counterpart_organisation", "Counterpart organisation"),
                          ("our_attendees", "Our attendees"), ("status", "Status"),
                          ("objective", "Objective"), ("notes", "Notes")]:
        assert mapping.fields[field] == (header,)


def test_each_row_is_one_event_at_the_line_of_its_begin_vevent() -> None:
    lines = B2MATCH.read_text(encoding="utf-8").splitlines()
    begins = [n for n, text in enumerate(lines, start=1) if text == "BEGIN:VEVENT"]
    table = read_calendar(B2MATCH, tz="Asia/Tokyo")
    assert [row.line for row in table.rows] == begins
    assert len(begins) == 3  # the VALARM inside the third event is not a row


# ------------------------------------------------------------------------------- times


def test_a_meeting_at_0500z_is_1400_in_yokohama() -> None:
    row = by_id(read_calendar(BRELLA, tz="Asia/Tokyo"))["brella-meeting-7731902@brella.example"]
    assert (row["Date"], row["Start"], row["End"]) == ("2026-10-15", "14:00+09:00",
                                                       "14:25+09:00")


def test_a_time_with_a_tzid_is_converted_into_the_zone_asked_for() -> None:
    tokyo = read_calendar(B2MATCH, tz="Asia/Tokyo").rows[0].cells
    assert (tokyo["Date"], tokyo["Start"], tokyo["End"]) == ("2026-10-14", "14:00+09:00",
                                                             "14:30+09:00")
    london = read_calendar(B2MATCH, tz="Europe/London").rows[0].cells
    assert (london["Date"], london["Start"], london["End"]) == ("2026-10-14", "06:00+01:00",
                                                                "06:30+01:00")


def test_a_utc_time_can_move_to_the_previous_day_in_a_western_zone() -> None:
    row = read_calendar(BRELLA, tz="America/New_York").rows[2].cells  # 01:00Z on 16 October
    assert (row["Date"], row["Start"]) == ("2026-10-15", "21:00-04:00")


def test_duration_stands_in_for_dtend() -> None:
    row = read_calendar(B2MATCH, tz="Asia/Tokyo").rows[1].cells
    assert (row["Start"], row["End"]) == ("15:30+09:00", "16:00+09:00")


def test_01_30_with_tzid_europe_london_on_the_night_clocks_go_back_is_the_first_0130() -> None:
    rows = read_calendar(LONDON, tz="Europe/London").rows
    first, second = rows[0].cells, rows[1].cells
    assert (first["Date"], first["Start"]) == ("2026-10-25", "01:30+01:00")  # BST, 00:30Z
    assert first["End"] == "01:30+00:00"  # one hour later: the second 01:30, GMT
    assert (second["Start"], second["End"]) == ("01:30+00:00", "02:00+00:00")  # 01:30Z


def test_the_offset_makes_the_ambiguous_time_unambiguous_for_the_meeting_import() -> None:
    rows = read_calendar(LONDON, tz="Europe/London").rows
    day = date(2026, 10, 25)
    folds = [resolve_wall(day, parse_time(row.cells["Start"]), "Europe/London")[1]
             for row in rows]
    assert folds == [0, 1]


def test_a_floating_time_is_taken_as_wall_time_in_the_zone(tmp_path: Path) -> None:
    path = ics(tmp_path, "DTSTART:20261014T140000\nDTEND:20261014T143000",
               "DTSTART:20261025T013000\nDTEND:20261025T020000")
    rows = read_calendar(path, tz="Europe/London").rows
    assert (rows[0].cells["Start"], rows[0].cells["End"]) == ("14:00+01:00", "14:30+01:00")
    # a floating time the clocks repeat keeps no offset: the import asks which one is meant
    assert rows[1].cells["Start"] == "01:30"


def test_an_all_day_event_has_a_date_and_no_start_time() -> None:
    table = read_calendar(SWAPCARD, tz="Asia/Tokyo")
    row = by_id(table)["swc-booth-77@swapcard.example"]
    assert (row["Date"], row["Start"], row["End"]) == ("2026-10-15", "", "")
    assert any("all-day" in w.message for w in table.warnings)


def test_a_windows_time_zone_name_is_understood(tmp_path: Path) -> None:
    path = ics(tmp_path, "DTSTART;TZID=Tokyo Standard Time:20261014T140000")
    assert read_calendar(path, tz="Europe/London").rows[0].cells["Start"] == "06:00+01:00"


def test_an_unknown_time_zone_without_vtimezone_is_a_row_error(tmp_path: Path) -> None:
    path = ics(tmp_path, "DTSTART;TZID=Pacifico/Yokohama:20261014T140000",
               "DTSTART:20261014T050000Z")
    table = read_calendar(path, tz="Asia/Tokyo")
    assert [row.cells["Start"] for row in table.rows] == ["14:00+09:00"]
    assert len(table.errors) == 1 and "Pacifico/Yokohama" in table.errors[0].message
    assert table.errors[0].line == 4


def test_a_wrong_zone_name_for_the_reader_is_refused() -> None:
    with pytest.raises(ValidationError):
        read_calendar(B2MATCH, tz="Asia/Yokohama")


# ------------------------------------------------------------------------------- people


def test_the_organiser_and_other_attendees_are_counterparts() -> None:
    table = read_calendar(BRELLA, tz="Asia/Tokyo")
    row = by_id(table)["brella-meeting-7731955@brella.example"]
    assert row["Counterparts"] == ("Tom Hill <tom.hill@london-health-innovation.example>; "
                                   "Haruto Ito <h.ito@sakura-regen.example>; "
                                   "Yui Mori <y.mori@sakura-regen.example>")
    assert row["Our attendees"] == ""


def test_someone_listed_as_organiser_and_attendee_is_named_once() -> None:
    row = read_calendar(B2MATCH, tz="Asia/Tokyo").rows[0].cells
    assert row["Counterparts"] == ("Kenji Sato <k.sato@hoshino-bio.example>; "
                                   "Priya Nair <priya.nair@northbio-cluster.example>")


def test_a_person_without_an_address_is_named_and_has_no_email() -> None:
    row = read_calendar(BRELLA, tz="Asia/Tokyo").rows[0].cells
    assert row["Counterparts"].split("; ")[0] == "Aiko Tanaka"
    assert row["Attendee emails"] == "tom.hill@london-health-innovation.example"


def test_a_room_is_not_a_counterpart() -> None:
    row = read_calendar(BRELLA, tz="Asia/Tokyo").rows[1].cells
    assert "room3@brella.example" not in row["Counterparts"] + row["Attendee emails"]


def test_separators_inside_a_name_do_not_split_the_list() -> None:
    row = read_calendar(B2MATCH, tz="Asia/Tokyo").rows[1].cells
    assert "Kim Min-jun <minjun.kim@hanul-tx.example>" in row["Counterparts"].split("; ")


def test_attendee_emails_list_every_address_to_find_our_delegate() -> None:
    table = read_calendar(B2MATCH, tz="Asia/Tokyo")
    assert all(OURS in row.cells["Attendee emails"].split("; ") for row in table.rows)


def test_assign_ours_moves_our_delegate_from_counterparts_to_our_attendees() -> None:
    table = read_calendar(B2MATCH, tz="Asia/Tokyo")
    assign_ours(table, ["Priya.Nair@NorthBio-Cluster.example"])
    first = table.rows[0].cells
    assert first["Our attendees"] == "Priya.Nair@NorthBio-Cluster.example"
    assert first["Counterparts"] == "Kenji Sato <k.sato@hoshino-bio.example>"
    assert all(OURS not in row.cells["Counterparts"] for row in table.rows)


# ------------------------------------------------------------------------------- text


def test_location_is_the_platform_text_as_written() -> None:
    table = read_calendar(B2MATCH, tz="Asia/Tokyo")
    assert [row.cells["Location"] for row in table.rows] == [
        "Table 12", "Meeting point B3", "Hall C, Table 7"]


def test_summary_is_the_objective_and_description_the_notes() -> None:
    row = read_calendar(B2MATCH, tz="Asia/Tokyo").rows[0].cells
    assert row["Objective"] == "Meeting with Kenji Sato (Hoshino Biologics KK)"
    assert row["Notes"].startswith("Kenji Sato, Head of Business Development, Hoshino "
                                   "Biologics KK\nPriya Nair")


def test_the_counterpart_organisation_is_taken_from_the_summary() -> None:
    orgs = [row.cells["Counterpart organisation"]
            for path in (B2MATCH, BRELLA, SWAPCARD, LONDON)
            for row in read_calendar(path, tz="Asia/Tokyo").rows]
    assert orgs == ["Hoshino Biologics KK", "Hanul Therapeutics", "株式会社ヤマダ製薬",
                    "Kobe Cell Works Co., Ltd.", "Sakura Regenerative Medicine Institute", "",
                    "Tyneside Biotech Ltd", "Rheinland Diagnostics GmbH", "",
                    "Hoshino Biologics KK", "株式会社ヤマダ製薬"]


@pytest.mark.parametrize(("summary", "names", "org"), [
    ("Meeting with Jane Doe (Acme KK)", [], "Acme KK"),
    ("Meeting: Acme KK – Jane Doe", [], "Acme KK"),
    ("Meeting: Jane Doe – Acme KK", ["Jane Doe"], "Acme KK"),
    ("B2B meeting with Acme KK", [], "Acme KK"),
    ("Meeting with Jane Doe, Acme Pharma", [], "Acme Pharma"),
    ("Cancelled: Meeting with Jane Doe (Acme KK)", [], "Acme KK"),
    ("Meeting with Jane Doe", ["Jane Doe"], ""),  # a person, not an organisation
    ("Meeting with Jane Doe", [], ""),  # nothing says it is an organisation
    ("Meeting with Jane Doe (Table 12)", [], ""),
    ("Welcome reception (BioJapan)", [], ""),
    ("", [], ""),
])
def test_organisation_from_summary(summary: str, names: list[str], org: str) -> None:
    assert organisation_from_summary(summary, names) == org


def test_control_characters_are_cleaned_and_long_notes_capped(tmp_path: Path) -> None:
    path = ics(tmp_path, "DTSTART:20261014T050000Z\nSUMMARY:Pitch\\, then Q&A\x07\n"
               f"DESCRIPTION:{'x' * (MAX_CELL_CHARS + 10)}")
    table = read_calendar(path, tz="Asia/Tokyo")
    cells = table.rows[0].cells
    assert cells["Objective"] == "Pitch, then Q&A"
    assert len(cells["Notes"]) == MAX_CELL_CHARS
    assert any(w.column == "Notes" for w in table.warnings)


# ------------------------------------------------------------------------------- status and ids


def test_status_confirmed_tentative_and_none() -> None:
    b2match = read_calendar(B2MATCH, tz="Asia/Tokyo").rows
    assert [row.cells["Status"] for row in b2match] == ["confirmed", "requested", "confirmed"]
    brella = read_calendar(BRELLA, tz="Asia/Tokyo").rows
    assert brella[1].cells["Status"] == ""  # no STATUS: the import keeps its default


def test_a_cancelled_event_reads_as_cancelled() -> None:
    rows = by_id(read_calendar(SWAPCARD, tz="Asia/Tokyo"))  # METHOD:PUBLISH
    assert rows["swc-mtg-20261016-aa91@swapcard.example"]["Status"] == "cancelled"
    assert rows["swc-mtg-20261016-ab07@swapcard.example"]["Status"] == "confirmed"


def test_method_cancel_cancels_every_event_of_the_calendar(tmp_path: Path) -> None:
    path = ics(tmp_path, "DTSTART:20261014T050000Z\nSTATUS:CONFIRMED",
               "DTSTART:20261014T060000Z", head="METHOD:CANCEL")
    assert [row.cells["Status"] for row in read_calendar(path, tz="Asia/Tokyo").rows] == [
        "cancelled", "cancelled"]


def test_other_components_are_skipped_with_a_note() -> None:
    table = read_calendar(SWAPCARD, tz="Asia/Tokyo")
    assert len(table.rows) == 3
    assert any("VTODO" in w.message for w in table.warnings)


def test_a_moved_occurrence_has_its_recurrence_id_in_the_meeting_id(tmp_path: Path) -> None:
    path = ics(tmp_path, "DTSTART:20261014T050000Z\nRRULE:FREQ=DAILY;COUNT=3",
               "UID:ev-1@tests.example\nRECURRENCE-ID:20261015T050000Z\n"
               "DTSTART:20261015T070000Z")
    table = read_calendar(path, tz="Asia/Tokyo")
    assert [row.cells["Meeting ID"] for row in table.rows] == [
        "ev-1@tests.example", "ev-1@tests.example#20261015T050000Z"]
    assert len(table.rows) == 2  # the repeats are not expanded …
    assert any("repeating" in w.message for w in table.warnings)  # … and the user is told


def test_a_broken_event_is_a_row_error_and_the_others_are_read(tmp_path: Path) -> None:
    path = ics(tmp_path, "DTSTART:2026-10-14 14:00", "SUMMARY:no start at all",
               "DTSTART:20261014T050000Z")
    table = read_calendar(path, tz="Asia/Tokyo")
    assert [row.cells["Start"] for row in table.rows] == ["14:00+09:00"]
    assert [(e.line, e.column) for e in table.errors] == [(4, "Start"), (9, "Start")]


# ------------------------------------------------------------------------------- refused files

VALID = B2MATCH.read_bytes()


@pytest.mark.parametrize(("content", "words"), [
    (VALID[: len(VALID) // 2], "export it again"),  # a download cut short
    (VALID.replace(b"END:VALARM", b"END:VEVENT", 1), "export it again"),
    (VALID + b"trailing words\r\n", "export it again"),
    (VALID.replace(b"LOCATION:Table 12", b"LOCATION Table 12"), "export it again"),
    (b"<!DOCTYPE html><html><body>Sign in to b2match</body></html>", "web page"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
    (b"PK\x03\x04\x14\x00\x06\x00", "Excel"),
    (b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jane Doe\r\nEND:VCARD\r\n", "vCard"),
    (b"Date,Start,End\r\n2026-10-14,14:00,14:30\r\n", "BEGIN:VCALENDAR"),
    (VALID.replace(b"Table 12", b"Table \x00"), "NUL"),
    (VALID.replace(b"Hall C", "Hall Ç".encode("cp1252")), "UTF-8"),
    (b"", "empty"),
    (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "no events"),
    (b"BEGIN:VCALENDAR\r\n" + b"BEGIN:X\r\n" * 50 + b"END:X\r\n" * 50 + b"END:VCALENDAR\r\n",
     "too many"),
])
def test_a_damaged_or_foreign_file_is_refused_with_a_message_and_no_traceback(
        tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "agenda.ics"
    path.write_bytes(content)
    with pytest.raises(FileRejected) as caught:
        read_calendar(path, tz="Asia/Tokyo")
    assert words.casefold() in caught.value.message.casefold()
    assert "agenda.ics" in caught.value.message


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FileRejected, match="Cannot open"):
        read_calendar(tmp_path / "nowhere.ics", tz="Asia/Tokyo")


def test_sizes_are_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(calendar_reader, "MAX_CALENDAR_BYTES", 1000)
    with pytest.raises(FileRejected, match="MB"):
        read_calendar(B2MATCH, tz="Asia/Tokyo")
    monkeypatch.setattr(calendar_reader, "MAX_CALENDAR_BYTES", 10_000)
    monkeypatch.setattr(calendar_reader, "MAX_CALENDAR_EVENTS", 2)
    with pytest.raises(FileRejected, match="more than 2 events"):
        read_calendar(B2MATCH, tz="Asia/Tokyo")
    monkeypatch.setattr(calendar_reader, "MAX_CALENDAR_EVENTS", 100)
    monkeypatch.setattr(calendar_reader, "MAX_CONTENT_LINES", 20)
    with pytest.raises(FileRejected, match="more than 20 lines"):
        read_calendar(B2MATCH, tz="Asia/Tokyo")


def test_any_cut_or_flipped_byte_gives_a_table_or_a_clear_refusal(tmp_path: Path) -> None:
    rng = random.Random(5545)
    path = tmp_path / "agenda.ics"
    samples = [VALID[:cut] for cut in range(0, len(VALID), 97)]
    for _ in range(150):
        data = bytearray(VALID)
        for _ in range(3):
            data[rng.randrange(len(data))] = rng.choice(b":;=\r\n \\,\"ABZ09\x00\xff")
        samples.append(bytes(data))
    for data in samples:
        path.write_bytes(data)
        try:
            table = read_calendar(path, tz="Asia/Tokyo")
        except FileRejected as exc:
            assert exc.message
        else:
            assert table.headers == list(HEADERS)
