"""Settings: every TORGET_* setting declared once, read into typed forum settings, and where a settings file assigns them."""
