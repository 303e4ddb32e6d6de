"""Several people editing one plan at once: no update is ever lost silently.

Each person has their own connection (on a server, their own role; on a file, their own program).
Each test runs on SQLite and on PostgreSQL (``engines``).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import select, update

from planner.errors import ConcurrentEditError
from planner.services.editing import changes
from planner.services.editing.editing import save_lead, save_meeting, save_person
from planner.services.editing.forms import lead_form, meeting_form, person_form
from planner.services.events.events import add_event
from planner.services.followup.followups import add_lead
from planner.services.people.people import add_person
from planner.services.schedule.meetings import add_meeting
from planner.storage import actor
from planner.storage.database import Database
from planner.storage.models import Lead, Meeting, Person

pytestmark = pytest.mark.engines


@pytest.fixture
def team(db: Database) -> Iterator[tuple[Database, Database]]:
    """Alice's and Bob's connections to one plan, with an event, a person and a lead."""
    actor.rename(db.engine, "alice")
    bob = Database.open(db.target)
    actor.rename(bob.engine, "bob")
    with db.transaction() as s:
        event = add_event(s, code="bio", name="BioJapan", start_date=date(2026, 10, 14),
                          end_date=date(2026, 10, 16), tz="Asia/Tokyo")
        person = add_person(s, given_name="Priya", family_name="Shah", email="priya@x.example")
        add_lead(s, event, person=person, title="Assay licence", value=1000,
                 currency="GBP")
    yield db, bob
    bob.close()


def _values(form: dict) -> dict:
    """What an editor hands back to ``save_*``: picked records as ids, the version it showed."""
    values = {}
    for key, value in form.items():
        if isinstance(value, tuple):  # (id, label) of a picked record
            values[f"{key}_id"] = value[0]
        elif key not in ("uuid", "member_organisation"):
            values[key] = value
    return values


def _lead_id(db: Database) -> int:
    with db.session() as s:
        return s.scalars(select(Lead.id)).one()


def _event_id(db: Database) -> int:
    with db.session() as s:
        return s.scalars(select(Lead.event_id)).one()


def test_the_second_save_of_one_lead_is_refused_and_nothing_is_lost(team):
    alice, bob = team
    lead_id, event_id = _lead_id(alice), _event_id(alice)
    with alice.session() as s:
        alice_form = lead_form(s, lead_id)
    with bob.session() as s:
        bob_form = lead_form(s, lead_id)
    assert alice_form["version"] == bob_form["version"]

    with alice.transaction() as s:
        save_lead(s, event_id, lead_id, {**_values(alice_form), "value": 2500})
    with pytest.raises(ConcurrentEditError) as refused, bob.transaction() as s:
        save_lead(s, event_id, lead_id, {**_values(bob_form), "title": "Assay licence (Japan)"})

    error = refused.value
    assert error.changed_by == "alice" and error.changed_at is not None
    assert "changed by alice" in str(error) and "Assay licence" in str(error)
    with bob.session() as s:
        lead = s.get(Lead, lead_id)
        assert lead is not None
        assert lead.value == 2500 and lead.title == "Assay licence"  # Alice's, whole

    # Bob re-applies his change over the record as it is now: both changes are kept
    with bob.session() as s:
        fresh = lead_form(s, lead_id)
    with bob.transaction() as s:
        save_lead(s, event_id, lead_id, {**_values(fresh), "title": "Assay licence (Japan)"})
    with alice.session() as s:
        lead = s.get(Lead, lead_id)
        assert lead is not None
        assert (lead.title, lead.value, lead.changed_by) == ("Assay licence (Japan)",
                                                             2500, "bob")


def test_a_save_from_the_same_form_twice_is_refused_the_second_time(team):
    """A form's version is used up by its save: a second save of the same stale values (a
    double click, a retried request) cannot overwrite what was saved in between."""
    alice, bob = team
    with alice.session() as s:
        person_id = s.scalars(select(Person.id)).one()
        form = person_form(s, person_id)
    with alice.transaction() as s:
        save_person(s, person_id, {**_values(form), "phone": "+44 20 1234 5678"})
    with bob.transaction() as s:
        save_person(s, person_id, {**_values(person_form(s, person_id)), "notes": "vegetarian"})
    with pytest.raises(ConcurrentEditError, match="changed by bob"), alice.transaction() as s:
        save_person(s, person_id, {**_values(form), "phone": "+44 20 0000 0000"})
    with alice.session() as s:
        person = s.get(Person, person_id)
        assert person is not None
        assert (person.phone, person.notes) == ("+44 20 1234 5678", "vegetarian")


def test_every_update_moves_the_version_and_says_who_made_it(team):
    alice, bob = team
    lead_id = _lead_id(alice)
    with alice.session() as s:
        lead = s.get(Lead, lead_id)
        assert lead is not None
        first = lead.version
        assert lead.changed_by == "alice"
    with bob.transaction() as s:  # a plain update through the ORM
        lead = s.get(Lead, lead_id)
        assert lead is not None
        lead.notes = "call after the show"
    with alice.transaction() as s:  # a bulk update through SQLAlchemy Core, naming no version
        s.execute(update(Lead).where(Lead.id == lead_id).values(stage="qualified"))
    with alice.session() as s:
        lead = s.get(Lead, lead_id)
        assert lead is not None
        assert lead.version == first + 2 and lead.changed_by == "alice"


def test_a_meeting_whose_attendees_changed_is_a_changed_meeting(team):
    """Moving people in or out of a meeting changes the meeting: a stale form is refused."""
    alice, bob = team
    with alice.transaction() as s:
        from planner.services.events.events import get_event

        event = get_event(s, "bio")
        priya = s.scalars(select(Person)).one()
        ken = add_person(s, given_name="Ken", family_name="Sato", email="ken@x.example")
        meeting = add_meeting(s, event, ours=[priya], counterparts=[ken],
                              start_local=event_start(), end_local=event_start(30))
        meeting_id, event_id, ken_id, priya_id = meeting.id, event.id, ken.id, priya.id
        lena = add_person(s, given_name="Lena", family_name="Ito", email="lena@x.example")
        lena_id = lena.id
    with alice.session() as s:
        stale = meeting_form(s, meeting_id)
    with bob.session() as s:
        form = meeting_form(s, meeting_id)
    values = _meeting_values(form, ours=[priya_id], counterparts=[ken_id, lena_id])
    with bob.transaction() as s:
        save_meeting(s, event_id, meeting_id, values)
    with pytest.raises(ConcurrentEditError, match="changed by bob"), alice.transaction() as s:
        save_meeting(s, event_id, meeting_id,
                     _meeting_values(stale, ours=[priya_id], counterparts=[ken_id]))
    with alice.session() as s:
        meeting = s.get(Meeting, meeting_id)
        assert meeting is not None
        assert {a.person_id for a in meeting.attendees} == {priya_id, ken_id, lena_id}


def event_start(minutes: int = 0):
    from datetime import datetime, timedelta

    return datetime(2026, 10, 14, 10, 0) + timedelta(minutes=minutes)


def _meeting_values(form: dict, *, ours: list[int], counterparts: list[int]) -> dict:
    keep = ("version", "start_local", "end_local", "start_fold", "end_fold", "topic", "notes",
            "status", "venue_id", "room_id")
    values = {k: v for k, v in form.items() if k in keep}
    return {**values, "ours": ours, "counterparts": counterparts}


def test_undo_refuses_to_undo_over_someone_elses_later_edit(team):
    alice, bob = team
    lead_id = _lead_id(alice)
    with alice.transaction() as s, changes.record_changes(s, "Edit lead") as step:
        lead = s.get(Lead, lead_id)
        assert lead is not None
        lead.title = "Assay licence, phase 2"
    with bob.transaction() as s:
        lead = s.get(Lead, lead_id)
        assert lead is not None
        lead.value = 9000
    with pytest.raises(changes.UndoConflictError, match="changed since by bob"), \
            alice.transaction() as s:
        changes.undo(s, step)
    with alice.session() as s:
        lead = s.get(Lead, lead_id)
        assert lead is not None
        assert (lead.title, lead.value) == ("Assay licence, phase 2", 9000)


def test_undo_and_redo_move_the_version_on_so_stale_forms_stay_refused(team):
    """Undo writes the old values back as a new version: a form opened before the undo (which
    showed other values) cannot save over it unseen; undo and redo still alternate."""
    alice, bob = team
    lead_id, event_id = _lead_id(alice), _event_id(alice)
    with alice.transaction() as s, changes.record_changes(s, "Edit lead") as step:
        lead = s.get(Lead, lead_id)
        assert lead is not None
        lead.title = "Renamed"
    with bob.session() as s:
        bobs_view = lead_form(s, lead_id)
    with alice.transaction() as s:
        changes.undo(s, step)
    with pytest.raises(ConcurrentEditError), bob.transaction() as s:
        save_lead(s, event_id, lead_id, {**_values(bobs_view), "notes": "from Bob"})
    with alice.transaction() as s:
        changes.redo(s, step)
    with alice.transaction() as s:
        changes.undo(s, step)
    with alice.session() as s:
        lead = s.get(Lead, lead_id)
        assert lead is not None
        assert lead.title == "Assay licence" and lead.notes == ""
        assert lead.changed_by == "alice"


def test_two_transactions_updating_one_row_at_once_never_lose_the_first(team):
    """On a server two people's transactions really overlap: Bob read the lead, Alice saved it,
    then Bob's update would overwrite hers. It is refused instead (UPDATE … WHERE version)."""
    alice, bob = team
    if alice.engine.dialect.name == "sqlite":
        pytest.skip("on a file, writers take turns: a write transaction holds the file's write "
                    "lock from its start, so two cannot overlap")
    lead_id = _lead_id(alice)
    with pytest.raises(ConcurrentEditError) as refused, bob.transaction() as bob_s:
        bobs = bob_s.get(Lead, lead_id)
        assert bobs is not None
        with alice.transaction() as s:
            lead = s.get(Lead, lead_id)
            assert lead is not None
            lead.value = 2500
        bobs.value = 3000
    assert refused.value.table == "lead"
    with alice.session() as s:
        lead = s.get(Lead, lead_id)
        assert lead is not None
        assert (lead.value, lead.changed_by) == (2500, "alice")


