"""Output formats: the registry (:mod:`.registry`) and one module per format.

The names that used to live in ``entityx.output`` are re-exported here.
"""

from __future__ import annotations

from typing import TextIO

from .base import TYPE_HEADINGS, Writer, safe_cell
from .registry import FORMATS, Format, FormatSpec, format_for_suffix, get_format


def make_writer(fmt: str | Format, stream: TextIO, *, many: bool,
                mentions: bool = False) -> Writer:
    """The writer of format ``fmt`` writing to ``stream``."""
    return get_format(fmt).load_writer()(stream, many=many, mentions=mentions)


def __getattr__(name: str) -> object:
    # Writer classes and the summary, imported only when asked for.
    lazy = {"ENTITY_COLUMNS": "csv", "MENTION_COLUMNS": "csv", "LINK_COLUMNS": "csv",
            "CSVWriter": "csv",
            "JSONWriter": "json", "JSONLWriter": "json", "TableWriter": "table",
            "Summary": "summary", "SummaryEntry": "summary"}
    if name in lazy:
        from importlib import import_module

        return getattr(import_module(f".{lazy[name]}", __name__), name)
    raise AttributeError(f"module 'entityx.output' has no attribute {name!r}")


__all__ = ["FORMATS", "TYPE_HEADINGS", "Format", "FormatSpec", "Writer", "format_for_suffix",
           "get_format", "make_writer", "safe_cell"]
