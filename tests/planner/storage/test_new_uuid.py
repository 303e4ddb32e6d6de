"""Every record's uuid is a random version-4 UUID, written as Python and PostgreSQL write one:
a sync and a team server tell records apart by it, so two must never be the same."""

from __future__ import annotations

import uuid

from planner.storage.models import new_uuid


def test_a_new_uuid_is_a_version_4_uuid_in_its_canonical_text() -> None:
    for _ in range(2000):
        text = new_uuid()
        parsed = uuid.UUID(text)
        assert str(parsed) == text  # lower-case hex, 8-4-4-4-12
        assert parsed.version == 4
        assert parsed.variant == uuid.RFC_4122


def test_new_uuids_are_random_in_every_free_digit() -> None:
    made = [new_uuid() for _ in range(4000)]
    assert len(set(made)) == len(made)
    hexes = [u.replace("-", "") for u in made]
    for position in range(32):
        seen = {h[position] for h in hexes}
        if position == 12:
            assert seen == {"4"}  # the version
        elif position == 16:
            assert seen == set("89ab")  # the variant, with its two free bits
        else:
            assert seen == set("0123456789abcdef"), position
