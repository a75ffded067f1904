"""Inputs: walking folders, reading files and stdin, decoding bytes to text.

Every problem becomes an :class:`~entityx.errors.InputError` whose reason
says what is wrong and, where it can, how to fix it. The policy:

* read: UTF-8, UTF-16/32 with a byte-order mark, empty or whitespace-only
  files (documents with no entities), any size up to ``max_bytes``;
* read, with a warning: text that is not UTF-8 (Windows-1252 when mostly
  ASCII, else a detected encoding), NUL characters inside text;
* refused: binary data (a known signature, or more than 1 byte in 20 a
  control byte), files over ``max_bytes``, unreadable files, symbolic link
  loops, broken links, FIFOs, sockets and devices (never opened, so never
  waited on).
"""

from __future__ import annotations

import errno
import fnmatch
import os
import stat
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

STDIN = "<stdin>"
DEFAULT_MAX_BYTES = 25 * 1024 * 1024

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


@dataclass(frozen=True)
class Source:
    """One input: a file, or standard input (``path`` None)."""

    name: str
    path: Path | None = None
    problem: str | None = None  # found while walking: a broken link, a loop

    @property
    def is_stdin(self) -> bool:
        return self.path is None and self.problem is None


def human_size(n: int) -> str:
    size = float(n)
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{int(size)} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    raise AssertionError  # pragma: no cover


def discover(paths: Sequence[str], glob: str | None = None) -> Iterator[Source]:
    """The inputs named by ``paths``: files as given, folders walked
    recursively (sorted, hidden entries skipped, ``glob`` filtering file
    names), ``-`` for standard input. Problems are yielded as sources with a
    ``problem``, never raised, so a batch can report them and go on."""
    for raw in paths:
        if raw == "-":
            yield Source(STDIN)
            continue
        path = Path(raw)
        try:
            st = path.stat()
        except OSError as exc:
            yield Source(_name(raw), path, _stat_problem(path, exc))
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from _walk(path, glob, ((st.st_dev, st.st_ino),))
        else:
            yield Source(_name(raw), path)


def _name(path: str) -> str:
    """A path as valid Unicode for output: bytes that are not UTF-8 in a file
    name (kept by Python as lone surrogates, which no UTF-8 output can hold)
    are written as ``\\xNN``."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
    return path


def _stat_problem(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if exc.errno == errno.ENOENT:
        return "broken symbolic link" if path.is_symlink() else "no such file or folder"
    if exc.errno == errno.EACCES:
        return "permission denied"
    return exc.strerror or str(exc)


def _matches(name: str, rel: str, glob: str | None) -> bool:
    if glob is None:
        return True
    return fnmatch.fnmatch(rel if "/" in glob else name, glob)


def _walk(root: Path, glob: str | None, ancestors: tuple[tuple[int, int], ...],
          rel: str = "") -> Iterator[Source]:
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError as exc:
        yield Source(_name(str(root)), root, f"cannot list folder: {_stat_problem(root, exc)}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        entry_rel = f"{rel}{entry.name}"
        try:
            st = entry.stat(follow_symlinks=True)
        except OSError as exc:
            if _matches(entry.name, entry_rel, glob) or exc.errno == errno.ELOOP:
                yield Source(_name(str(path)), path, _stat_problem(path, exc))
            continue
        if stat.S_ISDIR(st.st_mode):
            ident = (st.st_dev, st.st_ino)
            if ident in ancestors:
                yield Source(_name(str(path)), path,
                             "symbolic link loop (points to a folder above it)")
                continue
            yield from _walk(path, glob, (*ancestors, ident), entry_rel + "/")
        elif _matches(entry.name, entry_rel, glob):
            yield Source(_name(str(path)), path)


def read_bytes(source: Source, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The raw bytes of an input, refusing what is not a regular file or is
    larger than ``max_bytes``."""
    if source.problem:
        raise InputError(source.name, source.problem)
    limit_hint = "raise the limit with --max-bytes"
    if source.path is None:
        data = sys.stdin.buffer.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise InputError(source.name, f"input is over the limit of {human_size(max_bytes)}; {limit_hint}")
        return data
    try:
        st = os.stat(source.path)
        if stat.S_ISDIR(st.st_mode):
            raise InputError(source.name, "is a folder")
        if not stat.S_ISREG(st.st_mode):
            kind = "a FIFO (named pipe)" if stat.S_ISFIFO(st.st_mode) else (
                "a socket" if stat.S_ISSOCK(st.st_mode) else "a device")
            raise InputError(source.name, f"not a regular file: {kind}")
        if st.st_size > max_bytes:
            raise InputError(
                source.name,
                f"file is {human_size(st.st_size)}, over the limit of {human_size(max_bytes)}; {limit_hint}",
            )
        with open(source.path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except InputError:
        raise
    except OSError as exc:
        raise InputError(source.name, _stat_problem(source.path, exc)) from None
    if len(data) > max_bytes:  # grew while we read it
        raise InputError(source.name, f"file is over the limit of {human_size(max_bytes)}; {limit_hint}")
    return data


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


def read_text(source: Source, *, max_bytes: int = DEFAULT_MAX_BYTES,
              encoding: str | None = None) -> tuple[str, list[str]]:
    """Read and decode one input: ``(text, warnings)`` or InputError."""
    return decode(source.name, read_bytes(source, max_bytes), encoding)


def printable(name: str) -> str:
    """A file name fit for a one-line message: control characters (a newline
    in a name) shown escaped."""
    return "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in name)
