"""The compiled templates are shared between languages (`_COMPILED` in
aictdata/exporters/html/printing.py): that is only right while no template prints a
constant, because Jinja applies the environment's finalize (French spacing in French,
none in English) to a constant when it compiles the template, not when it renders it."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import jinja2
import pytest
from jinja2 import nodes

from aictdata.exporters.html.printing import PageRenderer
from aictdata.memory.state import advance
from aictdata.source.load import load_catalog

EDITIONS = Path(__file__).resolve().parents[2] / "editions"

TEMPLATES = sorted(
    entry.name
    for entry in resources.files("aictdata").joinpath("templates").iterdir()
    if entry.name.endswith(".html")
)


def folded_constants(environment: jinja2.Environment, source: str) -> list[str]:
    """The outputs of `source` that Jinja would turn into constants at compile time."""
    tree = environment.parse(source)
    found = []
    for output in tree.find_all(nodes.Output):
        for child in output.nodes:
            if isinstance(child, nodes.TemplateData):
                continue
            try:
                child.as_const(nodes.EvalContext(environment))
            except nodes.Impossible:
                continue
            found.append(repr(child))
    return found


@pytest.fixture(scope="module")
def environment() -> jinja2.Environment:
    catalog = load_catalog(EDITIONS)
    state = advance(None, catalog)
    return PageRenderer(catalog, state, today=catalog.editions[0].start_date).environment


@pytest.mark.parametrize("name", TEMPLATES)
def test_no_template_prints_a_constant(environment, name):
    source = resources.files("aictdata").joinpath("templates", name).read_text("utf-8")
    assert folded_constants(environment, source) == []


def test_the_check_sees_a_printed_constant(environment):
    assert folded_constants(environment, '<p>{{ "Lieu :" }}</p>{{ title }}') != []
