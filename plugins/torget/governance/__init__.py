"""Channel governance: the channel register, goals, about page, accessibility statement and their checks."""
