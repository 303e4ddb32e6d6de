"""Use cases. Each takes a Session (or a Database) and plain values and returns plain values."""
