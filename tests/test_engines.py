"""The engine contract, run over every engine.

Whatever runs the work (this process, a fork pool, a Dask cluster), the
caller sees the same thing: one result per input, in input order, equal to
what the one-document API gives for that text; an input that cannot be read
is an error record in its place; standard input is read by the caller; a
worker killed outright costs error records for the inputs it lost, never a
hang or a gap. An engine joins by adding a case to ``ENGINES``.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import entityx
from entityx.documents import STDIN, Source, discover
from entityx.engines import get_engine
from entityx.engines.base import WORKER_DIED
from entityx.options import RunOptions

TEXTS = [
    "Mr Putin spoke to President Trump from Moscow on Tuesday.",
    "Angela Merkel met the United Nations in Geneva.\n\nShe later flew to Paris.",
    "",
    "Dr Alexander Tayler of Cambridge Analytica was suspended, Channel 4 News said.",
    "The International Monetary Fund (IMF) said Greece would get help.",
]


def _kill_pool_worker() -> None:
    children = multiprocessing.active_children()
    assert children, "no worker processes to kill"
    assert children[0].pid is not None
    os.kill(children[0].pid, signal.SIGKILL)


# name -> (options, a function that kills one worker outright, or None)
ENGINES: dict[str, tuple[RunOptions, Callable[[], None] | None]] = {
    "serial": (RunOptions(jobs=1), None),
    "pool": (RunOptions(jobs=2), _kill_pool_worker),
}



def _dask_case() -> tuple[RunOptions, Callable[[], None] | None]:
    pytest.importorskip("distributed")
    from _cluster import dask_case  # a loopback cluster, started once per session

    return dask_case()


# Engines that need a service, set up only when a test asks for them.
SERVICE_ENGINES: dict[str, Callable[[], tuple[RunOptions, Callable[[], None] | None]]] = {
    "dask": _dask_case,
}


@pytest.fixture(params=sorted([*ENGINES, *SERVICE_ENGINES]))
def engine_case(request: pytest.FixtureRequest) -> tuple[RunOptions, Callable[[], None] | None]:
    if request.param in SERVICE_ENGINES:
        return SERVICE_ENGINES[request.param]()
    return ENGINES[request.param]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("inputs")
    for i in range(24):
        path = root / f"doc{i:02d}.txt"
        if i == 5:
            path.write_bytes(b"\x7fELF\x02\x01\x01" + bytes(200))  # binary
        elif i == 11:
            path.symlink_to(root / "missing.txt")  # broken link
        else:
            path.write_text(TEXTS[i % len(TEXTS)] + f" Item {i}.\n", encoding="utf-8")
    return root


def expected(source: Source) -> dict[str, Any]:
    """The record the one-document API gives for an input."""
    if source.problem or source.path is None:
        return {"source": source.name, "error": "?"}
    result = entityx.extract_file(source.path)
    return result.to_dict()


def comparable(record: dict[str, Any]) -> dict[str, Any]:
    return {"source": record["source"], "error": "?"} if "error" in record else record


def test_same_results_in_input_order(folder: Path, engine_case: Any, nlp: Any) -> None:
    options, _ = engine_case
    sources = list(discover([str(folder)]))
    got = [comparable(r.to_dict()) for r in get_engine(options).run(sources)]
    assert [r["source"] for r in got] == [s.name for s in sources]
    assert got == [comparable(expected(s)) for s in sources]


def test_one_error_record_per_unreadable_input(folder: Path, engine_case: Any) -> None:
    options, _ = engine_case
    sources = list(discover([str(folder)]))
    results = list(get_engine(options).run(sources))
    errors = {r.source: r.error for r in results if r.error is not None}
    assert set(errors) == {str(folder / "doc05.txt"), str(folder / "doc11.txt")}
    assert "binary" in str(errors[str(folder / "doc05.txt")])
    assert "broken symbolic link" in str(errors[str(folder / "doc11.txt")])


def test_standard_input_is_read_by_the_caller(engine_case: Any,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    options, _ = engine_case
    text = TEXTS[0]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))
    [result] = get_engine(options).run([Source(STDIN)])
    assert result.source == STDIN
    assert result.to_dict() == {**entityx.extract(text, source=STDIN).to_dict()}


def _many(root: Path, n: int) -> list[Source]:
    paragraph = ("Dr Angela Merkel met Mr Emmanuel Macron in Paris on Tuesday. Mr Putin called "
                 "from Moscow while the United Nations met in Geneva. ") * 6
    for i in range(n):
        (root / f"d{i:03d}.txt").write_text(paragraph + f"Document {i}.\n", encoding="utf-8")
    return list(discover([str(root)]))


def _run_and_kill(options: RunOptions, kill: Callable[[], None],
                  sources: list[Source]) -> Iterator[Any]:
    results = get_engine(options).run(sources)
    yield next(results)
    kill()
    yield from results


def test_a_worker_killed_outright_costs_error_records_not_a_hang(
        tmp_path: Path, engine_case: Any) -> None:
    options, kill = engine_case
    if kill is None:
        pytest.skip("this engine has no worker processes")
    sources = _many(tmp_path, 300)
    # A pool worker killed between two tasks is replaced and nothing is lost
    # (about one kill in fifteen): kill again, up to three runs, until a
    # worker dies with a task in hand.
    for _ in range(1 if options.engine == "dask" else 3):
        results = list(_run_and_kill(options, kill, sources))
        assert [r.source for r in results] == [s.name for s in sources], "each input once, in order"
        assert all(r.entities for r in results if r.error is None)
        lost = [r for r in results if r.error is not None]
        if lost:
            break
    if options.engine == "dask":
        assert not lost, "Dask runs a dead worker's task again: nothing is lost"
    else:
        assert lost, "a worker killed with a task in hand: the rest of the batch is lost"
        assert all(r.error == WORKER_DIED for r in lost)
        # the batch ends at the first lost input
        assert all(r.error is not None for r in results[results.index(lost[0]):])


def _die_halfway_through_a_result(task: list[Any]) -> list[Any]:
    """A pool task function (run in the worker) that, for "poison" inputs,
    dies having written only the start of its result message."""
    import struct

    from entityx.engines import local

    if any("poison" in getattr(item, "name", "") for item in task):
        outqueue = sys._getframe(1).f_locals["outqueue"]  # multiprocessing.pool.worker's
        outqueue._wlock.acquire()  # as SimpleQueue.put does; a SIGKILL leaves it taken
        os.write(outqueue._writer.fileno(), struct.pack("!i", 4096) + bytes(16))
        os._exit(1)
    assert local._worker is not None
    return local._worker.process(task)


def test_a_worker_dead_halfway_through_writing_its_result(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pool's result reader then waits for the rest of a message that
    never comes, and ``Pool.terminate()`` waited for that reader: the run
    hung (seen once in the kill test). Now it ends with the lost inputs."""
    import threading

    from entityx.engines import local

    sources = _many(tmp_path, 40)
    poison = tmp_path / "d020-poison.txt"
    poison.write_text("Mr Putin spoke.\n", encoding="utf-8")
    sources = list(discover([str(tmp_path)]))
    monkeypatch.setattr(local, "_work", _die_halfway_through_a_result)
    results: list[Any] = []
    runner = threading.Thread(
        target=lambda: results.extend(get_engine(RunOptions(jobs=2)).run(sources)), daemon=True)
    runner.start()
    runner.join(120)
    assert not runner.is_alive(), "the run hung"
    assert [r.source for r in results] == [s.name for s in sources]
    lost = [r for r in results if r.error is not None]
    assert lost and all(r.error == WORKER_DIED for r in lost)
    assert any("poison" in r.source for r in lost)


