"""theme/js/personal-data.js agrees with the build's guard (torget.privacy).

The ask page warns about personal data with ``personalData(text, allowed)``
in the browser; every case here is run through it in Node (the file
evaluated as a browser script) and through
:func:`torget.privacy.find_personal_data`, and both must give the kinds
listed. When the editor's checks share one rule table with the browser,
this file's cases move there.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from conftest import ROOT
from torget.privacy import find_personal_data

SOURCE = ROOT / "theme" / "static" / "js" / "personal-data.js"
ALLOWED = ["0123-45 67 00", "kontakt@ekbacka.se"]

#: (text, the kinds found)
CASES = [
    ("Jag har glömt lösenordet till e-tjänsterna.", []),
    ("Mitt personnummer är 811218-9876.", ["identity"]),
    ("personnummer 198112189876 tack", ["identity"]),
    ("samordningsnummer 811278-9873", ["identity"]),
    ("811218-9875 har fel kontrollsiffra", []),
    ("Organisationsnummer 212000-0142", []),
    ("Ring mig på 070-123 45 67", ["phone"]),
    ("Ring +46 70 123 45 67 efter fem", ["phone"]),
    ("Jag ringde 0123-45 67 00 men ingen svarade.", []),
    ("Öppet 08.00-17.00 på vardagar", []),
    ("Mötet är 2026-11-20 klockan tio", []),
    ("Mejla anna.svensson@example.se", ["email"]),
    ("Jag mejlade kontakt@ekbacka.se i går", []),
    ("811218-9876 och anna@example.se och 070-123 45 67", ["identity", "phone", "email"]),
]

KIND = {"personnummer": "identity", "samordningsnummer": "identity", "phone": "phone", "email": "email"}
ORDER = ["identity", "phone", "email"]


def python_kinds(text: str) -> list[str]:
    found = {KIND[hit.kind] for hit in find_personal_data(text, ALLOWED)}
    return [kind for kind in ORDER if kind in found]


def node_kinds(texts: list[str]) -> list[list[str]]:
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI") == "true":
            pytest.fail("node is missing in CI")
        pytest.skip("node is not installed")
    script = (
        "const fs = require('fs'), vm = require('vm');"
        "const context = vm.createContext({ window: {} });"
        f"vm.runInContext(fs.readFileSync({json.dumps(str(SOURCE))}, 'utf8'), context);"
        "const input = JSON.parse(fs.readFileSync(0, 'utf8'));"
        "process.stdout.write(JSON.stringify(input.texts.map(t => context.window.torgetPersonalData.personalData(t, input.allowed))));"
    )
    done = subprocess.run([node, "-e", script], input=json.dumps({"texts": texts, "allowed": ALLOWED}),
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_the_browser_and_the_build_find_the_same_kinds():
    texts = [text for text, _ in CASES]
    in_browser = node_kinds(texts)
    for (text, expected), browser in zip(CASES, in_browser, strict=True):
        assert browser == expected, f"personal-data.js: {text!r}"
        assert python_kinds(text) == expected, f"torget.privacy: {text!r}"
