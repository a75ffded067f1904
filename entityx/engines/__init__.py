"""Engines run a batch of inputs and give back one result per input, in
input order. They differ only in where the work happens: this process, a
pool of forked workers, a Dask cluster. tests/test_engines.py holds the
contract every engine passes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .base import Engine

if TYPE_CHECKING:
    from ..options import RunOptions


def get_engine(options: RunOptions) -> Engine:
    """The engine ``options`` ask for."""
    if options.engine == "dask":
        from .dask import DaskEngine

        return DaskEngine(options)
    from .local import PoolEngine, SerialEngine

    return SerialEngine(options) if options.jobs <= 1 else PoolEngine(options)


__all__ = ["Engine", "get_engine"]
