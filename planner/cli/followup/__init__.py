"""After the meetings: leads, follow-up actions, briefing packs handed out."""
