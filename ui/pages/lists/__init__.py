"""The list pages: people, organisations, meetings, follow-ups, events, the delegation, venues."""
