"""Reading parts of ZIP-based documents (DOCX, ODT, EPUB) safely.

Every byte unzipped counts against one budget, ``--max-bytes``, whatever the
archive's headers claim, so a zip bomb stops at the limit instead of filling
memory. XML parts are parsed with the standard library (expat, whose entity
expansion is bounded) and a part declaring a DTD is refused outright: office
documents never need one, and entity tricks need one.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from io import BytesIO
from xml.etree import ElementTree as ET

from ..documents import human_size
from ..errors import InputError

_CHUNK = 1 << 16


class Archive:
    """A ZIP document opened for reading with an unzip budget."""

    def __init__(self, name: str, data: bytes, max_bytes: int, what: str) -> None:
        self.name = name
        self.what = what  # "DOCX", for messages
        self.budget = max_bytes
        self.limit = max_bytes
        try:
            self.zip = zipfile.ZipFile(BytesIO(data))
            self.names = set(self.zip.namelist())
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
            raise self.corrupt("not a readable ZIP archive") from None

    def corrupt(self, detail: str) -> InputError:
        return InputError(self.name, f"truncated or corrupt {self.what} ({detail})")

    def read(self, member: str) -> bytes:
        """One member's bytes, counted against the budget."""
        out = bytearray()
        try:
            with self.zip.open(member) as handle:
                while chunk := handle.read(_CHUNK):
                    self.budget -= len(chunk)
                    if self.budget < 0:
                        raise InputError(
                            self.name,
                            f"{self.what} unzips to more than {human_size(self.limit)} "
                            "(a zip bomb?); raise the limit with --max-bytes")
                    out += chunk
        except InputError:
            raise
        except KeyError:
            raise self.corrupt(f"no {member}") from None
        except RuntimeError:  # a password-protected member
            raise InputError(self.name, f"encrypted {self.what}: no password") from None
        except NotImplementedError:
            raise self.corrupt(f"{member} uses an unsupported compression") from None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
            raise self.corrupt(f"{member}: {exc}") from None
        return bytes(out)

    def xml(self, member: str) -> ET.Element:
        """One member parsed as XML."""
        return parse_xml(self.read(member), self.name, f"{member} ", self.corrupt)


def parse_xml(data: bytes, name: str, part: str,
              corrupt: Callable[[str], InputError]) -> ET.Element:
    """``data`` parsed as XML; a DTD is refused (``part``, "content.xml " or
    "", names what declared it; ``corrupt`` words a parse error)."""
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
        raise InputError(name, f"{part}declares a DTD; refused (entity expansion)")
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        raise corrupt(f"{part}{exc}".strip()) from None


def local(tag: object) -> str:
    """An element's name without its namespace (``w:p`` -> ``p``); comments
    and processing instructions give ""."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def attr(element: ET.Element, name: str) -> str:
    """An attribute by its local name, whatever its namespace ("" if absent)."""
    for key, value in element.attrib.items():
        if local(key) == name:
            return value
    return ""


def joined(sections: list[list[str]], extras: Iterable[list[str]] = ()) -> str:
    """A document's text: its sections of lines, then each distinct one of
    ``extras`` (headers and footers, which repeat from page to page), a
    blank line between sections."""
    seen: set[str] = set()
    for part in extras:
        key = "\n".join(part)
        if key and key not in seen:
            seen.add(key)
            sections.append(part)
    return "\n\n".join("\n".join(lines) for lines in sections if lines)


def paragraphs(root: ET.Element, names: Iterable[str], skip: frozenset[str]
               ) -> Iterator[ET.Element]:
    """The elements named ``names`` (paragraphs, by local name) in document
    order, not descending into them (a paragraph's text boxes are read with
    it) nor into ``skip``'s subtrees. Iterative: deep nesting cannot
    overflow the stack."""
    wanted = frozenset(names)
    stack = [iter(root)]
    while stack:
        for element in stack[-1]:
            name = local(element.tag)
            if name in wanted:
                yield element
            elif name not in skip:
                stack.append(iter(element))
                break
        else:
            stack.pop()
