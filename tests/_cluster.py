"""Real services on loopback for the Dask and object-store tests.

- :func:`shared_cluster` / :func:`start_cluster`: a scheduler and workers
  started as processes with Dask's own command line (``dask scheduler`` /
  ``dask worker``), as a user would on a cluster. They are ended by id,
  children included (:func:`stop_processes`): a nanny whose scheduler has
  gone can ignore SIGTERM. :func:`dask_case` is the engine contract's case.
- :func:`shared_s3`: moto's S3 server (``ThreadedMotoServer``) in a thread,
  with the environment (credentials, endpoint) that s3fs and botocore read,
  set for this process and for the cluster's workers.

One of each per test session, shared by every test module that asks (a
module-level registry), and ended when the session's process exits.
"""

from __future__ import annotations

import atexit
import logging
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from entityx.options import RunOptions

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 120  # seconds; only stops a hung start, never asserts speed


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class S3Server:
    endpoint: str
    env: dict[str, str]
    server: Any

    def filesystem(self) -> Any:
        import s3fs

        return s3fs.S3FileSystem(endpoint_url=self.endpoint, key="testing", secret="testing",
                                 skip_instance_cache=True)


@dataclass
class LoopbackCluster:
    address: str
    env: dict[str, str]
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    log: Path | None = None

    def client(self) -> Any:
        from distributed import Client

        return Client(self.address, set_as_default=False, timeout="30s")

    def worker_pids(self) -> dict[str, int]:
        """Worker address -> pid of the worker process (the nanny's child)."""
        with self.client() as client:
            return dict(client.run(os.getpid))

    def wait_for_workers(self, n: int = 2) -> None:
        with self.client() as client:
            client.wait_for_workers(n, timeout=START_TIMEOUT)

    def stop(self) -> None:
        stop_processes(self.processes)
        self.processes.clear()


_started: dict[str, Any] = {}


def _quiet() -> None:
    for name in ("werkzeug", "distributed", "moto"):
        logging.getLogger(name).setLevel(logging.ERROR)


def start_s3() -> S3Server:
    from moto.server import ThreadedMotoServer

    _quiet()
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    env = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
           "AWS_DEFAULT_REGION": "us-east-1", "AWS_ENDPOINT_URL": endpoint}
    os.environ.update(env)  # for this process (the CLI under CliRunner, fsspec)
    return S3Server(endpoint, env, server)


def start_cluster(env: dict[str, str], log_dir: Path, workers: int = 2) -> LoopbackCluster:
    """``dask scheduler`` and ``workers`` ``dask worker`` processes on 127.0.0.1."""
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    full_env = {**os.environ, **env, "PYTHONUNBUFFERED": "1"}
    dask = [sys.executable, "-m", "dask"]
    log = log_dir / "dask-cluster.log"
    cluster = LoopbackCluster(address, full_env, log=log)
    with log.open("ab") as sink:
        def start(*args: str) -> None:
            cluster.processes.append(subprocess.Popen(
                [*dask, *args], cwd=log_dir, env=full_env, stdin=subprocess.DEVNULL,
                stdout=sink, stderr=sink, start_new_session=True))

        start("scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard")
        for _ in range(workers):
            start("worker", address, "--nworkers", "1", "--nthreads", "1", "--no-dashboard",
                  "--host", "127.0.0.1")
    try:
        cluster.wait_for_workers(workers)
    except BaseException:
        cluster.stop()
        raise
    return cluster


def stop_processes(processes: list[subprocess.Popen[bytes]]) -> None:
    """End each process and its children, by id: SIGTERM, then SIGKILL."""
    import psutil

    family: list[psutil.Process] = []
    for proc in processes:
        try:
            parent = psutil.Process(proc.pid)
            family.extend([*parent.children(recursive=True), parent])
        except psutil.NoSuchProcess:
            pass
    for member in family:
        try:
            member.terminate()
        except psutil.NoSuchProcess:
            pass
    _, alive = psutil.wait_procs(family, timeout=5)
    for member in alive:
        try:
            member.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(alive, timeout=5)
    for proc in processes:
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass


def _shutdown() -> None:
    cluster = _started.pop("cluster", None)
    if cluster is not None:
        cluster.stop()
    s3 = _started.pop("s3", None)
    if s3 is not None:
        s3.server.stop()


atexit.register(_shutdown)


def shared_s3() -> S3Server:
    """moto's S3 API on loopback, started once per test session; the
    environment points s3fs and botocore at it."""
    pytest.importorskip("moto.server")
    pytest.importorskip("s3fs")
    if "s3" not in _started:
        _started["s3"] = start_s3()
    return _started["s3"]  # type: ignore[no-any-return]


def shared_cluster(tmp_path_factory: pytest.TempPathFactory | None = None) -> LoopbackCluster:
    """A scheduler and two single-thread workers on loopback, started once
    per test session (they reach the moto server too; their log goes to a
    temporary folder)."""
    pytest.importorskip("distributed")
    s3 = shared_s3()
    if "cluster" not in _started:
        logs = (tmp_path_factory.mktemp("dask") if tmp_path_factory is not None
                else Path(tempfile.mkdtemp(prefix="entityx-dask-")))
        _started["cluster"] = start_cluster(s3.env, logs)
    return _started["cluster"]  # type: ignore[no-any-return]


def dask_case() -> tuple[RunOptions, Callable[[], None]]:
    """tests/test_engines.py's case for the Dask engine: options for the
    shared loopback cluster, and a function that SIGKILLs one of its
    worker processes (its nanny starts another)."""
    from entityx.options import RunOptions

    cluster = shared_cluster()
    cluster.wait_for_workers(2)

    def kill() -> None:
        with cluster.client() as client:
            busy = [address for address, keys in client.processing().items() if keys]
            pids = dict(client.run(os.getpid))
        os.kill(pids[busy[0]] if busy else next(iter(pids.values())), signal.SIGKILL)

    return RunOptions(engine="dask", scheduler=cluster.address), kill


def wait_until(condition: Any, timeout: float = START_TIMEOUT, step: float = 0.05) -> Any:
    """Poll ``condition()`` until it is true; fail (not a timing assertion:
    only a hang) after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting after {timeout} s for {condition}")
        time.sleep(step)
