"""``python -m torget_bench``: the benchmark's command (:mod:`torget_bench.cli`)."""

from .cli import main

main(prog_name="scripts/bench")
