"""Allow ``python -m torget_cli``."""

from torget_cli import run

run()
