"""``planner export …``: briefing packs, lead sheets, calendars, CRM files, day sheets, impact reports, subject access."""
