"""Packaging: the built wheel carries the model, and an installed copy (not
the source tree) finds and uses it."""

from __future__ import annotations

import fnmatch
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from entityx.cli import app

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "en_entityx"


# Not part of a source distribution: left out of the copy the wheel is built from
# (the ignored training outputs of .gitignore among them).
EXCLUDE = (".git", ".venv", "build", "dist", "bench", "models/training*", "models/corpus*",
           "models/stage*", "models/vectors", "models/*.log")


def _ignore(directory: str, names: list[str]) -> set[str]:
    rel = Path(directory).relative_to(ROOT)
    return {n for n in names
            if any(fnmatch.fnmatchcase((rel / n).as_posix(), pattern) for pattern in EXCLUDE)
            or n == "__pycache__" or n.endswith(".egg-info")
            or n in {".pytest_cache", ".ruff_cache", ".mypy_cache", ".hypothesis"}}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from a clean copy of the tree (pip builds in place, and
    a stale build/ folder could hide a missing file)."""
    base = tmp_path_factory.mktemp("wheel")
    source = base / "src"
    shutil.copytree(ROOT, source, ignore=_ignore)
    out = base / "dist"
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out),
         str(source)], capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    wheels = list(out.glob("entityx-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


@pytest.mark.slow
def test_wheel_holds_the_whole_model(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    model_files = {f"entityx/model/{p.relative_to(MODEL).as_posix()}"
                   for p in MODEL.rglob("*") if p.is_file()}
    assert model_files, "no model in models/en_entityx"
    assert model_files <= names, sorted(model_files - names)
    assert {"entityx/model/config.cfg", "entityx/model/meta.json"} <= names
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "entityx_titles = entityx.titles:make_titles" in text
    assert "entityx = entityx.cli:main" in text


@pytest.mark.slow
def test_wheel_holds_every_module_and_data_file(wheel: Path) -> None:
    """Each subpackage must be listed in pyproject.toml; one that is not is
    missing from an installed copy while the source tree hides it."""
    names = set(zipfile.ZipFile(wheel).namelist())
    package = ROOT / "entityx"
    build_inputs = {"entityx/linking/regions.tsv"}  # read by the gazetteer's build only
    shipped = {f"entityx/{p.relative_to(package).as_posix()}" for p in package.rglob("*")
               if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}
    assert shipped - build_inputs - names == set()


INSTALLED_CHECK = """
import json, sys
from pathlib import Path
root = Path(sys.argv[1]).resolve()
import entityx, entityx.pipeline
package = Path(entityx.__file__).resolve()
model = entityx.pipeline.default_model_path().resolve()
result = entityx.extract("Ms Pugh met Barack Obama in Paris on Monday.")
print(json.dumps({
    "package_inside": package.is_relative_to(root),
    "model_inside": model.is_relative_to(root),
    "model": str(model),
    "people": [e.name for e in result.entities if e.type == "person"],
}))
"""


@pytest.mark.slow
def test_installed_wheel_uses_its_own_model(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(target),
         str(wheel)], capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    proc = subprocess.run([sys.executable, "-c", INSTALLED_CHECK, str(target)], cwd=elsewhere,
                          env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["package_inside"], "imported entityx from the source tree, not the wheel"
    assert report["model_inside"], report["model"]
    assert {"Pugh", "Barack Obama"} <= set(report["people"])


def test_every_command_is_documented() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = [c.name or (c.callback.__name__ if c.callback else "")
                for c in app.registered_commands]
    assert commands
    for command in commands:
        assert f"entityx {command} " in readme, command



def test_embedded_vectors_are_looked_up_by_lower_case() -> None:
    """The GloVe table is keyed on lower-cased words: the saved pipeline must
    say so, or every capitalised token (nearly every name) misses its vector."""
    import spacy

    from entityx.pipeline import load_pipeline

    nlp = load_pipeline(None)
    vectors = nlp.vocab.vectors
    assert vectors.attr == spacy.attrs.LOWER
    doc = nlp.make_doc("Paris PARIS paris Sakakibara")
    assert all(token.has_vector for token in doc)
    # a rare name shares a kept word's row, the three spellings of one word share one
    rows = [vectors.find(key=token.lower) for token in doc]
    assert rows[0] == rows[1] == rows[2] >= 0 and rows[3] >= 0
    assert len(vectors.key2row) > vectors.shape[0]
