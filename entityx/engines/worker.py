"""One worker process's state: the pipeline, loaded once, and a memory zone
kept open over several tasks."""

from __future__ import annotations

from contextlib import ExitStack

from ..extractor import Extractor, Input
from ..options import RunOptions
from ..pipeline import pipeline_lock
from ..results import DocumentResult

# A zone's end frees the words it saw, which later texts then look up again:
# a few percent of the time when zones are small, so a worker keeps one open
# until it has seen this many characters.
WORKER_ZONE_CHARS = 500_000

# The pipeline is cached per process, and spaCy's memory zones must not be
# nested: ending one clears every transient string of the vocab, also those
# of a zone opened inside it. So a process has one open zone per pipeline,
# whichever Worker opened it (a Dask worker holds one Worker per run's
# plugin, all on the same pipeline).
_OPEN_ZONES: dict[int, Worker] = {}


class Worker:
    """Runs tasks (lists of inputs) in one process."""

    def __init__(self, options: RunOptions) -> None:
        self.options = options
        self.extractor = Extractor.from_options(options)
        self.extractor.zones = False  # process() holds one over several tasks
        self._zone: ExitStack | None = None
        self._zone_chars = 0

    def load(self) -> None:
        """Load the pipeline now (before forking, or as a worker starts)."""
        self.extractor.nlp  # noqa: B018

    def process(self, task: list[Input]) -> list[DocumentResult]:
        nlp = self.extractor.nlp
        with pipeline_lock(nlp):
            if self._zone is None:
                holder = _OPEN_ZONES.get(id(nlp))
                if holder is not None and holder is not self:
                    holder.close()  # between its tasks: nothing refers into its zone
                self._zone = ExitStack()
                self._zone.enter_context(nlp.memory_zone())
                _OPEN_ZONES[id(nlp)] = self
            try:
                results = list(self.extractor.extract_inputs(
                    task, max_bytes=self.options.max_bytes, encoding=self.options.encoding))
            except BaseException:
                self.close()
                raise
        # Results hold plain Python strings only: nothing refers into the zone.
        self._zone_chars += sum(r.chars for r in results)
        if self._zone_chars >= WORKER_ZONE_CHARS:
            self.close()
        return results

    def close(self) -> None:
        """End this Worker's zone; from any thread, never under a running task."""
        if self._zone is None:
            return
        nlp = self.extractor.nlp
        with pipeline_lock(nlp):
            if self._zone is not None:
                self._zone.close()
                if _OPEN_ZONES.get(id(nlp)) is self:
                    del _OPEN_ZONES[id(nlp)]
            self._zone, self._zone_chars = None, 0
