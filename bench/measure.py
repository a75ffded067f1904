"""Helpers shared by the bench scripts: word counting, documents, timing a
command with its peak memory, result files. Standard library only."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DOCS = HERE / "data" / "docs"
RESULTS = HERE / "results"


def count_words(text: str) -> int:
    """How every bench figure counts words: whitespace-separated pieces of
    the input text (``len(text.split())``), whatever the tokenizer does."""
    return len(text.split())


def doc_files(folder: Path) -> list[Path]:
    """The documents of a folder, in the order entityx reads them."""
    files = sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))
    if not files:
        raise SystemExit(f"no documents in {folder}: run python bench/make_docs.py first")
    return files


def read_texts(files: list[Path]) -> list[str]:
    return [f.read_text(encoding="utf-8") for f in files]


# -- memory of a process tree ------------------------------------------------


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as handle:
                kids.extend(int(k) for k in handle.read().split())
    except OSError:
        pass
    return kids


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(_children(p))
    return found


def _rss_pss_kib(pid: int) -> tuple[int, int]:
    """RSS and PSS of one process in KiB (0, 0 if it is gone)."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _own_cpu_s(pid: int) -> float | None:
    """User + system CPU seconds of one process, without its children."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / _TICKS


class TreeSampler(threading.Thread):
    """Samples the summed RSS and PSS of a process and all its descendants
    every ``interval`` seconds; keeps the peaks. PSS divides pages shared
    between forked workers among them, so its sum is the tree's real
    footprint; the RSS sum counts shared pages once per process."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.peak_rss_sum = 0
        self.peak_pss_sum = 0
        self.max_procs = 0
        self.root_cpu_s = 0.0  # CPU time of the root process alone, last sample
        self.available = os.path.exists(f"/proc/{os.getpid()}/smaps_rollup")
        self._halt = threading.Event()

    def run(self) -> None:
        while self.available and not self._halt.is_set():
            pids = _tree(self.pid)
            rss = pss = 0
            for p in pids:
                r, s = _rss_pss_kib(p)
                rss += r
                pss += s
            self.peak_rss_sum = max(self.peak_rss_sum, rss)
            self.peak_pss_sum = max(self.peak_pss_sum, pss)
            self.max_procs = max(self.max_procs, len(pids))
            self.root_cpu_s = _own_cpu_s(self.pid) or self.root_cpu_s
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join()


@dataclass
class Run:
    """One measured command."""

    cmd: list[str]
    wall_s: float
    returncode: int
    cpu_s: float  # user + system time of the command and the children it waited for
    max_rss_mib: float  # largest single process of the tree (wait4 ru_maxrss)
    tree_rss_mib: float | None = None  # peak of the sampled RSS sum over the tree
    tree_pss_mib: float | None = None  # peak of the sampled PSS sum over the tree
    processes: int = 1
    root_cpu_s: float | None = None  # the command's own process alone (sampled)
    stdout: str = field(default="", repr=False)
    stderr: str = field(default="", repr=False)

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data.pop("stdout")
        data["stderr"] = self.stderr[-2000:]
        return data


