"""DOCX (Word 2007+): body paragraphs and tables, then footnotes and
endnotes, then headers and footers (each distinct one once).

Read with the standard library (zipfile + ElementTree) rather than
python-docx, which reads no footnotes and does not bound what it unzips.
Elements are matched by local name, so Strict OOXML's other namespace reads
the same. Deleted text (``w:delText``), field codes (``w:instrText``) and
the fallback copy of a text box (``mc:Fallback``) are skipped; a text box's
paragraphs follow the paragraph that anchors them.
"""

from __future__ import annotations

import posixpath
import re
from typing import ClassVar
from xml.etree import ElementTree as ET

from ..documents import Document
from ..errors import InputError
from .base import RawInput, Reader, ReadOptions
from .zipped import Archive, attr, joined, local, paragraphs

# Subtrees that hold no text of the document (properties, deleted or hidden
# copies, field instructions).
_SKIP = frozenset({"pPr", "rPr", "tblPr", "trPr", "tcPr", "sectPr", "Fallback", "instrText",
                   "delText", "delInstrText", "footnoteReference", "endnoteReference",
                   "commentReference", "annotationRef"})
_NOTE_SKIP = frozenset({"separator", "continuationSeparator", "continuationNotice"})
_OFFICE_DOC = "/officeDocument"
_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: .doc, or an encrypted .docx


class DocxReader(Reader):
    """Word documents; Document.text holds every part's paragraphs, one a line."""

    kind: ClassVar[str] = "docx"
    suffixes: ClassVar[tuple[str, ...]] = (".docx", ".docm", ".dotx")

    def sniff(self, head: bytes) -> bool:
        return head.startswith(b"PK\x03\x04") and b"word/" in head

    def read(self, raw: RawInput, options: ReadOptions) -> Document:
        if raw.data.startswith(_CFB):  # named .docx but an OLE compound file
            if "EncryptedPackage".encode("utf-16-le") in raw.data:
                raise InputError(raw.name, "encrypted DOCX: no password (save it without one)")
            raise InputError(raw.name, "an old Word (.doc) file, not DOCX; save it as DOCX")
        archive = Archive(raw.name, raw.data, options.max_bytes, "DOCX")
        main = _main_part(archive)
        folder = posixpath.dirname(main)
        sections = [_lines(archive.xml(main))]
        for notes in ("footnotes.xml", "endnotes.xml"):
            path = posixpath.join(folder, notes)
            if path in archive.names:
                sections.append(_notes(archive.xml(path)))
        pattern = re.compile(re.escape(folder) + r"/(header|footer)\d*\.xml")
        headers = (_lines(archive.xml(path))
                   for path in sorted(n for n in archive.names if pattern.fullmatch(n)))
        return Document(raw.name, joined(sections, headers), kind=self.kind)


def _main_part(archive: Archive) -> str:
    """The main document part, as the package's relationships name it."""
    if "_rels/.rels" in archive.names:
        for rel in archive.xml("_rels/.rels"):
            if rel.get("Type", "").endswith(_OFFICE_DOC):
                target = rel.get("Target", "").lstrip("/")
                if target in archive.names:
                    return target
    if "word/document.xml" in archive.names:
        return "word/document.xml"
    raise archive.corrupt("no main document part")


def _notes(root: ET.Element) -> list[str]:
    lines: list[str] = []
    for note in root:
        if local(note.tag) in ("footnote", "endnote") and \
                attr(note, "type") not in _NOTE_SKIP:
            lines.extend(_lines(note))
    return lines


def _lines(root: ET.Element) -> list[str]:
    """The non-empty paragraphs under ``root`` (body, cell, note, header)."""
    lines: list[str] = []
    for paragraph in paragraphs(root, ("p",), _SKIP):
        text, boxes = _paragraph_text(paragraph)
        text = text.strip()
        if text:
            lines.append(text)
        for box in boxes:
            lines.extend(_lines(box))
    return lines


def _paragraph_text(paragraph: ET.Element) -> tuple[str, list[ET.Element]]:
    """A paragraph's text, and the text boxes anchored in it."""
    parts: list[str] = []
    boxes: list[ET.Element] = []
    stack = [iter(paragraph)]
    while stack:
        for element in stack[-1]:
            name = local(element.tag)
            if name == "t":
                parts.append(element.text or "")
            elif name == "tab":
                parts.append("\t")
            elif name in ("br", "cr"):
                parts.append("\n")
            elif name == "noBreakHyphen":
                parts.append("-")
            elif name == "txbxContent":
                boxes.append(element)
            elif name not in _SKIP:
                stack.append(iter(element))
                break
        else:
            stack.pop()
    return "".join(parts), boxes
