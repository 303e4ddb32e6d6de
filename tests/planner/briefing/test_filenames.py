"""Safe file names from user data, and atomic writes into the chosen folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.exports.filenames import (
    MAX_NAME_BYTES,
    atomic_target,
    path_inside,
    safe_file_name,
    safe_stem,
    unique_name,
)

FORBIDDEN = set('/\\:*?"<>|')


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Taro YAMADA", "Taro YAMADA.pdf"),
        ("AT&T <Japan>: K.K.", "AT&T _Japan_ K.K.pdf"),
        ("../../etc/passwd", "_.._etc_passwd.pdf"),
        ("CON", "_CON.pdf"),
        ("com1", "_com1.pdf"),
        ("LPT9.txt", "_LPT9.txt.pdf"),
        ("Dr. Who...  ", "Dr. Who.pdf"),
        (".hidden", "hidden.pdf"),
        ("", "file.pdf"),
        ("...", "file.pdf"),
        ("a\x00b\nc\u202ed", "a_b_c_d.pdf"),
        ("山田 太郎", "山田 太郎.pdf"),
        ("Nguye\u0302\u0303n", "Nguyễn.pdf"),
    ],
)
def test_safe_file_name_examples(text: str, expected: str) -> None:
    assert safe_file_name(text, ".pdf") == expected


def test_length_is_bounded_in_bytes_without_splitting_characters() -> None:
    name = safe_file_name("髙橋" * 200, ".pdf")
    assert len(name.encode("utf-8")) <= MAX_NAME_BYTES
    assert name.endswith(".pdf") and set(name[:-4]) == {"髙", "橋"}
    accented = safe_stem("e\u0301" * 10 + "x" * 300)
    assert len(accented.encode("utf-8")) <= MAX_NAME_BYTES


def test_unique_name_is_case_insensitive() -> None:
    taken: set[str] = set()
    assert unique_name("Ann Lee.pdf", taken) == "Ann Lee.pdf"
    assert unique_name("ANN LEE.pdf", taken) == "ANN LEE (2).pdf"
    assert unique_name("Ann Lee.pdf", taken) == "Ann Lee (3).pdf"
    assert unique_name("noext", taken) == "noext"
    assert unique_name("noext", taken) == "noext (2)"


@pytest.mark.parametrize("bad", ["", ".", "..", "a/b", "a\\b", "../x"])
def test_path_inside_refuses_escapes(tmp_path: Path, bad: str) -> None:
    with pytest.raises(ValueError):
        path_inside(tmp_path, bad)


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=0, max_size=400))
def test_any_text_gives_a_portable_name_inside_the_folder(tmp_path_factory: pytest.TempPathFactory,
                                                         text: str) -> None:
    name = safe_file_name(text, ".pdf")
    stem = name[:-4]
    assert stem and not FORBIDDEN & set(name)
    assert not stem.endswith((".", " ")) and not stem.startswith(".")
    assert stem.split(".")[0].strip().upper() not in {"CON", "PRN", "AUX", "NUL"}
    assert all(ord(ch) >= 32 for ch in name)
    assert len(name.encode("utf-8")) <= MAX_NAME_BYTES
    folder = tmp_path_factory.mktemp("names", numbered=True)
    target = path_inside(folder, name)
    target.write_bytes(b"x")  # the file system accepts it
    assert target.parent == folder.resolve()


def test_atomic_target_replaces_only_on_success(tmp_path: Path) -> None:
    target = tmp_path / "pack.pdf"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_target(target) as tmp:
        assert tmp.parent == tmp_path and tmp != target
        tmp.write_bytes(b"half")
        raise RuntimeError("disk full")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["pack.pdf"]
    with atomic_target(target) as tmp:
        tmp.write_bytes(b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["pack.pdf"]
