"""The Python search pipeline (torget.search.language) agrees with the browser's.

The browser side is the vendored lunr.js 2.3.9 + lunr-languages 1.22.0, run
in Node by ``tests/js/lunr_harness.js`` as plain scripts, as a page loads
them. The tests that need Node skip when ``node`` is missing, except when
the environment has ``CI=true``: then they fail.

Word lists: ``tests/data/wordlists/`` (see its README.md).
Agreement figures are printed (``pytest -s``) and put in assertion messages.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
try:
    import torget.search.language  # noqa: F401
except ImportError:  # plugins/ not on sys.path (no pytest config for it yet)
    sys.path.insert(0, str(ROOT / "plugins"))

from lunr.index import Index  # noqa: E402
from lunr.stop_word_filter import WORDS as LUNR_PY_EN_STOP_WORDS  # noqa: E402

from torget.search.language import pipeline_for, query_terms_for, stem, tokens_for  # noqa: E402
from torget.search.languages.base import JS_SEPARATOR_CHARS, LUNR_JS_VERSION, LUNR_LANGUAGES_VERSION  # noqa: E402
from torget.search.languages.sv import SV_STOP_WORDS, SV_WORD_CHARACTERS  # noqa: E402

HARNESS = ROOT / "tests" / "js" / "lunr_harness.js"
VENDOR = ROOT / "theme" / "static" / "vendor"
LUNR_JS = VENDOR / f"lunr-{LUNR_JS_VERSION}" / "lunr.min.js"
LUNR_SV_JS = VENDOR / f"lunr-languages-{LUNR_LANGUAGES_VERSION}" / "lunr.sv.min.js"
WORDLISTS = ROOT / "tests" / "data" / "wordlists"
WORDLIST_FILES = {"sv": "swedish.txt", "en": "english.txt"}
MIN_AGREEMENT = 1.0  # every word: one disagreement is a regression


# --------------------------------------------------------------------------
# helpers


def words(lang: str) -> list[str]:
    text = (WORDLISTS / WORDLIST_FILES[lang]).read_text("utf-8")
    return [w for w in text.splitlines() if w]


def decode_js_string(body: str) -> str:
    """Decode the inside of a JS string literal (the escapes lunr.sv.js uses)."""

    def one(m: re.Match) -> str:
        esc = m.group(1)
        if esc[0] in "xu":
            return chr(int(esc[1:], 16))
        return {"n": "\n", "t": "\t", "r": "\r", "0": "\0"}.get(esc, esc)

    return re.sub(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)", one, body)


def js_assignment(source: str, name_pattern: str) -> str:
    m = re.search(name_pattern + r"""\s*=\s*(["'])((?:\\.|(?!\1).)*)\1""", source)
    assert m, f"{name_pattern} not found"
    return decode_js_string(m.group(2))


def agreement_report(lang, items, python, js) -> tuple[float, str]:
    bad = [(w, p, j) for w, p, j in zip(items, python, js) if p != j]
    ratio = 1 - len(bad) / len(items)
    lines = [f"{lang}: {ratio:.4%} agreement ({len(items) - len(bad)}/{len(items)})"]
    lines += [f"  {w!r}: python={p!r} js={j!r}" for w, p, j in bad[:200]]
    if len(bad) > 200:
        lines.append(f"  ... and {len(bad) - 200} more")
    return ratio, "\n".join(lines)


@pytest.fixture(scope="session")
def js():
    """Call the Node harness: js({"mode": ...}) -> decoded JSON answer."""
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI") == "true":
            pytest.fail("node is required for the search agreement tests (CI=true)")
        pytest.skip("node not found (these tests fail instead of skipping when CI=true)")

    def call(request: dict):
        proc = subprocess.run(
            [node, str(HARNESS)],
            input=json.dumps(request, ensure_ascii=False),
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=300,
            check=False,
        )
        if proc.returncode != 0:
            pytest.fail(f"lunr_harness.js failed ({proc.returncode}):\n{proc.stderr}")
        return json.loads(proc.stdout)

    return call


def build_index(lang: str, docs: list[dict]) -> dict:
    builder = pipeline_for(lang).new_builder()
    builder.ref("id")
    builder.field("title", 10)
    builder.field("body")
    for doc in docs:
        builder.add(doc)
    # through JSON, as the site writes it and the browser fetches it
    return json.loads(json.dumps(builder.build().serialize(), ensure_ascii=False))


# --------------------------------------------------------------------------
# constants extracted from the vendored files (no Node needed)


def test_sv_stop_words_equal_lunr_languages():
    source = LUNR_SV_JS.read_text("utf-8")
    m = re.search(
        r"""\.sv\.stopWordFilter\s*=\s*\w+\.generateStopWordFilter\(\s*(["'])((?:\\.|(?!\1).)*)\1"""
        r"""\.split\(\s*(["'])(.*?)\3\s*\)""",
        source,
    )
    assert m, "stop word list not found in lunr.sv.min.js"
    vendored = decode_js_string(m.group(2)).split(decode_js_string(m.group(4)))
    assert len(vendored) == len(set(vendored))
    assert set(vendored) == SV_STOP_WORDS


def test_sv_word_characters_equal_lunr_languages():
    source = LUNR_SV_JS.read_text("utf-8")
    assert js_assignment(source, r"\.sv\.wordCharacters") == SV_WORD_CHARACTERS


def test_sv_trimmer_is_generated_from_word_characters_plus_digits():
    source = LUNR_SV_JS.read_text("utf-8")
    assert re.search(r"\.sv\.trimmer\s*=\s*\w+\.trimmerSupport\.generateTrimmer\(\w+\.sv\.wordCharacters\)", source)
    support = (LUNR_SV_JS.parent / "lunr.stemmer.support.min.js").read_text("utf-8")
    assert re.search(r'generateTrimmer:function\((\w)\)\{var \w=\1\+"0-9"', support)


def test_sv_labels_equal_lunr_languages():
    source = LUNR_SV_JS.read_text("utf-8")
    registered = re.findall(r"registerFunction\(\w+\.sv\.(\w+),\s*[\"']([\w-]+)[\"']\)", source)
    assert dict(registered) == {
        "trimmer": "trimmer-sv",
        "stemmer": "stemmer-sv",
        "stopWordFilter": "stopWordFilter-sv",
    }
    assert pipeline_for("sv").index_labels == ["trimmer-sv", "stopWordFilter-sv", "stemmer-sv"]
    assert pipeline_for("sv").search_labels == ["trimmer-sv", "stemmer-sv"]


def test_en_stop_words_equal_lunr_js():
    source = LUNR_JS.read_text("utf-8")
    m = re.search(r"stopWordFilter=\w+\.generateStopWordFilter\((\[[^\]]*\])\)", source)
    assert m, "stop word list not found in lunr.min.js"
    assert set(json.loads(m.group(1))) == LUNR_PY_EN_STOP_WORDS


def test_en_trimmer_and_tokenizer_are_what_the_python_side_mirrors():
    source = LUNR_JS.read_text("utf-8")
    assert r'.replace(/^\W+/,"").replace(/\W+$/,"")' in source  # ASCII \W, no u flag
    assert r"tokenizer.separator=/[\s\-]+/" in source


# --------------------------------------------------------------------------
# Python-only behaviour


def test_stem_examples():
    assert stem("hästarna", "sv") == "häst"
    assert stem("lösenorden", "sv") == "lösenord"
    assert stem("problemet", "sv") == "problemet"  # old Snowball: no -et rule
    assert stem("alley", "en") == "alley"  # lunr.js step 1c, not lunr.py's "allei"
    assert stem("running", "en") == "run"


def test_tokens_for():
    assert tokens_for("Jag glömde lösenordet! (igen) — Malmö", "sv") == [
        "glömd",
        "lösenordet",
        "igen",
        "",  # "—": emptied by the trimmer, indexed as the empty term like lunr.js
        "malmö",
    ]
    assert tokens_for("I don't. know café\u2003Malmö", "en") == ["don't", "know", "caf", "malm"]


def test_unsupported_language():
    with pytest.raises(ValueError):
        pipeline_for("de")
    with pytest.raises(ValueError):
        stem("x", "fi")


def test_python_lunr_can_load_a_swedish_index():
    data = build_index("sv", [{"id": "a", "title": "Glömt lösenord", "body": "Hjälp"}])
    assert data["version"] == LUNR_JS_VERSION
    assert data["pipeline"] == ["trimmer-sv", "stemmer-sv"]
    assert [r["ref"] for r in Index.load(data).search("lösenorden")] == ["a"]


# --------------------------------------------------------------------------
# agreement with the browser (Node)


def test_registered_functions_and_pipelines(js):
    info = js({"mode": "info"})
    assert info["lunrVersion"] == LUNR_JS_VERSION
    for lang in ("sv", "en"):
        p = pipeline_for(lang)
        assert set(p.search_labels) <= set(info["registered"]), lang
        assert p.index_labels == info[lang]["pipeline"], lang
    assert pipeline_for("sv").search_labels == info["sv"]["searchPipeline"]
    # Deliberate: English queries are trimmed too (lunr.js default: stemmer only).
    assert info["en"]["searchPipeline"] == ["stemmer"]
    assert pipeline_for("en").search_labels == ["trimmer", "stemmer"]


def test_tokenizer_separators_equal_lunr_js(js):
    info = js({"mode": "info"})
    assert info["separatorCodeUnits"] == sorted(ord(c) for c in JS_SEPARATOR_CHARS)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_stemmer_agreement(js, lang):
    items = words(lang)
    assert len(items) >= 5000 and len(set(items)) == len(items)
    python = [stem(w, lang) for w in items]
    browser = js({"mode": "stem", "lang": lang, "words": items})
    ratio, report = agreement_report(f"stemmer {lang}", items, python, browser)
    print(report)
    assert ratio >= MIN_AGREEMENT, report


DECORATIONS = [
    "{}", "{}", "{}", "({})", "{}.", "{},", '"{}"', "«{}»", "{}!?", "—{}—",
    "{}'s", "{}:", "¿{}", "{}…", "{}2", "#{}", "{}/", "'{}'",
]
SEPARATORS = [" ", " ", " ", "  ", "\n", "-", "\t", "\u00a0", "\u2003", "\u202f", " — ", " / "]


def sample_texts(lang: str, n: int = 1500) -> list[str]:
    rnd = random.Random(f"torget-{lang}")
    pool = words(lang) + sorted(SV_STOP_WORDS if lang == "sv" else LUNR_PY_EN_STOP_WORDS)
    texts = []
    for _ in range(n):
        parts = []
        for _ in range(rnd.randint(1, 8)):
            w = rnd.choice(pool)
            w = rnd.choice([w, w, w, w.upper(), w.capitalize()])
            parts.append(rnd.choice(DECORATIONS).format(w))
            parts.append(rnd.choice(SEPARATORS))
        texts.append("".join(parts[:-1]))
    return texts


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_index_terms_agreement(js, lang):
    """tokens_for() == lunr.tokenizer + the lunr.js/lunr-languages index pipeline."""
    texts = sample_texts(lang)
    python = [tokens_for(t, lang) for t in texts]
    # Punctuation-only tokens are the empty term "" on both sides (issue 15).
    browser = js({"mode": "index_terms", "lang": lang, "texts": texts})
    assert any("" in terms for terms in python)
    ratio, report = agreement_report(f"index terms {lang}", texts, python, browser)
    print(report)
    assert ratio >= MIN_AGREEMENT, report


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_query_terms_agreement(js, lang):
    """What a loaded index looks up in the browser == query_terms_for()."""
    rnd = random.Random(f"torget-query-{lang}")
    items = [rnd.choice(DECORATIONS).format(w) for w in words(lang)]
    items = [rnd.choice([w, w.upper(), w.capitalize()]) for w in items]
    index = build_index(lang, [{"id": "x", "title": "x", "body": "x"}])
    answer = js({"mode": "loaded_query_terms", "index": index, "words": items})
    assert answer["pipeline"] == pipeline_for(lang).search_labels
    python = [query_terms_for(w, lang) for w in items]
    ratio, report = agreement_report(f"query terms {lang}", items, python, answer["terms"])
    print(report)
    assert ratio >= MIN_AGREEMENT, report


SNOWBALL_DATA = ROOT.parent / "shared" / "snowball-data" / "swedish"


def snowball_words(name: str) -> list[str]:
    import gzip

    path = SNOWBALL_DATA / name
    if not path.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{path} is required (CI=true)")
        pytest.skip(f"{path} not found: Snowball's Swedish test vocabulary (../shared/snowball-data/)")
    return gzip.decompress(path.read_bytes()).decode("utf-8").split()


@pytest.mark.parametrize("vocabulary, expected", [("voc.txt.gz", "output.txt.gz"), ("voc-2015.txt.gz", "output-2015.txt.gz")])
def test_swedish_stemmer_agrees_with_the_browser_on_all_of_snowballs_vocabulary(js, vocabulary, expected):
    """Python (snowballstemmer 2.2.0) and the vendored lunr-languages
    stemmer agree on every word of Snowball's Swedish test vocabulary,
    the 2025 one (30,738 words) and the 2015 one. Both are the old
    algorithm, so they also give every stem of the 2015 expected output,
    and differ from the 2025 (Snowball 3.x) output only where that
    algorithm changed: -et and -öst."""
    items = snowball_words(vocabulary)
    stems = snowball_words(expected)
    assert len(items) == len(stems) > 30_000
    python = [stem(w, "sv") for w in items]
    browser = js({"mode": "stem", "lang": "sv", "words": items})
    ratio, report = agreement_report(f"stemmer sv on {vocabulary}", items, python, browser)
    print(report)
    assert ratio == 1.0, report
    # and the whole search pipeline (trimmer, stemmer) as a loaded index runs it
    index = build_index("sv", [{"id": "x", "title": "x", "body": "x"}])
    answer = js({"mode": "loaded_query_terms", "index": index, "words": items})
    assert answer["terms"] == [query_terms_for(w, "sv") for w in items]
    differing = [(w, p, e) for w, p, e in zip(items, python, stems) if p != e]
    if vocabulary == "voc-2015.txt.gz":
        assert differing == []
    else:
        print(f"{len(differing)} of {len(items)} words stem otherwise in Snowball 3.x, e.g. {differing[:5]}")
        assert differing and all(w.endswith(("et", "ets", "öst")) or e.endswith("ös") for w, _, e in differing)


SV_DOCS = [
    {
        "id": "losenord",
        "title": "Glömt lösenord",
        "body": "Jag har glömt mitt lösenord och kan inte logga in på kontot.",
    },
    {
        "id": "skrivare",
        "title": "Skrivaren skriver inte ut",
        "body": "Skrivarna på kontoret har varit offline sedan uppdateringen i går.",
    },
]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("lösenord", ["losenord"]),
        ("lösenorden", ["losenord"]),
        ("LÖSENORDENS?", ["losenord"]),
        ("skrivarna", ["skrivare"]),
        ("skrivare", ["skrivare"]),
        ("uppdateringar", ["skrivare"]),
        ("inloggningen logga", ["losenord"]),
        ("och", []),  # stop word: not indexed
    ],
)
def test_swedish_index_from_python_loads_and_searches_in_lunr_js(js, query, expected):
    [refs] = js({"mode": "search", "index": build_index("sv", SV_DOCS), "queries": [query]})
    assert refs == expected


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="lunr-languages 1.22.0 uses the old Snowball Swedish algorithm, which "
    "does not remove the definite neuter -et: 'lösenordet' stems to itself. "
    "Same in Python (snowballstemmer 2.2.0), so it is consistent, just not found by lunr alone; "
    "search.js finds it by query-time expansion (tests/test_search_matching.py). "
    "If this starts passing, the stemmer changed on the browser side: re-check agreement.",
)
def test_swedish_definite_form_lösenordet_finds_lösenord(js):
    [refs] = js({"mode": "search", "index": build_index("sv", SV_DOCS), "queries": ["lösenordet"]})
    assert refs == ["losenord"]


