"""--summary: each entity once over all inputs, with its total mentions and
the number of documents it appears in."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TextIO

from ..results import DocumentResult, Entity
from .base import CSVRows, safe_cell, to_json


@dataclass
class SummaryEntry:
    name: str
    type: str
    mentions: int = 0
    documents: int = 0
    aliases: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    link: dict[str, Any] | None = None
    linked: bool = False

    def to_dict(self) -> dict[str, Any]:
        data = {"name": self.name, "type": self.type, "mentions": self.mentions,
                "documents": self.documents, "aliases": self.aliases, "titles": self.titles}
        if self.linked:
            data["link"] = self.link
        return data


def summary_key(entity: Entity) -> tuple[Any, ...]:
    """What makes two documents' entities one entity of the summary: a
    linked place's gazetteer entry ("US" here, "United States" there), else
    type and name."""
    from ..linking.linker import summary_key as key  # no gazetteer load

    return key(entity)


class Summary:
    """Each entity over all inputs (same :func:`summary_key`)."""

    def __init__(self) -> None:
        self.entries: dict[tuple[str, ...], SummaryEntry] = {}
        self.documents = 0
        self.failed = 0

    def add(self, result: DocumentResult) -> None:
        if result.error is not None:
            self.failed += 1
            return
        self.documents += 1
        for e in result.entities:
            key = summary_key(e)
            entry = self.entries.get(key)
            if entry is None:
                entry = self.entries[key] = SummaryEntry(e.name, e.type, link=e.link,
                                                         linked=e.linked)
            elif e.name != entry.name and e.name not in entry.aliases:
                entry.aliases.append(e.name)  # a linked place named otherwise here
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

    def write(self, fmt: str, stream: TextIO) -> None:
        """Write in format ``fmt`` (a name in the format registry)."""
        from .registry import get_format

        get_format(fmt).load_summary()(self, stream)
        stream.flush()


def write_json(summary: Summary, stream: TextIO) -> None:
    stream.write(to_json({"documents": summary.documents, "failed": summary.failed,
                          "entities": [e.to_dict() for e in summary.sorted()]}, indent=2) + "\n")


def write_jsonl(summary: Summary, stream: TextIO) -> None:
    for e in summary.sorted():
        stream.write(to_json(e.to_dict()) + "\n")


def write_csv(summary: Summary, stream: TextIO) -> None:
    writer = CSVRows(stream)
    writer.writerows([["type", "name", "mentions", "documents", "aliases", "titles"]])
    writer.writerows(
        [safe_cell(v) for v in (e.type, e.name, e.mentions, e.documents,
                                "; ".join(e.aliases), "; ".join(e.titles))]
        for e in summary.sorted()
    )
