"""entityx's Python API: text or files in, :class:`DocumentResult` out.

    >>> import entityx
    >>> result = entityx.extract("Mr Putin met Angela Merkel in Berlin.")
    >>> [(e.name, e.type) for e in result.entities]

The command-line tool is a thin layer over :func:`extract_paths`. The work
is done by :mod:`entityx.extractor` (one process) and :mod:`entityx.engines`
(several); the names they had here are re-exported.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from .documents import DEFAULT_MAX_BYTES, Source, discover
from .engines import get_engine
from .engines.local import tune_malloc  # noqa: F401  (re-exported)
from .extractor import (  # noqa: F401  (re-exported)
    BATCH_CHARS,
    BATCH_DOCS,
    CHUNK_CHARS,
    Extractor,
    shared_extractor,
    split_text,
)
from .mentions import doc_mentions  # noqa: F401  (re-exported)
from .options import RunOptions
from .results import DocumentResult


def _options(model: str | None, types: Sequence[str] | None, **more: Any) -> RunOptions:
    return RunOptions(model=model, types=tuple(types or ()), **more)


def extract(text: str, *, model: str | None = None, types: Sequence[str] | None = None,
            source: str = "<text>") -> DocumentResult:
    """People, places and organisations in ``text``."""
    return shared_extractor(_options(model, types)).extract(text, source)


def extract_texts(texts: Iterable[str], *, model: str | None = None,
                  types: Sequence[str] | None = None) -> Iterator[DocumentResult]:
    """Results for many texts, in order (sources are ``<text N>``)."""
    return shared_extractor(_options(model, types)).extract_texts(
        (text, f"<text {i}>") for i, text in enumerate(texts, 1))


def extract_file(path: str | os.PathLike[str], *, model: str | None = None,
                 types: Sequence[str] | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                 encoding: str | None = None) -> DocumentResult:
    """The result for one file; an unreadable file gives a result with ``error``."""
    from pathlib import Path

    source = Source(os.fspath(path), Path(path))
    return next(shared_extractor(_options(model, types)).extract_inputs(
        [source], max_bytes=max_bytes, encoding=encoding))


def extract_sources(sources: Iterable[Source], *, options: RunOptions | None = None,
                    **option_fields: Any) -> Iterator[DocumentResult]:
    """Results for inputs found by :func:`entityx.documents.discover`, in order,
    by the engine the options choose (``jobs=2``: two worker processes).
    Standard input is read here, in this process."""
    if options is None:
        if option_fields.get("types") is not None:
            option_fields["types"] = tuple(option_fields["types"])
        else:
            option_fields.pop("types", None)
        options = RunOptions(**option_fields)
    elif option_fields:
        options = options.but(**option_fields)
    return get_engine(options).run(list(sources))


def extract_paths(paths: Sequence[str], *, glob: str | None = None, **options: Any
                  ) -> Iterator[DocumentResult]:
    """Results for files, folders (recursive) and ``-`` (stdin); see
    :func:`extract_sources` for the options."""
    return extract_sources(discover(paths, glob), **options)
