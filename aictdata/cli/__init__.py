"""The `aictdata` command: a thin click layer over the library.

Commands import what they need inside their body, so `aictdata --help` and
`aictdata validate` start without loading icalendar, frictionless or Jinja2.

One module per job: `group` (the group, errors, shared arguments), `data`, `web`,
`platforms`, `organiser`; importing them attaches their commands to the group.
"""

from aictdata.cli import data, organiser, platforms, web  # noqa: F401  (the commands)
from aictdata.cli.group import cli, main

__all__ = ["cli", "main"]
