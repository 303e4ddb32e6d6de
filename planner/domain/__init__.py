"""Plain values and pure rules: enums, time zones, names, validation. No SQLAlchemy, no Qt."""
