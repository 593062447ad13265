"""Engines beyond DuckDB (issue 15): PostgreSQL load step and the source map shared by it."""
