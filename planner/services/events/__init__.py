"""Events and what they take place in: delegations, venues, rooms, travel times, next year's copy, today's date."""
