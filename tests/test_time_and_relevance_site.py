"""Time and relevance in built sites: banners, decay, popular/latest (issue 4)."""

from __future__ import annotations

from datetime import date

from torget import DEFAULT_TIMEZONE
from conftest import SAMPLE_CONTENT, SAMPLE_DATE
from helpers import reply_text, thread_text, write_thread
from torget.content.forum import load_forum
from torget.site.relevance import Period, local_date
from torget.settings.forum import ForumSettings
from torget.site.relevance import relevance_of


def banner_shown(site, slug: str) -> bool:
    status = site.html(f"posts/{slug}/").select_one(".age-status")
    return status is not None and "is-old" in status["class"]


def test_sample_forum_banners_match_the_rules(sample_site):
    forum = load_forum(SAMPLE_CONTENT)
    settings = ForumSettings.from_pelican({"TORGET_BUILD_DATE": SAMPLE_DATE.isoformat(), "TORGET_CATEGORY_SETTINGS": {
        "Kultur och fritid": {"old_after": "6 months", "decay_period": "1 month"}}})
    old = recent = evergreen = 0
    for thread in (t for t in forum.threads if not t.is_faq):
        timing = settings.timing_for(thread.category)
        expected = not thread.evergreen and SAMPLE_DATE >= timing.old_after.after(local_date(thread.age_anchor, DEFAULT_TIMEZONE))
        if thread.archived:
            # one combined notice: the archive notice says the thread no longer applies
            page = sample_site.html(f"posts/{thread.slug}/")
            assert page.select_one(".age-status") is None and len(page.select(".notice")) == 1, thread.slug
            assert page.select_one(".notice-archived"), thread.slug
            continue
        assert banner_shown(sample_site, thread.slug) is expected, thread.slug
        old += expected
        recent += (SAMPLE_DATE - local_date(thread.age_anchor, DEFAULT_TIMEZONE)).days < 90
        if thread.evergreen:
            evergreen += 1
            assert sample_site.html(f"posts/{thread.slug}/").select_one(".age-status") is None
    assert old >= 5 and recent >= 5 and evergreen >= 3


def test_faq_entries_never_show_the_banner(sample_site):
    entries = sorted((sample_site.root / "faq").glob("*/index.html"))
    assert len(entries) >= 10  # the sample forum's FAQ entries
    for path in entries:
        assert sample_site.html(str(path.relative_to(sample_site.root))).select_one(".age-status") is None


def test_category_override_changes_the_threshold(tmp_path, build):
    content = tmp_path / "content"
    write_thread(content, "kultur.md", thread_text(date="2026-01-10 10:00", category="Kultur"))
    write_thread(content, "avfall.md", thread_text(date="2026-01-10 10:00", category="Avfall"))
    site = build(content=content, build_date=date(2026, 7, 10), TORGET_CATEGORIES=["Kultur", "Avfall"],
                 TORGET_CATEGORY_SETTINGS={"Kultur": {"old_after": "6 months"}})
    assert banner_shown(site, "kultur") and not banner_shown(site, "avfall")
    site = build(content=content, build_date=date(2026, 7, 10), TORGET_CATEGORIES=["Kultur", "Avfall"],
                 TORGET_CATEGORY_SETTINGS={})
    assert not banner_shown(site, "kultur")


def test_never_setting_shows_no_banner(tmp_path, build):
    content = tmp_path / "content"
    write_thread(content, "a.md", thread_text(date="2015-01-10 10:00"))
    site = build(content=content, TORGET_OLD_AFTER="never")
    assert site.html("posts/a/").select_one(".age-status") is None


def test_staff_reply_and_modified_reset_age_but_visitor_reply_does_not(tmp_path, build):
    content = tmp_path / "content"
    write_thread(content, "staff.md", thread_text(date="2024-01-10 10:00", replies=reply_text(date="2026-01-01 10:00")))
    write_thread(content, "visitor.md", thread_text(date="2024-01-10 10:00", replies=reply_text(date="2026-01-01 10:00", staff=False)))
    write_thread(content, "modified.md", thread_text(date="2024-01-10 10:00", extra="Modified: 2026-01-01\n"))
    site = build(content=content, build_date=date(2026, 6, 1))
    assert not banner_shown(site, "staff")
    assert banner_shown(site, "visitor")
    assert not banner_shown(site, "modified")


def _popular_titles(site) -> list[str]:
    return [a.get_text() for a in site.html("index.html").select(".start-popular .thread-item > a")]


def test_popularity_decays_with_inactivity(tmp_path, build):
    content = tmp_path / "content"
    # Same views; "Gammal" has been inactive for 6 quarters (factor 0.4).
    write_thread(content, "gammal.md", thread_text(title="Gammal", date="2025-01-01 10:00", extra="Views: 1000\n"))
    write_thread(content, "ny.md", thread_text(title="Ny", date="2026-06-01 10:00", extra="Views: 500\n"))
    site = build(content=content, build_date=date(2026, 7, 1))
    assert _popular_titles(site) == ["Ny", "Gammal"]  # 500 × 1.0 > 1000 × 0.4
    site = build(content=content, build_date=date(2026, 7, 1), TORGET_DECAY_PERIOD="never")
    assert _popular_titles(site) == ["Gammal", "Ny"]


def test_votes_count_for_suggestions_only(tmp_path):
    forum = load_forum(_write_pair(tmp_path))
    settings = ForumSettings.from_pelican({"TORGET_BUILD_DATE": "2026-01-02"})
    scores = {t.slug: relevance_of(t, settings).popularity for t in forum.threads}
    assert scores == {"forslag": 110.0, "fraga": 10.0}


def _write_pair(tmp_path):
    content = tmp_path / "content"
    write_thread(content, "forslag.md", thread_text(type_="suggestion", extra="Views: 10\nVotes: 100\n", date="2026-01-01 10:00"))
    write_thread(content, "fraga.md", thread_text(extra="Views: 10\nVotes: 100\n", date="2026-01-01 10:00"))
    return content


def test_archived_threads_are_in_no_popular_or_latest_list(sample_site):
    archived = {t.title for t in load_forum(SAMPLE_CONTENT).threads if t.archived}
    listed = {a.get_text() for a in sample_site.html("index.html").select(".thread-item > a")}
    assert listed and not (archived & listed)


def test_period_words_in_the_banner(tmp_path, build):
    content = tmp_path / "content"
    write_thread(content, "a.md", thread_text(date="2020-01-10 10:00"))
    text = build(content=content, TORGET_OLD_AFTER="2 years").html("posts/a/").select_one(".notice-old").get_text()
    assert "äldre än två år" in text
    assert Period.parse("2 years").count == 2
