"""The preview never silently stops (issue 23).

``torget serve`` leaves a content file with errors out and builds and
serves the rest; the file's problems, with a link that opens it in the
editor, are shown in a banner on every preview page and in /admin/
(headless Chromium, under the documented Content-Security-Policy, axe).
``torget build`` stays strict. The busy-port message names the way the
server was started (``torget serve --port``, ``make serve PORT=``).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlsplit
from urllib.request import urlopen

import pytest
from click.testing import CliRunner

from conftest import CONFIG, ROOT, SAMPLE_CONTENT, SAMPLE_DATE
from helpers import thread_text, write_thread
from torget.build.outputguard import PAGE_PRINTS
from torget.build.run import build_site, load_settings
from torget.i18n import use_language
from torget_dev.serving import POLICY
from torget_cli import main
from torget_cli.preview import build_status
from test_cms import decap_installed  # noqa: F401 - a fixture

PERSONAL = "posts/potthal-pa-ekbackavagen.md"
#: Each way of breaking a sample file: file → (old text, new text, part of its error).
BREAKS = {
    PERSONAL: ("Title: ", "Title: Ring mig på 811218-9876: ", "personnummer"),
    "posts/chatt-pa-kvallar.md": ("Date: 2026-09-29 20:14", "Date: 2026-09-31 20:14", "'2026-09-31 20:14' går inte att läsa"),
    "posts/hundrastgard-i-vasterby.md": ("Category: Gator, parker och trafik", "Category: Påhittad kategori",
                                         "'Påhittad kategori' finns inte i TORGET_CATEGORIES"),
    "faq/vad-kostar-hemtjanst.md": ("Date: ", "Slug: glomt-losenord-e-tjanster\nDate: ", "används två gånger"),
}
#: A file whose problem quotes markup, which the banner shows as text.
MARKUP = "posts/hundrastgard-i-vasterby.md"
#: The file ``torget new`` writes in :func:`_new_unfilled`, and its error.
UNFILLED = ("posts/hur-soker-jag-bygglov-for-en-altan.md", "platshållaren '[FYLL I: Skriv frågan här.]'")


def _break(content: Path, name: str) -> None:
    path = content / name
    old, new, _ = BREAKS[name]
    text = path.read_text(encoding="utf-8")
    assert old in text, name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _new_unfilled(content: Path) -> None:
    """A thread from ``torget new`` whose ``[FYLL I: …]`` text is still there."""
    result = CliRunner().invoke(main, [
        "new", "--config", str(CONFIG), "--content", str(content), "--title", "Hur söker jag bygglov för en altan?",
        "--type", "fråga", "--category", "Bygga och bo", "--author", "Kim"])
    assert result.exit_code == 0, result.output
    assert (content / UNFILLED[0]).is_file()


def _digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _settings(content: Path, output: Path, **overrides) -> dict:
    settings = load_settings(CONFIG, content, output, SAMPLE_DATE)
    settings["CACHE_PATH"] = str(output.parent / f".cache-{output.name}")
    return settings | overrides


def test_a_preview_build_leaves_out_each_broken_file_and_torget_build_still_refuses_them(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    for name in BREAKS:
        _break(content, name)
    _new_unfilled(content)
    output = tmp_path / "output"

    result = build_site(_settings(content, output), leave_out=True)

    assert result.ok, (result.problems, result.log_errors)
    expected = {str(content / name): part for name, (_, _, part) in BREAKS.items()} | {str(content / UNFILLED[0]): UNFILLED[1]}
    assert set(result.left_out) == set(expected)
    for path, part in expected.items():
        problems = result.left_out[path]
        assert problems and all(p.is_error and p.path == path for p in problems), problems
        assert any(part in p.message for p in problems), (part, problems)
    # the rest of the site is there, the broken files are not
    for name in [*BREAKS, UNFILLED[0]]:
        folder, stem = name.split("/")[0], Path(name).stem
        assert not (output / folder / stem).exists(), name
    kept = (output / "posts/glomt-losenord-e-tjanster/index.html").read_text(encoding="utf-8")
    assert "Jag har glömt lösenordet" in kept  # the file the duplicate slug was taken from
    assert (output / "posts/ansoka-om-fardtjanst/index.html").is_file()
    assert (output / "faq/farligt-avfall/index.html").is_file()
    assert "811218" not in "".join(p.read_text(encoding="utf-8", errors="replace") for p in output.rglob("*.html"))

    # torget build and torget check refuse the same content, and leave the output as it was
    before = _digest(output)
    for command in (["build", "--output", str(output), "--date", SAMPLE_DATE.isoformat()], ["check"]):
        done = CliRunner().invoke(main, [*command, "--config", str(CONFIG), "--content", str(content)])
        assert done.exit_code == 1, done.output
        for path, part in expected.items():
            assert f"{path}:" in done.output and part in done.output, (command, path)
        assert "left out" not in done.output
    assert _digest(output) == before


def test_the_status_names_each_file_its_lines_in_swedish_and_its_address_in_the_editor(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    _break(content, PERSONAL)
    _break(content, "faq/vad-kostar-hemtjanst.md")
    settings = _settings(content, tmp_path / "output")
    result = build_site(settings, leave_out=True)

    status = build_status(settings, result)

    assert status["ok"] is True
    assert status["heading"] == "Förhandsvisning: fel i innehållet"
    assert status["summary"].startswith("2 filer har fel och visas inte i förhandsvisningen.")
    files = {Path(f["path"]).name: f for f in status["files"]}
    assert set(files) == {"potthal-pa-ekbackavagen.md", "vad-kostar-hemtjanst.md"}
    personal = files["potthal-pa-ekbackavagen.md"]
    assert personal["edit"] == "/admin/#/collections/threads/entries/potthal-pa-ekbackavagen"
    assert personal["edit_label"] == "Öppna potthal-pa-ekbackavagen.md i redigeraren"
    assert personal["problems"] == [f"{content / PERSONAL}:1: möjliga personuppgifter: personnummer 811218-**** "
                                    "(ta bort uppgiften; om det inte är en personuppgift, se docs/governance.md)"]
    assert files["vad-kostar-hemtjanst.md"]["edit"] == "/admin/#/collections/faq/entries/vad-kostar-hemtjanst"
    assert "811218-9876" not in str(status)

    use_language("en")  # as a process serving an English forum speaks
    english = build_status(settings | {"DEFAULT_LANG": "en"}, result)
    assert english["heading"] == "Preview: errors in the content"
    assert english["files"][0]["edit_label"].startswith("Open ")


def test_a_file_with_the_same_name_as_a_broken_one_is_named_too(tmp_path):
    """``IGNORE_FILES`` matches names: a good file of the same name in
    another folder is left out as well, and the status says so."""
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT / "pages", content / "pages")
    write_thread(content, "sopor.md", thread_text(category="Påhittad kategori"))
    write_thread(content, "sopor.md", thread_text(extra="Slug: sopor-svar\n").replace("Type: question\n", ""), "faq")
    write_thread(content, "lampa.md", thread_text(title="Trasig lampa"))
    settings = _settings(content, tmp_path / "output")

    result = build_site(settings, leave_out=True)

    assert result.ok, result.problems
    broken, namesake = str(content / "posts/sopor.md"), str(content / "faq/sopor.md")
    assert set(result.left_out) == {broken, namesake}
    assert result.left_out[namesake] == () and result.left_out[broken]
    assert (result.output / "posts/lampa/index.html").is_file()
    status = build_status(settings, result)
    assert {f["path"]: f["problems"] for f in status["files"]}[namesake] == [
        "Visas inte eftersom en annan fil med samma namn har fel."]


def test_an_error_in_the_settings_cannot_be_left_out(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    output = tmp_path / "output"
    assert build_site(_settings(content, output), leave_out=True).ok
    before = _digest(output)

    result = build_site(_settings(content, output, TORGET_LIST_SIZE="fem"), leave_out=True)

    assert not result.ok and result.left_out == {}
    assert any("TORGET_LIST_SIZE" in p.message for p in result.problems if p.is_error)
    assert _digest(output) == before
    status = build_status(_settings(content, output), result)
    assert status["ok"] is False
    assert status["summary"].startswith("Förhandsvisningen kunde inte byggas om")
    assert any("TORGET_LIST_SIZE" in line for f in status["files"] for line in f["problems"])


# --- torget serve, in a subprocess ------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _config(folder: Path, api_port: int) -> Path:
    """pelicanconf.py with the editor's local backend at ``api_port``."""
    config = folder / "previewconf.py"
    config.write_text(
        "import importlib.util\n"
        f"_spec = importlib.util.spec_from_file_location('_base', {str(CONFIG)!r})\n"
        "_base = importlib.util.module_from_spec(_spec)\n_spec.loader.exec_module(_base)\n"
        "globals().update({k: v for k, v in vars(_base).items() if k.isupper()})\n"
        f"THEME = {str(ROOT / 'theme')!r}\nPLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n"
        f"TORGET_CMS = {{'local_backend': 'http://127.0.0.1:{api_port}/api/v1'}}\n", encoding="utf-8")
    return config


