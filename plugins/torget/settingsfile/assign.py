"""Where a setting is written in a settings file, and adding to a list setting.

Commands that tell an editor what to add to ``pelicanconf.py`` name the
exact place (:func:`assignment`: the lines of ``NAME = …`` and whether its
value is a written-out list or dict). :func:`add_to_list` adds a text to a
list setting when that is safe: the file parses, the setting is assigned
once at the top level as a list of texts (or not at all, and then is
appended at the end), and only that list's closing bracket moves.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Assignment:
    """``NAME = value`` at the top level of a settings file."""

    #: First and last line of the statement (1-based).
    line: int
    end_line: int
    #: ``"list"``, ``"dict"`` or ``"other"`` (a value computed some other way).
    kind: str
    #: Whether the value is written out as texts only (list) or text keys (dict).
    plain: bool
    #: A dict whose values include a text (``{"name": "description"}``).
    text_values: bool = False


def _tree(text: str) -> ast.Module | None:
    try:
        return ast.parse(text)
    except (SyntaxError, ValueError):
        return None


def _assignments(tree: ast.Module, name: str) -> list[ast.stmt]:
    found = []
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
            node, (ast.AugAssign, ast.AnnAssign)) else []
        if any(isinstance(t, ast.Name) and t.id == name for t in targets):
            found.append(node)
    return found


def _texts(nodes) -> bool:
    return all(isinstance(n, ast.Constant) and isinstance(n.value, str) for n in nodes)


def assignment(config: Path, name: str) -> Assignment | None:
    """The one top-level assignment of ``name``, or ``None`` (none, several, or the file does not parse)."""
    try:
        tree = _tree(Path(config).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return None
    found = _assignments(tree, name) if tree else []
    if len(found) != 1 or not isinstance(found[0], ast.Assign):
        return None
    node, value = found[0], found[0].value
    if isinstance(value, (ast.List, ast.Tuple)):
        return Assignment(node.lineno, node.end_lineno, "list", _texts(value.elts))
    if isinstance(value, ast.Dict):
        return Assignment(node.lineno, node.end_lineno, "dict", None not in value.keys and _texts(value.keys),
                          any(isinstance(v, ast.Constant) and isinstance(v.value, str) for v in value.values))
    return Assignment(node.lineno, node.end_lineno, "other", False)


def add_to_list(config: Path, name: str, item: str) -> bool:
    """Add ``item`` to the list setting ``name`` if that is safe; returns whether it was written.

    The caller reads the settings again to confirm the result.
    """
    path = Path(config)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    tree = _tree(text)
    if tree is None:
        return False
    found = _assignments(tree, name)
    literal = _quoted(item)
    if not found:
        if name in text:  # named some other way (an import, a loop): not safe
            return False
        ending = "" if text.endswith("\n") or not text else "\n"
        path.write_text(f"{text}{ending}\n{name} = [\n    {literal},\n]\n", encoding="utf-8")
        return True
    node = found[0]
    if len(found) != 1 or not isinstance(node, ast.Assign) or not isinstance(node.value, ast.List) \
            or not _texts(node.value.elts):
        return False
    offsets = [0]
    for line in text.splitlines(keepends=True):
        offsets.append(offsets[-1] + len(line))

    def at(line: int, col: int) -> int:  # ast's columns count UTF-8 bytes
        row = text[offsets[line - 1]:offsets[line]]
        return offsets[line - 1] + len(row.encode("utf-8")[:col].decode("utf-8"))

    close = at(node.value.end_lineno, node.value.end_col_offset) - 1  # the "]"
    if not node.value.elts:
        new = text[:close] + literal + text[close:]
    else:
        last = node.value.elts[-1]
        after = at(last.end_lineno, last.end_col_offset)
        between = text[after:close]
        if between.lstrip().startswith(","):  # keep the comma there is
            after, comma = after + between.index(",") + 1, ""
        else:
            comma = ","
        if "\n" in between:  # one item a line: the new one on its own line too
            line_start = text.rfind("\n", 0, close) + 1
            new = text[:after] + comma + text[after:line_start] + " " * last.col_offset + literal + ",\n" + text[line_start:]
        else:
            new = text[:after] + comma + " " + literal + text[after:]
    path.write_text(new, encoding="utf-8")
    return True


def _quoted(item: str) -> str:
    """``item`` as a Python string literal in double quotes, as the settings files write them."""
    return '"' + item.replace("\\", "\\\\").replace('"', '\\"') + '"'
