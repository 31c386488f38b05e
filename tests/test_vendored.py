"""Integrity of the vendored third-party JavaScript in theme/static/vendor/.

Every vendored file must match the sha256 recorded in ``checksums.sha256``
*and* the one in the table in ``VENDORED.md``; the two records must list the
same files, no unlisted file may sit in the directory, and each package
directory must carry its license file. ``test_a_one_byte_change_is_caught``
shows the check can fail.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

VENDOR = Path(__file__).resolve().parents[1] / "theme" / "static" / "vendor"
RECORDS = {"VENDORED.md", "checksums.sha256"}

# package directory -> (license column in VENDORED.md, text the LICENSE must contain)
LICENSES = {
    "lunr-2.3.9": ("MIT", "Permission is hereby granted, free of charge"),
    "lunr-languages-1.22.0": ("MPL-1.1", "MOZILLA PUBLIC LICENSE"),
    "decap-cms-3.16.3": ("MIT", "Permission is hereby granted, free of charge"),
    "libphonenumber-js-1.13.18": ("MIT", "Permission is hereby granted, free of charge"),
}

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_TABLE_ROW = re.compile(r"^\|\s*`([^`]+)`\s*\|(.*)\|\s*$")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_checksums(vendor: Path) -> dict[str, str]:
    """``sha256sum`` format: ``<64 hex>  <relative path>`` per line."""
    out: dict[str, str] = {}
    for n, line in enumerate((vendor / "checksums.sha256").read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        m = re.fullmatch(r"([0-9a-f]{64}) [ *](\S+)", line)
        assert m, f"checksums.sha256 line {n} is not in sha256sum format: {line!r}"
        assert m.group(2) not in out, f"{m.group(2)} listed twice in checksums.sha256"
        out[m.group(2)] = m.group(1)
    return out


def read_vendored_md(vendor: Path) -> dict[str, dict[str, str]]:
    """Rows of the file table: path -> {package, version, tarball_path, sha256, license}."""
    rows: dict[str, dict[str, str]] = {}
    for line in (vendor / "VENDORED.md").read_text("utf-8").splitlines():
        m = _TABLE_ROW.match(line)
        if not m:
            continue
        cells = [c.strip().strip("`") for c in m.group(2).split("|")]
        if len(cells) != 5 or not _SHA256.match(cells[3]):
            continue  # another table (e.g. the tarball one)
        package, version, tarball_path, digest, license_ = cells
        assert m.group(1) not in rows, f"{m.group(1)} listed twice in VENDORED.md"
        rows[m.group(1)] = {
            "package": package,
            "version": version,
            "tarball_path": tarball_path,
            "sha256": digest,
            "license": license_,
        }
    return rows


def vendored_files(vendor: Path) -> set[str]:
    return {
        p.relative_to(vendor).as_posix()
        for p in vendor.rglob("*")
        if p.is_file() and p.relative_to(vendor).as_posix() not in RECORDS
    }


def problems(vendor: Path) -> list[str]:
    """Everything wrong with ``vendor``; empty when all is well."""
    found: list[str] = []
    sums = read_checksums(vendor)
    table = read_vendored_md(vendor)
    files = vendored_files(vendor)
    if not files:
        found.append("no vendored files")
    for name in sorted(files - set(sums)):
        found.append(f"{name}: not in checksums.sha256")
    for name in sorted(files - set(table)):
        found.append(f"{name}: not in VENDORED.md")
    for name in sorted((set(sums) | set(table)) - files):
        found.append(f"{name}: recorded but missing")
    for name in sorted(files & set(sums) & set(table)):
        actual = sha256(vendor / name)
        if actual != sums[name]:
            found.append(f"{name}: sha256 {actual} != checksums.sha256 {sums[name]}")
        if actual != table[name]["sha256"]:
            found.append(f"{name}: sha256 {actual} != VENDORED.md {table[name]['sha256']}")
    return found


def test_vendored_files_match_both_records():
    assert problems(VENDOR) == []


def test_records_agree_with_each_other():
    sums = read_checksums(VENDOR)
    table = read_vendored_md(VENDOR)
    assert sums == {name: row["sha256"] for name, row in table.items()}


def test_vendored_md_rows_are_consistent():
    for name, row in read_vendored_md(VENDOR).items():
        directory = name.split("/", 1)[0]
        assert directory == f"{row['package']}-{row['version']}", name
        assert row["tarball_path"].startswith("package/"), name
        assert row["tarball_path"].rsplit("/", 1)[-1] == name.rsplit("/", 1)[-1], name
        assert row["license"] == LICENSES[directory][0], name


@pytest.mark.parametrize("directory", sorted(LICENSES))
def test_license_files_exist(directory):
    license_file = VENDOR / directory / "LICENSE"
    assert license_file.is_file(), f"missing {license_file}"
    assert LICENSES[directory][1] in license_file.read_text("utf-8")
    assert f"{directory}/LICENSE" in read_checksums(VENDOR)


def test_every_package_directory_has_a_license():
    dirs = {p.name for p in VENDOR.iterdir() if p.is_dir()}
    assert dirs == set(LICENSES)


def test_a_one_byte_change_is_caught(tmp_path):
    copy = tmp_path / "vendor"
    shutil.copytree(VENDOR, copy)
    assert problems(copy) == []
    target = copy / "lunr-languages-1.22.0" / "lunr.sv.min.js"
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0x01
    target.write_bytes(bytes(data))
    found = problems(copy)
    assert any("checksums.sha256" in p for p in found), found
    assert any("VENDORED.md" in p for p in found), found


def test_an_unlisted_file_is_caught(tmp_path):
    copy = tmp_path / "vendor"
    shutil.copytree(VENDOR, copy)
    (copy / "lunr-2.3.9" / "extra.js").write_text("// not vendored\n")
    assert problems(copy) == [
        "lunr-2.3.9/extra.js: not in checksums.sha256",
        "lunr-2.3.9/extra.js: not in VENDORED.md",
    ]
