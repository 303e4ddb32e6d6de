"""``planner import …``: people, meetings, slots and edited lead sheets."""
