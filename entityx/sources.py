"""Where inputs used to be read: kept so that ``entityx.sources`` imports
still work. Discovery and reading are in :mod:`entityx.documents`, decoding
in :mod:`entityx.readers.text`."""

from __future__ import annotations

from .documents import (
    DEFAULT_MAX_BYTES,
    STDIN,
    Document,
    Source,
    discover,
    human_size,
    load,
    printable,
    read_bytes,
)
from .readers.text import decode


def read_text(source: Source, *, max_bytes: int = DEFAULT_MAX_BYTES,
              encoding: str | None = None) -> tuple[str, list[str]]:
    """Read and decode one input as plain text: ``(text, warnings)``."""
    return decode(source.name, read_bytes(source, max_bytes), encoding)


__all__ = ["DEFAULT_MAX_BYTES", "STDIN", "Document", "Source", "decode", "discover",
           "human_size", "load", "printable", "read_bytes", "read_text"]
