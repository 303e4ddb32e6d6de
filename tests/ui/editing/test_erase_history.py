"""After an erasure the undo history holds no step that names the person, in any spelling."""

from __future__ import annotations

from planner.services.people.people import add_person, update_person
from planner.services.personal_data.privacy import erase_person
from planner.storage.models import Person


def test_a_step_naming_the_person_in_another_case_is_dropped(workspace) -> None:
    ws = workspace
    pid = ws.edit("Add Łukasz", lambda s: add_person(s, given_name="Łukasz", family_name="Green",
                                                      email="lukasz@green.example").id)
    colleague = ws.edit("Add Ann", lambda s: add_person(s, given_name="Ann", family_name="Lee").id)
    ws.edit("Note", lambda s: update_person(s, s.get(Person, colleague), notes="Call ŁUKASZ GREEN"))
    other = ws.edit("Add Bo", lambda s: add_person(s, given_name="Bo", family_name="Kim").id)
    ws.edit("Unrelated", lambda s: update_person(s, s.get(Person, other), job_title="CEO"))
    uuid = ws.read(lambda s: s.get(Person, pid).uuid)
    report = erase_person(ws.db, uuid)
    ws.forget_person(uuid, "lukasz@green.example", report)
    texts = [ws.undo_stack.text(i) for i in range(ws.undo_stack.count())]
    assert "Note" not in texts and "Add Łukasz" not in texts  # both held the name
    assert "Unrelated" in texts and "Add Ann" in texts  # steps without them stay
