"""Editing records: what editors show and save, undo and redo, concurrent saves, deletes with what depends on them."""
