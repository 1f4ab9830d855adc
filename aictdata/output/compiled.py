"""Compiled Jinja2 templates kept between builds.

Compiling a template costs more than rendering it once: the pages' templates are a
fifth of the build of the real editions, the data README's a tenth of a rebuild. Each
environment that renders templates keeps their compiled code here, in memory and in the
user's cache folder (`output.caches`); Jinja checks each entry against its template's
source and the Python version, and a cache that cannot be written is simply not kept.

Jinja names an entry by its template alone, not by the environment's settings (escaping,
whitespace control), which change the compiled code: so each kind of environment keeps
its entries in a folder of its own (`kind`).
"""

from __future__ import annotations

import jinja2

from aictdata.output.caches import cache_folder, read_entry, write_entry


class CompiledTemplates(jinja2.BytecodeCache):
    """The compiled code of the templates of one kind of environment (`kind`: the pages'
    HTML, the data README's plain text)."""

    def __init__(self, kind: str) -> None:
        self._code: dict[str, bytes] = {}
        self._folder = cache_folder(kind)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is None:
            code = read_entry(self._folder, f"{bucket.key}.cache")
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code[bucket.key] = bucket.bytecode_to_string()
        write_entry(self._folder, f"{bucket.key}.cache", code)
