"""A missing folder is a message and exit 2 before any work; a full disk or an I/O error while
an export writes is a clear message, exit 2, no partial file, and nothing logged as written.
The rejected rows of an import (``--skip-bad-rows``) are an export like the others."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from planner.cli import main
from planner.exports.output import OutputWriteError
from planner.services.outputs.export_jobs import ExportRequest, run_export
from planner.services.outputs.export_log import logger_for
from planner.storage.database import Database
from tests.planner.exports_safety.conftest import (
    EVENT,
    ROOT,
    committed_log,
    hidden_files,
)


def _people(db_path: Path) -> int:
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return int(con.execute("SELECT count(*) FROM person").fetchone()[0])
    finally:
        con.close()


def _known_email(db_path: Path) -> str:
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return str(con.execute("SELECT email FROM person WHERE email != '' ORDER BY id LIMIT 1").fetchone()[0])
    finally:
        con.close()


def _people_csv(path: Path, *, good: int = 2, bad: int = 1, known: str = "") -> Path:
    rows = ["Given name,Family name,Email,Organisation,Country"]
    rows += [f"Good{i},Row,good{i}@rows.example,Org {i},Japan" for i in range(good)]
    rows += [f"Bad{i},Row{'x' * 60},bad{i}@rows.example,Org {i},Atlantis{i}" for i in range(bad)]
    if known:
        rows.append(f"Known,Person,{known},Known Org,Atlantis")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("skip", [True, False], ids=["skip-bad-rows", "bad-rows-only"])
def test_bad_rows_into_a_missing_folder_is_refused_before_any_work(demo_file: Path, tmp_path: Path, skip: bool,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    source = _people_csv(tmp_path / "people.csv")
    before = _people(demo_file)
    argv = ["--db", str(demo_file), "import", "people", str(source), "--event", EVENT,
            "--bad-rows", str(tmp_path / "missing" / "x.csv")]
    code = main(argv + (["--skip-bad-rows"] if skip else []))
    err = capsys.readouterr().err
    assert code == 2 and "does not exist" in err and "Traceback" not in err
    assert _people(demo_file) == before and committed_log(demo_file) == {}
    assert not (tmp_path / "missing").exists()


def test_the_rejected_rows_are_owner_only_and_logged_before_they_appear(demo_file: Path, tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    known = _known_email(demo_file)
    source = _people_csv(tmp_path / "people.csv", good=2, bad=3, known=known)
    target = tmp_path / "fix these.csv"
    seen: list[bool] = []
    real = os.replace

    def spy(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        if Path(dst) == target:
            seen.append(str(target.resolve()) in committed_log(demo_file))
        real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", spy)
    before = _people(demo_file)
    code = main(["--db", str(demo_file), "import", "people", str(source), "--event", EVENT,
                 "--skip-bad-rows", "--bad-rows", str(target)])
    assert code == 1  # rows were rejected; the good ones were imported
    assert _people(demo_file) == before + 2
    assert seen == [True]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert committed_log(demo_file)[str(target.resolve())] == ("import_rejects", 4)
    assert hidden_files(tmp_path) == []
    with Database.open(demo_file) as db, db.session() as s:  # erasure can name the file
        from planner.services.outputs.export_log import exports_containing
        from planner.services.people.people import find_person

        assert [r.path for r in exports_containing(s, find_person(s, known).uuid)] == [str(target.resolve())]


MISSING = {
    "leads": ["leads", "--out", "{m}/x.xlsx"],
    "crm": ["crm", "--format", "hubspot", "--out", "{m}/x.csv"],
    "ics": ["ics", "--out", "{m}/x.ics"],
    "impact": ["impact", "--out", "{m}/x.pdf"],
    "briefing": ["briefing", "--out", "{m}/x.pdf"],
    "per-delegate": ["briefing", "--per-delegate", "--out", "{m}/packs/"],
}


@pytest.mark.parametrize("case", sorted(MISSING))
def test_an_export_into_a_missing_folder_is_refused_before_any_work(case: str, demo_file: Path, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    import planner.cli.common as common

    def no_work(*_args: Any) -> None:
        raise AssertionError("the file was opened before the target was checked")

    import importlib

    from planner.cli.exports.export import EXPORT_MODULES

    for name in EXPORT_MODULES:  # loaded only when their kind runs: load them to patch them too
        importlib.import_module(name)
    for module in list(sys.modules.values()):
        if getattr(module, "__name__", "").startswith("planner.cli.") and hasattr(module, "open_db"):
            monkeypatch.setattr(module, "open_db", no_work)
    monkeypatch.setattr(common, "open_db", no_work)
    missing = tmp_path / "no such folder"
    argv = MISSING[case]
    code = main(["--db", str(demo_file), "export", argv[0], "--event", EVENT,
                 *(a.format(m=missing) for a in argv[1:])])
    err = capsys.readouterr().err
    assert code == 2 and "does not exist" in err and "Traceback" not in err
    assert not missing.exists()


# -- disk trouble -----------------------------------------------------------------------------------

def _fails_for(folder: Path, code: int) -> Any:
    real = os.fsync

    def fsync(fd: int) -> None:
        try:
            where = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            where = ""
        if where.startswith(str(folder)):
            raise OSError(code, os.strerror(code))
        real(fd)

    return fsync


needs_proc = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc/self/fd (Linux)")


@needs_proc
@pytest.mark.parametrize("case", ["leads", "crm", "ics", "impact"])
def test_an_io_error_while_writing_is_a_message_and_leaves_nothing(case: str, demo_file: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    argv = MISSING[case]
    monkeypatch.setattr(os, "fsync", _fails_for(out, errno.EIO))
    code = main(["--db", str(demo_file), "export", argv[0], "--event", EVENT,
                 *(a.format(m=out) for a in argv[1:])])
    err = capsys.readouterr().err
    assert code == 2 and "disk reported an error" in err and "Traceback" not in err
    assert list(out.iterdir()) == [] and committed_log(demo_file) == {}


@needs_proc
def test_the_gui_job_gets_a_readable_failure_for_a_full_disk(demo_file: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(os, "fsync", _fails_for(out, errno.ENOSPC))
    with (Database.open(demo_file) as db, db.session() as session, session.begin(),
          pytest.raises(OutputWriteError, match="The disk is full")):
        run_export(session, ExportRequest("leads", EVENT, out / "leads.xlsx"), log=logger_for(db))
    assert list(out.iterdir()) == [] and committed_log(demo_file) == {}


# -- a really full disk: a tiny tmpfs in a private mount namespace ----------------------------------

def _unshare() -> list[str]:
    base = ["unshare", "--mount", "--propagation", "private"]
    return base if os.geteuid() == 0 else [*base, "--user", "--map-root-user"]


@pytest.fixture(scope="module")
def tiny_disk_works(tmp_path_factory: pytest.TempPathFactory) -> None:
    if sys.platform != "linux" or shutil.which("unshare") is None:
        pytest.skip("needs Linux and unshare(1) for a private tmpfs")
    probe = tmp_path_factory.mktemp("probe")
    result = subprocess.run([*_unshare(), "sh", "-c", 'mount -t tmpfs -o size=8k tmpfs "$1"', "sh", str(probe)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a private tmpfs here: {result.stderr.strip()}")


SCRIPT = """
out="$1"; size="$2"; shift 2
mount -t tmpfs -o "size=$size,mode=0700" tmpfs "$out" || exit 97
"$@"
rc=$?
printf '\\nRC=%s\\nLEFT=%s\\n' "$rc" "$(ls -A "$out" | tr '\\n' '/')"
"""


def _on_tiny_disk(out: Path, size: str, db: Path, *args: str,
                  tmpdir: Path | None = None) -> tuple[int, list[str], str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if tmpdir is not None:
        env["TMPDIR"] = str(tmpdir)
    result = subprocess.run([*_unshare(), "sh", "-c", SCRIPT, "sh", str(out), size,
                             sys.executable, "-m", "planner", "--db", str(db), *args],
                            capture_output=True, text=True, env=env, timeout=600)
    assert "RC=" in result.stdout, result.stderr
    tail = result.stdout.rsplit("RC=", 1)[1]
    rc, left = tail.split("\nLEFT=")
    return int(rc), [n for n in left.strip().split("/") if n], result.stderr


@pytest.mark.usefixtures("tiny_disk_works")
def test_a_full_disk_during_an_export_is_a_message_and_leaves_nothing(demo_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "tiny"
    out.mkdir()
    scratch = tmp_path / "scratch"  # the temp folder openpyxl streams the sheets' rows through
    scratch.mkdir()
    rc, left, err = _on_tiny_disk(out, "8k", demo_file, "export", "leads", "--event", EVENT,
                                  "--out", str(out / "leads.xlsx"), tmpdir=scratch)
    assert rc == 2 and "The disk is full" in err and "Traceback" not in err, err
    assert left == [] and committed_log(demo_file) == {}
    assert list(scratch.iterdir()) == []  # no rows left behind in temporary files either


@pytest.mark.usefixtures("tiny_disk_works")
def test_a_full_disk_during_per_delegate_packs_keeps_only_logged_whole_files(demo_file: Path,
                                                                            tmp_path: Path) -> None:
    out = tmp_path / "tiny"
    out.mkdir()
    rc, left, err = _on_tiny_disk(out, "160k", demo_file, "export", "briefing", "--event", EVENT,
                                  "--out", f"{out}/", "--per-delegate")
    assert rc == 2 and "The disk is full" in err and "Traceback" not in err, err
    assert not [n for n in left if n.startswith(".")]  # no partial file
    log = committed_log(demo_file)
    assert sorted(log) == sorted(str(out / n) for n in left)  # what is there is logged, nothing more


@pytest.mark.usefixtures("tiny_disk_works")
def test_a_full_disk_for_the_rejected_rows_imports_nothing(demo_file: Path, tmp_path: Path) -> None:
    source = _people_csv(tmp_path / "people.csv", good=5, bad=300)
    out = tmp_path / "tiny"
    out.mkdir()
    before = _people(demo_file)
    rc, left, err = _on_tiny_disk(out, "8k", demo_file, "import", "people", str(source), "--event", EVENT,
                                  "--skip-bad-rows", "--bad-rows", str(out / "rejects.csv"))
    assert rc == 2 and "The disk is full" in err and "Nothing was imported" in err and "Traceback" not in err, err
    assert left == [] and committed_log(demo_file) == {}
    assert _people(demo_file) == before
    assert sorted(tmp_path.glob("*.csv")) == [source] and hidden_files(tmp_path) == []
