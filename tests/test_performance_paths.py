"""The shortcuts taken for speed and memory change nothing that can be seen:
spaCy imported without its CLI, the embedded tokenizer loaded once, batches
cut by characters, worker processes. (Speed itself is measured by bench/,
never asserted here.)"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import entityx
from entityx import extractor
from entityx.extractor import Extractor, _char_batches

ROOT = Path(__file__).resolve().parent.parent
TRICKY = ("Mr. Smith's e-mail (a.b@x.com) says: see https://x.org/a?b=1 -- U.S. don't "
          "can't 3.5km :) N.Y.-based \u201cquotes\u201d \u2014 dashes\u2026 'til 5p.m.")


def _python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300, cwd=ROOT)


def test_spacy_without_its_cli_then_with_it() -> None:
    code = """
import sys
import entityx.extractor, entityx.mentions  # what the command imports first
assert "spacy.cli" not in sys.modules, "spacy.cli was imported with the extractor"
from entityx.pipeline import load_pipeline
nlp = load_pipeline()
assert "spacy.cli" not in sys.modules, "spacy.cli was imported"
import spacy
assert callable(spacy.info)
import spacy.cli
from spacy.cli import init_config, train  # noqa: F401
assert spacy.cli.__file__.endswith("__init__.py")
assert isinstance(spacy.info(markdown=True), str)
print("ok")
"""
    proc = _python(code)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "ok"


def test_tokenizer_as_spacy_loads_it(nlp: object) -> None:
    import spacy

    from entityx.pipeline import default_model_path

    plain = spacy.load(default_model_path())
    text = TRICKY + "\n\n" + (ROOT / "samples" / "trump-putin-call.txt").read_text(encoding="utf-8")
    ours = [(t.text, t.whitespace_) for t in nlp.tokenizer(text)]  # type: ignore[attr-defined]
    assert ours == [(t.text, t.whitespace_) for t in plain.tokenizer(text)]
    # The config says what spaCy says, so a saved copy loads anywhere.
    assert nlp.config["nlp"]["tokenizer"] == {"@tokenizers": "spacy.Tokenizer.v1"}  # type: ignore[attr-defined]


def test_embedded_model_without_its_training_strings(nlp: object) -> None:
    import json

    import spacy

    from entityx.pipeline import default_model_path, prepare

    # the shipped string store is the labels (tests/test_training.py: the
    # same entities as with every training string); spaCy's own load of the
    # folder gives what entityx's does
    shipped = json.loads((default_model_path() / "vocab" / "strings.json").read_text())
    assert shipped == ["LOC", "ORG", "PERSON"]
    full = prepare(spacy.load(default_model_path()))
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples").rglob("*.txt"))]
    texts.append(TRICKY)
    for text in texts:
        ours, theirs = nlp(text), full(text)  # type: ignore[operator]
        assert [(e.start_char, e.end_char, e.label_) for e in ours.ents] == \
            [(e.start_char, e.end_char, e.label_) for e in theirs.ents]
        assert [(s.start, s.end) for s in ours.spans["titles"]] == \
            [(s.start, s.end) for s in theirs.spans["titles"]]


def test_char_batches() -> None:
    pieces = [("a" * n, i) for i, n in enumerate([3, 4, 5, 20, 1, 1])]
    batches = list(_char_batches(pieces, 10))
    assert [[c for _, c in b] for b in batches] == [[0, 1], [2], [3], [4, 5]]
    assert list(_char_batches([], 10)) == []


def test_batching_changes_no_result(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples").glob("*.txt"))]
    texts += [TRICKY, "", "Angela Merkel met Emmanuel Macron in Paris. " * 300]
    items = [(t, f"<{i}>") for i, t in enumerate(texts)]
    one_batch = [r.to_dict() for r in Extractor(batch_chars=10**9).extract_texts(items)]
    monkeypatch.setattr(extractor, "CHUNK_CHARS", 2_000)
    small = [r.to_dict() for r in Extractor(batch_chars=500, batch_docs=3).extract_texts(items)]
    assert small == one_batch


def test_jobs_give_the_same_results(tmp_path: Path) -> None:
    for i in range(20):
        (tmp_path / f"{i:02d}.txt").write_text(
            f"Story {i}. Mr Trump spoke to Vladimir Putin in Moscow on day {i}.\n", "utf-8")
    one = [r.to_dict() for r in entityx.extract_paths([str(tmp_path)], jobs=1)]
    two = [r.to_dict() for r in entityx.extract_paths([str(tmp_path)], jobs=2)]
    assert two == one
    assert [r["source"] for r in one] == sorted(r["source"] for r in one)
