"""The committee report: HTML and PDF of one quarter or half-year, read from the marts."""
