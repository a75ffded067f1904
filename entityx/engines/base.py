"""What every engine shares: the contract, reading standard input up front,
cutting the inputs into tasks, and the records of inputs a dead worker lost."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import TypeVar

from ..documents import STDIN, Source, load
from ..errors import InputError
from ..extractor import Input
from ..options import RunOptions
from ..results import DocumentResult

T = TypeVar("T")

WORKER_DIED = ("not processed: a worker process died (killed, or out of memory); run again, "
               "with fewer --jobs or --resume")


class Engine:
    """Runs inputs through the pipeline.

    ``run`` yields exactly one :class:`DocumentResult` per source, in the
    order given, as soon as it is ready: an input that cannot be read, or
    that a worker lost, is a result with an ``error``, never a gap.
    """

    name = "engine"

    def __init__(self, options: RunOptions) -> None:
        self.options = options

    def run(self, sources: Sequence[Source]) -> Iterator[DocumentResult]:
        raise NotImplementedError


def with_stdin(sources: Iterable[Source], options: RunOptions) -> Iterator[Input]:
    """The inputs with standard input read here, in the calling process: a
    worker cannot read it, and it cannot be read twice."""
    for source in sources:
        if not source.is_stdin:
            yield source
            continue
        try:
            yield load(source, options.max_bytes, options.encoding)
        except InputError as exc:
            # pass the problem on: the worker reports it in its place
            yield Source(STDIN, problem=exc.reason)


def tasks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive pieces of at most ``size`` items."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def lost(sources: Iterable[Source], reason: str = WORKER_DIED) -> Iterator[DocumentResult]:
    """Error records for inputs that were never processed."""
    for source in sources:
        yield DocumentResult(source.name, error=reason)


# The signals a run's own worker processes leave to the process that started them.
STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def detach_worker() -> None:
    """In a worker process of this run (forked by the pool or a local Dask
    cluster): leave the parent's process group, so that a signal to the group
    (Ctrl-C, ``kill -TERM -PGID``) reaches the parent only, which then stops
    the workers itself (a worker killed while holding the pool's result-queue
    lock would hang the parent's shutdown). Workers start with the signals
    blocked while they are forked, and unblock them once the handlers are
    their own: SIGINT ignored, SIGTERM ends them."""
    if hasattr(os, "setpgid"):
        os.setpgid(0, 0)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
