"""Shared fixtures: paths, the loaded pipeline, CLI runners.

The embedded model is an early checkpoint that will be replaced; tests check
behaviour that any decent model plus entityx's rules must give, never one
model's particular mistakes.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import _support
import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SHARED_SAMPLE = SAMPLES / "trump-putin-call.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def nlp() -> Any:
    """The default pipeline (embedded model + entityx's components), loaded once."""
    from entityx.pipeline import load_pipeline

    return load_pipeline()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def entityx_command() -> str:
    """The installed ``entityx`` console script of this environment."""
    return _support.entityx_command()


@pytest.fixture(scope="session")
def run_entityx(entityx_command: str) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the installed command in a subprocess: ``run_entityx("extract", path,
    input=..., cwd=...)``. stdin is empty (not a terminal) unless ``input``."""

    def run(*args: str, input: str | None = None, cwd: Path | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if k != "ENTITYX_TRACEBACK"}
        return subprocess.run(
            [entityx_command, *args], input=input if input is not None else "",
            capture_output=True, text=True, encoding="utf-8", cwd=cwd or ROOT,
            env=env, timeout=timeout,
        )

    return run


@pytest.fixture(scope="session")
def shared_sample_json(run_entityx: Callable[..., subprocess.CompletedProcess[str]]
                       ) -> dict[str, Any]:
    """``entityx extract samples/trump-putin-call.txt -f json``, parsed."""
    proc = run_entityx("extract", "samples/trump-putin-call.txt", "-f", "json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def make_file(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write a UTF-8 file under tmp_path: ``make_file("sub/a.txt", text)``."""
    return lambda rel, text: write(tmp_path / rel, text)
