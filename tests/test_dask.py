"""``--engine dask`` against a real cluster on loopback: a scheduler and two
workers started with Dask's own command line (tests/_cluster.py), the
installed ``entityx`` command as the client.

The reference is always the local engine's output on the same inputs: the
Dask engine must give the same bytes, in the same order, whatever happens
to its workers. There are no timing assertions; timeouts only stop a hang.
"""

from __future__ import annotations

import json
import os
import pickle
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("distributed")

from _cluster import (  # noqa: E402
    LoopbackCluster,
    free_port,
    shared_cluster,
    shared_s3,
    start_cluster,
    wait_until,
)
from _support import entityx_command  # noqa: E402

from entityx.engines.dask import (  # noqa: E402
    IN_FLIGHT_PER_THREAD,
    TASK_INPUTS,
    EntityxWorkerPlugin,
)
from entityx.options import RunOptions  # noqa: E402

N_DOCS = 8 * TASK_INPUTS  # eight tasks: a run lasts long enough to be interrupted
TIMEOUT = 300
PEOPLE = ["Angela Merkel", "Emmanuel Macron", "Jacinda Ardern", "Olaf Scholz", "Pedro Sanchez",
          "Justin Trudeau", "Cyril Ramaphosa"]
PLACES = ["Paris", "Berlin", "Madrid", "Wellington", "Geneva", "Ottawa", "Pretoria"]
ORGS = ["the United Nations", "the World Bank", "Siemens", "the European Commission",
        "the Red Cross"]


def document(i: int) -> str:
    """A news-like text of a few hundred words, different for each ``i``."""
    paragraphs = []
    for j in range(6):
        k = i + j
        who, other = PEOPLE[k % 7], PEOPLE[(k + 3) % 7]
        paragraphs.append(
            f"{who} met {other} in {PLACES[(k * 3) % 7]} on Tuesday, officials said. "
            f"Speaking for {ORGS[k % 5]}, Mr {other.split()[-1]} said that talks in "
            f"{PLACES[(k + 1) % 7]} would go on, while {ORGS[(k + 2) % 5]} stayed silent. "
            f"Dr {who.split()[-1]} flew back to {PLACES[(k + 4) % 7]} the next day.")
    return "\n\n".join(paragraphs) + f"\n\nReport {i}.\n"


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> LoopbackCluster:
    return shared_cluster(tmp_path_factory)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """N_DOCS documents and one broken link (an error record, exit status 1)."""
    root = tmp_path_factory.mktemp("docs")
    for i in range(N_DOCS):
        (root / f"doc{i:03d}.txt").write_text(document(i), encoding="utf-8")
    (root / "doc020-broken.txt").symlink_to(root / "gone.txt")
    return root


def extract(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if k != "ENTITYX_TRACEBACK"}
    return subprocess.run([entityx_command(), "extract", *args], capture_output=True, text=True,
                          encoding="utf-8", env={**full, **(env or {})},
                          stdin=subprocess.DEVNULL, timeout=TIMEOUT)


def start(*args: str) -> subprocess.Popen[str]:
    full = {k: v for k, v in os.environ.items() if k != "ENTITYX_TRACEBACK"}
    return subprocess.Popen([entityx_command(), "extract", *args], stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            encoding="utf-8", env=full)


@pytest.fixture(scope="module")
def local_jsonl(folder: Path) -> subprocess.CompletedProcess[str]:
    """The local engine's JSONL on the folder: what every Dask run must give."""
    proc = extract(str(folder), "-f", "jsonl")
    assert proc.returncode == 1, proc.stderr  # the broken link
    assert len(proc.stdout.splitlines()) == N_DOCS + 1
    return proc


@pytest.fixture(scope="module")
def client(cluster: LoopbackCluster) -> Iterator[Any]:
    """The test's own client, to watch the scheduler."""
    with cluster.client() as watcher:
        yield watcher


def entityx_tasks(client: Any) -> int:
    """How many tasks of entityx's the scheduler holds (any state)."""
    def count(dask_scheduler: Any) -> int:
        return sum(1 for key in dask_scheduler.tasks if str(key).startswith("entityx-"))

    return int(client.run_on_scheduler(count))


def test_same_bytes_as_the_local_engine(cluster: LoopbackCluster, folder: Path,
                                        local_jsonl: subprocess.CompletedProcess[str]) -> None:
    proc = extract(str(folder), "-f", "jsonl", "--engine", "dask", "--scheduler", cluster.address)
    assert proc.stdout == local_jsonl.stdout
    assert proc.returncode == local_jsonl.returncode
    assert proc.stderr == local_jsonl.stderr  # the same one-line error, nothing else
    # JSON (a list) too, through the same writer
    as_json = extract(str(folder), "-f", "json", "--engine", "dask",
                      "--scheduler", cluster.address)
    assert [r["source"] for r in json.loads(as_json.stdout)] == [
        json.loads(line)["source"] for line in local_jsonl.stdout.splitlines()]


