"""Merge two duplicates (undoable) and erase a person (privacy), for the People/Organisations pages."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget

from planner.errors import PlannerError
from planner.services.common import get_by_id
from planner.services.people.merge import merge_organisations, merge_people
from planner.services.personal_data.privacy import ErasureReport, erase_person
from planner.storage.models import Organisation, Person
from ui.dialogs.error_dialog import show_error, show_failure
from ui.workspace import Workspace


def ask_merge(parent: QWidget, ws: Workspace, kind: str, rows: list[Any], name_of: Any) -> str | None:
    """Ask which of two records to keep, then merge the other into it as one undoable edit."""
    if len(rows) != 2:
        show_error(parent, "Merge", "Select exactly two records to merge (Ctrl+click the second one).")
        return None
    a, b = rows
    box = QMessageBox(QMessageBox.Icon.Question, "Merge duplicates",
                      f"Merge “{name_of(a)}” and “{name_of(b)}” into one record?\n\nEverything that refers to "
                      "the removed one moves to the kept one. You can undo this with Ctrl+Z.", parent=parent)
    keep_a = box.addButton(f"Keep {name_of(a)}", QMessageBox.ButtonRole.AcceptRole)
    keep_b = box.addButton(f"Keep {name_of(b)}", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    if box.clickedButton() not in (keep_a, keep_b):
        return None
    keep, drop = (a, b) if box.clickedButton() is keep_a else (b, a)
    return merge_records(ws, kind, keep, drop, name_of)


def merge_records(ws: Workspace, kind: str, keep: Any, drop: Any, name_of: Any) -> str:
    model, merge = (Person, merge_people) if kind == "person" else (Organisation, merge_organisations)

    def edit(session: Any) -> str:
        report = merge(session, get_by_id(session, model, keep.id), get_by_id(session, model, drop.id))
        return str(report.describe())

    return ws.edit(f"Merge {name_of(drop)} into {name_of(keep)}", edit)


def ask_erase(parent: QWidget, ws: Workspace, row: Any, on_done: Any = None) -> None:
    """Erase a person everywhere after an explicit confirmation; not undoable by design."""
    answer = QMessageBox.warning(
        parent, "Erase person",
        f"Erase {row.display_name} ({row.email or 'no e-mail'}) from this file?\n\nThis removes them from every "
        "table, every note and the undo history, and cannot be undone. Files exported earlier are listed "
        "afterwards so you can delete them too.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
    if answer != QMessageBox.StandardButton.Yes:
        return
    uuid, email, db = row.uuid, row.email, ws.db

    def done(report: ErasureReport) -> None:
        ws.forget_person(uuid, email, report)
        ws.notify_external_change()
        files = "\n".join(f"• {e.path}" for e in report.exports) or "none"
        text = f"{row.display_name} was erased.\n\nExported files that still hold them:\n{files}"
        if report.residue:
            text += "\n\nWarning: traces remain in: " + ", ".join(report.residue)
        QMessageBox.information(parent, "Erased", text)
        if on_done is not None:
            on_done(report)

    def failed(failure: Any) -> None:
        show_failure(parent, failure)

    try:
        ws.runner.start(f"Erasing {row.display_name}…", lambda _s, _p, _c: erase_person(db, uuid),
                        on_done=done, on_error=failed, writes=True, dialog_parent=parent)
    except PlannerError as exc:
        show_error(parent, "Erase person", str(exc))
