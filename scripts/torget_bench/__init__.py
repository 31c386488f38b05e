"""Torget's benchmark, run as ``scripts/bench``: build time, memory, index
bytes, first-search payload, query latency and ranking, against plain
Pelican, Hugo and Pagefind. It reports and asserts nothing; each module
says its one job, and docs/benchmarks.md (written by :mod:`.report`) what
is measured and how to run it.

Importing this package has no side effects (the measured children import
it first).
"""

from pathlib import Path

#: The project folder.
ROOT = Path(__file__).resolve().parents[2]
