"""The browser editor at /admin/: Decap CMS's configuration and the checks its form runs."""
