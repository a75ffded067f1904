"""Streaming writers, one per output format, and the cross-document summary.

Every writer takes results one at a time and writes them as they come: a
JSON list is opened, extended and closed, never built in memory.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, TextIO

from .labels import TYPES
from .results import DocumentResult


class Format(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


TYPE_HEADINGS = {"person": "People", "place": "Places", "organisation": "Organisations"}

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


class _CSVRows:
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


def _shown(text: str) -> str:
    """Text for a Rich table: markup escaped, control characters (a newline or
    an escape sequence in a file name) shown as escapes so they cannot move the
    cursor or break the table's lines."""
    from rich.markup import escape

    from .sources import printable

    return escape(printable(text))


# Line ends for str.splitlines() and older JavaScript that JSON leaves raw;
# escaped, a JSONL record is one line for every reader.
_LINE_BREAKS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})


def _json(data: Any, indent: int | None = None) -> str:
    return json.dumps(data, ensure_ascii=False, indent=indent).translate(_LINE_BREAKS)


class Writer:
    """Base class: ``write`` each result, then ``close`` once."""

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


class JSONWriter(Writer):
    """One JSON object for a single input, else a JSON list, streamed."""

    def _write(self, result: DocumentResult) -> None:
        body = _json(result.to_dict(), indent=2)
        if self.many:
            body = "\n".join("  " + line for line in body.splitlines())
            self.stream.write(("[\n" if self.written == 0 else ",\n") + body)
        else:
            self.stream.write(body)
        self.stream.flush()

    def close(self) -> None:
        if self.many:
            self.stream.write("[]\n" if self.written == 0 else "\n]\n")
        elif self.written:
            self.stream.write("\n")
        super().close()


class JSONLWriter(Writer):
    """One document per line, flushed per line (whole lines only)."""

    def _write(self, result: DocumentResult) -> None:
        self.stream.write(_json(result.to_dict()) + "\n")
        self.stream.flush()


ENTITY_COLUMNS = ["source", "type", "name", "count", "aliases", "titles"]
MENTION_COLUMNS = ["source", "type", "name", "text", "start", "end", "title"]
ERROR_COLUMN = "error"


class CSVWriter(Writer):
    """One row per entity per document (``mentions``: one row per mention).
    Unreadable inputs are rows with only ``source`` and ``error`` filled."""

    def __init__(self, stream: TextIO, **kwargs: Any) -> None:
        super().__init__(stream, **kwargs)
        self.columns = [*(MENTION_COLUMNS if self.mentions else ENTITY_COLUMNS), ERROR_COLUMN]
        self.csv = _CSVRows(stream)
        self.csv.writerows([self.columns])

    def _write(self, result: DocumentResult) -> None:
        rows: list[list[Any]] = []
        if result.error is not None:
            row = {"source": result.source, ERROR_COLUMN: result.error}
            rows.append([row.get(c, "") for c in self.columns])
        for entity in result.entities:
            if self.mentions:
                for m in entity.mentions:
                    rows.append([result.source, entity.type, entity.name, m.text, m.start,
                                 m.end, m.title or "", ""])
            else:
                rows.append([result.source, entity.type, entity.name, entity.count,
                             "; ".join(entity.aliases), "; ".join(entity.titles), ""])
        self.csv.writerows([[safe_cell(v) for v in row] for row in rows])
        self.stream.flush()


class TableWriter(Writer):
    """Rich tables for people at a terminal: one per type, by count."""

    def __init__(self, stream: TextIO, **kwargs: Any) -> None:
        super().__init__(stream, **kwargs)
        from rich.console import Console

        self.console = Console(file=stream, highlight=False, soft_wrap=False)

    def _write(self, result: DocumentResult) -> None:
        from rich.table import Table

        if result.error is not None:
            return  # reported on stderr by the caller
        if self.many or self.written:
            self.console.rule(_shown(result.source), style="dim")
        if not result.entities:
            self.console.print("[dim]no people, places or organisations found[/dim]")
            return
        for etype in TYPES:
            entities = [e for e in result.entities if e.type == etype]
            if not entities:
                continue
            table = Table(title=f"{TYPE_HEADINGS[etype]} ({len(entities)})", title_justify="left",
                          title_style="bold", expand=False)
            table.add_column("Name", style="bold")
            table.add_column("Mentions", justify="right")
            if etype == "person":
                table.add_column("Titles")
            table.add_column("Also written")
            for e in entities:
                cells = [_shown(e.name), str(e.count)]
                if etype == "person":
                    cells.append(_shown(", ".join(e.titles)))
                cells.append(_shown(", ".join(e.aliases)))
                table.add_row(*cells)
            self.console.print(table)


