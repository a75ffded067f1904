"""The Dask engine: ``--engine dask`` on a running cluster (``--scheduler
tcp://host:8786``) or on a local cluster of ``--jobs`` worker processes
started and closed for the run.

The client sends tasks of a few inputs each: sources (names, paths, URLs),
never their bytes, so the workers read the inputs themselves. Each worker
process loads the pipeline once, in a worker plugin registered for the run
(only :class:`~entityx.options.RunOptions` travel; a loaded ``nlp`` is never
pickled), and keeps memory zones as the local pool does. Results come back
in input order, with a bounded number of tasks in flight, so output streams
and client memory stays flat however long the batch.

Faults: a task whose worker dies is run again elsewhere by Dask; one that
kills ``distributed.scheduler.allowed-failures`` + 1 workers becomes error
records for its inputs. A scheduler that cannot be reached, or goes away,
is a :class:`SchedulerError` (one line, exit status 1). Leaving ``run``
early (Ctrl-C, an error) cancels the futures still pending.

(A little over 300 lines: the client, the worker plugin and the set-up of
the run's own cluster are one engine, each part small.)
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import signal
import sys
import threading
import uuid
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..documents import Source
from ..errors import EntityxError, ExitStatus, first_line
from ..extractor import Input
from ..options import RunOptions
from ..results import DocumentResult
from .base import STOP_SIGNALS, Engine, detach_worker, lost, tasks, with_stdin
from .worker import Worker

try:
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError:  # the extra is not installed: DaskEngine says so in one line
    WorkerPlugin = object  # type: ignore[misc,assignment]

if TYPE_CHECKING:
    from distributed import Client, Future, LocalCluster

# Inputs per task. Streamed through 2 workers, a task costs about 6 ms all
# told (bench/dask_bench.py, a busy 2-core machine) and 16 news-length
# documents take a worker about 0.36 s: at most 3 % overhead, while 1,000
# inputs still make 60+ tasks to balance over the workers.
TASK_INPUTS = 16
# Tasks in flight per worker thread: enough that no worker waits for the
# next task, few enough that results held for ordering stay small.
IN_FLIGHT_PER_THREAD = 4
# The run's own cluster: a worker's event-loop thread wakes for its
# profiler (every 10 ms), loop watchdog (20 ms) and memory and system
# monitors (100 ms, 500 ms), each time taking the GIL from the task; nobody
# reads their figures here. Fewer wake-ups: 1,000 documents in 13.5-13.8 s
# instead of 14.2-14.5 s (--jobs 2: 12.3-13.0 s), measured on a busy machine.
LOCAL_WORKER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
}
_PROCESS_LOCK = threading.Lock()
WORKER_KILLED = ("not processed: Dask workers died while processing it (killed, or out of "
                 "memory); run again with --resume")


class SchedulerError(EntityxError):
    """The Dask scheduler cannot be reached, or went away during the run."""

    exit_status = ExitStatus.PARTIAL


class EntityxWorkerPlugin(WorkerPlugin):  # type: ignore[misc,valid-type]
    """Loads the pipeline once in each worker process (and in workers that
    join or restart later: the scheduler replays plugins to them)."""

    def __init__(self, options: RunOptions, *, local: bool = False) -> None:
        self.options = options
        self.local = local  # the run's own cluster, forked from the client
        self.worker: Worker | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {"options": self.options, "local": self.local, "worker": None}

    async def setup(self, worker: Any) -> None:
        if self.local:
            # a worker of the run's own cluster (this runs in its main
            # thread): Ctrl-C at a terminal must reach the client alone,
            # which cancels the run and closes the cluster
            detach_worker()
        # Off the event loop: loading takes seconds, and a blocked loop
        # misses the scheduler's heartbeats.
        loop = asyncio.get_running_loop()
        self.worker = await loop.run_in_executor(None, _load_worker, self.options)

    async def teardown(self, worker: Any) -> None:
        # The plugin goes when its run ends, also after Ctrl-C, while a
        # cancelled task may still run in the worker's thread: close() waits
        # for it (the pipeline's lock), off the event loop.
        state, self.worker = self.worker, None
        if state is None:
            return
        try:
            await asyncio.get_running_loop().run_in_executor(None, state.close)
        except RuntimeError:  # the worker is closing and its executor is gone
            state.close()


def _load_worker(options: RunOptions) -> Worker:
    from .local import tune_malloc

    # As for the local pool: keep freed memory in the process. Dask's nanny
    # even starts workers with MALLOC_TRIM_THRESHOLD_=65536, and a worker
    # then takes ~290,000 page faults per 200 documents (500 with this).
    tune_malloc()
    state = Worker(options)
    state.load()
    return state


def process_task(plugin: str, task: list[Input]) -> list[DocumentResult]:
    """One task, run on a Dask worker with the worker's loaded pipeline."""
    from distributed import get_worker

    found = get_worker().plugins.get(plugin)
    if not isinstance(found, EntityxWorkerPlugin):
        raise RuntimeError(f"the worker has no plugin {plugin!r} (registered by the client)")
    # One task at a time per process: a worker started with several threads
    # must not run one pipeline and its memory zone from two at once.
    with _PROCESS_LOCK:
        if found.worker is None:  # its setup is still loading, or failed: load here
            found.worker = _load_worker(found.options)
        return found.worker.process(task)


