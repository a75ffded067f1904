"""RunOptions: everything a run needs to know, in one picklable object.

The command line builds one; engines hand it to their workers (a fork pool's
initialiser, a Dask worker plugin) unchanged, so a new option is one field
here and the code that reads it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from .documents import DEFAULT_MAX_BYTES
from .labels import TYPES

ENGINES = ("local", "dask")


@dataclass(frozen=True)
class RunOptions:
    model: str | None = None  # an installed pipeline, a folder, None: the embedded one
    types: tuple[str, ...] = TYPES
    jobs: int = 1  # worker processes (local engine) / local cluster size (dask)
    engine: str = "local"
    scheduler: str | None = None  # dask: tcp://host:port of a running cluster
    max_bytes: int = DEFAULT_MAX_BYTES
    encoding: str | None = None
    glob: str | None = None
    with_text: bool = False  # results carry the text their offsets refer to
    link: bool = True  # place linking, where a linker is installed

    def __post_init__(self) -> None:
        object.__setattr__(self, "types", tuple(self.types) if self.types else TYPES)

    def but(self, **changes: Any) -> RunOptions:
        """A copy with some fields changed."""
        return replace(self, **changes)

    @property
    def pipeline_key(self) -> tuple[str | None, tuple[str, ...]]:
        """What decides the loaded pipeline and its output (for caches)."""
        return (self.model, self.types)