def test_each_worker_loads_the_pipeline_once(cluster: LoopbackCluster, folder: Path) -> None:
    """Runs of many tasks: each worker process loaded the model once (it is
    never shipped from the client: the plugin carries the options only)."""
    proc = extract(str(folder), "-f", "jsonl", "--engine", "dask", "--scheduler", cluster.address)
    assert len(proc.stdout.splitlines()) == N_DOCS + 1  # a second run (see the test above)

    def loads() -> int:
        from entityx.pipeline import _load

        return int(_load.cache_info().misses)

    with cluster.client() as client:
        assert set(client.run(loads).values()) == {1}
    plugin = EntityxWorkerPlugin(RunOptions())
    plugin.worker = object()  # type: ignore[assignment]  # a loaded state is not sent along
    shipped = pickle.dumps(plugin)
    assert len(shipped) < 2_000
    assert pickle.loads(shipped).worker is None


def test_a_worker_killed_mid_task_changes_nothing(
        cluster: LoopbackCluster, client: Any, folder: Path,
        local_jsonl: subprocess.CompletedProcess[str]) -> None:
    """SIGKILL to a worker while it runs a task: Dask runs the task again on
    the other worker; every input is in the output once, bytes unchanged."""
    cluster.wait_for_workers(2)
    pids = cluster.worker_pids()
    proc = start(str(folder), "-f", "jsonl", "--engine", "dask", "--scheduler", cluster.address)
    try:
        def busy_worker() -> str | None:
            for address, keys in client.processing().items():
                if any(str(key).startswith("entityx-") for key in keys):
                    return str(address)
            return None

        victim = wait_until(lambda: busy_worker() or proc.poll() is not None)
        assert proc.poll() is None, "the run ended before a worker could be killed"
        os.kill(pids[victim], signal.SIGKILL)
        stdout, stderr = proc.communicate(timeout=TIMEOUT)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert stdout == local_jsonl.stdout
    assert proc.returncode == local_jsonl.returncode
    assert stderr == local_jsonl.stderr
    sources = [json.loads(line)["source"] for line in stdout.splitlines()]
    assert len(sources) == len(set(sources)) == N_DOCS + 1
    cluster.wait_for_workers(2)  # the nanny started a new worker process
    assert pids[victim] not in cluster.worker_pids().values()


def test_ctrl_c_cancels_the_tasks_and_resume_finishes(
        cluster: LoopbackCluster, client: Any, folder: Path, tmp_path: Path,
        local_jsonl: subprocess.CompletedProcess[str]) -> None:
    out = tmp_path / "out.jsonl"
    proc = start(str(folder), "-o", str(out), "--engine", "dask", "--scheduler", cluster.address)
    try:
        # under way: the first records are out (in the file's temporary twin)
        wait_until(lambda: any(p.stat().st_size for p in tmp_path.iterdir())
                   or proc.poll() is not None)
        assert proc.poll() is None, "the run ended before it could be interrupted"
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=TIMEOUT)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert "interrupted after" in stderr
    # nothing of this run is left on the cluster
    wait_until(lambda: entityx_tasks(client) == 0)
    written = out.read_text(encoding="utf-8")
    expected = local_jsonl.stdout
    assert written and expected.startswith(written)  # whole records, in order
    assert len(written.splitlines()) < N_DOCS + 1
    resumed = extract(str(folder), "-o", str(out), "--resume", "--engine", "dask",
                      "--scheduler", cluster.address)
    assert resumed.returncode == 1, resumed.stderr  # the broken link, again
    final = out.read_text(encoding="utf-8")
    assert final.startswith(written.split('"error"')[0].rsplit("\n", 1)[0])
    # every input once, with the local engine's record; an error record
    # written before the interrupt was tried again, so it moved to the end
    assert sorted(final.splitlines()) == sorted(expected.splitlines())


