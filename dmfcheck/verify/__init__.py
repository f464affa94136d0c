"""Claims, the check engine, and the front ends (CLI, pytest plugin, report)."""
