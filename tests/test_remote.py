"""Inputs and -o at fsspec URLs, against a real S3 API on loopback (moto's
server mode, read and written through s3fs) and file:// URLs.

The reference is always entityx's own output on the same documents as a
local folder: a URL changes where the bytes come from and go to, never the
results.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fsspec")

from _cluster import S3Server, shared_s3, wait_until  # noqa: E402
from _support import entityx_command  # noqa: E402

from entityx.documents import Source, discover  # noqa: E402
from entityx.errors import InputError  # noqa: E402
from entityx.remote import (  # noqa: E402
    discover_url,
    open_url_output,
    read_url_bytes,
    read_url_output,
    url_is_folder,
)

PEOPLE = ["Angela Merkel", "Emmanuel Macron", "Jacinda Ardern", "Olaf Scholz", "Pedro Sanchez"]
PLACES = ["Paris", "Berlin", "Madrid", "Wellington", "Geneva"]
ORGS = ["the United Nations", "the World Bank", "Siemens", "the European Commission"]


def document(i: int) -> str:
    """A short news-like text, different for each ``i``."""
    who, other = PEOPLE[i % 5], PEOPLE[(i + 2) % 5]
    where, org = PLACES[(i * 3) % 5], ORGS[i % 4]
    return (f"{who} met {other} in {where} on Tuesday, officials said.\n\n"
            f"Speaking for {org}, {other.split()[-1]} said talks in {PLACES[(i + 1) % 5]} "
            f"would go on. Report number {i}.\n")


def make_tree(root: Path) -> dict[str, bytes]:
    """Files as a relative path -> bytes map, written under ``root``: nested
    folders, names that sort differently as paths and as components, a
    hidden file, a non-text suffix."""
    files = {f"a{i}.txt" if i % 3 else f"a/{i:02d}.txt": document(i).encode() for i in range(7)}
    files["a.txt"] = document(20).encode()
    files["b/c/deep.txt"] = document(21).encode()
    files["b/notes.md"] = document(22).encode()
    files[".hidden/x.txt"] = b"never read"
    files["b/.secret.txt"] = b"never read"
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return files


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    root = tmp_path_factory.mktemp("tree")
    return root, make_tree(root)


@pytest.fixture(scope="module")
def s3_server() -> S3Server:
    return shared_s3()


@pytest.fixture(scope="module")
def bucket(s3_server: S3Server, tree: tuple[Path, dict[str, bytes]]) -> str:
    """A bucket holding the tree under docs/."""
    fs = s3_server.filesystem()
    fs.mkdir("entityx-test")
    for rel, data in tree[1].items():
        fs.pipe(f"entityx-test/docs/{rel}", data)
    return "entityx-test"


def run(*args: str, env: dict[str, str] | None = None, timeout: float = 300
        ) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if k != "ENTITYX_TRACEBACK"}
    return subprocess.run([entityx_command(), "extract", *args], capture_output=True, text=True,
                          encoding="utf-8", env={**full, **(env or {})}, stdin=subprocess.DEVNULL,
                          timeout=timeout)


def rel_names(sources: list[Source], prefix: str) -> list[str]:
    assert all(s.name.startswith(prefix) for s in sources), [s.name for s in sources]
    return [s.name[len(prefix):] for s in sources]


@pytest.mark.parametrize("glob", [None, "*.txt", "c/*.txt", "0*"])
def test_file_urls_are_discovered_like_the_folder(tree: tuple[Path, dict[str, bytes]],
                                                  glob: str | None) -> None:
    root, _ = tree
    local = rel_names(list(discover([str(root)], glob)), f"{root}/")
    url = rel_names(list(discover_url(f"file://{root}/", glob)), f"file://{root}/")
    assert url == local
    assert ".hidden/x.txt" not in url and "b/.secret.txt" not in url


@pytest.mark.parametrize("glob", [None, "*.txt", "b/*"])
def test_s3_prefixes_are_discovered_like_the_folder(tree: tuple[Path, dict[str, bytes]],
                                                    bucket: str, glob: str | None) -> None:
    root, files = tree
    local = rel_names(list(discover([str(root)], glob)), f"{root}/")
    for url in (f"s3://{bucket}/docs/", f"s3://{bucket}/docs"):
        found = list(discover_url(url, glob))
        assert all(s.url == s.name and s.problem is None for s in found)
        assert rel_names(found, f"s3://{bucket}/docs/") == local
    sources = list(discover_url(f"s3://{bucket}/docs/", glob))
    assert [read_url_bytes(s, 10_000) for s in sources] == [files[r] for r in local]


def test_one_object_and_problems_are_sources(bucket: str) -> None:
    url = f"s3://{bucket}/docs/a.txt"
    assert list(discover_url(url)) == [Source(url, url=url)]
    missing = list(discover_url(f"s3://{bucket}/nothing-here/"))
    assert [(s.name, s.problem) for s in missing] == [
        (f"s3://{bucket}/nothing-here/", "no such file or folder")]
    unknown = list(discover_url("nosuchscheme://x/y"))
    assert unknown[0].problem is not None and "nosuchscheme" in unknown[0].problem


def test_reading_refuses_what_is_over_the_limit(bucket: str) -> None:
    source = Source(f"s3://{bucket}/docs/a.txt", url=f"s3://{bucket}/docs/a.txt")
    with pytest.raises(InputError, match=r"over the limit of 10 bytes; raise the limit with --max-bytes"):
        read_url_bytes(source, 10)
    gone = Source(f"s3://{bucket}/docs/gone.txt", url=f"s3://{bucket}/docs/gone.txt")
    with pytest.raises(InputError, match="no such file"):
        read_url_bytes(gone, 10_000)


def test_an_output_url_appears_only_when_finished(s3_server: S3Server, bucket: str) -> None:
    url = f"s3://{bucket}/out/whole.jsonl"
    stream, finish = open_url_output(url)
    stream.write('{"source": "x"}\n')
    stream.flush()
    assert read_url_output(url) is None  # nothing visible while it is written
    finish()
    assert read_url_output(url) == b'{"source": "x"}\n'
    stream, finish = open_url_output(url, append=True)  # --resume: old records kept
    stream.write('{"source": "y"}\n')
    finish()
    assert read_url_output(url) == b'{"source": "x"}\n{"source": "y"}\n'


@pytest.fixture(scope="module")
def folder_output(tree: tuple[Path, dict[str, bytes]]) -> Callable[[str], bytes]:
    """The local engine's JSONL on the tree as a folder, with its folder
    prefix written as ``prefix`` (so it can stand for a URL's output)."""
    root, _ = tree
    proc = run(str(root), "-f", "jsonl")
    assert proc.returncode == 0, proc.stderr

    def as_if(prefix: str) -> bytes:
        return proc.stdout.replace(json.dumps(f"{root}/")[:-1], json.dumps(prefix)[:-1]).encode()

    return as_if


def test_cli_reads_s3_and_writes_s3(s3_server: S3Server, bucket: str,
                                    folder_output: Callable[[str], bytes]) -> None:
    out = f"s3://{bucket}/results/run.jsonl"
    proc = run(f"s3://{bucket}/docs/", "-o", out)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    assert read_url_output(out) == folder_output(f"s3://{bucket}/docs/")


def test_cli_resume_on_an_s3_output(s3_server: S3Server, bucket: str,
                                    folder_output: Callable[[str], bytes]) -> None:
    expected = folder_output(f"s3://{bucket}/docs/")
    lines = expected.splitlines(keepends=True)
    out = f"s3://{bucket}/results/resumed.jsonl"
    # a stopped run: three records, then a torn line
    s3_server.filesystem().pipe(out.removeprefix("s3://"), b"".join(lines[:3]) + lines[3][:20])
    proc = run(f"s3://{bucket}/docs/", "-o", out, "-f", "jsonl", "--resume")
    assert proc.returncode == 0, proc.stderr
    assert "resuming: 3 input(s) already in" in proc.stderr
    assert read_url_output(out) == expected


def test_cli_killed_run_leaves_the_old_object(s3_server: S3Server, bucket: str,
                                              tmp_path: Path) -> None:
    """SIGKILL while writing -o s3://…: the object is the old one, whole."""
    out = f"s3://{bucket}/results/killed.jsonl"
    fs = s3_server.filesystem()
    fs.pipe(out.removeprefix("s3://"), b'{"source": "old"}\n')
    for i in range(200):  # a run that lasts seconds once its output is open
        fs.pipe(f"{bucket}/many/doc{i:03d}.txt", (document(i) * 4).encode())
    spool = tmp_path / "spool"
    spool.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "ENTITYX_TRACEBACK"}
    proc = subprocess.Popen([entityx_command(), "extract", f"s3://{bucket}/many/", "-o", out],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env={**env, "TMPDIR": str(spool)})
    try:
        wait_until(lambda: any(spool.iterdir()) or proc.poll() is not None)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL  # killed while writing, before finishing
    assert read_url_output(out) == b'{"source": "old"}\n'


