"""A plan on a PostgreSQL team server: opening it, roles, credentials, change notifications."""
