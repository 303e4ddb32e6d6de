"""One demo mission with hostile and multi-script additions, and its packs built once."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from planner.demo import build_demo
from planner.exports.briefing.briefing_data import Briefing
from planner.exports.briefing.briefing_pdf import PackFile, write_briefing_pdf
from planner.services.events.delegations import add_delegate, event_delegation
from planner.services.events.events import get_event
from planner.services.outputs.briefing import build_briefing
from planner.services.people.people import add_organisation, add_person
from planner.services.schedule.meetings import add_meeting
from planner.storage.database import Database

PREPARED = datetime(2026, 10, 1, 9, 0)
HOSTILE_ORG = "AT&T <Japan> K.K. & Sons"
LONG_ORG = ("The Extraordinarily Long-Named Northern Regional Consortium for Translational "
            "Regenerative Medicine, Advanced Therapy Manufacturing and Clinical Innovation ") * 3
NOTE = '<b>bold?</b> <img src="x.png"/> & <font color="red">x</font>'
EMOJI = "👩"
LONG_NOTES = "Z" * 400 + " " + " ".join(f"word{i:05d}" for i in range(850)) + " THE-END-OF-NOTES"
HOSTILE_DELEGATE = ("Zoë", "O'Brien & <Partners>")  # given, family
SCRIPTS = {  # extra counterparts: (given, family, native, reading, country, language)
    "ja-halfwidth": ("Taro", "Yamada", "山田 太郎", "ﾔﾏﾀﾞ ﾀﾛｳ", "JP", "ja"),
    "ja-rare": ("Sakiko", "Takahashi", "髙橋 﨑子", "たかはし さきこ", "JP", "ja"),
    "ko": ("Min-jun", "Kim", "김민준", "", "KR", "ko"),
    "zh-hans": ("Wei", "Zhang", "张伟", "Zhāng Wěi", "CN", "zh"),
    "zh-hant": ("Tai-man", "Chan", "陳大文", "", "TW", "zh"),
    "vi": ("Đức", "Nguyễn Văn", "", "", "VN", "vi"),
}

# The audit hook cannot be removed once added: it records only while a list is installed.
OPENED: list[str] | None = None


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if OPENED is not None and event == "open" and args and isinstance(args[0], str | bytes):
        OPENED.append(os.fsdecode(args[0]))


sys.addaudithook(_audit)


@dataclass
class Mission:
    db: Database
    briefing: Briefing
    delegate_id: int  # the hostile delegate with the hostile meeting
    folder: Path
    whole: PackFile
    one: PackFile
    opened: list[str]


def run(tool: str, *args: str) -> str:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} (poppler-utils) is not installed")
    return subprocess.run([tool, *args], check=True, capture_output=True, text=True).stdout


def squash(text: str) -> str:
    """NFC without any whitespace: table cells may wrap a name over two lines."""
    return "".join(unicodedata.normalize("NFC", text).split())


def add_hostile_data(db: Database) -> int:
    with db.transaction() as s:
        event = get_event(s, "biojapan-2026")
        delegation = event_delegation(s, event)
        org = add_organisation(s, name=HOSTILE_ORG, native_name="エーティー・アンド・ティー", country="JP",
                               profile=f"Profile with markup {NOTE}\nand a second line.")
        long_org = add_organisation(s, name=LONG_ORG.strip(), country="GB")
        me = add_person(s, given_name=HOSTILE_DELEGATE[0], family_name=HOSTILE_DELEGATE[1],
                        email="zoe.obrien@example.org", organisation=long_org, country="GB",
                        job_title="Director of <Everything> & More")
        add_delegate(s, delegation, me, notes=f"Bring {NOTE} {EMOJI}")
        theirs = [add_person(s, given_name=g, family_name=f, native_name=n, native_reading=r,
                             country=c, language=lang, organisation=org,
                             email=f"{key}@att-japan.example")
                  for key, (g, f, n, r, c, lang) in SCRIPTS.items()]
        add_meeting(s, event, start_local=datetime(2026, 10, 15, 16, 0), end_local=datetime(2026, 10, 15, 16, 30),
                    ours=[me], counterparts=theirs, counterpart_organisation=org, status="confirmed",
                    objective=f"Objective {NOTE}", talking_points="Line one\nLine two & <three>",
                    notes=LONG_NOTES + f" {EMOJI}", interpreter_needed=True, interpreter_language="ja")
        return me.id


@pytest.fixture(scope="session")
def mission(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Mission]:
    global OPENED
    folder = tmp_path_factory.mktemp("briefing")
    db = Database.open(folder / "demo.db")
    with db.transaction() as s:
        build_demo(s)
    delegate_id = add_hostile_data(db)
    with db.session() as s:
        briefing = build_briefing(s, get_event(s, "biojapan-2026"), prepared_at=PREPARED)
    from PIL import Image

    Image.new("RGB", (2, 2), "white").save(folder / "x.png")  # raw markup would embed it
    opened: list[str] = []
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(folder)
        OPENED = opened
        try:
            whole = write_briefing_pdf(briefing, folder / "delegation.pdf")
            one = write_briefing_pdf(briefing, folder / "one.pdf", delegate_id=delegate_id)
        finally:
            OPENED = None
    yield Mission(db, briefing, delegate_id, folder, whole, one, opened)
    db.close()
