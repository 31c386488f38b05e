"""The ``torget`` command: a thin click front end over the shared model.

Every command calls the same code the Pelican plugins use (the ``torget``
package in ``plugins/``). Problems are printed as ``path:line: message``
and make the command exit non-zero.
"""

from __future__ import annotations

import logging
import os
import sys

import click

from .build import build, check
from .common import TorgetGroup
from .serve import serve
from .content import archive, list_threads, new, unarchive
from .forget import forget
from .gaps import gaps
from .governance import channel, stats
from .imports import COMMANDS as IMPORT_EXPORT_COMMANDS

HELP = """Torget: a static, accessible help forum built with Pelican.

Run the commands from the folder that holds pelicanconf.py.
Every command has --help.
"""


@click.group(cls=TorgetGroup, help=HELP, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="torget")
def main() -> None:
    pass


for command in (build, serve, check, new, archive, unarchive, list_threads, forget, channel, stats, gaps, *IMPORT_EXPORT_COMMANDS):
    main.add_command(command)


def run() -> None:
    """The ``torget`` command: :func:`main`, then a quick exit.

    A build of a large forum holds hundreds of megabytes of small objects;
    a normal interpreter exit frees them one by one, which takes about a
    second at 10,000 threads and does nothing useful. The command's work is
    done and flushed by then, so the process ends at once instead. Tests
    call :func:`main` in-process and are not affected.
    """
    try:
        main()
        status = 0
    except SystemExit as end:
        if end.code is None or isinstance(end.code, int):
            status = end.code or 0
        else:
            print(end.code, file=sys.stderr)
            status = 1
    except KeyboardInterrupt:
        print("error: stopped (Ctrl+C)", file=sys.stderr)
        status = 130
    except Exception as error:  # noqa: BLE001 - an editor never gets a traceback
        # Bad input (a TorgetError) is reported as path:line by the group;
        # this is a fault in Torget. TORGET_DEBUG=1 shows where it was.
        if os.environ.get("TORGET_DEBUG"):
            raise
        print(f"error: Torget failed unexpectedly ({type(error).__name__}: {error}); "
              "please report this, with TORGET_DEBUG=1 set for the details", file=sys.stderr)
        status = 70
    exit_now(status)


def exit_now(status: int) -> None:
    """Flush logging and the standard streams, then end the process
    without freeing its objects one by one."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
