"""The ``torget`` command: a thin click front end over the shared model.

Every command calls the same code the Pelican plugins use (the ``torget``
package in ``plugins/``). Problems are printed as ``path:line: message``
and make the command exit non-zero.
"""

from __future__ import annotations

import click

from .build import build, check, serve
from .content import archive, list_threads, new, unarchive
from .governance import channel, stats
from .imports import COMMANDS as IMPORT_EXPORT_COMMANDS

HELP = """Torget: a static, accessible help forum built with Pelican.

Run the commands from the folder that holds pelicanconf.py.
Every command has --help.
"""


@click.group(help=HELP, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="torget")
def main() -> None:
    pass


for command in (build, serve, check, new, archive, unarchive, list_threads, channel, stats, *IMPORT_EXPORT_COMMANDS):
    main.add_command(command)
