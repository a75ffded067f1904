"""JSON (one object, or a list streamed item by item) and JSON Lines."""

from __future__ import annotations

from ..results import DocumentResult
from .base import Writer, to_json


class JSONWriter(Writer):
    """One JSON object for a single input, else a JSON list, streamed."""

    def _write(self, result: DocumentResult) -> None:
        body = to_json(result.to_dict(), indent=2)
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
        self.stream.write(to_json(result.to_dict()) + "\n")
        self.stream.flush()
