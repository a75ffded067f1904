"""What every output format shares: the writer base class and safe cells."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from ..results import DocumentResult

TYPE_HEADINGS = {"person": "People", "place": "Places", "organisation": "Organisations"}

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# Line ends for str.splitlines() and older JavaScript that JSON leaves raw;
# escaped, a JSONL record is one line for every reader.
_LINE_BREAKS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})


def to_json(data: Any, indent: int | None = None) -> str:
    return json.dumps(data, ensure_ascii=False, indent=indent).translate(_LINE_BREAKS)


def safe_cell(value: Any) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


class CSVRows:
    """``csv.writer`` with ``\\n`` line ends whose rows cannot break: csv
    quotes only cells holding the line terminator's characters, so a lone
    ``\\r`` (in a file name, say) would end the row for most readers; a row
    with one is written fully quoted."""

    def __init__(self, stream: TextIO) -> None:
        self.plain = csv.writer(stream, lineterminator="\n")
        self.quoted = csv.writer(stream, lineterminator="\n", quoting=csv.QUOTE_ALL)

    def writerows(self, rows: Iterable[Sequence[str]]) -> None:
        for row in rows:
            writer = self.quoted if any("\r" in cell for cell in row) else self.plain
            writer.writerow(row)


def shown(text: str) -> str:
    """Text for a Rich table: markup escaped, control characters (a newline or
    an escape sequence in a file name) shown as escapes so they cannot move the
    cursor or break the table's lines."""
    from rich.markup import escape

    from ..documents import printable

    return escape(printable(text))


class Writer:
    """Base class: ``write`` each result in input order, then ``close`` once
    (also after an interruption, so the output is complete as far as it goes).
    A whole-run format keeps what it needs in ``write`` and writes in ``close``."""

    def __init__(self, stream: TextIO, *, many: bool = True, mentions: bool = False) -> None:
        self.stream = stream
        self.many = many
        self.mentions = mentions
        self.written = 0

    def write(self, result: DocumentResult) -> None:
        self._write(result)
        self.written += 1

    def _write(self, result: DocumentResult) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self.stream.flush()
