"""The schedule: meetings, slots, rescheduling, conflict checks and their cached counts, timelines, day sheets."""
