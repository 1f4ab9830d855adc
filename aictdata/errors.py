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
        return one_line(f"{self.file}:{self.line}:{self.column}:{field} {self.message}")


@dataclass(frozen=True, order=True)
class CellProblem(Problem):
    """A problem in a workbook, located by its sheet (`field`), row (`line`) and column,
    1-based: `programme-2025.xlsx: Programme!D7: message`, as a spreadsheet names a cell.
    Without a row, the problem concerns the whole file."""

    def __str__(self) -> str:
        where = f" {self.field}!{column_letter(self.column - 1)}{self.line}:" if self.line else ""
        return one_line(f"{self.file}:{where} {self.message}")


def column_letter(index: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA': how a spreadsheet names a column."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def one_line(text: str) -> str:
    """`text` as one line that is safe in a terminal: line breaks and control characters
    (from a hostile key, or a platform's error body) are shown escaped, never obeyed."""
    return text.translate(_VISIBLE)


HIDDEN_CHARACTERS = frozenset(
    (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
)
"""Characters that hide text or reorder it on screen ("Trojan Source"): zero-width
spaces and joiners, the word joiner, a BOM inside text, bidirectional embeddings,
overrides and isolates. The data refuses them; messages show them escaped."""

_VISIBLE = {
    code: f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    for code in (*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029, *HIDDEN_CHARACTERS)
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


class PublishError(AictdataError):
    """Publishing to a platform was refused or could not finish.

    The message is one line and never holds a key: whatever the platform answered is
    redacted before it reaches the message. A run stopped this way is completed, never
    duplicated, by the next run.
    """


class UnpublishableSiteError(PublishError):
    """The built site may not be published: not validated, or changed since its build."""
