"""Compiled templates kept between builds (aictdata/output/compiled.py): the next
build's environment takes the compiled code instead of compiling the template again, and
each kind of environment keeps entries of its own (Jinja names an entry by its template
alone, while escaping and whitespace settings change the code)."""

from __future__ import annotations

import jinja2

from aictdata.output.compiled import CompiledTemplates

SOURCE = "{{ who }} {% if late %}late{% else %}on time{% endif %}"


def environment(kind: str, compiled: list[str], monkeypatch) -> jinja2.Environment:
    """An environment as a new build makes one, which notes each template it compiles."""
    made = jinja2.Environment(
        loader=jinja2.DictLoader({"note.txt": SOURCE}),
        bytecode_cache=CompiledTemplates(kind),
    )
    compile_source = made.compile

    def noting(source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(name)
        return compile_source(source, name, filename, raw, defer_init)

    monkeypatch.setattr(made, "compile", noting)
    return made


def test_the_next_build_takes_the_compiled_template(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    compiled: list[str] = []
    first = environment("text", compiled, monkeypatch).get_template("note.txt")
    assert first.render(who="Ana", late=True) == "Ana late"
    assert compiled == ["note.txt"]
    assert len(list((tmp_path / "aictdata" / "text").iterdir())) == 1

    again = environment("text", compiled, monkeypatch).get_template("note.txt")
    assert again.render(who="Bo", late=False) == "Bo on time"
    assert compiled == ["note.txt"]


def test_each_kind_of_environment_compiles_its_own(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    compiled: list[str] = []
    environment("text", compiled, monkeypatch).get_template("note.txt")
    environment("pages", compiled, monkeypatch).get_template("note.txt")
    assert compiled == ["note.txt", "note.txt"]
