"""A person edit saved the way the app's person editor saves it, for the safety tests.

The GUI (``ui/pages/lists/people_page.py``) opens the editor with
:func:`~planner.services.editing.forms.person_form` read in a short read session; the dialog
(``PersonDialog.values``) hands back every field it shows plus the ``version`` it was opened
with; :meth:`ui.workspace.Workspace.edit` then runs
:func:`~planner.services.editing.editing.save_person` as one undoable edit
(``ui.undo.EditCommand.redo``: ``db.transaction()`` around ``changes.record_changes``). These
helpers do the same without Qt, so a test's edit goes through the version check, the services'
validation and the change recording a user's edit goes through.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from planner.services.editing import changes
from planner.services.editing.editing import save_person
from planner.services.editing.forms import person_form
from planner.storage.database import Database

# what PersonDialog.values() returns (besides the organisation picker's id and text)
_DIALOG_FIELDS = ("given_name", "family_name", "name_order", "native_name", "native_reading",
                  "title", "job_title", "email", "phone", "country", "lawful_basis",
                  "lead_sharing_consent", "notes", "aliases")


def editor_values(form: Mapping[str, Any]) -> dict[str, Any]:
    """What the person editor opened on ``form`` hands back when saved unchanged."""
    org_id, org_text = form["organisation"]
    values = {name: form[name] for name in _DIALOG_FIELDS}
    values.update(organisation_id=org_id, organisation_text=org_text, version=form["version"])
    return values


def open_editors(db: Database, person_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """The editor's values for each person, read as the GUI reads them (a read session)."""
    with db.session() as s:
        return {pid: editor_values(person_form(s, pid)) for pid in person_ids}


def save_edit(db: Database, label: str, edits: Mapping[int, Mapping[str, Any]]) -> changes.Changeset:
    """Save ``{person_id: editor values}`` as one undoable edit, as ``EditCommand.redo`` does."""
    with db.transaction() as session, changes.record_changes(session, label) as changeset:
        for person_id, values in edits.items():
            save_person(session, person_id, dict(values))
    return changeset
