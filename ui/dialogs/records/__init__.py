"""One editor per kind of record (person, meeting, lead …), on the shared form dialog."""
