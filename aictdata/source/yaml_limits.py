"""The safety limits of the YAML reader: the most a file may weigh, hold and nest.

Hostile input must cost bounded time and memory and always end in a located message:
these numbers are that bound (SECURITY.md states them). They are kept apart so that the
reader, its event builder and the hostile-input tests read one set of limits.
"""

from __future__ import annotations

MAX_BYTES = 8 * 1024 * 1024
"""An edition file is a few kilobytes; 8 MiB leaves room for a festival's or a city's
agenda of 10,000 slots (about 3.6 MB in the benchmarks' series, twice that with longer
texts)."""
MAX_VALUES = 400_000
"""Values once aliases are expanded: an edition holds a few hundred, a 10,000-slot one
about 115,000 (11 a slot), 250,000 with speakers and links on every slot."""
MAX_CHARACTERS = 2 * MAX_BYTES
"""Characters of text once aliases are expanded: twice what the largest file may hold.
Counting values alone let 5,000 aliases of one 20,000-character paragraph (a 70 KB file)
become 100 million characters, and a site of 495 MB."""
MAX_DEPTH = 64
MAX_INTEGER = 10**15
"""Larger integers are typos or attacks (Python refuses to print ints of 4300+ digits)."""
