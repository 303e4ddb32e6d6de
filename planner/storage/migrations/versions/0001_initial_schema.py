"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from __future__ import annotations

from alembic import op

from planner.storage.migrations.schema_0001 import core, timeline

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None

# Parents before children; downgrade drops in reverse (DROP TABLE drops the indexes too).
TABLES = ['app_meta', 'audit_entry', 'event', 'note', 'organisation', 'tag', 'delegation', 'export_log', 'organisation_tag', 'person', 'venue', 'delegate', 'delegation_organisation', 'event_contact', 'export_log_person', 'room', 'venue_travel', 'meeting', 'slot', 'lead', 'meeting_attendee', 'outcome', 'slot_person', 'follow_up', 'outcome_tag']


def upgrade() -> None:
    core.create()
    timeline.create()


def downgrade() -> None:
    for name in reversed(TABLES):
        op.drop_table(name)
