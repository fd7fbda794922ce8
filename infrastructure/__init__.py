"""Adapters: settings, the event store (SQLite, PostgreSQL), calendar, clock, credentials, logs."""