class Preview:
    """``torget serve --cms`` in a subprocess on ``folder/content``; a
    thread reads its messages so that tests can wait for a line."""

    def __init__(self, folder: Path):
        self.content = folder / "content"
        self.port, self.api_port = _free_port(), _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.lines: list[str] = []
        self.changed = threading.Condition()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "torget_cli", "serve", "--cms", "--config", str(_config(folder, self.api_port)),
             "--port", str(self.port), "--content", str(self.content), "--output", str(folder / "output"),
             "--date", SAMPLE_DATE.isoformat()],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True,
        )
        threading.Thread(target=self._read, daemon=True).start()
        self.wait_for("Visar")  # "Serving" in Swedish, the sample's language

    def _read(self) -> None:
        for line in self.process.stderr:
            with self.changed:
                self.lines.append(line)
                self.changed.notify_all()
        with self.changed:
            self.lines.append("<exited>")
            self.changed.notify_all()

    def wait_for(self, text: str, count: int = 1) -> None:
        with self.changed:
            ready = self.changed.wait_for(
                lambda: sum(text in line for line in self.lines) >= count or "<exited>" in self.lines, timeout=300)
        assert ready and "<exited>" not in self.lines, "".join(self.lines)

    def status(self, path: str) -> int:
        try:
            with urlopen(self.url + path) as response:
                return response.status
        except HTTPError as error:
            return error.code

    def page_text(self, path: str) -> str:
        with urlopen(self.url + path) as response:
            return response.read().decode()

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGINT)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)


