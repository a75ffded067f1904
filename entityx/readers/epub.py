"""EPUB (an e-book): the text of its chapters in reading order (the spine),
a line per block, chapters separated by a blank line.

The package is unzipped within ``--max-bytes`` (:mod:`.zipped`); chapters
are XHTML read by the HTML reader's parser, whole (an e-book has no site
navigation to remove). DRM-protected books are refused.
"""

from __future__ import annotations

import posixpath
from typing import ClassVar
from urllib.parse import unquote

from ..documents import Document
from ..errors import InputError
from .base import RawInput, Reader, ReadOptions
from .zipped import Archive, local

_MIME = b"mimetypeapplication/epub+zip"
_CHAPTER_TYPES = ("application/xhtml+xml", "text/html")


class EpubReader(Reader):
    """E-books: the chapters' text."""

    kind: ClassVar[str] = "epub"
    suffixes: ClassVar[tuple[str, ...]] = (".epub",)

    def sniff(self, head: bytes) -> bool:
        return head.startswith(b"PK\x03\x04") and _MIME in head[:100]

    def read(self, raw: RawInput, options: ReadOptions) -> Document:
        from .html import decode_html, page_text, parse

        archive = Archive(raw.name, raw.data, options.max_bytes, "EPUB")
        if "META-INF/encryption.xml" in archive.names and any(
                local(e.tag) == "EncryptedData" for e in archive.xml("META-INF/encryption.xml").iter()):
            raise InputError(raw.name, "EPUB is encrypted (DRM); cannot be read")
        chapters = []
        for path in _spine(archive):
            root = parse(raw.name, decode_html(raw.name, archive.read(path), options.encoding))
            text = page_text(root, main_only=False)
            if text:
                chapters.append(text)
        return Document(raw.name, "\n\n".join(chapters), kind=self.kind)


def _spine(archive: Archive) -> list[str]:
    """The chapters' paths in reading order, from the package document."""
    container = archive.xml("META-INF/container.xml")
    opf = next((e.get("full-path", "") for e in container.iter() if local(e.tag) == "rootfile"), "")
    if opf not in archive.names:
        raise archive.corrupt("no package document")
    package = archive.xml(opf)
    folder = posixpath.dirname(opf)
    items = {}
    for element in package.iter():
        if local(element.tag) == "item" and element.get("media-type") in _CHAPTER_TYPES:
            href = posixpath.normpath(posixpath.join(folder, unquote(element.get("href", ""))))
            items[element.get("id")] = href
    order = [items[e.get("idref")] for e in package.iter()
             if local(e.tag) == "itemref" and e.get("idref") in items]
    return [path for path in order if path in archive.names]
