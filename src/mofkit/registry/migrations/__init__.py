"""Alembic migrations of the registry schema, shipped with the package."""
