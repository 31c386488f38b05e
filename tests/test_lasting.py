"""The garbage collector and the objects a build keeps to its end (torget.build.lasting)."""

from __future__ import annotations

import gc

from pelican import signals

from conftest import build_into
from torget.build import lasting
from torget.build.background import Background


def test_a_run_freezes_what_it_keeps_and_unfreezes_it_at_the_end():
    assert gc.get_freeze_count() == 0
    with lasting.kept_for_the_run():
        at_start = gc.get_freeze_count()
        assert at_start > 0
        kept = [[] for _ in range(1000)]  # what reading would add (lists: tracked by the collector)
        signals.all_generators_finalized.send([])  # no generators: what Pelican sends, minus the work
        assert gc.get_freeze_count() >= at_start + len(kept)
        job = Background(lambda: 1, name="a job")  # a fork keeps them frozen
        assert job.result() == 1 and gc.get_freeze_count() >= at_start + len(kept)
    assert gc.get_freeze_count() == 0
    signals.all_generators_finalized.send([])  # no longer connected
    assert gc.get_freeze_count() == 0


def _build_seeing(tmp_path, look) -> list:
    """Build the sample into ``tmp_path``; ``look()`` once the article pages are written."""
    seen: list = []

    def record(*_args, **_kwargs):
        seen.append(look())

    signals.article_writer_finalized.connect(record)
    try:
        site = build_into(tmp_path / "out")
    finally:
        signals.article_writer_finalized.disconnect(record)
    assert site.result.ok
    return seen


def test_a_build_leaves_nothing_frozen(tmp_path):
    seen = _build_seeing(tmp_path, gc.get_freeze_count)
    assert seen and seen[0] > 0  # the pages were rendered with the articles frozen
    assert gc.get_freeze_count() == 0


def test_a_build_collects_seldom_and_restores_the_thresholds(tmp_path):
    before = gc.get_threshold()
    seen = _build_seeing(tmp_path, gc.get_threshold)
    assert seen == [(lasting.YOUNG_OBJECTS, *before[1:])] and gc.get_threshold() == before


def test_collecting_seldom_leaves_a_higher_threshold_and_a_collector_that_is_off_alone():
    before = gc.get_threshold()
    try:
        gc.set_threshold(0)
        with lasting.collected_seldom():
            assert gc.get_threshold()[0] == 0
        gc.set_threshold(100_000, 5, 5)
        with lasting.collected_seldom():
            assert gc.get_threshold() == (100_000, 5, 5)
        assert gc.get_threshold() == (100_000, 5, 5)
    finally:
        gc.set_threshold(*before)