def test_cli_unwritable_output_url_is_one_line(s3_server: S3Server, bucket: str) -> None:
    proc = run(f"s3://{bucket}/docs/a.txt", "-o", "s3://no-such-bucket/out.json")
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("entityx: error: s3://no-such-bucket/out.json: upload failed")
    kept = Path(lines[0].rsplit("kept in ", 1)[1])
    assert json.loads(kept.read_text())["source"] == f"s3://{bucket}/docs/a.txt"
    kept.unlink()


def test_cli_bad_url_input_is_an_error_record(bucket: str, tmp_path: Path) -> None:
    proc = run(f"s3://{bucket}/docs/missing.txt", f"s3://{bucket}/docs/a.txt", "-f", "jsonl")
    assert proc.returncode == 1
    records: list[dict[str, Any]] = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["source"] for r in records] == [f"s3://{bucket}/docs/missing.txt",
                                              f"s3://{bucket}/docs/a.txt"]
    assert records[0]["error"] == "no such file or folder"
    assert "entities" in records[1]
    assert f"entityx: error: s3://{bucket}/docs/missing.txt: no such file or folder" in proc.stderr


def test_folder_urls_are_told_from_objects(tree: tuple[Path, dict[str, bytes]],
                                           bucket: str) -> None:
    root, _ = tree
    assert url_is_folder(f"file://{root}/") and url_is_folder(f"file://{root}/b")
    assert not url_is_folder(f"file://{root}/a.txt")
    assert url_is_folder(f"s3://{bucket}/docs/") and url_is_folder(f"s3://{bucket}/docs")
    assert not url_is_folder(f"s3://{bucket}/docs/a.txt")
    assert not url_is_folder(f"s3://{bucket}/nothing-here/")


def test_cli_json_of_a_url_folder_is_a_list(bucket: str,
                                            folder_output: Callable[[str], bytes]) -> None:
    proc = run(f"s3://{bucket}/docs/", "-f", "json")
    assert proc.returncode == 0, proc.stderr
    records = json.loads(proc.stdout)
    expected = [json.loads(line) for line in folder_output(f"s3://{bucket}/docs/").splitlines()]
    assert records == expected
