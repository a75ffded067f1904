"""Readers, one per input kind, and the choice between them.

An input is read by the first reader whose signature matches its first
bytes (a PDF named ``.txt`` is a PDF), else by the reader of its file
suffix, else as plain text. Adding a kind is one module and one line in
:data:`READERS`.
"""

from __future__ import annotations

from .base import HEAD_BYTES, RawInput, Reader, ReadOptions
from .docx import DocxReader
from .email import EmailReader
from .epub import EpubReader
from .html import HtmlReader
from .markdown import MarkdownReader
from .odt import FlatOdtReader, OdtReader
from .pdf import PdfReader
from .text import TextReader

# In the order their signatures are tried; plain text last (it takes anything).
READERS: list[Reader] = [PdfReader(), DocxReader(), OdtReader(), FlatOdtReader(), EpubReader(),
                         HtmlReader(), EmailReader(), MarkdownReader(), TextReader()]

_TEXT = READERS[-1]


def choose(raw: RawInput) -> Reader:
    """The reader for an input: by signature, then by suffix, else text."""
    head = raw.data[:HEAD_BYTES]
    for reader in READERS:
        if reader.sniff(head):
            return reader
    for reader in READERS:
        if raw.suffix and raw.suffix in reader.suffixes:
            return reader
    return _TEXT


__all__ = ["READERS", "RawInput", "ReadOptions", "Reader", "choose"]
