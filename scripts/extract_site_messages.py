"""Extract the words of the outputs into aictdata/locale/site.pot (`make messages`).

The outputs' source language is French: `F_()` and `gettext()` in the code, `{% trans %}`
blocks in the templates, plural ones (`{% pluralize %}`) included. Plurals are taken from
the templates only: in the code, `ngettext` is the organiser's messages' (the `aictdata`
domain, English source), which must not enter this catalogue. pybabel's command line
gives one set of keywords to every file, hence this script, which gives each kind of file
its own. `tests/words/test_outputs.py` holds site.pot to what the code and templates mark.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "aictdata"
TEMPLATE = PACKAGE / "locale" / "site.pot"

HTML = {"trim_blocks": "True", "lstrip_blocks": "True"}
README = {**HTML, "trimmed": "True"}
"""The data package's README (plain Markdown): its {% trans %} blocks are trimmed, as
aictdata/exporters/datapackage/readme.py renders them."""

SOURCES = (
    ([("**.py", "python")], {}, {"F_": None, "gettext": None}),
    (
        [("templates/**.html", "jinja2"), ("templates/data/**.j2", "jinja2")],
        {"templates/**.html": HTML, "templates/data/**.j2": README},
        {"gettext": None, "ngettext": (1, 2)},
    ),
)
"""(method map, options, keywords) of each kind of file."""


def extracted() -> list[str | tuple[str, ...]]:
    """Every message the code and the templates mark, in order of appearance."""
    found: list[str | tuple[str, ...]] = []
    for method_map, options_map, keywords in SOURCES:
        for _file, _line, message, _comments, _context in extract_from_dir(
            PACKAGE, method_map=method_map, options_map=options_map, keywords=keywords
        ):
            found.append(message)
    return found


def main() -> None:
    catalog = Catalog(
        project="aictdata",
        version="0.1.0",
        msgid_bugs_address="contact@cites-unies-france.org",
    )
    for message in extracted():
        catalog.add(message)
    with TEMPLATE.open("wb") as template:
        write_po(template, catalog, sort_output=True, no_location=True)
    print(f"wrote {TEMPLATE.relative_to(ROOT)}: {len(catalog)} messages", file=sys.stderr)


if __name__ == "__main__":
    main()