# -- memory zones: one per pipeline in a process -------------------------------------------


def _doc(name: str, text: str) -> Any:
    from entityx.documents import Document

    return Document(name, text)


def test_a_second_worker_on_the_same_pipeline_ends_the_first_ones_zone() -> None:
    """A Dask worker process holds one Worker per run (its plugin), all on the
    process's one cached pipeline. spaCy's zones must not nest: ending the
    older zone would clear the strings of the newer one under it."""
    from entityx.engines.worker import Worker

    old, new = Worker(RunOptions()), Worker(RunOptions())
    assert old.extractor.nlp is new.extractor.nlp  # cached per process
    old.process([_doc("a", "Ms Quorvenna Szalimbeth met Angela Merkel in Berlin.")])
    results = new.process([_doc("b", "Mr Zyntharo Blevquist spoke to reporters in Paris.")])
    assert "Zyntharo Blevquist" in {e.name for e in results[0].entities}
    strings = new.extractor.nlp.vocab.strings
    key = strings["Blevquist"]  # a string of the open zone
    old.close()  # the old run's plugin goes (teardown) while the new run goes on
    assert strings[key] == "Blevquist"
    again = new.process([_doc("c", "Mr Zyntharo Blevquist spoke to reporters in Paris.")])
    assert [r.to_dict() for r in again] == [{**r.to_dict(), "source": "c"} for r in results]
    new.close()


def test_the_dask_plugin_ends_its_zone_only_between_tasks() -> None:
    """Teardown (the run ended, or was interrupted) waits for a task that
    still runs in the worker's thread instead of ending the zone under it."""
    pytest.importorskip("distributed")
    import asyncio
    import threading

    from entityx.engines import dask as engine
    from entityx.engines.worker import Worker
    from entityx.pipeline import pipeline_lock

    plugin = engine.EntityxWorkerPlugin(RunOptions())
    plugin.worker = state = Worker(RunOptions())
    state.process([_doc("a", "Angela Merkel met Emmanuel Macron in Berlin.")])
    assert state._zone is not None
    done = threading.Event()
    with pipeline_lock(state.extractor.nlp):  # a task is running
        thread = threading.Thread(target=lambda: (asyncio.run(plugin.teardown(None)),
                                                  done.set()))
        thread.start()
        assert not done.wait(0.5)
        assert state._zone is not None  # not under the running task
    thread.join(30)
    assert done.is_set() and state._zone is None and plugin.worker is None
