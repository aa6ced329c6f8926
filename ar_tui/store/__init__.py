"""SQLite store: connection, schema and migrations, queries that return domain models."""