def _policed(context, failures: list[str], base: str) -> None:
    """Serve the site's pages under docs/deploying.md's policy and collect
    policy violations, page errors and requests to other hosts. (Not
    /admin/: Chromium lets no page that a test answers itself reach the
    editor's backend on the loopback address; tests/test_cms.py checks
    /admin/ under its policy.)"""

    def handle(route):
        if route.request.resource_type != "document" or urlsplit(route.request.url).path.startswith("/admin/"):
            return route.continue_()
        response = route.fetch()
        route.fulfill(response=response, headers={**response.headers, "content-security-policy": POLICY})

    context.route(f"{base}/**", handle)
    context.add_init_script("window.__violations = []; document.addEventListener('securitypolicyviolation',"
                            " (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));")
    context.on("console", lambda m: failures.append(m.text) if "Content Security Policy" in m.text else None)
    context.on("page", lambda page: page.on("pageerror", lambda error: failures.append(f"page error: {error}")))
    context.on("request", lambda r: None if r.url.startswith(("http://127.0.0.1:", "data:", "blob:"))
               else failures.append(f"request to another host: {r.url}"))


def _wait(condition, what: str, timeout: float = 60) -> float:
    """Poll ``condition`` until true; the seconds it took."""
    start = time.monotonic()
    while not condition():
        assert time.monotonic() - start < timeout, what
        time.sleep(0.05)
    return time.monotonic() - start


@pytest.fixture
def broken_preview(tmp_path, decap_installed):
    shutil.copytree(SAMPLE_CONTENT, tmp_path / "content")
    _break(tmp_path / "content", PERSONAL)
    markup = tmp_path / "content" / MARKUP
    markup.write_text(markup.read_text(encoding="utf-8").replace(
        "Category: Gator, parker och trafik", "Category: <em>Hundar</em>", 1), encoding="utf-8")
    server = Preview(tmp_path)
    yield server
    server.stop()


