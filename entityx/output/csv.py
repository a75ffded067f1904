"""CSV: one row per entity per document, or per mention with --mentions."""

from __future__ import annotations

from typing import Any, TextIO

from ..results import DocumentResult
from .base import CSVRows, Writer, safe_cell

# A place's link (entityx.linking): empty for other entities, for places
# left unlinked, and with --no-link.
LINK_COLUMNS = ["link_name", "link_kind", "link_country", "link_lat", "link_lon",
                "link_geonames_id"]
ENTITY_COLUMNS = ["source", "type", "name", "count", "aliases", "titles", *LINK_COLUMNS]
MENTION_COLUMNS = ["source", "type", "name", "text", "start", "end", "title", *LINK_COLUMNS]
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
            link = _link_cells(entity.link)
            if self.mentions:
                for m in entity.mentions:
                    rows.append([result.source, entity.type, entity.name, m.text, m.start,
                                 m.end, m.title or "", *link, ""])
            else:
                rows.append([result.source, entity.type, entity.name, entity.count,
                             "; ".join(entity.aliases), "; ".join(entity.titles), *link, ""])
        # numbers (offsets, a link's negative longitude) cannot be formulas
        self.csv.writerows([[str(v) if isinstance(v, int | float) else safe_cell(v) for v in row]
                            for row in rows])
        self.stream.flush()


def _link_cells(link: dict[str, Any] | None) -> list[Any]:
    if not link:
        return [""] * len(LINK_COLUMNS)
    return [("" if link.get(k) is None else link[k]) for k in
            ("name", "kind", "country", "lat", "lon", "geonames_id")]