class DaskEngine(Engine):
    """Tasks of :data:`TASK_INPUTS` inputs on a Dask cluster, results in input order."""

    name = "dask"

    def __init__(self, options: RunOptions) -> None:
        super().__init__(options)
        if WorkerPlugin is object:
            raise EntityxError("--engine dask needs Dask: pip install 'entityx[dask]'")

    def run(self, sources: Sequence[Source]) -> Iterator[DocumentResult]:
        sources = [_for_workers(s) for s in sources]
        if not sources:
            return
        with _quiet_logs(), self._client() as client:
            plugin = f"entityx-{uuid.uuid4().hex[:12]}"
            local = self.options.scheduler is None
            try:
                _register(client, EntityxWorkerPlugin(self.options, local=local), plugin)
                yield from self._stream(client, plugin, sources)
            finally:  # also when a worker failed to load: never replayed to new ones
                _unregister(client, plugin)

    @contextmanager
    def _client(self) -> Iterator[Client]:
        from distributed import Client, LocalCluster

        with ExitStack() as stack:
            address = self.options.scheduler
            if address is None:
                # The cluster's event-loop thread forks the workers: started
                # with the signals blocked, it passes that on to them, and
                # they run no handler of the client's before detach_worker.
                mask = (signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
                        if hasattr(signal, "pthread_sigmask") else None)
                try:
                    cluster = stack.enter_context(self._local_cluster(LocalCluster))
                finally:
                    if mask is not None:  # a signal that waited stops the run here
                        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
                client = stack.enter_context(Client(cluster))
            else:
                try:
                    client = stack.enter_context(Client(address, set_as_default=False))
                except (OSError, ValueError, TypeError) as exc:
                    raise SchedulerError(f"cannot reach the Dask scheduler at {address}: "
                                         f"{first_line(exc)}") from None
            yield client

    def _local_cluster(self, local_cluster: type[LocalCluster]) -> LocalCluster:
        """``--jobs`` single-thread worker processes on this machine.

        Where the OS can fork (Linux), they are forked from this process
        with the pipeline already loaded, as the local pool's are: they
        share its pages and start in a second, where spawned workers import
        everything and load the model again (4 s against 11-16 s measured
        on a busy 2-core machine). Their plugin then finds it loaded."""
        import dask

        fork = sys.platform.startswith("linux")
        if fork:
            from ..pipeline import load_pipeline

            load_pipeline(self.options.model)
            # Frozen objects are never scanned by the collector, so the
            # pipeline's pages stay shared (unfrozen here once forked).
            gc.freeze()
        try:
            with dask.config.set({"distributed.worker.multiprocessing-method":
                                  "fork" if fork else "spawn", **LOCAL_WORKER_CONFIG}):
                return local_cluster(
                    n_workers=self.options.jobs, threads_per_worker=1, processes=True,
                    dashboard_address=None, silence_logs=logging.ERROR,
                    # its HTTP endpoints (health, metrics) on any free port:
                    # 8787 may be another cluster's
                    scheduler_kwargs={"dashboard_address": "127.0.0.1:0"})
        finally:
            if fork:
                gc.unfreeze()

    def _stream(self, client: Client, plugin: str, sources: list[Source]
                ) -> Iterator[DocumentResult]:
        from distributed.client import FutureCancelledError
        from distributed.scheduler import KilledWorker

        batches = list(tasks(with_stdin(sources, self.options), TASK_INPUTS))
        threads = max(1, sum(client.nthreads().values()))
        window = max(2, IN_FLIGHT_PER_THREAD * threads)
        futures: dict[int, Future] = {}
        run_id = plugin.removeprefix("entityx-")
        submitted = done = 0

        def gone() -> SchedulerError:
            where = self.options.scheduler or "the local cluster"
            return SchedulerError(f"lost the Dask scheduler at {where} after {done} of "
                                  f"{len(sources)} input(s); run again with --resume")

        try:
            for i, batch in enumerate(batches):
                while submitted < len(batches) and submitted - i < window:
                    try:
                        futures[submitted] = client.submit(
                            process_task, plugin, batches[submitted], pure=False,
                            key=f"entityx-{run_id}-{submitted}")
                    except Exception:  # noqa: BLE001 - the client closed: the scheduler is gone
                        raise gone() from None
                    submitted += 1
                future = futures.pop(i)
                try:
                    results = future.result()
                except KilledWorker:
                    results = list(lost(_names(batch), WORKER_KILLED))
                except FutureCancelledError:
                    raise gone() from None
                except Exception as exc:  # noqa: BLE001 - the task's own failure
                    results = list(lost(_names(batch), f"processing failed: {first_line(exc)}"))
                done += len(results)
                yield from results
        finally:
            if futures:
                _cancel(client, list(futures.values()))


