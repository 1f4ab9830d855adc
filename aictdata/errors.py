"""Typed errors of the library. Only the CLI turns them into printed messages."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file, located for the person who must fix it."""

    file: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        field = f" {self.field}:" if self.field else ""
        text = f"{self.file}:{self.line}:{self.column}:{field} {self.message}"
        # One problem, one line; and no escape sequence from a hostile key reaches a terminal.
        return text.translate(_VISIBLE)


_VISIBLE = {
    code: f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    for code in (*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029)
}


class AictdataError(Exception):
    """Base of every error the library raises on purpose."""


class DataError(AictdataError):
    """The input data is invalid; `problems` lists every problem found, located."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class BuildError(AictdataError):
    """An output could not be produced; the published site was left untouched."""


class ServeError(AictdataError):
    """The preview server cannot start (no site folder, port in use)."""


class CheckError(AictdataError):
    """A deployed site cannot be checked at all (no local manifest, unusable base URL)."""


class UnreachableError(CheckError):
    """The deployed site's host does not answer (refused, unknown name, timed out)."""