@pytest.mark.browser
def test_a_broken_file_is_shown_in_the_browser_while_other_edits_reach_the_preview(broken_preview, browser):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect
    from test_browser import AXE_OPTIONS, axe_violations

    preview = broken_preview
    shown = str(preview.content / PERSONAL)
    line = f"{shown}:1: möjliga personuppgifter: personnummer 811218-****"
    edit = "/admin/#/collections/threads/entries/potthal-pa-ekbackavagen"
    assert preview.status("/posts/potthal-pa-ekbackavagen/") == 404
    assert preview.status("/posts/glomt-losenord-e-tjanster/") == 200
    failures: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    _policed(context, failures, preview.url)

    # on a preview page: the banner, with the line and the way into the editor
    page = context.new_page()
    page.goto(preview.url + "/posts/glomt-losenord-e-tjanster/")
    banner = page.get_by_role("complementary", name="Förhandsvisning: fel i innehållet")
    expect(banner).to_contain_text(line)
    expect(banner).to_contain_text("2 filer har fel och visas inte i förhandsvisningen.")
    expect(banner).to_contain_text("'<em>Hundar</em>' finns inte i TORGET_CATEGORIES")
    assert banner.locator("em").count() == 0  # the problems are text, never markup
    link = banner.get_by_role("link", name="Öppna potthal-pa-ekbackavagen.md i redigeraren")
    expect(link).to_have_attribute("href", edit)
    # the banner's live region (the header search box has its own, empty)
    expect(page.locator(".torget-preview-live")).to_contain_text("2 filer har fel")
    assert "811218-9876" not in page.content()
    assert page.evaluate("window.__violations") == []
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert axe_violations(page) == [], width
        assert page.evaluate("document.documentElement.scrollWidth") <= width

    banner.locator("summary").click()  # folded, it stays folded across reloads
    expect(banner.locator("details")).not_to_have_attribute("open", "")

    # an edit to another thread reaches the preview, and the open page reloads
    other = preview.content / "posts/glomt-losenord-e-tjanster.md"
    other.write_text(other.read_text(encoding="utf-8").replace(
        "Title: Jag har glömt lösenordet", "Title: Nytt: jag har glömt lösenordet", 1), encoding="utf-8")
    took = _wait(lambda: "Nytt: jag har glömt" in preview.page_text("/posts/glomt-losenord-e-tjanster/"),
                 "the edit never reached the preview")
    print(f"\nedit to another thread served after {took:.2f} s")
    expect(page.locator("h1")).to_have_text("Nytt: jag har glömt lösenordet till e-tjänsterna – hur byter jag lösenord?")
    expect(banner).to_contain_text(line)
    expect(banner.locator("details")).not_to_have_attribute("open", "")

    # in the editor: the same banner; its link opens the file's entry
    admin = context.new_page()
    admin.goto(preview.url + "/admin/")
    admin_banner = admin.get_by_role("complementary", name="Förhandsvisning: fel i innehållet")
    expect(admin_banner).to_contain_text(line)
    admin.get_by_role("button", name="Logga in").click()
    admin.get_by_role("link", name="Trådar").first.wait_for()
    results = Axe().run(admin, context=".torget-preview", options=AXE_OPTIONS)
    assert results.response["violations"] == []
    admin_banner.get_by_role("link", name="Öppna potthal-pa-ekbackavagen.md i redigeraren").click()
    expect(admin.get_by_label("Rubrik")).to_have_value(
        "Ring mig på 811218-9876: Stora potthål på Ekbackavägen efter tjällossningen")
    assert admin.url.endswith(edit)

    # fixing the files clears the banner everywhere and publishes their pages
    source = preview.content / PERSONAL
    source.write_text(source.read_text(encoding="utf-8").replace("Ring mig på 811218-9876: ", "", 1), encoding="utf-8")
    _wait(lambda: preview.status("/posts/potthal-pa-ekbackavagen/") == 200, "the fixed file was never served")
    expect(admin_banner).to_contain_text("1 fil har fel")
    source = preview.content / MARKUP
    source.write_text(source.read_text(encoding="utf-8").replace("<em>Hundar</em>", "Gator, parker och trafik", 1),
                      encoding="utf-8")
    _wait(lambda: preview.status("/posts/hundrastgard-i-vasterby/") == 200, "the fixed file was never served")
    expect(banner).to_have_count(0)
    expect(admin_banner).to_have_count(0)
    expect(admin.locator(".torget-preview-live")).to_have_text("")
    assert "Nytt: jag har glömt" in page.locator("h1").inner_text()
    assert page.evaluate("window.__violations") == []
    context.close()
    assert failures == []


# --- the busy-port message ----------------------------------------------------------


