"""Stopping a batch: SIGINT and SIGTERM in the middle of ``entityx extract``.

Each test starts the installed command on 300 small documents, waits until
the first result is out (so the batch is under way, and far from done),
sends the signal and checks what is left: whole records only, a note on
stderr saying how far it got, exit status 130 (SIGINT) or 143 (SIGTERM).
Ctrl-C at a terminal signals the whole process group, workers included;
``kill PID`` only the main process: both are tried.

There are no timing assertions; the timeouts only stop a hung run.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from _support import entityx_command

N_DOCS = 300
TIMEOUT = 180
PARAGRAPH = ("Dr Angela Merkel met Mr Emmanuel Macron in Paris on Tuesday. Mr Putin called "
             "from Moscow while the United Nations met in Geneva. ")
STATUS = {signal.SIGINT: 130, signal.SIGTERM: 143}


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("batch")
    for i in range(N_DOCS):
        (folder / f"doc{i:03d}.txt").write_text(PARAGRAPH * 6 + f"Document {i}.\n")
    return folder


def source_names(batch: Path) -> list[str]:
    return [str(batch / f"doc{i:03d}.txt") for i in range(N_DOCS)]


@contextmanager
def started(*args: str) -> Iterator[subprocess.Popen[bytes]]:
    """``entityx extract ARGS`` in its own process group, killed if a test
    leaves it running. stdout is unbuffered here (``bufsize=0``) so that
    reading the first line takes nothing more from the pipe; the command
    itself runs with PYTHONUNBUFFERED=1, as in many containers."""
    env = {k: v for k, v in os.environ.items() if k != "ENTITYX_TRACEBACK"}
    proc = subprocess.Popen([entityx_command(), "extract", *args], stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0,
                            env={**env, "PYTHONUNBUFFERED": "1"}, start_new_session=True)
    try:
        yield proc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()


def send(proc: subprocess.Popen[bytes], sig: int, group: bool) -> None:
    if group:
        os.killpg(proc.pid, sig)
    else:
        os.kill(proc.pid, sig)


def finish(proc: subprocess.Popen[bytes]) -> tuple[bytes, str]:
    try:
        out, err = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"entityx did not stop within {TIMEOUT} s of the signal")
    return out, err.decode("utf-8", "replace")


def wait_for_line(folder: Path, proc: subprocess.Popen[bytes]) -> None:
    """Until a file in ``folder`` holds a complete line (the output, or its
    temporary twin), so an -o run is known to be under way."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"entityx ended before it was signalled: {proc.returncode}")
        if any(b"\n" in f.read_bytes() for f in folder.iterdir() if f.is_file()):
            return
        time.sleep(0.05)
    pytest.fail("no output within the timeout")


def interrupted_after(stderr: str) -> int:
    assert "Traceback" not in stderr, stderr
    found = re.findall(r"^entityx: note: interrupted after (\d+) of (\d+) input\(s\)",
                       stderr, flags=re.MULTILINE)
    assert len(found) == 1, stderr
    return int(found[0][0])


def parse_jsonl(data: bytes) -> list[dict[str, object]]:
    assert data.endswith(b"\n"), data[-200:]
    records = [json.loads(line) for line in data.decode("utf-8").split("\n")[:-1]]
    assert all(isinstance(r, dict) and "entities" in r for r in records)
    return records


@pytest.mark.parametrize("sig, group, jobs", [
    (signal.SIGINT, True, 1),    # Ctrl-C
    (signal.SIGTERM, False, 1),  # kill PID
    (signal.SIGINT, True, 2),
    (signal.SIGTERM, True, 2),   # kill -TERM -PGID: workers get it too
    (signal.SIGTERM, False, 2),
], ids=["int-1", "term-1", "int-group-2", "term-group-2", "term-2"])
def test_signal_to_jsonl_on_stdout(batch: Path, sig: int, group: bool, jobs: int) -> None:
    with started(str(batch), "-f", "jsonl", "--jobs", str(jobs)) as proc:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert first.endswith(b"\n"), "no first result"
        send(proc, sig, group)
        rest, stderr = finish(proc)
    assert proc.returncode == STATUS[sig], stderr
    records = parse_jsonl(first + rest)
    assert 1 <= len(records) < N_DOCS
    # in order, each once, and exactly as many as stderr says
    assert [r["source"] for r in records] == source_names(batch)[:len(records)]
    assert interrupted_after(stderr) == len(records)


