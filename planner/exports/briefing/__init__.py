"""The briefing pack (PDF) and its e-mail drafts: data, layout, pages, marks."""
