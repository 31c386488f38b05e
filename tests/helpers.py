"""Small helpers for writing content files in tests."""

from __future__ import annotations

from pathlib import Path


def write_thread(content: Path, name: str, text: str, folder: str = "posts") -> Path:
    path = content / folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def thread_text(title: str = "Hur byter jag lösenord?", date: str = "2026-01-10 10:00", type_: str = "question",
                category: str = "E-tjänster och inloggning", extra: str = "", body: str = "Jag har glömt mitt lösenord.",
                replies: str = "") -> str:
    head = f"Title: {title}\nDate: {date}\nType: {type_}\nCategory: {category}\nAuthor: Karin\n{extra}"
    return f"{head}\n{body}\n{replies}"


def reply_text(author: str = "Sara Lind", date: str = "2026-01-11 09:00", staff: bool = True, accepted: bool = False,
               body: str = "Klicka på Glömt lösenord.") -> str:
    flags = ("Staff: yes\n" if staff else "") + ("Accepted: yes\n" if accepted else "")
    return f"\n--- reply ---\nAuthor: {author}\nDate: {date}\n{flags}\n{body}\n"


def english_settings(folder: Path) -> Path:
    """``folder/pelicanconf-en.py``: the sample's settings with
    ``DEFAULT_LANG = "en"``, its theme and plugins where they are. The
    Swedish about page is not checked against the English topics."""
    root = Path(__file__).resolve().parents[1]
    text = (root / "pelicanconf.py").read_text(encoding="utf-8")
    for old, new in (('DEFAULT_LANG = "sv"', 'DEFAULT_LANG = "en"'),
                     ('THEME = "theme"', f"THEME = {str(root / 'theme')!r}"),
                     ('PLUGIN_PATHS = ["plugins"]', f"PLUGIN_PATHS = [{str(root / 'plugins')!r}]"),
                     ("TORGET_ABOUT_TOPICS = {}", "TORGET_ABOUT_TOPICS = {key: None for key in DEFAULT_ABOUT_TOPICS['en']}")):
        assert old in text, old
        text = text.replace(old, new)
    config = folder / "pelicanconf-en.py"
    config.write_text("from torget.governance.about import DEFAULT_ABOUT_TOPICS\n" + text, encoding="utf-8")
    return config
