"""Run pyfahrplan's own command line on schedules served on this machine.

    .venv/tools/pyfahrplan/bin/python tests/consumers/pyfahrplan_cli.py URL... -- OPTIONS

pyfahrplan 1.1.0 (PyPI) reads a fixed list of schedule.json addresses of the CCC
congresses: this replaces that list with the URLs given, which must be on 127.0.0.1 (the
tests never leave the machine), and installs no download cache (see
pyfahrplan-requirements.txt). Everything else is pyfahrplan's: its click command, how it
reads the schedules (`Fahrplan.flatten_fahrplans`), filters and prints them.
"""

from __future__ import annotations

import sys
import types
from urllib.parse import urlsplit


def main(argv: list[str]) -> None:
    split = argv.index("--")
    urls, options = argv[:split], argv[split + 1 :]
    for url in urls:
        if urlsplit(url).hostname != "127.0.0.1":
            raise SystemExit(f"refusing {url}: the tests only read schedules on 127.0.0.1")
    cache = types.ModuleType("requests_cache")
    cache.install_cache = lambda *args, **kwargs: None
    cache.clear = lambda: None
    sys.modules["requests_cache"] = cache

    from pyfahrplan import lib, pyfahrplan_cli

    fetch = lib.Fahrplan._get_fahrplans

    def fetch_ours(self: lib.Fahrplan) -> None:
        self.urls = list(urls)
        fetch(self)

    lib.Fahrplan._get_fahrplans = fetch_ours
    pyfahrplan_cli.cli(options, prog_name="pyfahrplan")


if __name__ == "__main__":
    main(sys.argv[1:])
