"""The output formats: one entry each, read by the command line for its
choices, help, file suffixes and option checks. Importing this module is
cheap; a format's writer is imported only when it is used."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .base import Writer


@dataclass(frozen=True)
class FormatSpec:
    name: str
    help: str
    writer: str  # "module:Class" in entityx.output
    summary: str | None = None  # "module:function" writing a Summary, if it has one
    suffixes: tuple[str, ...] = ()  # -o FILE with one of these picks this format
    whole_run: bool = False  # written at the end from the whole run (not streamed)
    needs_text: bool = False  # results must carry their documents' text
    mentions: bool = False  # takes --mentions

    def load_writer(self) -> type[Writer]:
        return _load(self.writer)  # type: ignore[no-any-return]

    def load_summary(self) -> Any:
        if self.summary is None:
            raise ValueError(f"-f {self.name} has no --summary form")
        return _load(self.summary)


def _load(path: str) -> Any:
    module, name = path.split(":")
    return getattr(import_module(f"{__package__}.{module}"), name)


FORMATS: dict[str, FormatSpec] = {spec.name: spec for spec in (
    FormatSpec("table", "Rich tables by type, most-mentioned first (for a terminal)",
               "table:TableWriter", "table:write_summary"),
    FormatSpec("json", "one object per input; a list for several inputs, streamed",
               "json:JSONWriter", "summary:write_json", (".json",)),
    FormatSpec("jsonl", "one input per line, flushed per line",
               "json:JSONLWriter", "summary:write_jsonl", (".jsonl", ".ndjson")),
    FormatSpec("csv", "one row per entity per input (--mentions: per mention)",
               "csv:CSVWriter", "summary:write_csv", (".csv",), mentions=True),
    FormatSpec("html", "one self-contained report of the whole run (use with -o FILE)",
               "html:HTMLReportWriter", None, (".html", ".htm"), whole_run=True,
               needs_text=True),
)}

# The choices Typer shows and checks.
Format = Enum("Format", {name: name for name in FORMATS}, type=str)  # type: ignore[misc]


def get_format(name: str | Enum) -> FormatSpec:
    return FORMATS[name.value if isinstance(name, Enum) else name]


def format_for_suffix(suffix: str) -> FormatSpec | None:
    """The format an output file's suffix asks for, if any."""
    suffix = suffix.lower()
    return next((spec for spec in FORMATS.values() if suffix in spec.suffixes), None)
