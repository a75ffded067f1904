"""The reader contract: one :class:`Reader` per input kind.

A reader turns an input's bytes into a :class:`~entityx.documents.Document`
whose ``text`` is what entities are found in; every offset entityx reports
points into that text. Readers import their third-party libraries inside
``read`` so that choosing one costs nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from ..documents import Document

HEAD_BYTES = 8192  # what sniff() is shown of an input


@dataclass(frozen=True)
class RawInput:
    """An input's bytes, already limited to ``--max-bytes``."""

    name: str  # as reported: the path as given, a URL or <stdin>
    data: bytes
    suffix: str = ""  # lower case, with the dot ("" for stdin)


@dataclass(frozen=True)
class ReadOptions:
    encoding: str | None = None  # --encoding, for text-like kinds
    max_bytes: int = 25 * 1024 * 1024  # the file, the text extracted, bytes unzipped


class Reader:
    """Base class: a kind of input, how to recognise it and how to read it."""

    kind: ClassVar[str] = "text"
    suffixes: ClassVar[tuple[str, ...]] = ()

    def sniff(self, head: bytes) -> bool:
        """Whether an input starting with ``head`` is of this kind."""
        return False

    def read(self, raw: RawInput, options: ReadOptions) -> Document:
        """The document, or :class:`~entityx.errors.InputError` saying why not."""
        raise NotImplementedError
