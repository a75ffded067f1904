"""entityx's performance benchmark: one command, one table, one JSON file.

    python bench/make_docs.py && python bench/bench.py

Measured on this machine in this run (see bench/README.md for what each
figure means):

  a. end to end: ``entityx extract DIR -f jsonl --jobs 1`` and ``--jobs 2``
     as a subprocess over the documents: words per second, peak memory;
  b. the same pipeline folder through plain ``nlp.pipe`` with no entityx
     code (bench/plain_pipe.py, in its own process): the floor of our
     overhead;
  c. spaCy's tokenizer alone on the same texts: the ceiling;
  d. start-up: ``entityx --help`` and ``entityx extract SAMPLE``, a new
     process each time, median of --repeats;
  e. memory growth: peak RSS for N and 10 x N documents with --jobs 1;
  f. model speed: our model against an untrained NER of en_core_web_sm's
     architecture, one process (bench/model_speed.py).

Words are whitespace-separated words of the input text (``len(text.split())``)
everywhere. Results go to bench/results/bench-<time>.json and
bench/results/bench-latest.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from measure import (
    DOCS,
    ROOT,
    Run,
    busy_processes,
    check,
    count_words,
    cpu_busy,
    doc_files,
    machine,
    median,
    run_measured,
    table,
    write_results,
)

HERE = Path(__file__).resolve().parent
SAMPLE = ROOT / "samples" / "trump-putin-call.txt"

# What the performance issue asks for.
CRITERIA = {
    "jobs1_vs_plain": (">=", 0.9),
    "jobs2_vs_jobs1": (">=", 1.7),
    "help_median_s": ("<=", 0.3),
    "sample_median_s": ("<=", 1.5),
    "rss_10n_vs_n": ("<=", 1.2),
    "model_vs_sm_arch": (">=", 1.0),
}


def entityx_command() -> list[str]:
    """The installed ``entityx`` script beside this Python, else ``-m``."""
    script = Path(sys.executable).parent / "entityx"
    if script.is_file():
        return [str(script)]
    found = shutil.which("entityx")
    return [found] if found else [sys.executable, "-m", "entityx"]


def default_model() -> str:
    sys.path.insert(0, str(ROOT))
    try:
        from entityx.pipeline import default_model_path

        return str(default_model_path())
    finally:
        sys.path.pop(0)


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.entityx = entityx_command()
        self.files = doc_files(args.docs)
        self.words = sum(count_words(f.read_text(encoding="utf-8")) for f in self.files)
        self.results: dict[str, object] = {}
        self.tmp = Path(tempfile.mkdtemp(prefix="entityx-bench-"))

    def log(self, message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    # -- a. end to end ------------------------------------------------------

    def extract(self, inputs: list[str], jobs: int, words: int, docs: int) -> dict[str, object]:
        out = self.tmp / f"out-{jobs}.jsonl"
        cmd = [*self.entityx, "extract", *inputs, "-f", "jsonl", "--jobs", str(jobs), "-q"]
        run = check(run_measured(cmd, stdout_path=out), f"entityx extract --jobs {jobs}")
        lines = out.read_text(encoding="utf-8").splitlines()
        records = [json.loads(line) for line in lines]
        bad = [r.get("source") for r in records if "error" in r]
        if len(records) != docs or bad:
            raise SystemExit(f"entityx extract --jobs {jobs}: {len(records)} records for "
                             f"{docs} documents, errors in {bad[:5]}")
        out.unlink()
        return self.summary(run, words, docs,
                            entities=sum(len(r["entities"]) for r in records))

    @staticmethod
    def summary(run: Run, words: int, docs: int, **extra: object) -> dict[str, object]:
        data = run.to_dict()
        data.update(words=words, docs=docs, words_per_s=words / run.wall_s, **extra)
        return data

    # -- b, c. plain spaCy ----------------------------------------------------

    def plain(self, mode: str) -> dict[str, object]:
        cmd = [sys.executable, str(HERE / "plain_pipe.py"), str(self.args.docs),
               "--model", self.args.model, "--mode", mode]
        run = check(run_measured(cmd), f"plain_pipe.py --mode {mode}")
        inner = json.loads(run.stdout.strip().splitlines()[-1])
        return self.summary(run, inner["words"], inner["docs"], inner=inner,
                            process_words_per_s=inner["words"] / inner["process_s"])

    # -- d. start-up ----------------------------------------------------------

    def startup(self, name: str, cmd: list[str]) -> dict[str, object]:
        """A person at a terminal: stdout is a pseudo-terminal (``extract``
        prints its Rich table), a new process each time."""
        check(run_measured(cmd, sample=False, tty=True), name)  # warm the page cache
        walls, cpus = [], []
        for _ in range(self.args.repeats):
            start = os.times()
            run = check(run_measured(cmd, sample=False, tty=True), name)
            end = os.times()
            walls.append(run.wall_s)
            cpus.append((end.children_user - start.children_user)
                        + (end.children_system - start.children_system))
        return {"cmd": cmd, "stdout": "a pseudo-terminal", "output_tail": run.stdout[-300:],
                "runs": len(walls), "median_s": median(walls), "min_s": min(walls),
                "max_s": max(walls), "walls_s": walls, "cpu_median_s": median(cpus)}

    # -- f. model speed ----------------------------------------------------------

    def model_speed(self) -> dict[str, object]:
        cmd = [sys.executable, str(HERE / "model_speed.py"), str(self.args.docs),
               "--model", self.args.model, "--json", "--limit", str(self.args.speed_docs)]
        run = check(run_measured(cmd, sample=False), "model_speed.py")
        return json.loads(run.stdout.strip().splitlines()[-1])

    # -- the whole run --------------------------------------------------------------

    def run(self) -> dict[str, object]:
        a = self.args
        skip = set(a.skip)
        docs = len(self.files)
        res = self.results
        res["conditions"] = {
            **machine(), "busy_cores_before": cpu_busy(1.0), "busy_processes": busy_processes(),
            "docs": docs, "words": self.words, "folder": str(a.docs), "model": a.model,
            "entityx": self.entityx, "rounds": a.rounds, "word_count": "len(text.split())",
        }
        self.log(f"{docs} documents, {self.words:,} words; busy cores before start: "
                 f"{res['conditions']['busy_cores_before']}")

        if "startup" not in skip:
            self.log(f"d. start-up, {a.repeats} runs each ...")
            res["help"] = self.startup("entityx --help", [*self.entityx, "--help"])
            res["sample"] = self.startup("entityx extract SAMPLE",
                                         [*self.entityx, "extract", str(SAMPLE)])

        if "tokenizer" not in skip:
            self.log("c. tokenizer alone ...")
            res["tokenizer"] = self.plain("tokenizer")

        # a and b, interleaved over the rounds; the best round of each counts.
        runs: dict[str, list[dict[str, object]]] = {}
        jobs_list = [] if "extract" in skip else a.jobs
        for r in range(a.rounds):
            for jobs in jobs_list:
                self.log(f"a. entityx extract --jobs {jobs} (round {r + 1}/{a.rounds}) ...")
                runs.setdefault(f"jobs{jobs}", []).append(
                    self.extract([str(a.docs)], jobs, self.words, docs))
            if "plain" not in skip:
                self.log(f"b. plain nlp.pipe (round {r + 1}/{a.rounds}) ...")
                runs.setdefault("plain", []).append(self.plain("pipe"))
        for key, group in runs.items():
            best = max(group, key=lambda d: d["words_per_s"])  # type: ignore[arg-type,return-value]
            res[key] = {**best, "rounds_words_per_s": [g["words_per_s"] for g in group]}

        if "memory" not in skip:
            n = min(a.n, docs // 10)
            self.log(f"e. memory: {n} and {10 * n} documents, --jobs 1 ...")
            small = [str(f) for f in self.files[:n]]
            small_words = sum(count_words(f.read_text(encoding="utf-8")) for f in self.files[:n])
            res["memory_n"] = self.extract(small, 1, small_words, n)
            if 10 * n == docs and "jobs1" in res:
                res["memory_10n"] = {**res["jobs1"], "note": "the --jobs 1 run of a."}  # type: ignore[dict-item]
            else:
                big = self.files[:10 * n]
                big_words = sum(count_words(f.read_text(encoding="utf-8")) for f in big)
                res["memory_10n"] = self.extract([str(f) for f in big], 1, big_words, 10 * n)

        if "model" not in skip:
            self.log(f"f. model speed, {a.speed_docs} documents ...")
            res["model_speed"] = self.model_speed()

        res["conditions"]["busy_cores_after"] = cpu_busy(1.0)  # type: ignore[index]
        res["checks"] = self.checks()
        shutil.rmtree(self.tmp, ignore_errors=True)
        return res

    def checks(self) -> dict[str, dict[str, object]]:
        res = self.results
        values: dict[str, float] = {}

        def get(*keys: str) -> float | None:
            data: object = res
            for key in keys:
                if not isinstance(data, dict) or key not in data:
                    return None
                data = data[key]
            return float(data)  # type: ignore[arg-type]

        j1, j2, plain = (get(k, "words_per_s") for k in ("jobs1", "jobs2", "plain"))
        if j1 and plain:
            values["jobs1_vs_plain"] = j1 / plain
        if j1 and j2:
            values["jobs2_vs_jobs1"] = j2 / j1
        if (v := get("help", "median_s")) is not None:
            values["help_median_s"] = v
        if (v := get("sample", "median_s")) is not None:
            values["sample_median_s"] = v
        small, big = get("memory_n", "max_rss_mib"), get("memory_10n", "max_rss_mib")
        if small and big:
            values["rss_10n_vs_n"] = big / small
        if (v := get("model_speed", "ratio")) is not None:
            values["model_vs_sm_arch"] = v
        out = {}
        for key, value in values.items():
            op, limit = CRITERIA[key]
            ok = value >= limit if op == ">=" else value <= limit
            out[key] = {"value": value, "criterion": f"{op} {limit}", "ok": ok}
        return out


def report(res: dict[str, object]) -> str:
    cond = res["conditions"]
    assert isinstance(cond, dict)
    lines = [f"entityx benchmark: {cond['docs']} documents, {cond['words']:,} words "
             f"(whitespace-separated), {cond.get('cpus')} CPUs ({cond.get('cpu', '?')}), "
             f"spaCy {cond.get('spacy', '?')}, Python {cond['python']}",
             f"busy cores before/after (other processes): {cond.get('busy_cores_before')} / "
             f"{cond.get('busy_cores_after')}"]
    for proc in cond.get("busy_processes") or []:
        lines.append(f"  busy: {proc}")
    lines.append("")

    rows = []

    def mib(value: object) -> str:
        return f"{value:,.0f}" if isinstance(value, (int, float)) else "-"

    def cpu(data: dict[str, object]) -> str:
        total, own = data.get("cpu_s"), data.get("root_cpu_s")
        if not isinstance(total, (int, float)):
            return "-"
        if data.get("processes", 1) != 1 and isinstance(own, (int, float)):
            return f"{total:.1f} ({own:.1f})"
        return f"{total:.1f}"

    for key, label in (("jobs1", "a. entityx extract --jobs 1"),
                       ("jobs2", "a. entityx extract --jobs 2"),
                       ("plain", "b. plain nlp.pipe (own process)"),
                       ("tokenizer", "c. tokenizer alone (own process)")):
        data = res.get(key)
        if not isinstance(data, dict):
            continue
        inner = data.get("process_words_per_s")
        rows.append([label, f"{data['wall_s']:.2f}", f"{data['words_per_s']:,.0f}",
                     f"{inner:,.0f}" if inner else "-", cpu(data), mib(data.get("max_rss_mib")),
                     mib(data.get("tree_pss_mib")), str(data.get("processes", 1))])
    for key, label in (("memory_n", "e. --jobs 1, N docs"), ("memory_10n", "e. --jobs 1, 10N docs")):
        data = res.get(key)
        if isinstance(data, dict):
            rows.append([f"{label} ({data['docs']})", f"{data['wall_s']:.2f}",
                         f"{data['words_per_s']:,.0f}", "-", cpu(data), mib(data.get("max_rss_mib")),
                         mib(data.get("tree_pss_mib")), str(data.get("processes", 1))])
    if rows:
        lines.append(table(rows, ["run", "wall s", "words/s", "words/s in pipe", "cpu s",
                                  "max RSS MiB", "tree PSS MiB", "procs"]))
        lines.append("words/s: words / wall time of the whole command, start-up included; in "
                     "pipe: after loading. cpu s: user+system of all its processes (of the "
                     "parent alone). max RSS: largest single process (wait4 ru_maxrss); tree "
                     "PSS: peak of the summed PSS of all its processes (/proc, 50 ms samples).")
        lines.append("")
    rows = []
    for key, label in (("help", "d. entityx --help"), ("sample", "d. entityx extract sample")):
        data = res.get(key)
        if isinstance(data, dict):
            rows.append([label, f"{data['median_s']:.3f}", f"{data['min_s']:.3f}",
                         f"{data['max_s']:.3f}", f"{data['cpu_median_s']:.3f}", str(data["runs"])])
    if rows:
        lines.append(table(rows, ["start-up", "median s", "min s", "max s", "cpu median s", "runs"]))
        lines.append("")
    speed = res.get("model_speed")
    if isinstance(speed, dict):
        rows = [[m["label"], f"{m['words_per_s']:,.0f}", f"{m['cpu_words_per_s']:,.0f}"]
                for m in speed["models"]]
        lines.append(table(rows, [f"f. model speed ({speed['docs']} docs, one process, "
                                  f"batch {speed['batch_size']})", "words/s", "words/cpu-s"]))
        lines.append("")
    checks = res.get("checks")
    if isinstance(checks, dict) and checks:
        rows = [[key, f"{c['value']:.3f}", c["criterion"], "ok" if c["ok"] else "NOT MET"]
                for key, c in checks.items()]
        lines.append(table(rows, ["check", "value", "criterion", ""]))
        busy = cond.get("busy_cores_before") or 0
        if busy and busy > 0.3:
            lines.append(f"note: {busy} core(s) were busy with other work: the --jobs 2 "
                         "figure and all timings are not those of a free machine.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="entityx performance benchmark (see bench/README.md)")
    parser.add_argument("--docs", type=Path, default=DOCS,
                        help="folder of documents (default bench/data/docs, from make_docs.py)")
    parser.add_argument("--model", default=None,
                        help="pipeline folder for b, c and f (default: entityx's embedded model)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="default: 1 2")
    parser.add_argument("--rounds", type=int, default=2,
                        help="runs of a and b each, interleaved; the best counts (default 2)")
    parser.add_argument("--repeats", type=int, default=7, help="start-up runs (default 7)")
    parser.add_argument("--n", type=int, default=100, help="N for the memory check (default 100)")
    parser.add_argument("--speed-docs", type=int, default=400,
                        help="documents for the model-speed comparison (default 400)")
    parser.add_argument("--skip", nargs="*", default=[],
                        choices=["startup", "tokenizer", "extract", "plain", "memory", "model"])
    args = parser.parse_args(argv)
    args.docs = args.docs.resolve()
    args.model = args.model or default_model()

    started = time.perf_counter()
    res = Bench(args).run()
    res["bench_seconds"] = time.perf_counter() - started
    text = report(res)
    res["report"] = text
    path = write_results("bench", res)
    print(text)
    print(f"\n{res['bench_seconds']:.0f} s; results in {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
