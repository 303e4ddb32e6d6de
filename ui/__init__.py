"""Mission Desk desktop GUI (PySide6): widgets, item models, dialogs, undo commands, task runner."""
