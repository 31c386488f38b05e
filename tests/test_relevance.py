"""Time and relevance: periods, the old-post threshold and decay (issue 4)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from torget.site.relevance import DECAY_PERIOD_CHOICES, OLD_AFTER_CHOICES, Period, decay_factor, is_old, old_from

START = date(2025, 1, 31)


def test_seed_example_two_weeks():
    """Kundo's seed: 10 % after 2 weeks, 20 % after 4, 70 % after 14 weeks."""
    period = Period.parse("2 weeks")
    start = date(2026, 1, 1)
    expected = {0: 1.0, 13: 1.0, 14: 0.9, 27: 0.9, 28: 0.8, 42: 0.7, 97: 0.4, 98: 0.3, 140: 0.3, 1000: 0.3}
    for days, factor in expected.items():
        assert decay_factor(start, start + timedelta(days=days), period) == factor, days


@pytest.mark.parametrize("text", [c for c in DECAY_PERIOD_CHOICES if c != "never"])
def test_decay_table_for_every_period(text):
    period = Period.parse(text)
    start = date(2024, 3, 15)
    for k in range(0, 10):
        boundary = period.after(start, k)
        expected = max(0.3, round(1 - 0.1 * k, 10))
        assert decay_factor(start, boundary, period) == expected
        if k:
            assert decay_factor(start, boundary - timedelta(days=1), period) == max(0.3, round(1 - 0.1 * (k - 1), 10))


def test_never_does_not_decay_and_factor_is_never_zero():
    assert decay_factor(date(2000, 1, 1), date(2026, 1, 1), Period.parse("never")) == 1.0
    assert decay_factor(date(2000, 1, 1), date(2026, 1, 1), Period.parse("2 weeks")) == 0.3


def test_months_clamp_to_the_end_of_the_month():
    assert Period.parse("1 month").after(START) == date(2025, 2, 28)
    assert Period.parse("1 year").after(date(2024, 2, 29)) == date(2025, 2, 28)


@pytest.mark.parametrize(
    "text, threshold",
    [("6 months", date(2025, 7, 31)), ("1 year", date(2026, 1, 31)), ("2 years", date(2027, 1, 31))],
)
def test_old_threshold_edges(text, threshold):
    period = Period.parse(text)
    assert old_from(START, period) == threshold
    assert not is_old(START, threshold - timedelta(days=1), period)  # the day before
    assert is_old(START, threshold, period)  # the day of
    assert is_old(START, threshold + timedelta(days=1), period)  # the day after


def test_never_old():
    assert old_from(START, Period.parse("never")) is None
    assert not is_old(START, date(2100, 1, 1), Period.parse("never"))


@pytest.mark.parametrize("bad", ["3 fortnights", "0 months", "soon", ""])
def test_bad_periods_are_rejected(bad):
    with pytest.raises(ValueError):
        Period.parse(bad)


def test_choices_parse():
    for text in OLD_AFTER_CHOICES + DECAY_PERIOD_CHOICES:
        assert str(Period.parse(text)) == text


def test_the_plugin_sets_each_threads_relevance_and_orders_the_lists(tmp_path):
    """torget_relevance on plain Pelican (the article generator built
    directly): every thread, archived ones too, gets old_from, is_old,
    decay and popularity; the lists follow the one recency order."""
    from helpers import thread_text, write_thread
    from plain import generators
    from torget.site.relevance import relevance_of
    from torget.settings.forum import ForumSettings

    content = tmp_path / "content"
    write_thread(content, "old.md", thread_text(title="Gammal", date="2023-01-01 10:00", extra="Views: 900\n"))
    write_thread(content, "a.md", thread_text(title="A", date="2026-11-01 10:00", extra="Views: 10\n"))
    write_thread(content, "b.md", thread_text(title="B", date="2026-11-01 10:00", extra="Views: 10\n"))
    write_thread(content, "gone.md", thread_text(title="Arkiverad", date="2026-11-02 10:00", extra="Archived: yes\n"))
    [articles] = generators(content, tmp_path / "output", TORGET_CATEGORIES=None, TORGET_SEARCH_PROCESS="inline")
    forum = ForumSettings.from_pelican(articles.settings)
    threads = {a.slug: a for a in (*articles.articles, *articles.hidden_articles)}
    for article in threads.values():
        info = relevance_of(article.thread, forum)
        assert (article.old_from, article.is_old, article.decay, article.popularity) == (
            info.old_from, info.is_old, info.decay, info.popularity)
    assert threads["old"].is_old and not threads["a"].is_old and threads["old"].decay < 1
    assert [a.slug for a in articles.context["latest_threads"]] == ["b", "a", "old"]  # a tie: slug z→a
    assert [a.slug for a in articles.context["popular_threads"]][0] == "old"
    assert "gone" not in {a.slug for lists in articles.context["category_lists"].values() for a in lists["latest"]}