def interrupt_writing(batch: Path, tmp_path: Path, fmt: str, sig: signal.Signals,
                      group: bool) -> tuple[Path, Path, str]:
    """Run ``extract BATCH -f FMT -o out_dir/out.FMT``, send ``sig`` once the
    first record is written, and check the exit status and the empty stdout.
    Returns the output folder, the output path and stderr."""
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / f"out.{fmt}"
    with started(str(batch), "-f", fmt, "-o", str(out)) as proc:
        wait_for_line(out_dir, proc)
        send(proc, sig, group=group)
        stdout, stderr = finish(proc)
    assert proc.returncode == STATUS[sig], stderr
    assert stdout == b""
    return out_dir, out, stderr


def test_interrupted_jsonl_file_then_resume(batch: Path, tmp_path: Path) -> None:
    out_dir, out, stderr = interrupt_writing(batch, tmp_path, "jsonl", signal.SIGINT, group=True)
    assert "--resume" in stderr
    assert [f.name for f in out_dir.iterdir()] == ["out.jsonl"], "a temporary file left behind"
    finished = out.read_bytes()
    records = parse_jsonl(finished)
    assert 1 <= len(records) < N_DOCS
    assert interrupted_after(stderr) == len(records)

    # A run killed outright (SIGKILL, power cut) can leave half a line.
    with out.open("ab") as handle:
        handle.write(b'{"source": "' + str(batch).encode() + b'/doc29')

    with started(str(batch), "-f", "jsonl", "-o", str(out), "--resume") as proc:
        stdout, stderr = finish(proc)
    assert proc.returncode == 0, stderr
    assert f"resuming: {len(records)} input(s) already in" in stderr
    final = out.read_bytes()
    assert final.startswith(finished), "finished results were rewritten"
    sources = [r["source"] for r in parse_jsonl(final)]
    assert Counter(sources) == Counter(source_names(batch)), "each input exactly once"


def test_resume_retries_failed_inputs_once(tmp_path: Path) -> None:
    """Error records of a previous run are replaced by the retry's record,
    so that an input still appears once."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Dr Angela Merkel spoke.")
    (folder / "b.txt").write_bytes(b"\x89PNG\r\n\x1a\n")
    out = tmp_path / "out.jsonl"
    for _ in range(2):
        with started(str(folder), "-f", "jsonl", "-o", str(out), "--resume") as proc:
            stdout, stderr = finish(proc)
        assert proc.returncode == 1, stderr
    (folder / "b.txt").write_text("Mr Olaf Scholz spoke.")
    with started(str(folder), "-f", "jsonl", "-o", str(out), "--resume") as proc:
        stdout, stderr = finish(proc)
    assert proc.returncode == 0, stderr
    records = parse_jsonl(out.read_bytes())
    assert [r["source"] for r in records] == [str(folder / "a.txt"), str(folder / "b.txt")]


def test_signal_to_json_file_leaves_it_absent_or_complete(batch: Path, tmp_path: Path) -> None:
    out_dir, out, stderr = interrupt_writing(batch, tmp_path, "json", signal.SIGTERM, group=False)
    assert [f.name for f in out_dir.iterdir()] in ([], ["out.json"]), "a temporary file left"
    if out.exists():
        records = json.loads(out.read_text(encoding="utf-8"))
        assert [r["source"] for r in records] == source_names(batch)[:len(records)]
        assert interrupted_after(stderr) == len(records)


def test_a_killed_worker_ends_the_batch_with_every_input_reported(batch: Path) -> None:
    """A worker killed outright (SIGKILL, the out-of-memory killer) loses its
    task; the batch must not wait for it forever: the inputs not done become
    error records, and the exit status says so."""
    with started(str(batch), "-f", "jsonl", "--jobs", "2") as proc:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert first.endswith(b"\n"), "no first result"
        workers = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True,
                                 text=True).stdout.split()
        assert workers, "no worker processes found"
        os.kill(int(workers[0]), signal.SIGKILL)
        rest, stderr = finish(proc)
    assert proc.returncode == 1, stderr
    data = first + rest
    assert data.endswith(b"\n")
    records = [json.loads(line) for line in data.decode("utf-8").splitlines()]
    assert [r["source"] for r in records] == source_names(batch), "each input once, in order"
    failed = [r for r in records if "error" in r]
    assert failed and all("worker process died" in str(r["error"]) for r in failed)
    assert all("entities" in r for r in records if "error" not in r)
