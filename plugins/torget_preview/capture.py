"""A preview build's generators, kept in memory for the fast path.

:class:`Capture` listens to Pelican's ``all_generators_finalized`` and
``finalized`` signals and keeps the generators and settings of the last
run that finished (:class:`Run`); :meth:`Capture.take` hands them over once
the build is known to be good.
"""

from __future__ import annotations

from dataclasses import dataclass

from pelican import signals
from pelican.generators import ArticlesGenerator


@dataclass
class Run:
    """One finished Pelican run: its settings and generators."""

    settings: dict
    generators: list

    @property
    def articles(self) -> ArticlesGenerator:
        return next(g for g in self.generators if isinstance(g, ArticlesGenerator))


class Capture:
    """Keeps what the runs of this process leave (one at a time)."""

    def __init__(self) -> None:
        self._generators: list | None = None
        self._finished: Run | None = None
        signals.all_generators_finalized.connect(self._contexts_built, weak=False)
        signals.finalized.connect(self._finished_run, weak=False)

    def _contexts_built(self, generators) -> None:
        self._generators = list(generators)
        self._finished = None

    def _finished_run(self, pelican) -> None:
        generators, self._generators = self._generators, None
        if generators is not None and any(isinstance(g, ArticlesGenerator) for g in generators):
            self._finished = Run(pelican.settings, generators)

    def take(self) -> Run | None:
        """The last finished run, once; ``None`` if none finished since."""
        run, self._finished = self._finished, None
        return run

    def close(self) -> None:
        signals.all_generators_finalized.disconnect(self._contexts_built)
        signals.finalized.disconnect(self._finished_run)
