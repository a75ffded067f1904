"""CSV: one row per entity per document, or per mention with --mentions."""

from __future__ import annotations

from typing import Any, TextIO

from ..results import DocumentResult
from .base import CSVRows, Writer, safe_cell

ENTITY_COLUMNS = ["source", "type", "name", "count", "aliases", "titles"]
MENTION_COLUMNS = ["source", "type", "name", "text", "start", "end", "title"]
ERROR_COLUMN = "error"


class CSVWriter(Writer):
    """One row per entity per document (``mentions``: one row per mention).
    Unreadable inputs are rows with only ``source`` and ``error`` filled."""

    def __init__(self, stream: TextIO, **kwargs: Any) -> None:
        super().__init__(stream, **kwargs)
        self.columns = [*(MENTION_COLUMNS if self.mentions else ENTITY_COLUMNS), ERROR_COLUMN]
        self.csv = CSVRows(stream)
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
