"""The unsharded reference index, in a child process of its own:
``python -m torget_bench.child_reference ARGS``.

The documents the search plugin indexed, captured from Pelican's own
article list, through ``build_index().lunr_json()``. Pelican is stopped
right after the article generator, so nothing is written but the two
files ``ARGS`` (JSON) names: ``reference`` (the lunr index) and ``docs``
(``[id, url]`` of every document). Also ``config``, ``content``,
``scratch`` (an output folder never written), ``date`` and ``overrides``.
"""

import json
import sys
from datetime import date
from pathlib import Path


class Captured(Exception):
    pass


def main() -> None:
    from pelican import Pelican, signals

    from torget.build.run import load_settings
    from torget.search.index import build_index
    from torget.settings.forum import ForumSettings

    args = json.loads(sys.argv[1])
    settings = load_settings(Path(args["config"]), Path(args["content"]), Path(args["scratch"]),
                             date.fromisoformat(args["date"]))
    settings.update(args["overrides"])

    def capture(generator):
        import torget_search

        forum = ForumSettings.from_pelican(generator.settings)
        entries, threads = torget_search.published(generator.articles, generator.settings.get("SITEURL", ""))
        # the HTML Pelican's content cache holds, as the plugin reads it, so
        # the reference does not render every thread's Markdown again
        html = torget_search.ThreadHTML(generator.settings, threads,
                                        {a.slug: a.source_path for a in generator.articles},
                                        None, generator.readers.get_cached_data)
        docs = torget_search.search_docs(entries, threads, forum, html=html)
        index = build_index(docs, forum.lang)
        with open(args["reference"], "w", encoding="utf-8") as handle:
            json.dump(index.lunr_json(), handle, ensure_ascii=False, separators=(",", ":"))
        with open(args["docs"], "w", encoding="utf-8") as handle:
            json.dump([[d.id, d.meta[0]] for d in docs], handle, ensure_ascii=False)
        raise Captured

    pelican = Pelican(dict(settings, DELETE_OUTPUT_DIRECTORY=False))
    signals.article_generator_finalized.connect(capture)
    try:
        pelican.run()
    except Captured:
        print(json.dumps({"ok": True}))
    else:
        sys.exit("article_generator_finalized never fired")


if __name__ == "__main__":
    main()
