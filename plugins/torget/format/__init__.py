"""The thread file format: reading, validating, writing and editing thread files."""
