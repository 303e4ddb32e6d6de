"""What only a file has: backups, encryption, where it lives, crash points for tests."""
