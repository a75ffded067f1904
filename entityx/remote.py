"""Inputs and outputs at fsspec URLs: ``s3://bucket/docs/``, ``gs://…``, ``file://…``.

Imported only when a run names a URL. fsspec comes with the ``dask`` extra;
the package for a scheme (s3fs, gcsfs, adlfs…) is the user's choice, and so
are credentials: fsspec and the store's own library find them in their usual
places (environment, ~/.aws, instance roles). entityx never handles keys.

An output URL is written whole or not at all: the stream is spooled to a
local temporary file and uploaded once, when finished. Object stores make an
upload visible only once it is complete, so a run that dies leaves the old
object (or none), never a torn one; a ``file://`` output is uploaded next to
its target and renamed into place. A failed upload keeps the local copy and
says where it is.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, TextIO

from .documents import Source, human_size, is_url
from .errors import EntityxError, ExitStatus, InputError, first_line

if TYPE_CHECKING:
    from fsspec import AbstractFileSystem

__all__ = ["OutputError", "UrlOutput", "discover_url", "done_sources_url", "is_url",
           "open_url_output", "url_is_folder",
           "read_url_bytes", "read_url_output", "write_url_bytes"]

_LIMIT_HINT = "raise the limit with --max-bytes"


class OutputError(EntityxError):
    """An output URL cannot be written; nothing partial was left there."""

    exit_status = ExitStatus.PARTIAL


def _filesystem(url: str) -> tuple[AbstractFileSystem, str]:
    """fsspec's filesystem for ``url`` and the path within it; ValueError
    with a one-line reason when the scheme cannot be used here."""
    try:
        import fsspec
    except ImportError:
        raise ValueError("URLs need fsspec: pip install 'entityx[dask]'") from None
    try:
        return fsspec.core.url_to_fs(url)
    except ImportError as exc:  # "Install s3fs to access S3"
        raise ValueError(f"{first_line(exc)} (pip install it to read {_scheme(url)}:// URLs)"
                         ) from None
    except ValueError as exc:  # "Protocol not known: xyz"
        raise ValueError(first_line(exc)) from None


def _scheme(url: str) -> str:
    return url.split("://", 1)[0]



def _problem(exc: BaseException) -> str:
    """An fsspec / object-store exception as a short reason."""
    if isinstance(exc, FileNotFoundError):
        return "no such file or folder"
    if isinstance(exc, PermissionError):
        return "permission denied (check the store's credentials)"
    if isinstance(exc, IsADirectoryError):
        return "is a folder"
    return f"cannot read: {first_line(exc)}"


def _is_local(fs: AbstractFileSystem) -> bool:
    protocol = fs.protocol
    return "file" in (protocol if isinstance(protocol, tuple) else (protocol,))


def _order(rel: str) -> list[str]:
    # Component by component, as a folder walk visits them ("a/b" before "a.txt").
    return rel.split("/")


def discover_url(url: str, glob: str | None = None) -> Iterator[Source]:
    """The inputs at ``url``: one object, or every object below a folder or
    prefix (sorted as a local folder walk is, hidden names skipped, ``glob``
    matching the name, or the path below the folder when it has a ``/``).
    Never raises: a problem is yielded as a source with ``problem``."""
    from .documents import glob_matches  # the local walk's glob rule, shared

    try:
        fs, root = _filesystem(url)
        info = fs.info(root)
    except ValueError as exc:
        yield Source(url, problem=str(exc))
        return
    except Exception as exc:  # noqa: BLE001 - any store error becomes the input's problem
        yield Source(url, problem=_problem(exc))
        return
    if info.get("type") != "directory":
        yield Source(url, url=url)
        return
    base = url.rstrip("/")
    prefix = root.rstrip("/") + "/"
    try:
        paths = fs.find(root, withdirs=False)
    except Exception as exc:  # noqa: BLE001
        yield Source(url, problem=f"cannot list folder: {_problem(exc)}")
        return
    rels = [p[len(prefix):] for p in paths if p.startswith(prefix)]
    for rel in sorted(rels, key=_order):
        parts = rel.split("/")
        if any(part.startswith(".") or not part for part in parts):
            continue
        if glob_matches(parts[-1], rel, glob):
            name = f"{base}/{rel}"
            yield Source(name, url=name)


def url_is_folder(url: str) -> bool:
    """Whether ``url`` names a folder or prefix (its inputs are then many,
    as a local folder's: JSON output is a list), not one object. A URL that
    cannot be reached counts as one object, like a missing local path."""
    try:
        fs, path = _filesystem(url)
        return bool(fs.isdir(path))
    except Exception:  # noqa: BLE001 - discovery reports the problem
        return False


def read_url_bytes(source: Source, max_bytes: int) -> bytes:
    """The bytes of one URL input, refusing more than ``max_bytes``
    (:class:`InputError` saying why and how to fix it)."""
    assert source.url is not None
    try:
        fs, path = _filesystem(source.url)
    except ValueError as exc:
        raise InputError(source.name, str(exc)) from None
    try:
        size = fs.size(path)
        if size is not None and size > max_bytes:
            raise InputError(source.name, f"file is {human_size(size)}, over the limit of "
                             f"{human_size(max_bytes)}; {_LIMIT_HINT}")
        with fs.open(path, "rb") as handle:
            data: bytes = handle.read(max_bytes + 1)
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - one input's problem, not the batch's
        raise InputError(source.name, _problem(exc)) from None
    if len(data) > max_bytes:
        raise InputError(source.name, f"file is over the limit of {human_size(max_bytes)}; "
                         f"{_LIMIT_HINT}")
    return data


def read_url_output(url: str) -> bytes | None:
    """An output URL's current bytes (for ``--resume``), None when there is none."""
    fs, path = _output_fs(url)
    try:
        data: bytes = fs.cat_file(path)
    except FileNotFoundError:
        return None
    except Exception as exc:  # noqa: BLE001
        raise OutputError(f"{url}: cannot read it to resume: {first_line(exc)}") from None
    return data


def done_sources_url(url: str, retry: set[str]) -> set[str]:
    """``--resume`` for an output URL: the sources already in it. When its
    records must change (a torn last line, error records of inputs in
    ``retry``) the object is replaced, whole, by the records kept."""
    from .sink import resume_state

    data = read_url_output(url)
    if data is None:
        return set()
    done, rewritten = resume_state(data, retry)
    if rewritten is not None:
        write_url_bytes(url, rewritten)
    return done


def write_url_bytes(url: str, data: bytes) -> None:
    """Replace the object at ``url`` with ``data``, whole or not at all."""
    out = UrlOutput(url)
    out.stream.write(data.decode("utf-8", "surrogateescape"))
    out.finish()


def _output_fs(url: str) -> tuple[AbstractFileSystem, str]:
    try:
        return _filesystem(url)
    except ValueError as exc:
        raise OutputError(f"{url}: {exc}") from None


class UrlOutput:
    """A UTF-8 text stream for ``-o URL``: spooled locally, uploaded whole by
    :meth:`finish`; :meth:`discard` (or never finishing) leaves the URL as it was."""

    def __init__(self, url: str, initial: bytes = b"") -> None:
        self.url = url
        self.fs, self.path = _output_fs(url)  # a bad scheme fails before any work
        handle, self.spool = tempfile.mkstemp(prefix="entityx-", suffix=".out")
        self._raw = os.fdopen(handle, "wb")
        self._raw.write(initial)
        self.stream: TextIO = io.TextIOWrapper(self._raw, encoding="utf-8", newline="",
                                               errors="surrogateescape")

    def finish(self) -> None:
        """Upload the whole stream; OutputError (the local copy kept) if that fails."""
        self.stream.close()
        try:
            if _is_local(self.fs):
                # A local target: upload beside it, then rename (atomic).
                parent, _, name = self.path.rpartition("/")
                self.fs.makedirs(parent or "/", exist_ok=True)
                tmp = f"{parent}/.{name}.{os.getpid()}.tmp"
                self.fs.put_file(self.spool, tmp)
                self.fs.mv(tmp, self.path)
            else:
                self.fs.put_file(self.spool, self.path)
        except Exception as exc:  # noqa: BLE001
            raise OutputError(f"{self.url}: upload failed ({first_line(exc)}); the output "
                              f"is kept in {self.spool}") from None
        os.unlink(self.spool)

    def discard(self) -> None:
        """Drop what was written; the URL is left untouched."""
        if not self.stream.closed:
            self.stream.close()
        if os.path.exists(self.spool):
            os.unlink(self.spool)

    def __del__(self) -> None:  # never leave spool files behind
        try:
            if not self.stream.closed:
                self.discard()
        except Exception:  # noqa: BLE001,S110 - interpreter shutdown
            pass


def open_url_output(url: str, *, append: bool = False) -> tuple[TextIO, Callable[[], None]]:
    """``(stream, finish)`` for ``-o URL``, as the sink opens a file: write
    the results to ``stream``, call ``finish()`` once at the end (also after
    Ctrl-C) to upload them. With ``append`` (``--resume``) the stream starts
    with the URL's current bytes, so the upload holds old and new records."""
    initial = (read_url_output(url) or b"") if append else b""
    out = UrlOutput(url, initial)
    return out.stream, out.finish
