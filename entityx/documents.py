"""Inputs and documents: what a run reads, and the text it finds entities in.

A :class:`Source` is one input as named on the command line or found in a
folder (a file, standard input, a URL); :func:`load` reads it with the
reader for its kind into a :class:`Document`, whose ``text`` every offset
refers to. Problems are :class:`~entityx.errors.InputError` with a reason
that says what is wrong and, where it can, how to fix it; discovery never
raises, it yields sources with a ``problem`` so a batch can report them.

Refused before reading: files over ``max_bytes``, unreadable files,
symbolic link loops, broken links, FIFOs, sockets and devices (never
opened, so never waited on).
"""

from __future__ import annotations

import errno
import fnmatch
import os
import re
import stat
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError

STDIN = "<stdin>"
DEFAULT_MAX_BYTES = 25 * 1024 * 1024
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_url(name: str) -> bool:
    """Whether an input or output names an fsspec URL (s3://…, file://…)."""
    return _URL.match(name) is not None


@dataclass(frozen=True)
class Source:
    """One input: a file, or standard input (``path`` None)."""

    name: str
    path: Path | None = None
    problem: str | None = None  # found while walking: a broken link, a loop
    url: str | None = None  # an fsspec URL (s3://…), read by entityx.remote

    @property
    def is_stdin(self) -> bool:
        return self.path is None and self.problem is None and self.url is None

    @property
    def suffix(self) -> str:
        where = self.path.name if self.path is not None else (self.url or "")
        return os.path.splitext(where.rsplit("/", 1)[-1])[1].lower()


@dataclass
class Document:
    """An input's text as read, with what the reader learnt about it."""

    source: str
    text: str
    kind: str = "text"
    warnings: list[str] = field(default_factory=list)
    pages: list[int] | None = None  # start offset of each page in text (PDF)
    metadata: dict[str, Any] = field(default_factory=dict)


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
        if is_url(raw):
            from .remote import discover_url

            yield from discover_url(raw, glob)
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


def glob_matches(name: str, rel: str, glob: str | None) -> bool:
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
            if glob_matches(entry.name, entry_rel, glob) or exc.errno == errno.ELOOP:
                yield Source(_name(str(path)), path, _stat_problem(path, exc))
            continue
        if stat.S_ISDIR(st.st_mode):
            ident = (st.st_dev, st.st_ino)
            if ident in ancestors:
                yield Source(_name(str(path)), path,
                             "symbolic link loop (points to a folder above it)")
                continue
            yield from _walk(path, glob, (*ancestors, ident), entry_rel + "/")
        elif glob_matches(entry.name, entry_rel, glob):
            yield Source(_name(str(path)), path)


def read_bytes(source: Source, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The raw bytes of an input, refusing what is not a regular file or is
    larger than ``max_bytes``."""
    if source.problem:
        raise InputError(source.name, source.problem)
    if source.url is not None:
        from .remote import read_url_bytes

        return read_url_bytes(source, max_bytes)
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


def load(source: Source, max_bytes: int = DEFAULT_MAX_BYTES,
         encoding: str | None = None) -> Document:
    """Read one input with the reader for its kind."""
    from .readers import RawInput, ReadOptions, choose

    raw = RawInput(source.name, read_bytes(source, max_bytes), source.suffix)
    return choose(raw).read(raw, ReadOptions(encoding=encoding, max_bytes=max_bytes))


def printable(name: str) -> str:
    """A file name fit for a one-line message: control characters (a newline
    in a name) shown escaped."""
    return "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in name)
