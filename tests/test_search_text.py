"""Index text is the text of the published HTML (issue 17, item 5).

Every case renders real Markdown with the site's renderer
(:mod:`torget.html.rendering`, the sample forum's ``MARKDOWN``) and reduces the
sanitized HTML with :func:`torget.search.index.html_text`; the last tests build
the sample forum with a thread that links, shows an image and quotes code,
and read the terms of the index it wrote.
"""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from torget.model import Kind, Reply, Thread
from torget.html.rendering import ThreadRenderer, markdown_config
from torget.search.index import chunk_names, doc_terms, html_text, shard_names, terms_for, thread_terms, thread_texts

RENDERER = ThreadRenderer()


def text_of(markdown: str) -> str:
    return html_text(RENDERER.fragment(markdown))


def test_the_default_markdown_is_the_sample_forums_setting():
    """search_docs() without HTML (scripts/bench's reference index) renders
    with torget.html.markdown_config.DEFAULT_MARKDOWN: it must be pelicanconf's."""
    from conftest import CONFIG, SAMPLE_CONTENT
    from torget.build.run import load_settings

    def effective(config: dict) -> tuple:
        configs = {name: value for name, value in config["extension_configs"].items() if value}
        return sorted(config["extensions"]), configs, config.get("output_format")

    settings = load_settings(CONFIG, SAMPLE_CONTENT, CONFIG.parent / "output", None)
    assert effective(markdown_config(settings["MARKDOWN"])) == effective(markdown_config(None))


@pytest.mark.parametrize("fence", ["~~~", "```", "~~~text", "```text"])
def test_fenced_code_is_indexed_whatever_the_fence(fence):
    markdown = f"Jag får det här felet:\n\n{fence}\nFel 0x80070005: Åtkomst nekad\n{fence[:3]}\n\nVad gör jag?"
    assert text_of(markdown) == "Jag får det här felet: Fel 0x80070005: Åtkomst nekad Vad gör jag?"


def test_indented_and_inline_code_are_indexed_like_fenced_code():
    assert text_of("Det står\n\n    Fel 0x80070005: Åtkomst nekad\n\nsedan") == "Det står Fel 0x80070005: Åtkomst nekad sedan"
    assert text_of("Skriv `ipconfig /flushdns` och tryck Enter.") == "Skriv ipconfig /flushdns och tryck Enter."


def test_entities_are_decoded_once():
    assert text_of("Ost &amp; skinka, 3 &lt; 4 &gt; 2") == "Ost & skinka, 3 < 4 > 2"
    assert text_of("Ost & skinka") == "Ost & skinka"
    # the page shows "&lt;" and, in code, "&amp;": so does the index text
    assert text_of("skriv &amp;lt; så syns det") == "skriv &lt; så syns det"
    assert text_of("`a &amp; b`") == "a &amp; b"
    assert text_of("Avgift&nbsp;350&#160;kr &#x2013; per&#8203;kolli") == "Avgift 350 kr \u2013 per\u200bkolli"


def test_reference_and_inline_links_index_their_text_not_their_target():
    markdown = ("Läs [taxan för sophämtning][taxa] eller boka i [e-tjänsten](https://e.exempelkommun.se/boka "
                '"Boka hämtning").\n\n[taxa]: https://www.exempelkommun.se/avfall/taxa "Taxa 2026"')
    assert text_of(markdown) == "Läs taxan för sophämtning eller boka i e-tjänsten."


def test_autolinks_are_addresses_not_words():
    assert text_of("Se <https://www.exempelkommun.se/avfall> eller mejla <info@exempelkommun.se>.") == "Se eller mejla ."
    assert "exempelkommun" not in text_of("[https://www.exempelkommun.se/](https://www.exempelkommun.se/)")
    # a link whose text is not its target keeps its text, even if it looks like an address
    assert text_of("[exempelkommun.se](https://www.exempelkommun.se/)") == "exempelkommun.se"