@pytest.fixture
def busy_port():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        yield busy.getsockname()[1]


def test_a_busy_port_tells_a_torget_serve_user_the_option(busy_port, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "TORGET_PORT_HINT"}
    done = subprocess.run([sys.executable, "-m", "torget_cli", "serve", "--port", str(busy_port),
                           "--output", str(tmp_path / "out")], cwd=ROOT, capture_output=True, text=True, env=env,
                          timeout=120)
    assert done.returncode == 2
    assert done.stderr.strip() == f"fel: port {busy_port} används redan; prova --port {busy_port + 1}"


@pytest.mark.parametrize("target", ["serve", "cms"])
def test_a_busy_port_tells_a_make_user_the_make_variable(busy_port, target, tmp_path):
    """The command ``make serve PORT=…`` and ``make cms PORT=…`` run, run as
    make would (``make -n`` prints it), on a busy port."""
    planned = subprocess.run(["make", "-n", target, f"PORT={busy_port}"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.splitlines()
    command = next(line for line in planned if "torget serve" in line)
    assert f"--port {busy_port}" in command and ("--cms" in command) == (target == "cms")
    done = subprocess.run(["sh", "-c", command], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.strip() == f"fel: port {busy_port} används redan; prova make {target} PORT={busy_port + 1}"


def _lines_settled(preview: Preview, seconds: float = 3.0) -> None:
    """Wait until the server has printed nothing for ``seconds`` and its
    last line ends a build (no rebuild is running or waiting)."""
    seen, since = -1, time.monotonic()
    while True:
        with preview.changed:
            count, last = len(preview.lines), preview.lines[-1] if preview.lines else ""
        assert "<exited>" not in last
        if count != seen:
            seen, since = count, time.monotonic()
        elif time.monotonic() - since >= seconds and last.startswith(("Byggde", "Sökindexet uppdaterat")):
            return
        assert time.monotonic() - since < 300, "".join(preview.lines)
        time.sleep(0.1)


def _without_reload_script(data: bytes) -> bytes:
    return data.replace(b'<script src="/__torget/reload.js" defer></script>', b"").replace(
        b'<script src="/__torget/reload.js" data-torget-editor defer></script>', b"")


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _until(preview: Preview, condition, what: str) -> None:
    """Wait for ``condition``; on failure, show what the server printed."""
    try:
        _wait(condition, what, timeout=180)
    except AssertionError:
        raise AssertionError(f"{what}: {''.join(preview.lines)}") from None


def test_after_a_series_of_edits_the_preview_equals_a_fresh_build_but_for_the_reload_script(tmp_path, decap_installed):
    """The serve process keeps caches and compiled templates between
    rebuilds; what it serves after edits of every kind (a sentence, a
    title, a reply, an FAQ entry's text: the fast path; a category, a new
    thread, a file broken and mended, a thread deleted: a full rebuild) is
    what a cold torget build of the same content writes."""
    shutil.copytree(SAMPLE_CONTENT, tmp_path / "content")
    preview = Preview(tmp_path)
    content = preview.content
    try:
        thread = content / "posts/glomt-losenord-e-tjanster.md"
        text = thread.read_text(encoding="utf-8")
        head, _, body = text.partition("\n\n")
        # "Serving" is printed just before the watcher starts: save again
        # until the watcher has seen the file change.
        seen = lambda: "En mening till i frågan." in preview.page_text("/posts/glomt-losenord-e-tjanster/")  # noqa: E731
        for _attempt in range(6):
            thread.write_text(f"{head}\n\nEn mening till i frågan. {body}", encoding="utf-8")
            with preview.changed:
                if preview.changed.wait_for(lambda: any("Ändring upptäckt" in line for line in preview.lines), 5):
                    break
        _until(preview, seen, "sentence")

        retitled = content / "posts/ansoka-om-fardtjanst.md"
        retitled.write_text(retitled.read_text(encoding="utf-8").replace("Title: ", "Title: Nytt: ", 1), encoding="utf-8")
        _until(preview, lambda: "Nytt: " in preview.page_text("/posts/ansoka-om-fardtjanst/"), "title")

        # A reply moves the thread to the top of its lists (the fast path too).
        replied = content / "posts/vem-snorojer-enskild-vag.md"
        replied.write_text(replied.read_text(encoding="utf-8").rstrip("\n")
                           + "\n\n--- reply ---\nAuthor: Kim\nDate: 2026-11-19 10:00\n\nTack, nu vet jag.\n",
                           encoding="utf-8")
        _until(preview, lambda: "Tack, nu vet jag." in preview.page_text("/posts/vem-snorojer-enskild-vag/"), "reply")
        faq = content / "faq/vad-kostar-hemtjanst.md"
        faq_head, _, faq_body = faq.read_text(encoding="utf-8").partition("\n\n")
        faq.write_text(f"{faq_head}\n\nEn mening till i svaret. {faq_body}", encoding="utf-8")
        _until(preview, lambda: "En mening till i svaret." in preview.page_text("/faq/vad-kostar-hemtjanst/"), "faq")
        _lines_settled(preview)
        fast = sum(line.startswith("Uppdaterade ") for line in preview.lines)
        assert fast >= 4, "".join(preview.lines)  # the sentence, the title, the reply, the FAQ entry

        moved = content / "posts/hundrastgard-i-vasterby.md"
        moved.write_text(moved.read_text(encoding="utf-8").replace("Category: Gator, parker och trafik",
                                                                   "Category: Bygga och bo"), encoding="utf-8")
        _until(preview, lambda: "hundrastgard-i-vasterby" in preview.page_text("/category/bygga-och-bo/"), "category")
        assert any("Bygger om hela webbplatsen: adressen, kategorin" in line for line in preview.lines)

        write_thread(content, "ny-trad-i-forhandsvisningen.md", thread_text(title="En ny tråd i förhandsvisningen"))
        _until(preview, lambda: preview.status("/posts/ny-trad-i-forhandsvisningen/") == 200, "new thread")

        original = (content / PERSONAL).read_text(encoding="utf-8")
        _break(content, PERSONAL)
        _until(preview, lambda: preview.status("/posts/potthal-pa-ekbackavagen/") == 404, "broken file left out")
        (content / PERSONAL).write_text(original, encoding="utf-8")
        _until(preview, lambda: preview.status("/posts/potthal-pa-ekbackavagen/") == 200, "mended file back")

        (content / "posts/chatt-pa-kvallar.md").unlink()
        _until(preview, lambda: preview.status("/posts/chatt-pa-kvallar/") == 404, "deleted thread")
        _lines_settled(preview)
        assert sum("Ändring upptäckt" in line for line in preview.lines) >= 9, "".join(preview.lines)

        config = tmp_path / "freshconf.py"
        config.write_text(_config(tmp_path, preview.api_port).read_text(encoding="utf-8")
                          + f"FEED_DOMAIN = {preview.url!r}\nCACHE_PATH = {str(tmp_path / 'fresh-cache')!r}\n",
                          encoding="utf-8")
        fresh = tmp_path / "fresh"
        done = CliRunner().invoke(main, ["build", "--config", str(config), "--content", str(content),
                                         "--output", str(fresh), "--date", SAMPLE_DATE.isoformat()])
        assert done.exit_code == 0, done.output
        served, built = _files(tmp_path / "output"), _files(fresh)
    finally:
        preview.stop()
    assert served.keys() == built.keys(), sorted(served.keys() ^ built.keys())
    assert sum(b'src="/__torget/reload.js"' in data for data in served.values()) > 50
    # The record of page fingerprints is not served: its build fingerprint
    # names the preview's settings (the reload script among them).
    differing = [name for name in built if name != PAGE_PRINTS and _without_reload_script(served[name]) != built[name]]
    assert not differing, differing


def test_a_page_rewritten_within_the_second_it_was_served_is_served_anew(tmp_path):
    """A reload after a fast save asks "modified since?" with the old
    Last-Modified; the preview answers with the new bytes, never 304."""
    import functools
    import http.server
    from email.utils import formatdate
    from urllib.request import Request

    from torget_cli.preview import PreviewHandler, PreviewState

    (tmp_path / "index.html").write_text("gammal", encoding="utf-8")
    handler = type("Handler", (PreviewHandler,), {"state": PreviewState()})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/index.html"
        (tmp_path / "index.html").write_text("ny", encoding="utf-8")
        later = Request(url, headers={"If-Modified-Since": formatdate(time.time() + 60, usegmt=True)})
        with urlopen(later) as response:
            assert (response.status, response.read()) == (200, b"ny")
    finally:
        server.shutdown()
        server.server_close()
