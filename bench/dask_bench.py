"""``--engine dask`` against ``--jobs 2``: words per second, and what a Dask
task costs.

    python bench/make_docs.py && python bench/dask_bench.py

Measured in this run, on this machine (see "The Dask engine" in
bench/README.md):

  a. ``entityx extract DIR -f jsonl -o FILE --jobs 2`` and ``--engine dask
     --jobs 2`` (a local cluster of 2 worker processes, started and closed
     by the command): words/s of the whole command, start-up included;
     ``--rounds`` interleaved rounds, the best of each counts. The outputs
     must be byte-identical (sha256 printed).
  b. ``--engine dask --scheduler ADDR`` on a loopback cluster of 2
     single-thread workers started beforehand with ``dask scheduler`` /
     ``dask worker``: the same without the cluster's start-up (the workers
     keep their pipeline between runs, so this is the steady state of a
     long-lived cluster after its first run).
  c. scheduling overhead: ``--tasks`` empty tasks, each carrying a task's
     payload (TASK_INPUTS sources), through the same client on the same
     2-worker cluster: the wall time per task when they stream through, and
     one task's round trip; then the overhead as a share of a real task's
     work, from a.

Words are ``len(text.split())`` of the input files. Results go to
bench/results/dask-<time>.json and bench/results/dask-latest.json.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from measure import (
    DOCS,
    ROOT,
    busy_processes,
    check,
    count_words,
    cpu_busy,
    doc_files,
    machine,
    run_measured,
    table,
    write_results,
)

sys.path.insert(0, str(ROOT / "tests"))

TARGET = 0.85  # dask words/s >= 0.85 x --jobs 2 (issue 13)


def _noop(plugin: str, task: list[Any]) -> list[Any]:
    return []


def cluster_cpu_s(cluster: Any) -> float:
    """User + system seconds used so far by the cluster's processes and their children."""
    import psutil

    total = 0.0
    for proc in cluster.processes:
        try:
            parent = psutil.Process(proc.pid)
            for member in [parent, *parent.children(recursive=True)]:
                times = member.cpu_times()
                total += times.user + times.system
        except psutil.NoSuchProcess:
            pass
    return total


def extract_runs(entityx: str, docs: Path, words: int, rounds: int, cluster: Any
                 ) -> dict[str, Any]:
    """a. and b.: interleaved rounds, the best of each; outputs compared.
    CPU seconds: the command and the processes it waited for, plus, for the
    running cluster, what its workers used during the run."""
    address = cluster.address
    variants = {
        "jobs2": ["--jobs", "2"],
        "dask_local2": ["--engine", "dask", "--jobs", "2"],
        "dask_cluster2": ["--engine", "dask", "--scheduler", address],
    }
    best: dict[str, float] = {}
    cpu: dict[str, float] = {}
    client_cpu = float("inf")  # the client alone, with a running cluster
    digests: dict[str, set[str]] = {name: set() for name in variants}
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(rounds):
            for name, extra in variants.items():
                out = Path(tmp) / f"{name}-{r}.jsonl"
                before = cluster_cpu_s(cluster)
                run = check(run_measured([entityx, "extract", str(docs), "-f", "jsonl",
                                          "-o", str(out), *extra], sample=False), name)
                used = run.cpu_s + (cluster_cpu_s(cluster) - before
                                    if name == "dask_cluster2" else 0.0)
                if name == "dask_cluster2":
                    client_cpu = min(client_cpu, run.cpu_s)
                best[name] = min(best.get(name, float("inf")), run.wall_s)
                cpu[name] = min(cpu.get(name, float("inf")), used)
                digests[name].add(hashlib.sha256(out.read_bytes()).hexdigest())
                print(f"  round {r + 1} {name}: {run.wall_s:.2f} s, {used:.1f} cpu s",
                      file=sys.stderr)
    all_digests = set().union(*digests.values())
    return {
        "wall_s": best,
        "words_per_s": {name: round(words / wall) for name, wall in best.items()},
        "cpu_s": {name: round(value, 2) for name, value in cpu.items()},
        "words_per_cpu_s": {name: round(words / value) for name, value in cpu.items()},
        "client_cpu_s": round(client_cpu, 2),
        "identical": len(all_digests) == 1,
        "sha256": {name: sorted(found) for name, found in digests.items()},
    }