WRITERS: dict[Format, type[Writer]] = {
    Format.table: TableWriter, Format.json: JSONWriter,
    Format.jsonl: JSONLWriter, Format.csv: CSVWriter,
}


def make_writer(fmt: Format, stream: TextIO, *, many: bool, mentions: bool = False) -> Writer:
    return WRITERS[fmt](stream, many=many, mentions=mentions)


# -- summary over all inputs --------------------------------------------------


@dataclass
class SummaryEntry:
    name: str
    type: str
    mentions: int = 0
    documents: int = 0
    aliases: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "type": self.type, "mentions": self.mentions,
                "documents": self.documents, "aliases": self.aliases, "titles": self.titles}


class Summary:
    """Each entity over all inputs (same type and name): total mentions and the
    number of documents it appears in."""

    def __init__(self) -> None:
        self.entries: dict[tuple[str, str], SummaryEntry] = {}
        self.documents = 0
        self.failed = 0

    def add(self, result: DocumentResult) -> None:
        if result.error is not None:
            self.failed += 1
            return
        self.documents += 1
        for e in result.entities:
            key = (e.type, e.name.casefold())
            entry = self.entries.get(key)
            if entry is None:
                entry = self.entries[key] = SummaryEntry(e.name, e.type)
            entry.mentions += e.count
            entry.documents += 1
            for alias in e.aliases:
                if alias not in entry.aliases:
                    entry.aliases.append(alias)
            for title in e.titles:
                if title not in entry.titles:
                    entry.titles.append(title)

    def sorted(self) -> list[SummaryEntry]:
        return sorted(self.entries.values(), key=lambda e: (-e.mentions, -e.documents, e.name))

    def write(self, fmt: Format, stream: TextIO) -> None:
        entries = self.sorted()
        if fmt is Format.json:
            stream.write(_json({"documents": self.documents, "failed": self.failed,
                                "entities": [e.to_dict() for e in entries]}, indent=2) + "\n")
        elif fmt is Format.jsonl:
            for e in entries:
                stream.write(_json(e.to_dict()) + "\n")
        elif fmt is Format.csv:
            writer = _CSVRows(stream)
            writer.writerows([["type", "name", "mentions", "documents", "aliases", "titles"]])
            writer.writerows(
                [safe_cell(v) for v in (e.type, e.name, e.mentions, e.documents,
                                        "; ".join(e.aliases), "; ".join(e.titles))]
                for e in entries
            )
        else:
            _summary_table(entries, self.documents, stream)
        stream.flush()


def _summary_table(entries: Iterable[SummaryEntry], documents: int, stream: TextIO) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(file=stream, highlight=False)
    entries = list(entries)
    for etype in TYPES:
        rows = [e for e in entries if e.type == etype]
        if not rows:
            continue
        table = Table(title=f"{TYPE_HEADINGS[etype]} across {documents} document(s)",
                      title_justify="left", title_style="bold")
        table.add_column("Name", style="bold")
        table.add_column("Mentions", justify="right")
        table.add_column("Documents", justify="right")
        if etype == "person":
            table.add_column("Titles")
        table.add_column("Also written")
        for e in rows:
            cells = [_shown(e.name), str(e.mentions), str(e.documents)]
            if etype == "person":
                cells.append(_shown(", ".join(e.titles)))
            cells.append(_shown(", ".join(e.aliases)))
            table.add_row(*cells)
        console.print(table)
