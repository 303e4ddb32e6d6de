"""Personal data: erasure (on a file and on a server), retention, subject access, finding a person in text."""
