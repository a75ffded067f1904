"""entityx's Python API: text or files in, :class:`DocumentResult` out.

    >>> import entityx
    >>> result = entityx.extract("Mr Putin met Angela Merkel in Berlin.")
    >>> [(e.name, e.type) for e in result.entities]

The command-line tool is a thin layer over :func:`extract_paths`.
"""

from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.pool
import os
import re
import signal
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack, nullcontext
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InputError
from .labels import TYPES
from .mentions import doc_mentions  # noqa: F401  (re-exported)
from .merge import group_mentions
from .results import DocumentResult, Mention
from .sources import DEFAULT_MAX_BYTES, STDIN, Source, decode, discover, read_bytes

if TYPE_CHECKING:
    from spacy.language import Language

# Texts longer than this are cut at paragraph or sentence boundaries and run
# as several spaCy docs; mention offsets still point into the whole text.
# spaCy's working memory grows with the characters in one nlp.pipe batch (a
# few KB per character for this pipeline: 100,000 characters at once cost
# ~300 MB more), while its speed is the same from a few thousand characters
# up: so pieces are short and batches are cut by characters too.
CHUNK_CHARS = 10_000
BATCH_CHARS = 10_000  # characters per nlp.pipe batch (a longer piece goes alone)
BATCH_DOCS = 32  # documents per memory zone (strings are freed after each)
# --jobs: inputs per pool task. Small tasks keep the workers busy to the end
# and the output flowing; each worker keeps its memory zone open over several
# tasks (a zone's end frees the words it saw, which later texts then look up
# again: a few percent of the time when zones are small).
POOL_TASK_INPUTS = 8
WORKER_ZONE_CHARS = 500_000
_SURROGATES = re.compile("[\ud800-\udfff]")
_LONG_RUN = 100
_LONG_RUNS = re.compile(rf"\S{{{_LONG_RUN + 1},}}")


def _for_model(text: str) -> str:
    """The text as spaCy is given it: the same length, so offsets and mention
    texts still refer to the text as given, but with lone surrogates (a str
    from surrogateescape or a JSON "\\ud800"), which make spaCy raise, as
    U+FFFD, and a space for every 100th character of a run without
    whitespace: spaCy's tokenizer is quadratic in such a run's length when it
    splits off punctuation or symbols (10,000 "=" take a minute)."""
    text = _SURROGATES.sub("\ufffd", text)
    return _LONG_RUNS.sub(lambda m: "".join(
        m[0][i:i + _LONG_RUN - 1] + " " for i in range(0, len(m[0]), _LONG_RUN))[:len(m[0])], text)


