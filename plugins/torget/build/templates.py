"""Compiled templates kept in this process's memory, for every generator and run.

Pelican makes one Jinja environment per generator, and each compiles the
templates it renders: the same base templates several times per run, and
all of them again on every rebuild of ``torget serve``. :func:`install`
puts a ``bytecode_cache`` (Jinja's public hook) into ``JINJA_ENVIRONMENT``
that keeps the compiled code in memory. Jinja checks the template's source
against the checksum stored with its code; the key holds what else
compiling depends on: the environment's options, extensions, filters and
tests, and the settings and language of the run (Jinja may fold a filter
over constants while compiling).
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

from torget.i18n import catalog_print

#: The setting's entry; :func:`torget.build.fingerprint.settings_print` leaves it out.
ENTRY = "bytecode_cache"
#: Compiled templates kept at most (the theme has a few dozen).
KEPT = 512


class MemoryBytecodeCache(BytecodeCache):
    """Jinja's compiled code in a dict shared by every instance in this process,
    under keys that include ``namespace`` (the run's settings and language)."""

    _store: OrderedDict[str, bytes] = OrderedDict()

    def __init__(self, namespace: str):
        self.namespace = namespace

    def get_bucket(self, environment, name, filename, source) -> Bucket:
        key = hashlib.sha256("\0".join((self.namespace, _signature(environment), name,
                                        filename or "")).encode()).hexdigest()
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        data = self._store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()
        self._store.move_to_end(bucket.key)
        while len(self._store) > KEPT:
            self._store.popitem(last=False)

    def clear(self) -> None:
        self._store.clear()


def _signature(environment) -> str:
    """What an environment compiles with besides the source: its options,
    extensions, filters and tests, the language in use and its catalog, and
    the forum's settings that templates get (``forum``, from torget_threads)."""
    options = [getattr(environment, name) for name in (
        "block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
        "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
        "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline", "optimized",
        "autoescape", "is_async")]
    named = [sorted(environment.extensions), sorted(environment.tests), sorted(environment.globals),
             sorted((name, getattr(f, "__module__", ""), getattr(f, "__qualname__", repr(type(f))))
                    for name, f in environment.filters.items())]
    return repr((options, named, catalog_print(), environment.globals.get("forum")))


def install(settings: dict, namespace: str) -> None:
    """Give ``settings``' ``JINJA_ENVIRONMENT`` the in-memory cache, unless it has a cache of its own."""
    environment = dict(settings.get("JINJA_ENVIRONMENT") or {})
    if environment.get(ENTRY) is None:
        environment[ENTRY] = MemoryBytecodeCache(namespace)
        settings["JINJA_ENVIRONMENT"] = environment