def _for_workers(source: Source) -> Source:
    # Workers do not share the client's working directory: give them
    # absolute paths (the name reported stays as given).
    if source.path is not None and not source.path.is_absolute():
        return replace(source, path=source.path.absolute())
    return source


def _names(batch: list[Input]) -> list[Source]:
    return [item if isinstance(item, Source) else Source(item.source) for item in batch]


def _register(client: Client, plugin: EntityxWorkerPlugin, name: str) -> None:
    try:
        client.register_plugin(plugin, name=name)
    except EntityxError:
        raise
    except Exception as exc:  # noqa: BLE001 - raised by a worker's setup
        raise SchedulerError(f"a Dask worker could not load the pipeline: {first_line(exc)}"
                             ) from None


def _unregister(client: Client, name: str) -> None:
    # Frees the pipeline on a shared cluster; nothing to do once it is gone.
    if client.status == "running":
        try:
            client.unregister_worker_plugin(name)
        except Exception:  # noqa: BLE001,S110
            pass


def _cancel(client: Client, futures: list[Future]) -> None:
    if client.status == "running":
        try:
            client.cancel(futures, force=True)
        except Exception:  # noqa: BLE001,S110 - the scheduler is gone: nothing runs
            pass


@contextmanager
def _quiet_logs() -> Iterator[None]:
    """distributed logs reconnect attempts, retries and lost workers on
    stderr (some of its loggers have levels of their own); entityx reports
    what matters itself, in one line. ENTITYX_DASK_LOGS=1 shows them."""
    if os.environ.get("ENTITYX_DASK_LOGS") == "1":
        yield
        return
    names = ["distributed", "tornado"] + [
        name for name in logging.root.manager.loggerDict
        if name.startswith(("distributed.", "tornado."))]
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)