def test_an_unreachable_scheduler_is_one_line_and_exit_1(folder: Path) -> None:
    address = f"tcp://127.0.0.1:{free_port()}"
    proc = extract(str(folder), "-f", "jsonl", "--engine", "dask", "--scheduler", address,
                   env={"DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "3s"})
    assert proc.returncode == 1
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith(f"entityx: error: cannot reach the Dask scheduler at {address}")


def test_a_local_cluster_without_scheduler(folder: Path,
                                           local_jsonl: subprocess.CompletedProcess[str]) -> None:
    """No --scheduler: a cluster of --jobs workers is started and closed for the run."""
    proc = extract(str(folder), "-f", "jsonl", "--glob", "doc02*", "--engine", "dask",
                   "--jobs", "2")
    expected = [line for line in local_jsonl.stdout.splitlines(keepends=True)
                if "/doc02" in json.loads(line)["source"]]
    assert proc.stdout == "".join(expected)
    assert proc.stderr == local_jsonl.stderr.replace(f"1 of {N_DOCS + 1}", f"1 of {len(expected)}")
    assert proc.returncode == 1


def test_s3_inputs_and_output_on_the_cluster(cluster: LoopbackCluster, folder: Path) -> None:
    """The workers read s3:// inputs themselves; -o s3://… holds the same
    bytes as the local engine's stdout on those inputs."""
    s3 = shared_s3()
    fs = s3.filesystem()
    fs.mkdir("entityx-dask")
    for i in range(TASK_INPUTS + 4):
        fs.pipe(f"entityx-dask/in/doc{i:03d}.txt", document(i).encode())
    local = extract("s3://entityx-dask/in/", "-f", "jsonl")
    assert local.returncode == 0, local.stderr
    out = "s3://entityx-dask/out/run.jsonl"
    proc = extract("s3://entityx-dask/in/", "-o", out, "--engine", "dask",
                   "--scheduler", cluster.address)
    assert proc.returncode == 0, proc.stderr
    assert fs.cat_file(out.removeprefix("s3://")).decode() == local.stdout
    assert len(local.stdout.splitlines()) == TASK_INPUTS + 4


def test_ctrl_c_at_a_terminal_with_a_local_cluster(folder: Path) -> None:
    """SIGINT to the whole process group, as Ctrl-C at a terminal sends it:
    the run's own workers have left the group, so the client alone handles
    it: exit 130, one note, no worker traceback, no process left behind."""
    full = {k: v for k, v in os.environ.items() if k != "ENTITYX_TRACEBACK"}
    proc = subprocess.Popen([entityx_command(), "extract", str(folder), "-f", "jsonl",
                             "--engine", "dask", "--jobs", "2"], stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=full,
                            start_new_session=True, bufsize=0)  # readline takes one line only
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()  # under way: the workers are up and working
        os.killpg(proc.pid, signal.SIGINT)
        rest, stderr = proc.communicate(timeout=TIMEOUT)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130
    lines = stderr.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith("entityx: note: interrupted after"), lines
    assert json.loads(first)["source"].endswith("doc000.txt")
    assert all(json.loads(line) for line in rest.splitlines())  # whole records only

    def left() -> str:
        return subprocess.run(["pgrep", "-s", str(proc.pid)], capture_output=True,
                              text=True).stdout
    wait_until(lambda: left() == "")


def test_a_scheduler_that_goes_away_is_one_line_and_exit_1(
        folder: Path, tmp_path: Path, local_jsonl: subprocess.CompletedProcess[str]) -> None:
    """The scheduler killed mid-run (a cluster of its own, one worker): one
    error line, exit status 1, and the output written so far is complete
    (a JSON list with its "]"), each record the local engine's."""
    cluster = start_cluster({}, tmp_path, workers=1)
    out = tmp_path / "out.json"
    try:
        proc = start(str(folder), "-o", str(out), "--engine", "dask",
                     "--scheduler", cluster.address)
        with cluster.client() as watcher:
            def highest_task() -> int:
                def highest(dask_scheduler: Any) -> int:
                    return max([int(str(key).rsplit("-", 1)[1]) for key in dask_scheduler.tasks
                                if str(key).startswith("entityx-")], default=-1)
                return int(watcher.run_on_scheduler(highest))

            # a task past the first window was sent: the first results are out
            wait_until(lambda: highest_task() >= IN_FLIGHT_PER_THREAD or proc.poll() is not None)
        assert proc.poll() is None, "the run ended before the scheduler could be killed"
        os.kill(cluster.processes[0].pid, signal.SIGKILL)  # the scheduler
        _, stderr = proc.communicate(timeout=TIMEOUT)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        cluster.stop()
    assert proc.returncode == 1, stderr
    lines = stderr.splitlines()
    assert all(line.startswith(("entityx: error:", "entityx: note:")) for line in lines), stderr
    errors = [line for line in lines if "error:" in line and "doc020-broken" not in line]
    assert len(errors) == 1 and "lost the Dask scheduler" in errors[0], stderr
    assert out.exists(), "the output so far must be complete and in place"
    records = json.loads(out.read_text(encoding="utf-8"))
    expected = [json.loads(line) for line in local_jsonl.stdout.splitlines()]
    assert 0 < len(records) < len(expected)
    assert records == expected[:len(records)]


def test_a_pipeline_the_workers_cannot_load_is_one_line(cluster: LoopbackCluster, client: Any,
                                                        folder: Path, tmp_path: Path) -> None:
    """--model names a folder the workers do not have: the same one line and
    exit status as the local engine gives, and the run's plugin is not left
    on the scheduler (where new workers would try it again)."""
    model = str(tmp_path / "no-such-model")
    local = extract(str(folder), "-f", "jsonl", "--model", model)
    proc = extract(str(folder), "-f", "jsonl", "--engine", "dask",
                   "--scheduler", cluster.address, "--model", model)
    assert (proc.returncode, proc.stdout, proc.stderr) == (
        local.returncode, local.stdout, local.stderr)
    assert local.returncode == 2 and len(local.stderr.splitlines()) == 1, local.stderr

    def plugins(dask_scheduler: Any) -> list[str]:
        return [name for name in dask_scheduler.worker_plugins if name.startswith("entityx-")]

    assert client.run_on_scheduler(plugins) == []
