"""entityx: people, places and organisations in English text.

The API (``extract``, ``extract_texts``, ``extract_file``, ``extract_paths``)
is imported lazily so that ``entityx --help`` never loads spaCy.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_API = {
    "extract": "api", "extract_texts": "api", "extract_file": "api",
    "extract_paths": "api", "extract_sources": "api", "Extractor": "api",
    "DocumentResult": "results", "Entity": "results", "Mention": "results",
    "load_pipeline": "pipeline", "TYPES": "labels",
}

__all__ = ["__version__", *_API]


def __getattr__(name: str) -> Any:
    if name in _API:
        from importlib import import_module

        return getattr(import_module(f".{_API[name]}", __name__), name)
    raise AttributeError(f"module 'entityx' has no attribute {name!r}")
