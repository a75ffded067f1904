"""entityx's exceptions and exit statuses."""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    """What the ``entityx`` command's exit status says."""

    OK = 0
    PARTIAL = 1  # some inputs could not be read; the others' results are complete
    USAGE = 2  # bad options or arguments; nothing was processed
    INTERRUPTED = 130  # SIGINT (Ctrl-C)
    TERMINATED = 143  # SIGTERM


class EntityxError(Exception):
    """Base class: a problem entityx reports in one line, without a traceback."""

    exit_status = ExitStatus.USAGE


class ModelError(EntityxError):
    """The requested spaCy pipeline cannot be loaded."""


class InputError(EntityxError):
    """One input cannot be read or decoded; a batch goes on without it."""

    exit_status = ExitStatus.PARTIAL

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class UsageError(EntityxError):
    """Options that cannot work together, a missing path and the like."""


def first_line(exc: BaseException) -> str:
    """An exception as one line for a message: its first line, or its type."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
