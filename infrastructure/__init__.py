"""Adapters: settings, the event store on SQLite or PostgreSQL, calendar, clock, credentials, logs."""
