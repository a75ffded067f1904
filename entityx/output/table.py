"""Rich tables for a person at a terminal: per document, or the summary."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from ..labels import PLACE, TYPES
from ..results import DocumentResult
from .base import TYPE_HEADINGS, Writer, shown

if TYPE_CHECKING:
    from rich.console import Console

    from .summary import Summary


def link_text(link: dict[str, Any] | None) -> str:
    """A place link in a cell: "Paris, US (city)" (coordinates: JSON, CSV)."""
    if not link:
        return ""
    where = f"{link['name']}, {link['country']}" if link.get("country") else link["name"]
    return f"{where} ({link['kind']})"


def _console(stream: TextIO, **kwargs: Any) -> Console:
    from rich.console import Console

    return Console(file=stream, highlight=False, **kwargs)


def print_tables(console: Console, title: str, rows: Sequence[tuple[str, str, Sequence[str],
                 Sequence[str], Sequence[str], str]], counts: Sequence[str],
                 **table: Any) -> None:
    """One table per type, in TYPES order: ``rows`` are ``(type, name,
    count cells, titles, aliases, place link)``; ``title`` has ``{heading}``
    for the type. Places get a "Linked to" column when any place is linked."""
    from rich.table import Table

    for etype in TYPES:
        chosen = [row for row in rows if row[0] == etype]
        if not chosen:
            continue
        out = Table(title=title.format(heading=TYPE_HEADINGS[etype], n=len(chosen)),
                    title_justify="left", title_style="bold", **table)
        out.add_column("Name", style="bold")
        for heading in counts:
            out.add_column(heading, justify="right")
        if etype == "person":
            out.add_column("Titles")
        linked = etype == PLACE and any(row[5] for row in chosen)
        if linked:
            out.add_column("Linked to")
        out.add_column("Also written")
        for _, name, cells, titles, aliases, link in chosen:
            row = [shown(name), *cells]
            if etype == "person":
                row.append(shown(", ".join(titles)))
            if linked:
                row.append(shown(link))
            row.append(shown(", ".join(aliases)))
            out.add_row(*row)
        console.print(out)


class TableWriter(Writer):
    """One table per type and document, most-mentioned first."""

    def __init__(self, stream: TextIO, **kwargs: Any) -> None:
        super().__init__(stream, **kwargs)
        self.console = _console(stream, soft_wrap=False)

    def _write(self, result: DocumentResult) -> None:
        if result.error is not None:
            return  # reported on stderr by the caller
        if self.many or self.written:
            self.console.rule(shown(result.source), style="dim")
        if not result.entities:
            self.console.print("[dim]no people, places or organisations found[/dim]")
            return
        rows = [(e.type, e.name, [str(e.count)], e.titles, e.aliases, link_text(e.link))
                for e in result.entities]
        print_tables(self.console, "{heading} ({n})", rows, ["Mentions"], expand=False)


def write_summary(summary: Summary, stream: TextIO) -> None:
    rows = [(e.type, e.name, [str(e.mentions), str(e.documents)], e.titles, e.aliases,
             link_text(e.link)) for e in summary.sorted()]
    print_tables(_console(stream), f"{{heading}} across {summary.documents} document(s)",
                 rows, ["Mentions", "Documents"])
