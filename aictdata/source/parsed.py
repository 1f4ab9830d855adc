"""Validated editions kept between runs, named by the bytes they were read from.

Reading and validating a YAML edition is most of the time of `aictdata validate`, and of
a rebuild that changed one edition out of a hundred (0.9 s for 10,000 slots). An
edition read without any problem is kept in the user's cache folder
(`output.caches`), under a digest of everything its validation depends on: aictdata's
code, the versions of Python, pydantic, PyYAML and the zone rules, the series file's
bytes (an edition is validated against its series), the name it is reported under, and
its own bytes. The next run that reads the same bytes takes the edition from there: the
same model, and where the checks across editions locate their problems. An edition
with a problem is never kept: its problems are found, and said, every time. Anything
unreadable in the cache is a miss, never an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle

from aictdata.model.edition import Edition
from aictdata.output.caches import cache_folder, code_digest, read_entry, write_entry
from aictdata.source.located_yaml import Located

_LIBRARIES = ("pydantic", "pydantic-core", "PyYAML", "tzdata")


def key(series: bytes, name: str, raw: bytes) -> str:
    """The name of the entry of the edition file `name` holding `raw`, in a series whose
    file holds `series`."""
    digest = hashlib.sha256(code_digest(_LIBRARIES).encode())
    for part in (series, name.encode(), raw):
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()


def recall(entry: str) -> tuple[Edition, Located] | None:
    """The edition kept under `entry`, and what the checks across editions need of
    where it was written (`Located.narrowed`)."""
    data = read_entry(cache_folder("editions"), entry)
    if data is None:
        return None
    with contextlib.suppress(Exception):  # a damaged or foreign entry is only a miss
        edition, located = pickle.loads(data)  # the user's own cache, as pyc files are
        if isinstance(edition, Edition) and isinstance(located, Located):
            return edition, located
    return None


def keep(entry: str, edition: Edition, located: Located) -> bytes:
    """Keep `edition` and `located` under `entry`; the bytes kept, which `pickle.loads`
    turns back into the pair (`forking.Pickled`)."""
    data = pickle.dumps((edition, located), protocol=5)
    write_entry(cache_folder("editions"), entry, data)
    return data
