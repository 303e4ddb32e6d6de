"""Events and their schedule: events, meetings, venues, rooms, travel times, the check."""
