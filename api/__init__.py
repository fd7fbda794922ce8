"""The HTTP edge: routes, schemas, auth and the one error table. No business rules here."""
