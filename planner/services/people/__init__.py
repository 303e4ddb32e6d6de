"""People and organisations: adding and editing them, their other identities, duplicates and merges, bulk adds."""
