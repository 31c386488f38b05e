"""Phone links whose number does not break (torget.html.phones)."""

from __future__ import annotations

from torget.html.phones import phone_links


def test_the_number_is_the_link_and_does_not_break():
    html = '<li><a href="tel:+46123456700">Ring Kontaktcenter 0123-45 67 00</a></li>'
    assert phone_links(html) == '<li>Ring Kontaktcenter <a href="tel:+46123456700">0123\u201145\u00a067\u00a000</a></li>'


def test_a_short_number_and_a_link_of_only_a_number():
    assert phone_links('<a href="tel:112">Ring 112</a>') == 'Ring <a href="tel:112">112</a>'
    assert phone_links('<a href="tel:08123456">08-12 34 56</a>') == '<a href="tel:08123456">08\u201112\u00a034\u00a056</a>'


def test_other_links_and_links_without_digits_are_left_alone():
    html = '<a href="https://ekbacka.se/0123-45">0123-45 67</a> <a href="tel:112">Ring oss</a>'
    assert phone_links(html) == html


def test_content_is_rendered_with_non_breaking_phone_links(build, tmp_path):
    from helpers import thread_text, write_thread

    content = tmp_path / "content"
    write_thread(content, "a.md", thread_text(body="Ring [växeln på 0123-45 67 00](tel:+46123456700)."))
    page = build(content=content).html("posts/a/")
    link = page.select_one(".thread-body a[href^='tel:']")
    assert link.get_text() == "0123\u201145\u00a067\u00a000"
