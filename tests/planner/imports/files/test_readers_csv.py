from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from planner.imports.errors import Cancelled, FileRejected
from planner.imports.files.readers import MAX_COLUMNS, read_table


def test_semicolon_with_header(tmp_path: Path, make_csv: Callable[..., Path]) -> None:
    text = "Name;Email;Company\nZoë;z@example.com;Müller, Söhne\nJan;j@example.de;ACME\n"
    table = read_table(make_csv(tmp_path / "s.csv", text))
    assert table.delimiter == ";"
    assert table.headers == ["Name", "Email", "Company"]
    assert table.rows[0].get("Company") == "Müller, Söhne"


def test_one_column_file(tmp_path: Path, make_csv: Callable[..., Path]) -> None:
    table = read_table(make_csv(tmp_path / "one.csv", "Email\na@example.com\nb@example.com\n"))
    assert table.headers == ["Email"]
    assert [r.get("Email") for r in table.rows] == ["a@example.com", "b@example.com"]


def test_pipe_and_explicit_delimiter(tmp_path: Path, make_csv: Callable[..., Path]) -> None:
    path = make_csv(tmp_path / "p.csv", "A|B\n1|2\n")
    assert read_table(path).delimiter == "|"
    assert read_table(path, delimiter="|").rows[0].cells == {"A": "1", "B": "2"}


def test_headers_are_stripped_and_duplicates_renamed(tmp_path: Path, make_csv: Callable[..., Path]) -> None:
    text = "\ufeff Name ,Company,,Company\nA,X,,Y\n"
    table = read_table(make_csv(tmp_path / "h.csv", text))
    assert table.headers == ["Name", "Company", "Company (2)"]  # empty unnamed column dropped
    assert table.rows[0].get("Company (2)") == "Y"
    assert any("more than once" in w.message for w in table.warnings)


def test_blank_header_with_data_is_named_and_warned(tmp_path: Path, make_csv: Callable[..., Path]) -> None:
    table = read_table(make_csv(tmp_path / "b.csv", "Name,\nA,value\n"))
    assert table.headers == ["Name", "Column 2"]
    assert table.warnings and table.warnings[0].column == "Column 2"


def test_unterminated_quote_reports_its_start_line_and_keeps_other_rows(tmp_path: Path, make_csv: Callable[..., Path]) -> None:
    text = 'Name,Email\nA,a@x.org\nB,b@x.org\nC,c@x.org\n"Broken,d@x.org\nE,e@x.org\nF,f@x.org\n'
    table = read_table(make_csv(tmp_path / "q.csv", text))
    assert [e.line for e in table.errors] == [5]
    assert "closing quote" in table.errors[0].message
    assert table.errors[0].value.startswith('"Broken')
    assert [r.line for r in table.rows] == [2, 3, 4, 6, 7]


def test_multiline_cell_keeps_its_start_line(tmp_path: Path, make_csv: Callable[..., Path]) -> None:
    text = 'Name,Notes\nA,"line one\nline two"\nB,x\n'
    table = read_table(make_csv(tmp_path / "m.csv", text))
    assert [(r.line, r.get("Notes")) for r in table.rows] == [(2, "line one\nline two"), (4, "x")]


def test_ragged_rows(tmp_path: Path, make_csv: Callable[..., Path]) -> None:
    text = "Name,Email\nA,a@x.org\nB,b@x.org,surprise\nC\nD,d@x.org,,\n"
    table = read_table(make_csv(tmp_path / "r.csv", text))
    assert [(e.line, "3 cells" in e.message) for e in table.errors] == [(3, True)]
    assert [r.line for r in table.rows] == [2, 4, 5]
    assert table.rows[1].cells == {"Name": "C", "Email": ""}


def test_nul_bytes_are_row_errors(tmp_path: Path) -> None:
    path = tmp_path / "nul.csv"
    path.write_bytes(b"Name,Email\nA\x00B,a@x.org\nC,c@x.org\n")
    table = read_table(path)
    assert [(e.line, e.column) for e in table.errors] == [(2, "Name")]
    assert [r.get("Name") for r in table.rows] == ["C"]


