"""The local engine: in this process (``--jobs 1``) or a pool of forked
worker processes (``--jobs N``).

The pool's workers leave the parent's process group and run none of its
signal handlers: the parent alone handles Ctrl-C and SIGTERM and stops the
pool. A worker that dies outright (SIGKILL, out of memory) with a task in
hand ends the batch: every input not yet reported becomes an error record,
and nothing hangs (one that dies between two tasks is replaced by the pool).
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import multiprocessing.pool
import os
import signal
import threading
from collections.abc import Iterator, Sequence

from ..documents import Source
from ..extractor import Input, shared_extractor
from ..options import RunOptions
from ..results import DocumentResult
from .base import STOP_SIGNALS, Engine, detach_worker, lost, tasks, with_stdin
from .worker import Worker

# Inputs per pool task. Small tasks keep the workers busy to the end and the
# output flowing; each worker keeps its memory zone open over several tasks.
POOL_TASK_INPUTS = 8


class SerialEngine(Engine):
    """Everything in this process, a memory zone per batch."""

    name = "serial"

    def run(self, sources: Sequence[Source]) -> Iterator[DocumentResult]:
        extractor = shared_extractor(self.options)
        return extractor.extract_inputs(with_stdin(sources, self.options),
                                        max_bytes=self.options.max_bytes,
                                        encoding=self.options.encoding)


_worker: Worker | None = None  # this process's, in a pool worker


def _init_worker(options: RunOptions) -> None:
    detach_worker()  # the signals stay blocked while the pool forks (PoolEngine._start)
    global _worker
    _worker = Worker(options)
    _worker.load()  # once per process (inherited from the parent with fork)


def _work(task: list[Input]) -> list[DocumentResult]:
    assert _worker is not None
    return _worker.process(task)


class PoolEngine(Engine):
    """``--jobs N`` worker processes, forked where the OS allows."""

    name = "pool"

    def run(self, sources: Sequence[Source]) -> Iterator[DocumentResult]:
        sources = list(sources)
        pool, mask = self._start()
        done, died = 0, False
        try:
            if mask is not None:  # here, so a signal that waited stops the pool below
                signal.pthread_sigmask(signal.SIG_SETMASK, mask)
            pending = pool.imap(_work, tasks(with_stdin(sources, self.options), POOL_TASK_INPUTS))
            workers = _worker_pids(pool)
            while True:
                try:
                    results = pending.next(timeout=0.5)
                except StopIteration:
                    break
                except multiprocessing.TimeoutError:
                    # The pool replaces a worker that died but loses its
                    # task, and would wait for it forever.
                    if _worker_pids(pool) != workers:
                        died = True
                        break
                    continue
                done += len(results)
                yield from results
            if done == len(sources):
                pool.close()
        finally:
            if died:
                _stop_after_a_death(pool)
            else:
                pool.terminate()
                pool.join()
        yield from lost(sources[done:])  # a worker died: the batch ends here

    def _start(self) -> tuple[multiprocessing.pool.Pool, set[int | signal.Signals] | None]:
        context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
        fork = context.get_start_method() == "fork"
        if fork:
            # The loaded pipeline is shared with the workers page by page; the
            # garbage collector would write to every object it tracks and copy
            # those pages into each worker. Frozen objects are never scanned.
            gc.freeze()
        # Signals stay blocked while the pool forks its workers (and starts
        # the threads that fork replacements): a worker runs no handler of ours.
        mask = (signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
                if hasattr(signal, "pthread_sigmask") else None)
        try:
            pool = context.Pool(self.options.jobs, initializer=_init_worker,
                                initargs=(self.options,))
        except BaseException:
            if mask is not None:
                signal.pthread_sigmask(signal.SIG_SETMASK, mask)
            raise
        finally:
            if fork:
                gc.unfreeze()
        return pool, mask


# How long Pool.terminate() may take, once every worker is gone, before its
# result reader is taken to be stuck in a message a dead worker never finished.
STUCK_AFTER_S = 2.0


def _stop_after_a_death(pool: multiprocessing.pool.Pool) -> None:
    """Stop a pool one of whose workers died outright.

    A worker killed while writing its results leaves the pool's result
    reader waiting for the rest of that message, and ``Pool.terminate()``
    waits for the reader: the run hung. Once no worker is left, this
    process's end of the result pipe is its last writer, so closing it
    gives the reader end-of-file and the terminate finishes. The results
    still owed are abandoned (the caller reports those inputs as lost).
    Uses the pool's private parts, as :func:`_release_dead_locks` does.
    """
    _release_dead_locks(pool)
    cache = getattr(pool, "_cache", None)
    if cache is not None:
        cache.clear()  # else terminate() asserts on a reader that gave up
    stopper = threading.Thread(target=_terminate_quietly, args=(pool,),
                               name="entityx-pool-stop", daemon=True)
    stopper.start()
    stopper.join(STUCK_AFTER_S)
    if stopper.is_alive():
        for process in list(getattr(pool, "_pool", [])):
            process.join(timeout=10)
        stopper.join(STUCK_AFTER_S)
    if stopper.is_alive():
        writer = getattr(getattr(pool, "_outqueue", None), "_writer", None)
        if writer is not None:
            writer.close()
        stopper.join(30)  # a daemon thread: never holds the run up for longer
    if not stopper.is_alive():
        pool.join()


def _terminate_quietly(pool: multiprocessing.pool.Pool) -> None:
    with contextlib.suppress(Exception):  # a reader that read a torn message
        pool.terminate()


def _release_dead_locks(pool: multiprocessing.pool.Pool) -> None:
    """Free the pool's queue locks from a worker that died holding one.

    A worker killed outright while sending its results (or taking a task)
    leaves that queue's lock taken for ever, and ``Pool.terminate()`` then
    waits for it: the run hung, about one time in seven in the kill test.
    The workers are stopped first, so a lock still taken afterwards belongs
    to a dead process and is released on its behalf (a multiprocessing
    lock may be released by another process). Uses the pool's private
    queues: CPython's Pool has no way to recover from this itself.
    """
    workers = list(getattr(pool, "_pool", []))
    for process in workers:
        if process.is_alive():
            process.kill()
    for process in workers:
        process.join(timeout=5)
    for queue, name in ((getattr(pool, "_outqueue", None), "_wlock"),
                        (getattr(pool, "_inqueue", None), "_rlock")):
        lock = getattr(queue, name, None)
        if lock is not None:
            lock.acquire(False)  # taken now by us, or already by a dead worker
            lock.release()


def _worker_pids(pool: multiprocessing.pool.Pool) -> set[int | None]:
    # Pool keeps its worker processes in a private list; a change in it
    # means a worker exited (they never exit on their own here).
    return {p.pid for p in getattr(pool, "_pool", [])}


def tune_malloc() -> None:
    """Keep freed memory in the process instead of returning it to the OS.

    Each batch allocates and frees the same large arrays; with glibc's
    defaults they are mmap'ed and unmapped every time, and a forked worker
    then spends about an eighth of its time in page faults (900,000 minor
    faults for 1,000 documents with --jobs 2, against 65,000 with this).
    Peak memory is bounded by the batch size, so the memory kept stays flat.
    A no-op where glibc's mallopt is not available.
    """
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
        mallopt = libc.mallopt if libc is not None else None
    except (OSError, AttributeError):
        return
    if mallopt is None:
        return
    m_trim_threshold, m_mmap_threshold = -1, -3
    mallopt(m_mmap_threshold, 32 * 1024 * 1024)  # glibc's maximum on 64-bit
    mallopt(m_trim_threshold, 256 * 1024 * 1024)
