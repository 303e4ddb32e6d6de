"""Outputs are never written through a symlink — at their own name or their temporary name —,
files holding personal data are owner-only, and an existing folder keeps its mode."""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from planner.cli import main
from planner.exports import output
from planner.exports.briefing.briefing_pdf import pack_file_names
from planner.services.events.events import get_event
from planner.services.outputs.briefing import build_briefing
from planner.storage.database import Database
from tests.planner.exports_safety.conftest import EVENT, committed_log, hidden_files, visible_files

VICTIM = b"the victim's own bytes"

EXPORTS = {
    "leads": (["leads"], "x.xlsx"),
    "crm": (["crm", "--format", "hubspot"], "x.csv"),
    "ics": (["ics"], "x.ics"),
    "impact": (["impact"], "x.pdf"),
    "briefing": (["briefing", "--delegate", "{delegate}"], "x.pdf"),
}


@pytest.fixture
def delegate(demo_file: Path) -> str:
    with Database.open(demo_file) as db, db.session() as s:
        briefing = build_briefing(s, get_event(s, EVENT))
        return str(briefing.packs[0].delegate.person.email)


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def _export(demo_file: Path, case: str, out: Path, delegate: str) -> int:
    argv, _ = EXPORTS[case]
    return main(["--db", str(demo_file), "export", argv[0], "--event", EVENT,
                 *(a.format(delegate=delegate) for a in argv[1:]), "--out", str(out)])


@pytest.mark.parametrize("dangling", [False, True], ids=["to-a-file", "dangling"])
@pytest.mark.parametrize("case", sorted(EXPORTS))
def test_a_target_that_is_a_symlink_is_refused_with_a_message(case: str, dangling: bool, demo_file: Path,
                                                              tmp_path: Path, delegate: str,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    victim = tmp_path / "elsewhere" / "victim.txt"
    victim.parent.mkdir()
    if not dangling:
        victim.write_bytes(VICTIM)
    out = tmp_path / "out"
    out.mkdir()
    link = out / EXPORTS[case][1]
    link.symlink_to(victim)
    assert _export(demo_file, case, link, delegate) == 2
    err = capsys.readouterr().err
    assert "symbolic link" in err and "Traceback" not in err
    assert link.is_symlink() and os.readlink(link) == str(victim)
    assert (victim.read_bytes() == VICTIM) if not dangling else not victim.exists()
    assert committed_log(demo_file) == {} and hidden_files(out) == []


def test_a_symlink_planted_at_the_temporary_name_is_never_followed(demo_file: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Temporary names are unpredictable; even one guessed right is only ever created with
    O_CREAT|O_EXCL|O_NOFOLLOW: the planted link stays a link and its target untouched."""
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_bytes(VICTIM)
    draws: list[str] = []

    class Guessed:  # the export's first temporary name is the one the attacker planted
        @staticmethod
        def token_hex(n: int) -> str:
            draws.append(secrets.token_hex(n) if draws else "deadbeef")
            return draws[-1]

    monkeypatch.setattr(output, "secrets", Guessed)
    planted = out / f".leads.xlsx.{output._host_tag()}-{os.getpid()}-deadbeef.partial.xlsx"
    planted.symlink_to(victim)
    target = out / "leads.xlsx"
    assert main(["--db", str(demo_file), "export", "leads", "--event", EVENT, "--out", str(target)]) == 0
    assert draws[0] == "deadbeef" and len(draws) >= 2  # the planted name was tried, then another
    assert victim.read_bytes() == VICTIM
    assert planted.is_symlink()  # not ours: left alone (a regular file of a dead run would be removed)
    assert target.read_bytes()[:2] == b"PK" and not target.is_symlink()
    assert str(target.resolve()) in committed_log(demo_file)


def test_a_symlink_among_the_per_delegate_names_stops_the_export_before_any_pack(
        demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    import planner.cli.exports.export_briefing as cli_module
    from planner.services.outputs import briefing as service

    real = service.build_briefing

    def two(session, event, ids=None):  # type: ignore[no-untyped-def]
        whole = real(session, event, ids)
        return type(whole)(**{**whole.__dict__, "packs": whole.packs[:2]})

    monkeypatch.setattr(cli_module, "build_briefing", two)
    with Database.open(demo_file) as db, db.session() as s:
        names = list(pack_file_names(two(s, get_event(s, EVENT))).values())
    out = tmp_path / "packs"
    out.mkdir()
    victim = tmp_path / "victim.pdf"
    victim.write_bytes(VICTIM)
    (out / names[1]).symlink_to(victim)  # the second delegate's name points outside the folder
    code = main(["--db", str(demo_file), "export", "briefing", "--event", EVENT, "--out", f"{out}/",
                 "--per-delegate"])
    err = capsys.readouterr().err
    assert code == 2 and "symbolic link" in err and "Traceback" not in err
    assert victim.read_bytes() == VICTIM
    assert visible_files(out) == [out / names[1]] and committed_log(demo_file) == {}


@pytest.mark.usefixtures("umask_022")
def test_personal_data_is_owner_only_and_folders_keep_their_mode(demo_file: Path, tmp_path: Path,
                                                                  delegate: str,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "shared"
    out.mkdir()
    os.chmod(out, 0o755)
    for case in ("leads", "crm", "ics", "briefing", "impact"):
        target = out / f"{case}{Path(EXPORTS[case][1]).suffix}"  # (the impact report too: no loosening)
        target.write_bytes(b"old")
        os.chmod(target, 0o644)  # an older export, readable by all: replaced by an owner-only file
        assert _export(demo_file, case, target, delegate) == 0
        assert stat.S_IMODE(target.stat().st_mode) == 0o600, case
    assert stat.S_IMODE(out.stat().st_mode) == 0o755  # never chmod-ed
    # per-delegate packs: an existing folder keeps its mode, a new one is the owner's only
    import planner.cli.exports.export_briefing as cli_module
    from planner.services.outputs import briefing as service

    real = service.build_briefing

    def one(session, event, ids=None):  # type: ignore[no-untyped-def]
        whole = real(session, event, ids)
        return type(whole)(**{**whole.__dict__, "packs": whole.packs[:1]})

    monkeypatch.setattr(cli_module, "build_briefing", one)
    for folder, mode in ((out, 0o755), (tmp_path / "new packs", 0o700)):
        assert main(["--db", str(demo_file), "export", "briefing", "--event", EVENT, "--out", f"{folder}/",
                     "--per-delegate"]) == 0
        assert stat.S_IMODE(folder.stat().st_mode) == mode
        assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in visible_files(folder) if p.suffix == ".pdf"
                   and p.name.startswith(EVENT))
