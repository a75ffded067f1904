"""ODT (OpenDocument text): body paragraphs, headings and tables, then
notes, then the master pages' headers and footers (each distinct one once).
Flat ODT (``.fodt``, the same document as one XML file) is read the same way.

Same approach as the DOCX reader (:mod:`.zipped` bounds what is unzipped).
A note's body is taken out of its paragraph, so the sentence it sits in
stays whole; frames' paragraphs follow the paragraph that anchors them.
"""

from __future__ import annotations

from typing import ClassVar
from xml.etree import ElementTree as ET

from ..documents import Document
from ..errors import InputError
from .base import RawInput, Reader, ReadOptions
from .zipped import Archive, attr, joined, local, paragraphs, parse_xml

_MIME = b"mimetypeapplication/vnd.oasis.opendocument.text"
_FLAT_MIME = b'mimetype="application/vnd.oasis.opendocument.text"'
_HEADERS = frozenset({"header", "footer", "header-left", "footer-left", "header-first",
                      "footer-first"})
_SKIP = frozenset({"tracked-changes", "note-citation", "annotation", "sequence-decls",
                   "variable-decls", "user-field-decls", "table-of-content-source"})


class OdtReader(Reader):
    """OpenDocument text; Document.text holds its paragraphs, one a line."""

    kind: ClassVar[str] = "odt"
    suffixes: ClassVar[tuple[str, ...]] = (".odt", ".ott")

    def sniff(self, head: bytes) -> bool:
        # The package's first member must be its uncompressed mimetype.
        return head.startswith(b"PK\x03\x04") and _MIME in head[:200]

    def read(self, raw: RawInput, options: ReadOptions) -> Document:
        archive = Archive(raw.name, raw.data, options.max_bytes, "ODT")
        styles = archive.xml("styles.xml") if "styles.xml" in archive.names else None
        return Document(raw.name, _text(archive.xml("content.xml"), styles), kind=self.kind)


class FlatOdtReader(Reader):
    """Flat OpenDocument text: one XML file holding what an ODT's
    ``content.xml`` and ``styles.xml`` hold."""

    kind: ClassVar[str] = "fodt"
    suffixes: ClassVar[tuple[str, ...]] = (".fodt",)

    def sniff(self, head: bytes) -> bool:
        # the root element, office:document, names the text mimetype
        return b"<office:document" in head and _FLAT_MIME in head

    def read(self, raw: RawInput, options: ReadOptions) -> Document:
        def corrupt(detail: str) -> InputError:
            return InputError(raw.name, f"truncated or corrupt flat ODT ({detail})")

        root = parse_xml(raw.data, raw.name, "", corrupt)
        if local(root.tag) != "document":
            raise corrupt(f"its root element is {local(root.tag) or 'missing'}, not document")
        return Document(raw.name, _text(root, root), kind=self.kind)


def _text(content: ET.Element, styles: ET.Element | None) -> str:
    """The body, then its notes, then each distinct header and footer."""
    notes: list[str] = []
    sections = [_lines(content, notes, body_only=True), notes]
    found = styles.iter() if styles is not None else ()
    headers = [_lines(element, notes) for element in found if local(element.tag) in _HEADERS]
    return joined(sections, headers)


def _lines(root: ET.Element, notes: list[str], body_only: bool = False) -> list[str]:
    if body_only:
        bodies = [e for e in root.iter() if local(e.tag) == "text" and e is not root]
        root = bodies[0] if bodies else root
    lines: list[str] = []
    for paragraph in paragraphs(root, ("p", "h"), _SKIP):
        text, inner = _paragraph_text(paragraph, notes)
        if text.strip():
            lines.append(text.strip())
        for box in inner:
            lines.extend(_lines(box, notes))
    return lines


def _paragraph_text(paragraph: ET.Element, notes: list[str]) -> tuple[str, list[ET.Element]]:
    """A paragraph's text, and the frames inside it; its notes go to ``notes``.
    ODF text is mixed content: an element's ``text`` comes before its
    children and its ``tail`` after it."""
    parts: list[str] = [paragraph.text or ""]
    frames: list[ET.Element] = []
    stack = [iter(paragraph)]
    tails: list[str] = []  # the tails of the elements being walked, stack[1:]
    while stack:
        for element in stack[-1]:
            name = local(element.tag)
            if name == "s":
                count = attr(element, "c")
                parts.append(" " * (int(count) if count.isdigit() else 1))
            elif name == "tab":
                parts.append("\t")
            elif name == "line-break":
                parts.append("\n")
            elif name == "note-body":
                notes.extend(_lines(element, notes))
            elif name in ("frame", "text-box"):
                frames.append(element)
            elif name not in _SKIP:
                parts.append(element.text or "")
                stack.append(iter(element))
                tails.append(element.tail or "")
                break
            parts.append(element.tail or "")
        else:
            stack.pop()
            if tails:
                parts.append(tails.pop())
    return "".join(parts), frames
