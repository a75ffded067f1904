"""Corrupted documents: bytes of valid PDF, DOCX, ODT, EPUB, HTML and e-mail files
flipped, zeroed, cut and spliced.

* Reader level (hypothesis): the reader chosen for the bytes returns a
  Document whose offsets make sense or raises InputError with a one-line
  reason naming the input; never anything else.
* Command level: a folder of corrupted files gives one record per file, no
  traceback, exit status 0 or 1.

``HYPOTHESIS_PROFILE=thorough`` (see test_fuzz.py) runs 10,000 examples a test.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from entityx.errors import InputError
from entityx.readers import RawInput, ReadOptions, choose

DOCS = Path(__file__).resolve().parent / "fixtures" / "docs"
VALID = ("sample-lo.pdf", "sample-chromium.pdf", "briefing.docx", "sample-lo.docx",
         "briefing.odt", "briefing.epub", "news-article.html", "briefing-mail.eml")
_PROFILES = {
    "ci": settings(max_examples=60, deadline=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]),
    "thorough": settings(max_examples=10_000, deadline=None,
                         suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]),
}
PROFILE = _PROFILES.get(os.environ.get("HYPOTHESIS_PROFILE", "ci"), _PROFILES["ci"])


def corrupt(data: bytes, edits: list[tuple[str, float, int, bytes]]) -> bytes:
    """Apply edits, each (what, where as a fraction of the length, size, bytes)."""
    out = bytearray(data)
    for what, where, size, junk in edits:
        at = int(where * len(out))
        if what == "flip" and out:
            at = min(at, len(out) - 1)
            out[at] ^= 1 << (size % 8)
        elif what == "zero":
            out[at:at + size] = bytes(len(out[at:at + size]))
        elif what == "cut":
            del out[at:]
        elif what == "splice":
            out[at:at] = junk
        elif what == "drop":
            del out[at:at + size]
    return bytes(out)


EDITS = st.lists(
    st.tuples(st.sampled_from(["flip", "zero", "cut", "splice", "drop"]),
              st.floats(min_value=0, max_value=1), st.integers(min_value=1, max_value=4096),
              st.binary(max_size=64)),
    min_size=1, max_size=6)


def check(name: str, data: bytes, suffix: str) -> None:
    raw = RawInput(name, data, suffix)
    reader = choose(raw)
    try:
        doc = reader.read(raw, ReadOptions(max_bytes=4 << 20))
    except InputError as exc:
        assert exc.source == name and exc.reason and "\n" not in exc.reason
        return
    assert isinstance(doc.text, str) and doc.kind == reader.kind
    doc.text.encode("utf-8", "surrogatepass")
    if doc.pages is not None:
        assert doc.pages == sorted(doc.pages) and all(0 <= p <= len(doc.text) for p in doc.pages)


@pytest.mark.parametrize("name", VALID)
def test_corrupted_documents_read_or_fail_cleanly(name: str) -> None:
    original = (DOCS / name).read_bytes()

    @PROFILE
    @given(edits=EDITS)
    def run(edits: list[tuple[str, float, int, bytes]]) -> None:
        check(name, corrupt(original, edits), Path(name).suffix)

    run()


def test_every_corrupted_file_in_a_folder_is_accounted_for(
        tmp_path: Path, run_entityx: Callable[..., Any]) -> None:
    rng = random.Random(11)
    made = []
    for name in VALID:
        data = (DOCS / name).read_bytes()
        for copy in range(4):
            edits = [(rng.choice(["flip", "zero", "cut", "splice", "drop"]), rng.random(),
                      rng.randint(1, 2048), rng.randbytes(rng.randint(0, 32)))
                     for _ in range(rng.randint(1, 4))]
            path = tmp_path / f"{copy}-{name}"
            path.write_bytes(corrupt(data, edits))
            made.append(path.name)
    result = run_entityx("extract", str(tmp_path), "-f", "jsonl", timeout=600)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted(Path(r["source"]).name for r in records) == sorted(made)
    for record in records:
        assert ("error" in record) != ("entities" in record and "error" not in record)
