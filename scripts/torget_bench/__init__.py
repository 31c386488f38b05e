"""Torget's benchmark: build time, memory, index bytes, first-search payload,
query latency and ranking, against plain Pelican, Hugo and Pagefind.

Usage (``scripts/bench`` runs ``python -m torget_bench`` with the project's
.venv)::

    scripts/bench                          # 1,000 and 10,000 threads
    scripts/bench --sizes 1000,10000,100000
    scripts/bench --quick                  # the sample forum and 1,000 threads
    scripts/bench --render-only            # rewrite docs/benchmarks.md from its stored results

For every size, in one run:

1. a plain Pelican 4.12 build of the same Markdown files (default
   ``notmyidea`` theme, no plugins) - wall time and peak memory;
2. a Hugo build of the same threads (Debian's ``hugo``, minimal templates)
   - wall time and peak memory;
3. a full Torget build with every plugin on an empty cache;
4. a rebuild after changing one thread (warm content and search caches);
5. the bytes of ``search/``, raw and gzip;
6. the first-search payload in headless Chromium, cold cache, for fixed
   two-word queries picked from the corpus titles;
7. the same queries with Pagefind (``pagefind[bin]``, the ``bench`` extra)
   indexing the same built thread pages;
8. query latency once a query's data is loaded;
9. top-10 equality with one unsharded lunr index, in the same page.

It prints every figure as it goes and writes ``docs/benchmarks.md`` with a
table per size and ``docs/benchmarks-chart.svg``. It is not a test: it
asserts nothing, it reports. Everything runs in a temporary folder that is
removed at the end; servers listen on 127.0.0.1 only.

One job per module:

- :mod:`.measure`: child processes with wall time, peak memory (PSS of the
  whole process tree) and timeouts; the CPU reference, code and machine;
- :mod:`.child_build`, :mod:`.child_reference`: what those children run
  (a ``torget build``; the unsharded reference index);
- :mod:`.hugo`: the same forum as a Hugo site, and its build;
- :mod:`.forums`: the forums measured (the sample forum, corpus forums),
  their queries and the one-thread change of the rebuild;
- :mod:`.payload`: bytes, of folders and of what a page fetched (one
  :class:`~.payload.ResponseCounter` for Torget and Pagefind alike);
- :mod:`.browser` and ``probe.js``: the search-page and Pagefind drivers
  in Playwright; the page-side code is a JavaScript file, not strings;
- :mod:`.run`: the steps of one size, in order (:class:`~.run.SizeRun`);
- :mod:`.report`: the tables, ``docs/benchmarks.md`` with its
  ``bench-results:`` JSON, and the chart (drawn with :mod:`torget.html.charts`);
- :mod:`.cli`: the ``click`` command.

Importing this package has no side effects (the measured children import
it first).
"""

from pathlib import Path

#: The project folder.
ROOT = Path(__file__).resolve().parents[2]