def overhead(address: str, tasks: int) -> dict[str, float]:
    """c.: empty tasks with a real task's payload through the cluster."""
    from distributed import Client

    from entityx.documents import discover
    from entityx.engines.dask import IN_FLIGHT_PER_THREAD, TASK_INPUTS

    payload = list(discover([str(DOCS)]))[:TASK_INPUTS]
    with Client(address, set_as_default=False) as client:
        threads = sum(client.nthreads().values())
        client.submit(_noop, "warm-up", payload, pure=False).result()
        trips = []
        for _ in range(20):
            start = time.perf_counter()
            client.submit(_noop, "x", payload, pure=False).result()
            trips.append(time.perf_counter() - start)
        # streaming, as the engine does: a window of tasks in flight, results in order
        window = IN_FLIGHT_PER_THREAD * threads
        start = time.perf_counter()
        pending = [client.submit(_noop, "x", payload, pure=False) for _ in range(min(window, tasks))]
        submitted = len(pending)
        for i in range(tasks):
            pending[i].result()
            pending[i] = None  # type: ignore[call-overload]
            if submitted < tasks:
                pending.append(client.submit(_noop, "x", payload, pure=False))
                submitted += 1
        wall = time.perf_counter() - start
    trips.sort()
    return {"tasks": tasks, "threads": threads,
            "stream_ms_per_task": round(wall / tasks * 1000, 2),
            "round_trip_ms_median": round(trips[len(trips) // 2] * 1000, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=Path, default=DOCS)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--tasks", type=int, default=400)
    parser.add_argument("--entityx", default=str(Path(sys.executable).with_name("entityx")),
                        help="the entityx command to measure")
    args = parser.parse_args()

    import _cluster  # the loopback cluster helpers of the tests

    from entityx.engines.dask import TASK_INPUTS

    files = doc_files(args.docs)
    words = sum(count_words(f.read_text(encoding="utf-8")) for f in files)
    busy_before = cpu_busy()
    with tempfile.TemporaryDirectory() as logs:
        cluster = _cluster.start_cluster({}, Path(logs))
        try:
            print(f"cluster up at {cluster.address}", file=sys.stderr)
            runs = extract_runs(args.entityx, args.docs, words, args.rounds, cluster)
            cost = overhead(cluster.address, args.tasks)
        finally:
            cluster.stop()
    wps = runs["words_per_s"]
    ratio = wps["dask_local2"] / wps["jobs2"]
    ratio_cluster = wps["dask_cluster2"] / wps["jobs2"]
    # a task's work: the worker-seconds of the local-cluster run, shared out
    n_tasks = -(-len(files) // TASK_INPUTS)
    task_s = runs["wall_s"]["dask_cluster2"] * 2 / n_tasks
    share = cost["stream_ms_per_task"] / 1000 * cost["threads"] / task_s
    rows = [[name, f"{runs['wall_s'][name]:.2f}", f"{wps[name]:,}", f"{runs['cpu_s'][name]:.1f}",
             f"{runs['words_per_cpu_s'][name]:,}"] for name in wps]
    print(table(rows, ["run", "best wall s", "words/s", "best cpu s", "words/cpu s"]))
    sums = "; ".join(f"{name} {' '.join(d[:12] for d in found)}"
                     for name, found in runs["sha256"].items())
    print(f"\n{len(files)} documents, {words:,} words; outputs byte-identical: "
          f"{runs['identical']} (sha256: {sums})")
    print(f"dask (local cluster of 2) / --jobs 2: {ratio:.2f}  (target >= {TARGET})")
    print(f"dask (running cluster of 2) / --jobs 2: {ratio_cluster:.2f}")
    print(f"scheduling: {cost['stream_ms_per_task']} ms per task streamed "
          f"({cost['tasks']} empty tasks of {TASK_INPUTS} sources on {cost['threads']} "
          f"workers), one round trip {cost['round_trip_ms_median']} ms; a real task of "
          f"{TASK_INPUTS} documents takes {task_s:.2f} s: overhead {share:.2%}")
    print(f"the client alone (running cluster): {runs['client_cpu_s']:.1f} cpu s for "
          f"{len(files)} documents, {len(files) / runs['client_cpu_s']:.0f} documents per "
          f"client cpu s (start-up included)")
    busy_after = cpu_busy()
    print(f"busy cores (others) before/after: {busy_before}/{busy_after}; "
          f"busy processes: {busy_processes()[:5]}")
    path = write_results("dask", {
        "machine": machine(), "documents": len(files), "words": words, **runs,
        "ratio_dask_local_vs_jobs2": round(ratio, 3),
        "ratio_dask_cluster_vs_jobs2": round(ratio_cluster, 3),
        "overhead": {**cost, "task_s": round(task_s, 3), "share": round(share, 5)},
        "busy_cores_before": busy_before, "busy_cores_after": busy_after,
        "target": TARGET, "os_cpu_count": os.cpu_count(),
    })
    print(f"results: {path}")


if __name__ == "__main__":
    main()