def test_who_changed_a_row_is_the_server_role_or_the_computer_login(db):
    """Without anyone naming the actor, a server records the role the connection logged in as
    (each staff member has their own), and a file the person's login name."""
    from sqlalchemy import make_url

    with db.transaction() as s:
        person = add_person(s, given_name="Ken", family_name="Sato", email="ken@x.example")
    if db.engine.dialect.name == "postgresql":
        expected = make_url(db.target).username
    else:
        expected = actor.login_name()
    assert expected and person.changed_by == expected


def test_two_steps_on_one_record_undo_one_after_the_other(team):
    """Undoing the later step writes a new version; the earlier step still finds the record
    holding exactly what it left (the data, whatever the version), so it undoes too."""
    alice, _bob = team
    lead_id = _lead_id(alice)
    steps = []
    for title in ("First rename", "Second rename"):
        with alice.transaction() as s, changes.record_changes(s, title) as step:
            lead = s.get(Lead, lead_id)
            assert lead is not None
            lead.title = title
        steps.append(step)
    for step in reversed(steps):
        with alice.transaction() as s:
            changes.undo(s, step)
    with alice.session() as s:
        lead = s.get(Lead, lead_id)
        assert lead is not None and lead.title == "Assay licence"


def test_applying_a_refused_change_over_theirs_names_the_version_it_was_told(team):
    """'Apply my change anyway' saves over the version the refusal reported; if yet another
    save came in meanwhile, that one is not overwritten unseen either."""
    alice, bob = team
    lead_id, event_id = _lead_id(alice), _event_id(alice)
    with alice.session() as s:
        stale = _values(lead_form(s, lead_id))
    with bob.transaction() as s:
        save_lead(s, event_id, lead_id, {**_values(lead_form(s, lead_id)), "notes": "Bob's"})
    with pytest.raises(ConcurrentEditError) as refused, alice.transaction() as s:
        save_lead(s, event_id, lead_id, {**stale, "title": "Alice's title"})
    told = refused.value.current_version
    assert told is not None
    with bob.transaction() as s:  # a third save before Alice answers the question
        save_lead(s, event_id, lead_id, {**_values(lead_form(s, lead_id)), "value": 7})
    with pytest.raises(ConcurrentEditError), alice.transaction() as s:
        save_lead(s, event_id, lead_id, {**stale, "title": "Alice's title", "version": told})
    with alice.session() as s:
        lead = s.get(Lead, lead_id)
        assert lead is not None and (lead.value, lead.notes) == (7, "Bob's")
