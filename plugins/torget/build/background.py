"""Run one piece of a build in a second process, beside the rest.

A build is single-threaded Python; a forked child uses the second core.
The child inherits the parent's memory (copy-on-write), so the function
needs no arguments sent to it; its return value comes back pickled through
a pipe, which costs time in both processes as it grows. Copy-on-write is not free: every object the child
reads gets its reference count written, which copies the memory page it
lives on, so a child that reads most of the parent's objects ends up
with a copy of most of the parent's memory. Where ``fork`` is unavailable (Windows, macOS' default)
the function simply runs at once, in the parent.

A child asks the kernel to end it when its parent dies (Linux'
``PR_SET_PDEATHSIG``), so a build that is killed leaves no worker behind.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
import sys
import traceback
from collections.abc import Callable
from typing import Any
from torget.model import TorgetError


class BackgroundError(TorgetError, RuntimeError):
    """The function failed in the child; the message is its traceback."""


class Background:
    """``Background(function)`` starts it; :meth:`result` waits for it.

    With ``fork=False`` the function runs at once, in this process.
    """

    def __init__(self, function: Callable[[], Any], fork: bool = True, name: str = "background job"):
        self.name = name
        self.process = None
        self._value: Any = None
        self._error: BaseException | None = None
        if fork and self.can_fork():
            context = multiprocessing.get_context("fork")
            self._reader, writer = context.Pipe(duplex=False)
            self.process = context.Process(target=_child, args=(function, writer, os.getpid()), daemon=True)
            # Objects that exist now are shared copy-on-write; keep the
            # child's garbage collector from writing to all of them (and
            # leave them frozen if the build froze them: torget.build.lasting).
            frozen = gc.get_freeze_count()
            gc.freeze()
            try:
                self.process.start()
            finally:
                if not frozen:
                    gc.unfreeze()
            writer.close()
        else:
            try:
                self._value = function()
            except Exception as error:  # noqa: BLE001 - raised again by result()
                self._error = error

    @staticmethod
    def can_fork() -> bool:
        """Whether functions run in a second process here (else at once)."""
        return sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods()

    def result(self) -> Any:
        """The function's return value; raises what it raised."""
        if self.process is None:
            if self._error is not None:
                raise self._error
            return self._value
        try:
            ok, value = self._reader.recv()
        except EOFError:
            self.process.join()
            raise BackgroundError(f"{self.name}: the process ended without a result (exit code {self.process.exitcode})") from None
        finally:
            self._reader.close()
        self.process.join()
        self.process = None
        if not ok:
            raise BackgroundError(f"{self.name}: {value}")
        self._value = value
        return value

    def stop(self) -> None:
        """End the child if it still runs (the build failed elsewhere)."""
        if self.process is not None and self.process.is_alive():
            self.process.terminate()
        if self.process is not None:
            self.process.join()
            self.process = None


_PR_SET_PDEATHSIG = 1


def end_with_parent(parent: int) -> None:
    """Have the kernel kill this process when ``parent`` ends (Linux)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux' C library
        return
    if os.getppid() != parent:  # the parent died before the call
        os._exit(1)


def _child(function: Callable[[], Any], writer, parent: int) -> None:
    end_with_parent(parent)
    # The child ends right after the function and its memory goes with it:
    # collecting reference cycles on the way would only cost time.
    gc.disable()
    try:
        writer.send((True, function()))
    except BaseException:  # noqa: BLE001 - everything goes back to the parent
        writer.send((False, traceback.format_exc()))
    finally:
        writer.close()
