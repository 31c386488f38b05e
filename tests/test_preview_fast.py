"""The preview's fast path (issue 27): one changed thread file updates only
what it changes, and the result is what a fresh build writes.

Builds the sample forum as ``torget serve`` does (in one process, keeping
the run in memory: :class:`torget_preview.session.FastPreview`), applies
edits of each kind the fast path takes, and compares the output with a
fresh ``build_site`` of the same content byte for byte; changes it does not take fall back, with their
reason in Swedish.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import CONFIG, SAMPLE_CONTENT, SAMPLE_DATE
from torget.build.outputguard import PAGE_PRINTS
from torget.build.run import build_site, load_settings
from torget_preview.session import FastPreview, Updated

REPLY = "\n\n--- reply ---\nAuthor: Kim\nDate: 2026-11-19 10:00\n\nTack, nu vet jag.\n"
#: file → how it is edited; every one of these takes the fast path.
FAST = [
    ("posts/glomt-losenord-e-tjanster.md", lambda t: t.replace("\n\n", "\n\nEn mening till i frågan. ", 1)),
    ("posts/ansoka-om-fardtjanst.md", lambda t: t.replace("Title: ", "Title: Nytt: ", 1)),
    ("posts/vem-snorojer-enskild-vag.md", lambda t: t.rstrip("\n") + REPLY),
    ("posts/glomt-losenord-e-tjanster.md", lambda t: t.replace("Views: 1843", "Views: 9843")),
    ("faq/vad-kostar-hemtjanst.md", lambda t: t.replace("\n\n", "\n\nEn mening till i svaret. ", 1)),
    ("posts/ansoka-om-fardtjanst.md", lambda t: t.replace("Title: Nytt: ", "Title: ", 1)),
]


def _settings(content: Path, output: Path, **override) -> dict:
    settings = load_settings(CONFIG, content, output, SAMPLE_DATE)
    settings["CACHE_PATH"] = str(output.parent / f".cache-{output.name}")
    return settings | override


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def preview(tmp_path, request):
    """The sample built in one process, kept for the fast path; an
    indirect parameter overrides settings (both builds)."""
    override = getattr(request, "param", {})
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    output = tmp_path / "output"
    fast = FastPreview(output.resolve())
    result = build_site(_settings(content, output, **override), leave_out=True)
    assert result.ok, result.problems
    fast.built(True)
    yield fast, content, output
    fast.close()


def _edit(fast: FastPreview, path: Path, change) -> Updated | str:
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    return fast.apply([(2, str(path))])


@pytest.mark.parametrize("preview", [{}, {"DEFAULT_PAGINATION": 2}], indirect=True,
                         ids=["sample", "two threads a page"])
def test_edits_on_the_fast_path_write_what_a_fresh_build_writes(preview, tmp_path):
    """With two threads a page every listing has many pages: those an
    edit does not reorder are checked on two of them."""
    fast, content, output = preview
    override = fast.run.settings["DEFAULT_PAGINATION"]
    written = []
    for name, change in FAST:
        outcome = _edit(fast, content / name, change)
        assert isinstance(outcome, Updated), (name, outcome)
        written.append(outcome.files)
        fast.update_search(lambda seconds: None)
    fast._search.join()
    assert all(0 < files < 60 for files in written), written  # not the whole site (about 300 files)
    fresh = tmp_path / "fresh"
    assert build_site(_settings(content, fresh, DEFAULT_PAGINATION=override)).ok
    served, built = _files(output), _files(fresh)
    assert served.keys() == built.keys(), sorted(served.keys() ^ built.keys())
    # The page fingerprints may differ: a page the fast path left as it
    # was keeps its old one (the next build renders it again).
    assert [name for name in built if served[name] != built[name] and name != PAGE_PRINTS] == []
    page = served["posts/vem-snorojer-enskild-vag/index.html"].decode()
    assert "Tack, nu vet jag." in page
    assert served["index.html"].decode().index("vem-snorojer-enskild-vag") > 0


@pytest.mark.parametrize("name, change, reason", [
    ("posts/hundrastgard-i-vasterby.md", lambda t: t.replace("Category: Gator, parker och trafik", "Category: Bygga och bo"),
     "adressen, kategorin, taggarna, typen, datumen eller författaren har ändrats"),
    ("posts/potthal-pa-ekbackavagen.md", lambda t: t.replace("Title: ", "Title: Ring mig på 811218-9876: ", 1),
     "filen har fel"),
    ("posts/chatt-pa-kvallar.md", lambda t: t.replace("Date: 2026-09-29 20:14", "Date: 2026-09-31 20:14"),
     "filen har fel"),
    ("pages/om-forumet.md", lambda t: t + "\nEn mening till.\n", "filen är ingen tråd eller FAQ-fil, eller har tagits bort"),
])
def test_other_changes_fall_back_to_the_full_rebuild_and_say_why(preview, name, change, reason):
    fast, content, output = preview
    before = _files(output)
    assert _edit(fast, content / name, change) == reason
    assert _files(output) == before  # nothing written: the rebuild does it


def test_a_change_of_the_settings_or_the_theme_falls_back(preview, tmp_path):
    fast, content, output = preview
    settings = fast.run.settings
    for path in (settings["TORGET_CONFIG_PATH"], Path(settings["THEME"]) / "templates" / "base.html"):
        assert fast.apply([(2, str(path))]) == "inställningarna, temat eller tilläggen har ändrats"


def test_a_new_file_falls_back(preview):
    fast, content, output = preview
    new = content / "posts/en-ny-trad.md"
    shutil.copy(content / FAST[0][0], new)
    assert fast.apply([(1, str(new))]) == "filen är ny, eller lämnades utanför förra bygget"


def test_an_editors_working_files_beside_the_edit_keep_the_fast_path(preview):
    """sed -i and many editors write a temporary file and rename it over
    the file; vim keeps a swap file: neither is a second changed file."""
    fast, content, output = preview
    path = content / "posts/glomt-losenord-e-tjanster.md"
    path.write_text(path.read_text(encoding="utf-8").replace("\n\n", "\n\nEn mening till. ", 1), encoding="utf-8")
    gone, swap = content / "posts" / "sedX1b2c3", content / "posts" / ".glomt-losenord-e-tjanster.md.swp"
    swap.write_text("swap")
    outcome = fast.apply([(1, str(gone)), (3, str(gone)), (2, str(path)), (1, str(swap))])
    assert isinstance(outcome, Updated), outcome
    assert "En mening till." in (output / "posts/glomt-losenord-e-tjanster/index.html").read_text(encoding="utf-8")
    removed = content / "posts" / "vem-snorojer-enskild-vag.md"
    removed.unlink()
    assert fast.apply([(2, str(path)), (3, str(removed))]) == "fler än en fil har ändrats"


def test_an_edit_stops_the_search_index_an_earlier_edit_is_writing(preview, monkeypatch, caplog):
    """The index an earlier edit started is out of date: the next edit
    ends its process (so it takes no time from the edit) and says nothing;
    the next edit's index is written."""
    import signal
    import time

    import torget_preview.session as session

    fast, content, output = preview
    real, processes = session.start_index, []

    def slow(write, folder):
        job, folder = real(lambda into: time.sleep(60) or write(into), folder)
        processes.append(job.process)
        return job, folder

    monkeypatch.setattr(session, "start_index", slow)
    name, change = FAST[0]
    assert isinstance(_edit(fast, content / name, change), Updated)
    fast.update_search(lambda seconds: None)
    for _ in range(200):
        if processes:
            break
        time.sleep(0.05)
    assert processes and processes[0].is_alive()
    monkeypatch.undo()
    assert isinstance(_edit(fast, content / name, lambda t: t.replace("En mening", "Två meningar", 1)), Updated)
    processes[0].join(10)
    assert processes[0].exitcode == -signal.SIGTERM
    done = []
    fast.update_search(done.append)
    fast._search.join()
    assert len(done) == 1 and "preview search index" not in caplog.text