EN_DOCS = [
    {"id": "password", "title": "Forgotten passwords", "body": "I can't log in since the update."},
    {"id": "malmo", "title": "Meetup in Malmö", "body": "Printers don't work in the alley office."},
]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("password", ["password"]),
        ("password?", ["password"]),  # needs the trimmer in the search pipeline
        ("Passwords", ["password"]),
        ("updating", ["password"]),
        ("malmö", ["malmo"]),
        ("printer", ["malmo"]),
        ("alley", ["malmo"]),
        ("don't", ["malmo"]),
    ],
)
def test_english_index_from_python_loads_and_searches_in_lunr_js(js, query, expected):
    [refs] = js({"mode": "search", "index": build_index("en", EN_DOCS), "queries": [query]})
    assert refs == expected


def test_index_equals_stock_lunr_js_on_the_sample_forum(js):
    """torget.search.index.build_index gives the index stock lunr.js 2.3.9 (with
    lunr-languages' Swedish) builds from the same field texts and boosts:
    every term, term index, posting and score, the empty term of
    punctuation-only tokens included (issue 15)."""
    from torget.content.forum import load_forum
    from torget.html.rendering import ThreadRenderer
    from torget.search.index import FIELDS, SearchDoc, build_index, thread_texts

    threads = sorted(load_forum(ROOT / "content").threads, key=lambda t: t.slug)
    renderer = ThreadRenderer()
    docs = [SearchDoc(i, [1.0, 0.9, 0.8, 0.7, 0.3][i % 5], thread_texts(t, *renderer.render(t)), ("",) * 6)
            for i, t in enumerate(threads)]
    docs.append(SearchDoc(len(docs), 1.0, ("— ? …", "", "", "Ja — nej ? 😀", "", ""), ("",) * 6))
    ours = build_index(docs, "sv").lunr_json()
    stock = js({"mode": "build", "lang": "sv", "fields": [list(f) for f in FIELDS],
                "docs": [{"id": str(d.id), "boost": d.boost, "fields": dict(zip([n for n, _ in FIELDS], d.texts))}
                         for d in docs]})
    assert len(ours["invertedIndex"]) > 1000 and ours["invertedIndex"][0][0] == ""
    assert ours["invertedIndex"] == stock["invertedIndex"]
    assert dict(ours["fieldVectors"]) == dict(stock["fieldVectors"])
    assert ours["pipeline"] == stock["pipeline"] and ours["fields"] == stock["fields"]
