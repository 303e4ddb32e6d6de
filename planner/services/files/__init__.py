"""The file itself: backups and restore, watching for other programs' changes."""
