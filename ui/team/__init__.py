"""The team server in the GUI: opening one, live updates, concurrent edits, read-only viewers."""