def run_measured(cmd: list[str], *, sample: bool = True, stdout_path: Path | None = None,
                 env: dict[str, str] | None = None, cwd: Path = ROOT, tty: bool = False) -> Run:
    """Run ``cmd`` to completion: wall time, and peak memory of its process
    tree. ``max_rss_mib`` is ru_maxrss from wait4(): the peak RSS of the
    largest single process among the command and the descendants it waited
    for (what ``getrusage(RUSAGE_CHILDREN)`` reports, but for this command
    alone). The sampled sums come from /proc every 50 ms. ``tty``: stdout is
    a pseudo-terminal, as when a person types the command."""
    master = None
    if tty:
        import pty

        master, slave = pty.openpty()
        out = slave
    else:
        out = open(stdout_path, "wb") if stdout_path else subprocess.PIPE  # noqa: SIM115
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE, cwd=cwd,
                            env={**os.environ, **(env or {})})
    sampler = TreeSampler(proc.pid) if sample else None
    if sampler is not None:
        sampler.start()
    # Read the pipes in threads so a chatty command cannot block on them.
    chunks: dict[str, list[bytes]] = {"out": [], "err": []}

    def drain(stream, key: str) -> None:  # type: ignore[no-untyped-def]
        for block in iter(lambda: stream.read(65536), b""):
            chunks[key].append(block)

    readers = [threading.Thread(target=drain, args=(proc.stderr, "err"), daemon=True)]
    if master is not None:
        os.close(out)  # type: ignore[arg-type]
        reader = open(master, "rb", buffering=0)  # noqa: SIM115
        readers.append(threading.Thread(target=drain_pty, args=(reader, chunks["out"]),
                                        daemon=True))
    elif stdout_path is None:
        readers.append(threading.Thread(target=drain, args=(proc.stdout, "out"), daemon=True))
    for reader in readers:
        reader.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    for reader in readers:
        reader.join()
    if sampler is not None:
        sampler.stop()
    if stdout_path and master is None:
        out.close()  # type: ignore[union-attr]
    # ru_maxrss is in KiB on Linux, bytes on macOS.
    scale = 1 if sys.platform == "darwin" else 1024
    run = Run(cmd=[str(c) for c in cmd], wall_s=wall, returncode=proc.returncode,
              cpu_s=usage.ru_utime + usage.ru_stime, max_rss_mib=usage.ru_maxrss * scale / 2**20,
              stdout=b"".join(chunks["out"]).decode("utf-8", "replace"),
              stderr=b"".join(chunks["err"]).decode("utf-8", "replace"))
    if sampler is not None and sampler.available and sampler.peak_rss_sum:
        run.tree_rss_mib = sampler.peak_rss_sum / 1024
        run.tree_pss_mib = sampler.peak_pss_sum / 1024
        run.processes = sampler.max_procs
        run.root_cpu_s = sampler.root_cpu_s
    return run


def drain_pty(reader, into: list[bytes]) -> None:  # type: ignore[no-untyped-def]
    try:
        for block in iter(lambda: reader.read(65536), b""):
            into.append(block)
    except OSError:  # EIO: the other side is closed
        pass
    finally:
        reader.close()


def check(run: Run, what: str) -> Run:
    if run.returncode != 0:
        raise SystemExit(f"{what} failed (exit {run.returncode}): {' '.join(run.cmd)}\n"
                         f"{run.stderr[-3000:]}")
    return run


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


# -- machine and result files -----------------------------------------------


def load_average() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def machine() -> dict[str, object]:
    info: dict[str, object] = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "usable_cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "load_average_at_start": load_average(),
        # Settings that change timings: no .pyc for an editable install, threads.
        "env": {k: v for k, v in os.environ.items()
                if k in ("PYTHONDONTWRITEBYTECODE", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                         "MKL_NUM_THREADS", "PYTHONOPTIMIZE")},
    }
    try:
        with open("/proc/cpuinfo") as handle:
            for line in handle:
                if line.startswith("model name"):
                    info["cpu"] = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        import spacy

        info["spacy"] = spacy.__version__
    except ImportError:  # pragma: no cover
        pass
    return info


def cpu_busy(seconds: float = 1.0) -> float | None:
    """How many cores were busy (not idle) over ``seconds``, from /proc/stat:
    0.0 on an idle machine, 1.0 when one core is taken by something else."""
    def sample() -> list[int]:
        with open("/proc/stat") as handle:
            return [int(x) for x in handle.readline().split()[1:]]

    try:
        a = sample()
        time.sleep(seconds)
        b = sample()
    except OSError:
        return None
    delta = [y - x for x, y in zip(a, b, strict=False)]
    total = sum(delta)
    idle = delta[3] + (delta[4] if len(delta) > 4 else 0)  # idle + iowait
    return round((total - idle) / total * (os.cpu_count() or 1), 2) if total else None


def busy_processes(threshold: float = 50.0) -> list[str]:
    """Other processes using a core right now (from ``ps``): a benchmark on a
    busy machine says so in its results."""
    try:
        out = subprocess.run(["ps", "-eo", "pid,pcpu,args", "--sort=-pcpu"], capture_output=True,
                             text=True, timeout=5).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    busy = []
    me = os.getpid()
    for line in out.splitlines()[1:]:
        parts = line.split(None, 2)
        if len(parts) == 3 and float(parts[1]) >= threshold and int(parts[0]) != me:
            busy.append(f"{parts[1]}% {parts[2][:100]}")
    return busy


def write_results(name: str, data: dict[str, object]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = RESULTS / f"{name}-{stamp}.json"
    text = json.dumps(data, indent=1, default=str) + "\n"
    path.write_text(text, encoding="utf-8")
    (RESULTS / f"{name}-latest.json").write_text(text, encoding="utf-8")
    return path


def table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w)
                       for i, (c, w) in enumerate(zip(row, widths, strict=True))) for row in [header, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