def split_text(text: str, limit: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """Cut ``text`` into ``(offset, piece)`` pieces of at most ``limit``
    characters, at the last paragraph break, else line break, else sentence
    end, else space before the limit (a hard cut only if there is none)."""
    if len(text) <= limit:
        return [(0, text)]
    pieces: list[tuple[int, str]] = []
    start = 0
    n = len(text)
    while start < n:
        end = min(start + limit, n)
        if end < n:
            window = text[start:end]
            cut = -1
            for sep in ("\n\n", "\n", ". ", "? ", "! ", " "):
                pos = window.rfind(sep, limit // 2)
                if pos != -1:
                    cut = pos + len(sep)
                    break
            if cut > 0:
                end = start + cut
        pieces.append((start, text[start:end]))
        start = end
    return pieces


def _char_batches(pieces: list[tuple[str, Any]], limit: int) -> Iterator[list[tuple[str, Any]]]:
    """Consecutive ``(text, context)`` pieces in batches of at most ``limit``
    characters (a longer piece is a batch of its own)."""
    batch: list[tuple[str, Any]] = []
    size = 0
    for piece in pieces:
        if batch and size + len(piece[0]) > limit:
            yield batch
            batch, size = [], 0
        batch.append(piece)
        size += len(piece[0])
    if batch:
        yield batch


class Extractor:
    """A loaded pipeline plus options; reuse one for many texts."""

    def __init__(self, model: str | None = None, types: Sequence[str] | None = None,
                 batch_docs: int = BATCH_DOCS, batch_chars: int = BATCH_CHARS) -> None:
        self.model = model
        self.types = tuple(types) if types else TYPES
        self.batch_docs = batch_docs
        self.batch_chars = batch_chars
        self._nlp: Language | None = None
        self._zones = True  # a memory zone per batch (off: the caller holds one)

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            from .pipeline import load_pipeline

            self._nlp = load_pipeline(self.model)
        return self._nlp

    def extract(self, text: str, source: str = "<text>") -> DocumentResult:
        return next(self.extract_texts([(text, source)]))

    def extract_texts(self, items: Iterable[tuple[str, str]]) -> Iterator[DocumentResult]:
        """Results for ``(text, source)`` pairs, in order, batched through
        ``nlp.pipe`` with a memory zone per batch so memory stays flat."""
        iterator = iter(items)
        while batch := list(islice(iterator, self.batch_docs)):
            yield from self._run_batch(batch)

    def _run_batch(self, batch: list[tuple[str, str]]) -> list[DocumentResult]:
        nlp = self.nlp
        pieces = [
            (_for_model(piece), (i, offset))
            for i, (text, _) in enumerate(batch)
            for offset, piece in split_text(text, min(CHUNK_CHARS, nlp.max_length))
        ]
        found: list[list[tuple[str, Mention]]] = [[] for _ in batch]
        try:
            with nlp.memory_zone() if self._zones else nullcontext():
                for sub in _char_batches(pieces, self.batch_chars):
                    for doc, (i, offset) in nlp.pipe(sub, as_tuples=True, batch_size=len(sub)):
                        found[i].extend(doc_mentions(doc, self.types, offset, batch[i][0]))
        except Exception:
            if len(batch) == 1:
                raise
            # Find the one document that breaks the pipeline; keep the others.
            results = []
            for item in batch:
                try:
                    results.extend(self._run_batch([item]))
                except Exception as exc:  # noqa: BLE001 - reported as the document's error
                    results.append(DocumentResult(item[1], error=f"processing failed: {exc}"))
            return results
        return [
            DocumentResult(source=source, entities=group_mentions(f), chars=len(text))
            for (text, source), f in zip(batch, found, strict=True)
        ]

    def extract_sources(self, sources: Iterable[Source | _ReadInput], *,
                        max_bytes: int = DEFAULT_MAX_BYTES,
                        encoding: str | None = None) -> Iterator[DocumentResult]:
        """Read, decode and extract each source; unreadable ones become
        results with an ``error``. ``(source, text)`` and ``(source, text,
        warnings)`` items are taken as read."""
        pending: list[tuple[str, str]] = []
        slots: list[DocumentResult | None] = []
        warnings: dict[int, list[str]] = {}
        for item in sources:
            if isinstance(item, tuple):
                source, text, *rest = item
                warns: list[str] = list(rest[0]) if rest else []
            else:
                source = item
                try:
                    text, warns = decode(source.name, read_bytes(source, max_bytes), encoding)
                except InputError as exc:
                    slots.append(DocumentResult(source.name, error=exc.reason))
                    continue
            if warns:
                warnings[len(slots)] = warns
            slots.append(None)
            pending.append((text, source.name))
            if len(pending) >= self.batch_docs:
                yield from self._fill(slots, pending, warnings)
                slots, pending, warnings = [], [], {}
        yield from self._fill(slots, pending, warnings)

    def _fill(self, slots: list[DocumentResult | None], pending: list[tuple[str, str]],
              warnings: dict[int, list[str]]) -> Iterator[DocumentResult]:
        done = iter(self._run_batch(pending) if pending else [])
        for i, slot in enumerate(slots):
            result = slot if slot is not None else next(done)
            result.warnings.extend(warnings.get(i, []))
            yield result


# An input already read: (source, text) or (source, text, warnings).
_ReadInput = tuple[Source, str] | tuple[Source, str, list[str]]

# -- module-level API -------------------------------------------------------

_default: dict[tuple[str | None, tuple[str, ...]], Extractor] = {}


def _extractor(model: str | None, types: Sequence[str] | None) -> Extractor:
    key = (model, tuple(types) if types else TYPES)
    if key not in _default:
        _default[key] = Extractor(model, types)
    return _default[key]


def extract(text: str, *, model: str | None = None, types: Sequence[str] | None = None,
            source: str = "<text>") -> DocumentResult:
    """People, places and organisations in ``text``."""
    return _extractor(model, types).extract(text, source)


def extract_texts(texts: Iterable[str], *, model: str | None = None,
                  types: Sequence[str] | None = None) -> Iterator[DocumentResult]:
    """Results for many texts, in order (sources are ``<text N>``)."""
    return _extractor(model, types).extract_texts(
        (text, f"<text {i}>") for i, text in enumerate(texts, 1))


def extract_file(path: str | os.PathLike[str], *, model: str | None = None,
                 types: Sequence[str] | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                 encoding: str | None = None) -> DocumentResult:
    """The result for one file; an unreadable file gives a result with ``error``."""
    source = Source(os.fspath(path), Path(path))
    return next(_extractor(model, types).extract_sources([source], max_bytes=max_bytes,
                                                         encoding=encoding))


# -- batches over several processes -----------------------------------------


def tune_malloc() -> None:
    """Keep freed memory in the process instead of returning it to the OS.

    Each batch allocates and frees the same large arrays; with glibc's
    defaults they are mmap'ed and unmapped every time, and a forked worker
    then spends about an eighth of its time in page faults (900,000 minor
    faults for 1,000 documents with --jobs 2, against 65,000 with this).
    Peak memory is bounded by the batch size, so the memory kept stays flat.
    A no-op where glibc's mallopt is not available.
    """
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
        mallopt = libc.mallopt if libc is not None else None
    except (OSError, AttributeError):
        return
    if mallopt is None:
        return
    m_trim_threshold, m_mmap_threshold = -1, -3
    mallopt(m_mmap_threshold, 32 * 1024 * 1024)  # glibc's maximum on 64-bit
    mallopt(m_trim_threshold, 256 * 1024 * 1024)


_worker: Extractor | None = None
_worker_opts: dict[str, object] = {}
_worker_zone: ExitStack | None = None  # the worker's open memory zone
_worker_zone_chars = 0


_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def _init_worker(model: str | None, types: tuple[str, ...], max_bytes: int,
                 encoding: str | None) -> None:
    # The parent handles Ctrl-C and SIGTERM and stops the pool (SIGTERM to
    # each worker). Workers leave the parent's process group, so a signal to
    # the group (Ctrl-C, kill -TERM -PGID) reaches the parent only: a worker
    # killed while holding the pool's result-queue lock would hang the
    # parent's shutdown. They start with the signals blocked (see
    # extract_sources) and unblock them once the handlers are theirs.
    if hasattr(os, "setpgid"):
        os.setpgid(0, 0)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _SIGNALS)
    global _worker
    _worker = Extractor(model, types)
    _worker._zones = False  # _work holds one over several tasks
    _worker_opts.update(max_bytes=max_bytes, encoding=encoding)
    _worker.nlp  # load once per process (inherited from the parent with fork)  # noqa: B018


def _work(chunk: list[Source | _ReadInput]) -> list[DocumentResult]:
    global _worker_zone, _worker_zone_chars
    assert _worker is not None
    if _worker_zone is None:
        _worker_zone = ExitStack()
        _worker_zone.enter_context(_worker.nlp.memory_zone())
    try:
        results = list(_worker.extract_sources(chunk, **_worker_opts))  # type: ignore[arg-type]
    except BaseException:
        _worker_zone.close()
        _worker_zone = None
        raise
    # Results hold plain Python strings only: nothing refers into the zone.
    _worker_zone_chars += sum(r.chars for r in results)
    if _worker_zone_chars >= WORKER_ZONE_CHARS:
        _worker_zone.close()
        _worker_zone, _worker_zone_chars = None, 0
    return results


def extract_sources(sources: Iterable[Source], *, model: str | None = None,
                    types: Sequence[str] | None = None, jobs: int = 1,
                    max_bytes: int = DEFAULT_MAX_BYTES,
                    encoding: str | None = None) -> Iterator[DocumentResult]:
    """Results for inputs found by :func:`entityx.sources.discover`, in order,
    using ``jobs`` processes. Standard input is read here, in this process."""
    types = tuple(types) if types else TYPES
    sources = list(sources)

    def with_stdin() -> Iterator[Source | _ReadInput]:
        for source in sources:
            if source.is_stdin:
                try:
                    text, warns = decode(STDIN, read_bytes(source, max_bytes), encoding)
                except InputError as exc:
                    # stdin cannot be read twice: pass the problem on instead
                    yield Source(STDIN, problem=exc.reason)
                    continue
                yield (source, text, warns)
            else:
                yield source

    if jobs <= 1:
        yield from _extractor(model, types).extract_sources(
            with_stdin(), max_bytes=max_bytes, encoding=encoding)
        return

    def chunks() -> Iterator[list[Source | _ReadInput]]:
        iterator = with_stdin()
        while chunk := list(islice(iterator, POOL_TASK_INPUTS)):
            yield chunk

    context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    fork = context.get_start_method() == "fork"
    if fork:
        # The loaded pipeline is shared with the workers page by page; the
        # garbage collector would write to every object it tracks and copy
        # those pages into each worker. Frozen objects are never scanned.
        # The parent unfreezes once its workers exist.
        gc.freeze()
    # Signals stay blocked while the pool forks its workers (and starts the
    # threads that fork replacements): a worker runs no handler of ours.
    mask = (signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
            if hasattr(signal, "pthread_sigmask") else None)
    try:
        pool = context.Pool(jobs, initializer=_init_worker,
                            initargs=(model, types, max_bytes, encoding))
    except BaseException:
        _restore_mask(mask)
        raise
    finally:
        if fork:
            gc.unfreeze()
    done = 0
    try:
        _restore_mask(mask)  # here, so a signal that waited stops the pool below
        pending = pool.imap(_work, chunks())
        workers = _worker_pids(pool)
        while True:
            try:
                results = pending.next(timeout=0.5)
            except StopIteration:
                break
            except multiprocessing.TimeoutError:
                # The pool replaces a worker that died (SIGKILL, out of
                # memory) but loses its task, and would wait for it forever.
                if _worker_pids(pool) != workers:
                    break
                continue
            done += len(results)
            yield from results
        if done == len(sources):
            pool.close()
    finally:
        pool.terminate()
        pool.join()
    # A worker died: every input not yet reported is, and the batch ends.
    for source in sources[done:]:
        yield DocumentResult(source.name, error="not processed: a worker process died "
                             "(killed, or out of memory); run again, with fewer --jobs "
                             "or --resume")


def _worker_pids(pool: multiprocessing.pool.Pool) -> set[int | None]:
    # Pool keeps its worker processes in a private list; a change in it
    # means a worker exited (they never exit on their own here).
    return {p.pid for p in getattr(pool, "_pool", [])}


def _restore_mask(mask: set[int | signal.Signals] | None) -> None:
    if mask is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)


def extract_paths(paths: Sequence[str], *, glob: str | None = None, **options: object
                  ) -> Iterator[DocumentResult]:
    """Results for files, folders (recursive) and ``-`` (stdin); see
    :func:`extract_sources` for the options."""
    return extract_sources(discover(paths, glob), **options)  # type: ignore[arg-type]
