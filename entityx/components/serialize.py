"""Saving a component's state as one JSON file (``to_disk``) or JSON bytes
(``to_bytes``), honouring spaCy's ``exclude`` the usual way: naming the
component's field (``state_key``) in ``exclude`` skips the state, and the
component keeps what its config gave it."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar, TypeVar

_T = TypeVar("_T", bound="JsonState")


class JsonState:
    """Mixin: subclasses define ``_state()`` / ``_load_state(state)``."""

    state_file: ClassVar[str]
    state_key: ClassVar[str]

    def _state(self) -> dict[str, Any]:
        raise NotImplementedError

    def _load_state(self, state: dict[str, Any]) -> None:
        raise NotImplementedError

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        state = {} if self.state_key in exclude else self._state()
        return json.dumps(state).encode("utf-8")

    def from_bytes(self: _T, data: bytes, *, exclude: Iterable[str] = ()) -> _T:
        state = json.loads(data.decode("utf-8"))
        if state and self.state_key not in exclude:
            self._load_state(state)
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        if self.state_key not in exclude:
            (path / self.state_file).write_text(json.dumps(self._state(), indent=1),
                                                encoding="utf-8")

    def from_disk(self: _T, path: str | Path, *, exclude: Iterable[str] = ()) -> _T:
        file = Path(path) / self.state_file
        # A pipeline saved with the state excluded has no file: keep the config's.
        if self.state_key not in exclude and file.is_file():
            self._load_state(json.loads(file.read_text(encoding="utf-8")))
        return self
