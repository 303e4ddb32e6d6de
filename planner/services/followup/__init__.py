"""After the meetings: outcomes, leads, follow-up actions, member organisations' views, the impact report."""
