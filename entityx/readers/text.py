"""Plain text: decoding bytes to text.

The policy:

* read: UTF-8, UTF-16/32 with a byte-order mark, empty or whitespace-only
  files (documents with no entities);
* read, with a warning: text that is not UTF-8 (Windows-1252 when mostly
  ASCII, else a detected encoding), NUL characters inside text;
* refused: binary data that no other reader took (a known signature, or
  more than 1 byte in 20 a control byte).
"""

from __future__ import annotations

from typing import ClassVar

from ..documents import Document
from ..errors import InputError
from .base import RawInput, Reader, ReadOptions

# Signatures of common binary formats (the file's first bytes).
_MAGIC = (
    (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"), (b"%PDF", "a PDF document (extract its text first)"),
    (b"PK\x03\x04", "a ZIP archive (or docx/xlsx/odt)"), (b"\x7fELF", "an executable"),
    (b"\x1f\x8b", "a gzip archive"), (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ", "an xz archive"), (b"7z\xbc\xaf", "a 7-zip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file"),
    (b"RIFF", "a RIFF media file"), (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 file"), (b"SQLite format 3", "an SQLite database"),
)
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"),
)
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\v\x1b")




class TextReader(Reader):
    """Anything no other reader claims: decoded as text."""

    kind: ClassVar[str] = "text"
    suffixes: ClassVar[tuple[str, ...]] = (".txt", ".text", ".rst")

    def read(self, raw: RawInput, options: ReadOptions) -> Document:
        text, warnings = decode(raw.name, raw.data, options.encoding)
        return Document(raw.name, text, kind=self.kind, warnings=warnings)


def decode(name: str, data: bytes, encoding: str | None = None) -> tuple[str, list[str]]:
    """Decode an input's bytes: the given encoding; else a BOM; else UTF-8;
    else Windows-1252 if mostly ASCII, else a detected encoding (both with a
    warning). Binary data is refused."""
    warnings: list[str] = []
    if encoding:
        try:
            return data.decode(encoding), warnings
        except LookupError:
            raise InputError(name, f"unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as exc:
            raise InputError(name, f"cannot decode as {encoding}: {exc.reason} at byte {exc.start}") from None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), warnings
            except UnicodeDecodeError as exc:
                raise InputError(name, f"invalid {codec} after its byte-order mark at byte {exc.start}") from None
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(name, f"binary file ({what}), not text")
    # Binary: more than 1 byte in 20 is a control byte (NUL included), as in
    # executables, compressed data or UTF-16 without a BOM. A stray NUL in
    # text is not enough: that text is read, with a warning.
    head = data[:65536]
    controls = sum(1 for b in head if b < 32 and b not in _TEXT_CONTROLS)
    if controls * 20 > len(head):
        raise InputError(name, "binary file (control bytes), not text; pass --encoding if it is text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        latin = _western(data)
        if latin is not None:
            text = latin
            warnings.append("not valid UTF-8; decoded as Windows-1252 (Latin-1); "
                            "pass --encoding to choose")
        else:
            from charset_normalizer import from_bytes

            best = from_bytes(data).best()
            if best is None or best.encoding is None:
                raise InputError(name, "not UTF-8 and no encoding detected; pass --encoding (e.g. --encoding latin-1)") from None
            text = str(best)
            warnings.append(f"not valid UTF-8; decoded as {best.encoding} (detected); pass --encoding to choose")
    if "\x00" in text:
        warnings.append(f"contains {text.count(chr(0))} NUL character(s)")
    return text, warnings


def _western(data: bytes) -> str | None:
    """``data`` as Windows-1252 (a superset of Latin-1's printable range) when
    that gives text of mostly ASCII letters: English with a few accented names
    or curly quotes, by far the commonest non-UTF-8 input. Statistical
    detection misreads such short runs (it guesses DOS code pages for "ç");
    text in other scripts has many more high bytes and is left to it."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = sum(1 for c in text if c.isalpha())
    high = sum(1 for b in data if b >= 0x80)
    return text if high * 5 <= letters else None
