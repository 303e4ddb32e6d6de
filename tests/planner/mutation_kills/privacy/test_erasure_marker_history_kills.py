"""The marker of an erasure in progress, and which undo steps mention the erased person (issue 21).

planner/services/personal_data/privacy.py ``_write_marker`` and ``history_mentions``."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from planner.services.editing.changes import Changeset, RowChange
from planner.services.personal_data import privacy
from planner.storage.database import Database
from planner.storage.models import AppMeta


def test_the_marker_has_a_random_name_a_fresh_128_bit_salt_and_the_utc_time_it_started(db: Database) -> None:
    with db.transaction() as s:
        name = privacy._write_marker(s.connection(), {"someone@example.org"}, 42, [3, 5])
    with db.session() as s:
        value = json.loads(s.scalars(select(AppMeta.value).where(AppMeta.key == name)).one())
    assert re.fullmatch(re.escape(privacy.MARKER) + "[0-9a-f]{16}", name)
    assert re.fullmatch("[0-9a-f]{32}", value["salt"])
    assert value["ids"] == [privacy._digest(value["salt"], "someone@example.org")]
    assert (value["person_id"], value["exports"]) == (42, [3, 5])
    started = datetime.fromisoformat(value["started"])
    assert started.utcoffset() == timedelta(0)
    assert abs(datetime.now(UTC) - started) < timedelta(minutes=1)


def _report() -> privacy.ErasureReport:
    return privacy.ErasureReport(person_id=7, person_uuid="0b6c1a52-9d1e-4c1e-8f5e-3a1f0c2d4e5f",
                                 needles=["Zebulon Quillfeather"])


def test_an_undo_step_that_touched_their_person_row_mentions_them_even_without_any_text() -> None:
    step = Changeset("edit", [RowChange("person", (7,), {"job_title": "CSO"}, {"job_title": "CTO"})])
    assert privacy.history_mentions(step, _report())


def test_a_row_of_another_table_with_their_internal_id_as_its_own_id_does_not_mention_them() -> None:
    step = Changeset("edit", [RowChange("event", (7,), {"name": "Expo"}, {"name": "Expo 2026"})])
    assert not privacy.history_mentions(step, _report())


def test_a_link_to_another_person_does_not_mention_them_but_a_link_to_them_does() -> None:
    other = Changeset("add", [RowChange("delegate", (1,), None, {"person_id": 8, "hotel": "Inn"})])
    theirs = Changeset("add", [RowChange("delegate", (1,), None, {"person_id": 7, "hotel": "Inn"})])
    assert not privacy.history_mentions(other, _report())
    assert privacy.history_mentions(theirs, _report())