def test_images_count_as_their_alt_text():
    markdown = 'Så här ser det ut:![Skärmbild av felmeddelandet](/images/fel.png "Felet i appen")efteråt'
    assert text_of(markdown) == "Så här ser det ut: Skärmbild av felmeddelandet efteråt"
    assert text_of("![](https://bilder.exempelkommun.se/karta.png)") == ""


def test_inline_html_the_sanitizer_allows_counts_as_text():
    markdown = ('Tryck <kbd>Ctrl</kbd>+<kbd>Alt</kbd>+<kbd>Del</kbd> hos <abbr title="Centrala studiestödsnämnden">CSN</abbr>'
                '<script>skript()</script> <span onclick="x()">klick</span> <mark>viktigt</mark>')
    assert text_of(markdown) == "Tryck Ctrl+Alt+Del hos CSN klick viktigt"
    assert text_of("<details><summary>Visa mer</summary>Den dolda texten</details>") == "Visa mer Den dolda texten"
    assert text_of("<p>slut</p><p>början</p><div>ny</div>rad<br>ny") == "slut början ny rad ny"


def test_tables_lists_headings_and_line_breaks_separate_words():
    assert text_of("| Kärl | Pris |\n|:--|--:|\n| 190 liter | 1 200 kr |\n| 370 liter | 2 100 kr |") == (
        "Kärl Pris 190 liter 1 200 kr 370 liter 2 100 kr")
    assert text_of("- ett\n- två\n\n1. tre\n2. fyra\n\nTerm\n:   Förklaring") == "ett två tre fyra Term Förklaring"
    assert text_of("## Rubrik\nText\n\n> citat\n\n---\n\nslut") == "Rubrik Text citat slut"
    assert text_of("rad ett  \nrad två") == "rad ett rad två"


def test_inline_markup_does_not_split_a_word():
    assert text_of("lösen**ord** och bygg*lov* och sop<em>kärl</em>") == "lösenord och bygglov och sopkärl"


def test_footnote_marks_are_left_out_and_the_footnote_kept():
    assert text_of("Avgiften höjs[^1] i år.\n\n[^1]: Beslut i fullmäktige.") == "Avgiften höjs i år. Beslut i fullmäktige."


#: Markdown pieces for the tokenizer agreement test: every construct the
#: other tests render, entities, inline HTML the sanitizer keeps or drops,
#: phone numbers the renderer links.
_PIECES = [
    "ord", " ", "\n", "\n\n", "*kursiv*", "**fet**", "`kod <b> &amp;`", "[länk](https://example.org/?a=1&b=2 \"titel\")",
    "<https://example.org>", "![alt & bild](/b.png)", "| a | b |\n|---|:-:|\n| 1 | 2 |\n\n", "- punkt\n- två\n\n",
    "# Rubrik\n\n", "> citat\n\n", "    kod < >\n\n", "~~~\nFel 0x80070005\n~~~\n\n", "Ost &amp; skinka",
    "3 &lt; 4 &gt; 2", "&nbsp;", "&#x2013;", "<b>fet</b>", "<span title=\"a > b\">x</span>", "<script>x()</script>",
    "<!-- kommentar -->", "a < b", "fotnot[^1]\n\n[^1]: texten\n\n", "Ring 08-123 456 78", "<abbr title=\"x\">X</abbr>",
    "lösen<em>ord</em>", "rad  \nbrytning", "<div>block</div>", "<img src=x onerror=alert(1)>", "\"citat\" 'enkla'",
]


