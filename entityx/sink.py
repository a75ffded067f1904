"""Where output goes, and what keeps it whole: stdout or a file written
atomically, appending for --resume, signals held while a record is written,
and the terminal checks behind "a table at a terminal, JSON when piped".

:class:`Environment` is the one place that asks whether a stream is a
terminal; tests hand the command a different one.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO


@dataclass(frozen=True)
class Environment:
    """What the command may know about the terminal it runs in."""

    stdin_isatty: bool = False
    stdout_isatty: bool = False
    stderr_isatty: bool = False

    @classmethod
    def from_process(cls) -> Environment:
        return cls(_isatty(sys.stdin), _isatty(sys.stdout), _isatty(sys.stderr))


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream is not None and stream.isatty())
    except (ValueError, OSError):  # closed
        return False


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C but with its own exit status."""


class Interrupts:
    """SIGINT and SIGTERM as KeyboardInterrupt and Terminated, but never in
    the middle of writing a result: a signal that comes then is raised just
    after it, so the output holds whole records and the count of finished
    inputs is exact. A second signal is raised at once (a write stuck on a
    full pipe can still be stopped)."""

    def __init__(self) -> None:
        self.holding = False
        self.pending: int | None = None

    def _handle(self, signum: int, frame: Any) -> None:
        if self.holding and self.pending is None:
            self.pending = signum
            return
        self._raise(signum)

    @staticmethod
    def _raise(signum: int) -> None:
        raise Terminated() if signum == signal.SIGTERM else KeyboardInterrupt()

    @contextmanager
    def installed(self) -> Iterator[None]:
        previous = {sig: signal.signal(sig, self._handle) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    @contextmanager
    def held(self) -> Iterator[None]:
        self.holding = True
        try:
            yield
        finally:
            self.holding = False
        if self.pending is not None:
            signum, self.pending = self.pending, None
            self._raise(signum)


def done_sources(output: str | Path, retry: set[str]) -> set[str]:
    """Sources already in a JSONL output file, for --resume; the file is
    rewritten as :func:`resume_state` says (a URL: by entityx.remote)."""
    if isinstance(output, str):
        from .documents import is_url

        if is_url(output):
            from .remote import done_sources_url

            return done_sources_url(output, retry)  # type: ignore[no-any-return]
        output = Path(output)
    if not output.exists():
        return set()
    done, rewritten = resume_state(output.read_bytes(), retry)
    if rewritten is not None:
        tmp = output.with_name(f".{output.name}.{os.getpid()}.tmp")
        tmp.write_bytes(rewritten)
        os.replace(tmp, output)
    return done


def resume_state(data: bytes, retry: set[str]) -> tuple[set[str], bytes | None]:
    """The sources done in a JSONL output's bytes, and the bytes to keep if
    they must change (else None). A torn last line (a killed run) is cut off
    so the file ends on a complete line, and the error records of the inputs
    in ``retry`` are dropped, as they are tried again: each input ends up in
    the file once."""
    import json

    done: set[str] = set()
    lines = data[:data.rfind(b"\n") + 1].splitlines(keepends=True)
    kept: list[bytes] = []
    for line in lines:
        try:
            record = json.loads(line)
        except ValueError:
            kept.append(line)  # not ours to judge: left as it is
            continue
        if not isinstance(record, dict) or not isinstance(record.get("source"), str):
            kept.append(line)
        elif "error" not in record:
            done.add(record["source"])
            kept.append(line)
        elif record["source"] not in retry:
            kept.append(line)
    changed = len(kept) < len(lines) or sum(map(len, lines)) < len(data)
    return done, b"".join(kept) if changed else None


def buffered_stdout() -> Any:
    """sys.stdout, or a buffered twin of it when it is unbuffered (python -u,
    PYTHONUNBUFFERED=1): its text layer then writes straight to the file and
    drops whatever a write cut short by a signal left unwritten (a pipe that
    is full when Ctrl-C comes), tearing a line. A BufferedWriter finishes it."""
    import io

    raw = getattr(sys.stdout, "buffer", None)
    if not isinstance(raw, io.RawIOBase):
        return sys.stdout
    sys.stdout.flush()
    return io.TextIOWrapper(io.BufferedWriter(io.FileIO(raw.fileno(), "w", closefd=False)),
                            encoding=sys.stdout.encoding, errors=sys.stdout.errors)


def open_output(output: str | Path | None, *, append: bool) -> tuple[TextIO, Callable[[], None]]:
    """The stream to write to and a function that finishes it.

    A file is written to a temporary sibling and renamed into place at the end
    (never half-written); jsonl with --resume appends whole lines instead.
    """
    if output is None:
        stdout = buffered_stdout()
        return stdout, stdout.flush
    if isinstance(output, str):
        from .documents import is_url

        if is_url(output):
            from .remote import open_url_output

            return open_url_output(output, append=append)  # type: ignore[no-any-return]
        output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    if append:
        handle = output.open("a", encoding="utf-8", newline="")
        return handle, handle.close
    tmp = output.with_name(f".{output.name}.{os.getpid()}.tmp")
    handle = tmp.open("w", encoding="utf-8", newline="")

    def finish() -> None:
        handle.close()
        os.replace(tmp, output)

    return handle, finish
