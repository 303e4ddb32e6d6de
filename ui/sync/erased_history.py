"""After a sync brought an erasure (someone erased a person on another copy): purge this window's
undo history of every step that names them, the way the Erase action does
(:meth:`ui.workspace.Workspace.forget_person` with an erasure report).

By the time the sync returns, the person is gone from the file, so what identified them (names,
e-mail, phones, internal id) is read *before* the sync, for the people the undo history holds
only: :func:`people_in_history` (GUI thread: the stack is the GUI's) collects their internal
ids, :func:`identities` (worker thread, before the sync) reads them into
:class:`~planner.services.personal_data.privacy.ErasureReport` objects, and
:func:`forget_erased` (GUI thread, after) drops the steps with ``privacy.history_mentions``.
A person erased elsewhere whom the history never held is still dropped by uuid.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtGui import QUndoStack

from planner.storage.database import Database
from ui.undo import EditCommand


def people_in_history(stack: QUndoStack) -> set[int]:
    """The internal ids of the people any undo or redo step holds (their row, or a link to it)."""
    from planner.services.personal_data.privacy import person_links

    links = {(table.name, column.name) for table, column, _action in person_links()}
    ids: set[int] = set()
    for i in range(stack.count()):
        command = stack.command(i)
        changeset = command.changeset if isinstance(command, EditCommand) else None
        if changeset is None:
            continue
        for change in changeset.changes:
            if change.table == "person" and change.pk and isinstance(change.pk[0], int):
                ids.add(change.pk[0])
            for state in (change.before, change.after):
                for column, value in (state or {}).items():
                    if isinstance(value, int) and (change.table, column) in links:
                        ids.add(value)
    return ids


def identities(db: Database, person_ids: Iterable[int]) -> dict[str, tuple[str, Any]]:
    """person uuid -> (their e-mail, an ErasureReport holding what identifies them)."""
    from sqlalchemy import select

    from planner.services.personal_data.privacy import ErasureReport, identifying_texts
    from planner.storage.models import Person

    wanted = sorted(set(person_ids))
    found: dict[str, tuple[str, Any]] = {}
    if not wanted:
        return found
    with db.session() as session:
        for start in range(0, len(wanted), 500):
            for person in session.scalars(select(Person).where(Person.id.in_(wanted[start:start + 500]))):
                report = ErasureReport(person_id=person.id, person_uuid=person.uuid,
                                       needles=[person.uuid, *identifying_texts(person)])
                found[person.uuid] = (person.email or "", report)
    return found


def forget_erased(workspace: Any, erased: Iterable[str], known: dict[str, tuple[str, Any]]) -> int:
    """Drop the undo steps naming any of the ``erased`` uuids; returns how many steps went."""
    dropped = 0
    for uuid in erased:
        email, report = known.get(uuid, ("", None))
        dropped += workspace.forget_person(uuid, email, report)
    return dropped