def test_sanitized_html_is_read_as_htmlparser_reads_it():
    """html_text reads HTML written the sanitizer's way without
    HTMLParser (torget.search.text._feed_sanitized) and anything else with
    it: over rendered texts of every construct above, each fragment it
    reads itself gives HTMLParser's events, and it reads most of them."""
    import random

    from torget.search import text

    class Events(text._TextOf):
        def __init__(self):
            super().__init__()
            self.events = []

        def handle_starttag(self, tag, attrs):
            self.events.append(("start", tag, list(attrs)))

        def handle_endtag(self, tag):
            self.events.append(("end", tag))

        def handle_data(self, data):  # HTMLParser may give one text in parts
            if self.events and self.events[-1][0] == "data":
                data = self.events.pop()[1] + data
            self.events.append(("data", data))

    fragments = [RENDERER.fragment("".join(random.Random(seed).choices(_PIECES, k=12))) for seed in range(600)]
    read_here = 0
    for fragment in fragments:
        reference, ours = Events(), Events()
        reference.feed(fragment)
        reference.close()
        if text._feed_sanitized(ours, fragment):
            read_here += 1
            assert ours.events == reference.events, fragment
        else:
            assert ours.events == []
    assert read_here >= 0.9 * len(fragments)
    assert not text._feed_sanitized(Events(), "a < b <!-- c --> d")


def test_thread_texts_take_staff_and_other_replies_apart():
    when = datetime(2026, 1, 1, 12, 0)
    thread = Thread("posts/a.md", Kind.THREAD, "Rubrik", when, "Avfall", "Karin", "a", "Fråga **här**",
                    tags=("sopor", "kärl"),
                    replies=(Reply("Eva", when, "Svar från [kommunen](https://exempelkommun.se)", staff=True),
                             Reply("Stefan", when, "Ett tips"), Reply("Lisa", when, "~~~\nFel 42\n~~~")))
    question, replies = RENDERER.render(thread)
    assert thread_texts(thread, question, replies) == (
        "Rubrik", "sopor kärl", "Avfall", "Fråga här", "Svar från kommunen", "Ett tips Fel 42")



def best_reply_reference(thread, reply_html, lang):
    """Per reply field, each term -> the reply holding it most often, the
    first on a tie: the definition, reply by reply."""
    places, most = ({}, {}), ({}, {})
    for number, (reply, html) in enumerate(zip(thread.replies, reply_html), 1):
        which = 0 if reply.staff else 1
        terms = terms_for(html_text(html), lang)
        for term in dict.fromkeys(terms):
            if terms.count(term) > most[which].get(term, 0):
                most[which][term], places[which][term] = terms.count(term), number
    return places


def test_thread_terms_read_each_reply_once_and_equal_the_joined_texts_terms():
    """thread_terms() adds up each reply's terms instead of tokenizing the
    joined reply texts and then every reply again: the same terms, counts,
    order and best replies, on every sample thread and on one whose
    replies repeat words across staff and other replies."""
    from conftest import SAMPLE_CONTENT
    from torget.content.forum import load_forum

    when = datetime(2026, 1, 1, 12, 0)
    made = Thread("posts/b.md", Kind.THREAD, "Rubrik", when, "Avfall", "Karin", "b", "Kärl kärl, *tömning*",
                  tags=("sopor",),
                  replies=(Reply("Eva", when, "Tömning av kärl sker på tisdagar.", staff=True),
                           Reply("Stefan", when, "Kärl och kärl igen"), Reply("Lisa", when, ""),
                           Reply("Ove", when, "Kärl, kärl, kärl: tömning!"),
                           Reply("Anna", when, "Tömning tömning", staff=True)))
    threads = [made, *load_forum(SAMPLE_CONTENT).threads]
    assert any(r.staff for t in threads[1:] for r in t.replies) and any(len(t.replies) > 2 for t in threads[1:])
    for thread in threads:
        question, replies = RENDERER.render(thread)
        terms, places, question_text = thread_terms(thread, question, replies, "sv")
        expected = doc_terms(thread_texts(thread, question, replies), "sv")
        assert [(names, list(counts)) for names, counts in terms] == \
            [(names, list(counts)) for names, counts in expected], thread.slug
        assert places == best_reply_reference(thread, replies, "sv"), thread.slug
        assert question_text == html_text(question)
    assert places_of_made(made) == ({"tömning": 5, "kärl": 1, "sker": 1, "tisdag": 1}, {"kärl": 4, "igen": 2, "tömning": 4})


