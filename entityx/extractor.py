"""Documents in, results out: chunking, batching, memory zones, and keeping
one bad document from spoiling its batch.

An :class:`Extractor` holds a loaded pipeline and the options that shape a
result; engines (serial, fork pool, Dask) each run one per process.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import replace
from itertools import islice
from typing import TYPE_CHECKING, Any

from .chars import AS_TRAINED, INVISIBLE
from .documents import DEFAULT_MAX_BYTES, Document, Source, load
from .errors import InputError, first_line
from .labels import TYPES
from .linebreaks import unwrap
from .mentions import doc_mentions
from .merge import group_mentions
from .pipeline import pipeline_lock
from .results import DocumentResult, Entity, Mention

if TYPE_CHECKING:
    from spacy.language import Language

    from .options import RunOptions

# Texts longer than this are cut at paragraph or sentence boundaries and run
# as several spaCy docs; mention offsets still point into the whole text.
# spaCy's working memory grows with the characters in one nlp.pipe batch (a
# few KB per character for this pipeline: 100,000 characters at once cost
# ~300 MB more), while its speed is the same from a few thousand characters
# up: so pieces are short and batches are cut by characters too.
CHUNK_CHARS = 10_000
BATCH_CHARS = 10_000  # characters per nlp.pipe batch (a longer piece goes alone)
BATCH_DOCS = 32  # documents per memory zone (strings are freed after each)
_SURROGATES = re.compile("[\ud800-\udfff]")
# Unicode's other space characters (no-break, thin, narrow, ideographic...):
# spaCy splits only at " ", so each would be a token of its own inside a
# name ("Joe\u00a0Biden"), which the model has not seen.
_SPACES = {ord(c): " " for c in ("\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
                                 "\u2007\u2008\u2009\u200a\u202f\u205f\u3000")}
# Wikipedia's reference marks, written right after a word or a full stop
# ("Milbanke.[2] She", "Engine[a]"): spaCy makes "Milbanke.[2" one token,
# and the name with it. Blanked for the model (spaces, same length).
_REFERENCE_MARKS = re.compile(
    r"(?<=[^\s\[])\[(?:\d{1,3}|[a-z]|(?:note|nb|n) ?\d{1,3}|citation needed|"
    r"clarification needed|who\?|when\?|which\?)\]", re.IGNORECASE)
_LONG_RUN = 100
_LONG_RUNS = re.compile(rf"\S{{{_LONG_RUN + 1},}}")
# The second and later spaces of a run: left out of the text the model reads
# (see Squeezed).
_EXTRA_SPACES = re.compile(r"(?<= ) +")
_INVISIBLE = re.compile(f"[{INVISIBLE}]+")
# Curly quotes and apostrophes: the training text writes them straight
# ("Trump's", '"'), and the model's other features of a word (its suffix and
# shape, its static vector) see "’s" as another word than "'s": GUM test
# written with them lost 0.9 F, CoNLL-2003 0.3 (``bench/layout.py``). Unicode
# hyphens: see ``chars``. ``entityx evaluate`` reads gold words the same way.
_AS_TRAINED = AS_TRAINED


def as_trained(text: str) -> str:
    """``text`` with curly quotes and apostrophes straight and Unicode
    hyphens "-" (the same length)."""
    return text.translate(_AS_TRAINED)

# An input for extract_inputs: a source to read, or a document already read.
Input = Source | Document


def _for_model(text: str) -> str:
    """The text as spaCy is given it (after :func:`~entityx.linebreaks.unwrap`
    has made the breaks of hard-wrapped lines spaces): the same length, so
    offsets and mention texts still refer to the text as given, but with
    curly quotes and apostrophes straight and Unicode hyphens "-"
    (:data:`~entityx.chars.AS_TRAINED`); lone surrogates (a str from
    surrogateescape or a JSON "\\ud800"), which make spaCy raise, as
    U+FFFD; Unicode's other spaces (no-break, thin...; web pages bind
    "Mr.\\u00a0Smith" with them) as " "; Wikipedia's reference marks after
    a word ("Milbanke.[2]") as spaces; and a space for every 100th character
    of a run without whitespace: spaCy's tokenizer is quadratic in such a
    run's length when it splits off punctuation or symbols (10,000 "=" take
    a minute)."""
    text = _SURROGATES.sub("\ufffd", text).translate(_SPACES).translate(_AS_TRAINED)
    text = _REFERENCE_MARKS.sub(lambda m: " " * len(m[0]), text)
    return _LONG_RUNS.sub(lambda m: "".join(
        m[0][i:i + _LONG_RUN - 1] + " " for i in range(0, len(m[0]), _LONG_RUN))[:len(m[0])], text)


class _Cut:
    """``text`` without the matches of ``pattern``, and where its characters were."""

    def __init__(self, text: str, pattern: re.Pattern[str]) -> None:
        self._cuts: list[int] = []  # positions in the cut text from which more was left out
        self._dropped: list[int] = []  # characters left out before each cut, in all
        parts: list[str] = []
        last = dropped = 0
        for run in pattern.finditer(text):
            parts.append(text[last:run.start()])
            self._cuts.append(run.start() - dropped)
            dropped += run.end() - run.start()
            self._dropped.append(dropped)
            last = run.end()
        parts.append(text[last:])
        self.text = "".join(parts) if self._cuts else text

    def at(self, position: int) -> int:
        k = bisect_right(self._cuts, position)
        return position + (self._dropped[k - 1] if k else 0)


class Squeezed:
    """A text as the model reads it: invisible characters left out, and
    each run of spaces one space.

    spaCy makes every space after the first a token of its own, and the
    model, trained on text with single spaces, has never seen one: a stray
    double space ("John  Smith", typed, or left by a PDF's justified line)
    split names and cost 1.6-5.6 F where one space in ten was doubled, and
    so did the spaces that stand for a Markdown link's address or a blanked
    reference mark (``bench/markdown.py``, ``bench/layout.py``). Invisible
    characters (soft hyphens, zero-width spaces and joiners, byte-order
    marks, direction marks: ``INVISIBLE``), which web pages and PDFs leave
    inside words, made "Mer\\u00adkel" a word the model had never seen and
    "Angela Mer\\u00adkel" no person. Line breaks are kept (the model reads
    them through ``entityx_layout``). ``span`` maps a span of the squeezed
    text back to the text as given."""

    def __init__(self, text: str) -> None:
        visible = _Cut(text, _INVISIBLE)
        self._cuts = (visible, _Cut(visible.text, _EXTRA_SPACES))
        self.text = self._cuts[-1].text

    def at(self, position: int) -> int:
        """Where the character at ``position`` of the squeezed text is in the text."""
        for cut in reversed(self._cuts):
            position = cut.at(position)
        return position

    def span(self, start: int, end: int) -> tuple[int, int]:
        """A squeezed span's start and end in the text (``end`` just after its last character)."""
        return self.at(start), self.at(end - 1) + 1 if end > start else self.at(start)


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


def _paged(mentions: list[Mention], pages: list[int]) -> list[Mention]:
    """Mentions with the 1-based page their start falls on."""
    return [replace(m, page=max(1, bisect_right(pages, m.start))) for m in mentions]


class Extractor:
    """A loaded pipeline plus options; reuse one for many texts."""

    def __init__(self, model: str | None = None, types: Sequence[str] | None = None,
                 batch_docs: int = BATCH_DOCS, batch_chars: int = BATCH_CHARS, *,
                 with_text: bool = False, link: bool = True) -> None:
        self.model = model
        self.types = tuple(types) if types else TYPES
        self.batch_docs = batch_docs
        self.batch_chars = batch_chars
        self.with_text = with_text
        self.link = link
        self._nlp: Language | None = None
        self.zones = True  # a memory zone per batch (off: the caller holds one)

    @classmethod
    def from_options(cls, options: RunOptions) -> Extractor:
        return cls(options.model, options.types, with_text=options.with_text,
                   link=options.link)

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            from .pipeline import load_pipeline

            self._nlp = load_pipeline(self.model)
        return self._nlp

    def extract(self, text: str, source: str = "<text>") -> DocumentResult:
        return next(self.extract_texts([(text, source)]))

    def extract_texts(self, items: Iterable[tuple[str, str]]) -> Iterator[DocumentResult]:
        """Results for ``(text, source)`` pairs, in order."""
        return self.extract_documents(Document(source, text) for text, source in items)

    def extract_documents(self, documents: Iterable[Document]) -> Iterator[DocumentResult]:
        """Results for documents, in order, batched through ``nlp.pipe`` with a
        memory zone per batch so memory stays flat."""
        iterator = iter(documents)
        while batch := list(islice(iterator, self.batch_docs)):
            yield from self._run_batch(batch)

    def _run_batch(self, batch: list[Document]) -> list[DocumentResult]:
        """The batch's results; a document that breaks any stage (reading
        the layout, the pipeline, merging, linking) is found by running the
        documents one by one, and gets its error, and the others their results."""
        nlp = self.nlp  # a model that cannot load is everyone's error, raised
        try:
            return self._process(nlp, batch)
        except Exception as exc:  # noqa: BLE001 - reported as the document's error
            if len(batch) == 1:
                return [DocumentResult(batch[0].source,
                                       error=f"processing failed: {first_line(exc)}")]
            return [result for document in batch for result in self._run_batch([document])]

    def _process(self, nlp: Language, batch: list[Document]) -> list[DocumentResult]:
        squeezed = [
            (Squeezed(_for_model(piece)), i, offset)
            for i, document in enumerate(batch)
            for offset, piece in split_text(unwrap(document.text),
                                            min(CHUNK_CHARS, nlp.max_length))
        ]
        pieces = [(piece.text, (i, offset, piece)) for piece, i, offset in squeezed]
        found: list[list[tuple[str, Mention]]] = [[] for _ in batch]
        with pipeline_lock(nlp), nlp.memory_zone() if self.zones else nullcontext():
            for sub in _char_batches(pieces, self.batch_chars):
                for doc, (i, offset, piece) in nlp.pipe(sub, as_tuples=True, batch_size=len(sub)):
                    found[i].extend(doc_mentions(doc, self.types, offset, batch[i].text,
                                                 at=piece.span))
        return [self._result(document, f) for document, f in zip(batch, found, strict=True)]

    def _result(self, document: Document, found: list[tuple[str, Mention]]) -> DocumentResult:
        if document.pages:
            mentions = _paged([m for _, m in found], document.pages)
            found = [(etype, m) for (etype, _), m in zip(found, mentions, strict=True)]
        return DocumentResult(
            source=document.source, entities=self._after_merge(group_mentions(found), document),
            chars=len(document.text), warnings=list(document.warnings), kind=document.kind,
            text=document.text if self.with_text else None, metadata=dict(document.metadata),
        )

    def _after_merge(self, entities: list[Entity], document: Document) -> list[Entity]:
        """The stages that work on a document's merged entities (place linking)."""
        if self.link:
            from .linking import link_places  # its gazetteer loads on first use

            entities = link_places(entities, document.text)
        return entities

    def extract_inputs(self, items: Iterable[Input], *, max_bytes: int = DEFAULT_MAX_BYTES,
                       encoding: str | None = None) -> Iterator[DocumentResult]:
        """Read each source (documents are taken as read) and extract it, in
        order; an unreadable input is a result with an ``error``."""
        pending: list[Document] = []
        slots: list[DocumentResult | None] = []
        for item in items:
            if isinstance(item, Source):
                try:
                    document = load(item, max_bytes, encoding)
                except InputError as exc:
                    slots.append(DocumentResult(item.name, error=exc.reason))
                    continue
            else:
                document = item
            slots.append(None)
            pending.append(document)
            if len(pending) >= self.batch_docs:
                yield from self._fill(slots, pending)
                slots, pending = [], []
        yield from self._fill(slots, pending)

    def _fill(self, slots: list[DocumentResult | None],
              pending: list[Document]) -> Iterator[DocumentResult]:
        done = iter(self._run_batch(pending) if pending else [])
        for slot in slots:
            yield slot if slot is not None else next(done)


_shared: dict[tuple[object, ...], Extractor] = {}


def shared_extractor(options: RunOptions) -> Extractor:
    """This process's extractor for ``options`` (one per pipeline and result shape)."""
    key = (*options.pipeline_key, options.with_text, options.link)
    if key not in _shared:
        _shared[key] = Extractor.from_options(options)
    return _shared[key]