def test_control_characters_are_cleaned(tmp_path: Path, make_csv: Callable[..., Path]) -> None:
    table = read_table(make_csv(tmp_path / "c.csv", "Name\nA\x0bB\x01C\n"))
    assert table.rows[0].get("Name") == "A BC"


def test_200000_character_field(tmp_path: Path, make_csv: Callable[..., Path]) -> None:
    text = "Name,Notes\nA,short\nB," + "x" * 200_000 + "\nC,ok\n"
    table = read_table(make_csv(tmp_path / "big.csv", text))
    assert [(e.line, e.column) for e in table.errors] == [(3, "Notes")]
    assert "200,000 characters" in table.errors[0].message
    assert len(table.errors[0].value) <= 80
    assert [r.get("Name") for r in table.rows] == ["A", "C"]


def test_field_over_parser_limit_is_a_row_error(tmp_path: Path, make_csv: Callable[..., Path]) -> None:
    text = "Name,Notes\nA,short\nB," + "y" * 5000 + "\nC,ok\n"
    table = read_table(make_csv(tmp_path / "lim.csv", text), field_size_limit=1000)
    assert [e.line for e in table.errors] == [3]
    assert [r.get("Name") for r in table.rows] == ["A", "C"]


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "e.csv").write_bytes(b"")
    with pytest.raises(FileRejected, match="empty"):
        read_table(tmp_path / "e.csv")


def test_blank_lines_only(tmp_path: Path, make_csv: Callable[..., Path]) -> None:
    with pytest.raises(FileRejected, match="no content"):
        read_table(make_csv(tmp_path / "b.csv", "\n\r\n  \n"))


def test_header_only_file(tmp_path: Path, make_csv: Callable[..., Path]) -> None:
    with pytest.raises(FileRejected, match="no data rows"):
        read_table(make_csv(tmp_path / "h.csv", "Name,Email\n"))


def test_too_many_columns(tmp_path: Path, make_csv: Callable[..., Path]) -> None:
    header = ",".join(f"C{i}" for i in range(MAX_COLUMNS + 1))
    with pytest.raises(FileRejected, match=str(MAX_COLUMNS)):
        read_table(make_csv(tmp_path / "wide.csv", header + "\n" + "1," * MAX_COLUMNS + "1\n"))


def test_binary_garbage(tmp_path: Path) -> None:
    import random

    rng = random.Random(4)
    path = tmp_path / "garbage.csv"
    path.write_bytes(bytes(rng.randrange(256) for _ in range(20_000)))
    with pytest.raises(FileRejected, match=r"binary|not UTF-8"):
        read_table(path)


def test_png_renamed_csv(tmp_path: Path) -> None:
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(100))
    with pytest.raises(FileRejected, match="PNG image"):
        read_table(path)


def test_progress_and_cancel(tmp_path: Path, make_csv: Callable[..., Path]) -> None:
    text = "Name,Email\n" + "".join(f"P{i},p{i}@x.org\n" for i in range(5000))
    path = make_csv(tmp_path / "many.csv", text)
    seen: list[tuple[int, int]] = []
    table = read_table(path, progress=lambda done, total: seen.append((done, total)))
    assert len(table.rows) == 5000
    assert seen and seen[-1][0] == seen[-1][1]
    with pytest.raises(Cancelled):
        read_table(path, cancel=lambda: True)


@pytest.mark.slow
def test_cancel_is_quick_on_200000_rows(tmp_path: Path, make_csv: Callable[..., Path]) -> None:
    text = "Name,Email\n" + "".join(f"P{i},p{i}@x.org\n" for i in range(200_000))
    path = make_csv(tmp_path / "huge.csv", text)
    calls = {"n": 0}

    def cancel() -> bool:  # a cancel is quick when the reader asks often and stops at once
        calls["n"] += 1
        return calls["n"] > 20

    with pytest.raises(Cancelled):
        read_table(path, cancel=cancel)
    assert calls["n"] == 21  # stopped at the first check that said cancel (20 were asked
    # before it, so the reader asks at least every 10,000 of the 200,000 rows)