def places_of_made(thread):
    question, replies = RENDERER.render(thread)
    return thread_terms(thread, question, replies, "sv")[1]


LINKED_THREAD = """Title: Var hittar jag taxan för tömning av slamavskiljare?
Date: 2026-10-02 09:15
Type: question
Category: Avfall och återvinning
Tags: slamtömning
Author: Ingrid

Enligt [kommunens sida][taxa] ska taxan finnas på nätet, men länken ger bara
ett fel. ![Skärmbild av felsidan](https://bilder.exempelkommun.se/fel.png)

~~~
HTTP 503 Tjänsten otillgänglig: slamtaxaserver
~~~

[taxa]: https://www.exempelkommun.se/avfall/slamtaxa "Slamtaxa"

--- reply ---
Author: Eva Lundqvist
Role: Kundtjänst, Avfallsenheten
Date: 2026-10-02 13:40
Staff: yes

Tack, nu fungerar [sidan med slamtaxan](https://www.exempelkommun.se/avfall/slamtaxa) igen.
Om felet kommer tillbaka, skriv av koden:

```
Felkod SLAM-7731 tömningsportalen
```
"""


@pytest.fixture(scope="module")
def linked_site(tmp_path_factory):
    import shutil

    from conftest import SAMPLE_CONTENT, build_into

    root = tmp_path_factory.mktemp("linked")
    content = root / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    (content / "posts" / "slamtaxa-lank.md").write_text(LINKED_THREAD, encoding="utf-8")
    site = build_into(root / "output", content, TORGET_SEARCH_WRITE_FULL_INDEX=True)
    assert site.result.ok, (site.result.problems, site.result.log_errors)
    return site


def index_terms(site) -> set[str]:
    """Every term of the shards the site's search downloads."""
    folder = site.root / "search"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    terms = {entry[0] for name in shard_names(manifest) for entry in json.loads((folder / name).read_text(encoding="utf-8"))}
    assert len(terms) > 1000
    return terms


def test_urls_in_a_thread_are_never_index_terms(linked_site):
    page = (linked_site.root / "posts" / "slamtaxa-lank" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://www.exempelkommun.se/avfall/slamtaxa"' in page
    assert 'src="https://bilder.exempelkommun.se/fel.png"' in page
    terms = index_terms(linked_site)
    assert not [t for t in terms if "exempelkommun" in t or "https" in t or "bilder" in t or t.endswith(".png")]
    for words in ("kommunens sida", "Skärmbild av felsidan", "sidan med slamtaxan"):  # link and alt text
        assert set(terms_for(words, "sv")) <= terms, words
    full = json.loads((linked_site.root / "search" / "full-index.json").read_text(encoding="utf-8"))
    assert {t for t, _ in full["invertedIndex"]} == terms


def test_code_in_tilde_and_backtick_fences_is_indexed_alike(linked_site):
    terms = index_terms(linked_site)
    assert set(terms_for("slamtaxaserver 503", "sv")) <= terms  # ~~~ in the question
    assert set(terms_for("SLAM-7731 tömningsportalen", "sv")) <= terms  # ``` in a staff reply


def test_the_excerpt_is_the_pages_text(linked_site):
    folder = linked_site.root / "search"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    docs = [doc for name in chunk_names(manifest) for doc in json.loads((folder / name).read_text(encoding="utf-8"))]
    [excerpt] = [doc[6] for doc in docs if doc[1] == "/posts/slamtaxa-lank/"]
    assert excerpt == ("Enligt kommunens sida ska taxan finnas på nätet, men länken ger bara ett fel. "
                       "Skärmbild av felsidan HTTP 503 Tjänsten otillgänglig: slamtaxaserver")
