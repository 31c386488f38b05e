"""A forum's content folder: loading every file, cross-file checks, declared categories and the content rules."""
