"""Helpers shared by test modules (pytest puts this folder on sys.path)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest


def entityx_command() -> str:
    """The installed ``entityx`` console script of this environment."""
    beside_python = Path(sys.executable).with_name("entityx")
    found = str(beside_python) if beside_python.exists() else shutil.which("entityx")
    if found is None:
        pytest.fail("the entityx command is not installed (pip install -e .)")
    return found
