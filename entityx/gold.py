"""Reading annotated NER corpora and mapping them onto entityx's guideline.

Used both to build the training data for the embedded model and by
``entityx evaluate``, so that training and scoring see the same spans.

The guideline: a name span carries no leading "the", no possessive ending and
no title; labels collapse onto person / place / organisation.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

# TYPE_TO_MODEL_LABEL lives in labels.py; re-exported here for callers that
# import it from gold.
from .labels import TYPE_TO_MODEL_LABEL as TYPE_TO_MODEL_LABEL
from .labels import label_to_type

T = TypeVar("T")

# Penn Treebank escapes used by OntoNotes.
PTB_ESCAPES = {
    "-LRB-": "(",
    "-RRB-": ")",
    "-LSB-": "[",
    "-RSB-": "]",
    "-LCB-": "{",
    "-RCB-": "}",
    "``": '"',
    "''": '"',
}

ARTICLES = frozenset({"the", "The", "THE"})
POSSESSIVES = frozenset({"'s", "’s", "'S", "’S", "'", "’"})

_TAG_RE = re.compile(r"^([BIES])-(.+)$")


@dataclass(frozen=True)
class Sentence:
    """Tokens of one sentence and their entity spans as token offsets."""

    words: list[str]
    spans: list[tuple[int, int, str]]  # (start, end exclusive, label)
    doc_start: bool = False  # the first sentence of a document (-DOCSTART-, the file's start)


class GoldFormatError(ValueError):
    """A gold file is not in a format entityx can read."""


def unescape_token(token: str) -> str:
    return PTB_ESCAPES.get(token, token)


def read_bio(path: str | Path) -> Iterator[Sentence]:
    """Yield sentences from a token<TAB>tag (CoNLL-style columns) file.

    The token is the first column and the tag the last; ``-DOCSTART-`` lines
    and blank lines end a sentence. Tags may be BIO/IOB1/IOB2 or BIOES.
    """
    path = Path(path)
    words: list[str] = []
    tags: list[str] = []
    starts_doc = True
    with path.open(encoding="utf-8") as handle:
        for lineno, raw in enumerate(handle, 1):
            line = raw.rstrip("\r\n")
            if not line.strip() or line.startswith("-DOCSTART-"):
                if words:
                    yield Sentence(words, tags_to_spans(tags), starts_doc)
                    words, tags, starts_doc = [], [], False
                starts_doc = starts_doc or line.startswith("-DOCSTART-")
                continue
            cols = line.split("\t") if "\t" in line else line.split()
            if len(cols) < 2:
                raise GoldFormatError(
                    f"{path}:{lineno}: expected 'token<TAB>tag', got {line[:60]!r}"
                )
            tag = cols[-1].strip()
            if tag != "O" and not _TAG_RE.match(tag):
                raise GoldFormatError(f"{path}:{lineno}: not a BIO tag: {tag!r}")
            words.append(unescape_token(cols[0].strip()))
            tags.append(tag)
    if words:
        yield Sentence(words, tags_to_spans(tags), starts_doc)


def tags_to_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """Turn BIO/IOB1/BIOES tags into (start, end, label) spans.

    An ``I-`` tag that does not continue a span of the same label starts a new
    one (IOB1 and sloppy BIO both occur in the wild).
    """
    spans: list[tuple[int, int, str]] = []
    start: int | None = None
    label = ""
    for i, tag in enumerate(tags):
        if tag == "O":
            if start is not None:
                spans.append((start, i, label))
                start = None
            continue
        prefix, tag_label = tag[0], tag[2:]
        continues = start is not None and tag_label == label and prefix in "IE"
        if not continues:
            if start is not None:
                spans.append((start, i, label))
            start, label = i, tag_label
        if prefix in "ES":
            spans.append((start, i + 1, label))  # type: ignore[arg-type]
            start = None
    if start is not None:
        spans.append((start, len(tags), label))
    return spans


def normalise_span(words: list[str], start: int, end: int) -> tuple[int, int] | None:
    """Trim a span to the guideline: no leading article, no possessive ending."""
    if end - start > 1 and words[start] in ARTICLES:
        start += 1
    if end - start > 1 and words[end - 1] in POSSESSIVES:
        end -= 1
    if end - start >= 1 and start < end:
        return start, end
    return None


def map_sentence(
    sentence: Sentence,
    label_map: Mapping[str, str | None] | None = None,
    *,
    normalise: bool = True,
) -> Sentence:
    """Map a sentence's labels to entityx types and normalise the spans.

    Spans whose label maps to no type are dropped. The labels of the result
    are entityx types ("person", "place", "organisation").
    """
    spans = []
    for start, end, label in sentence.spans:
        etype = label_to_type(label, label_map)
        if etype is None:
            continue
        if normalise:
            trimmed = normalise_span(sentence.words, start, end)
            if trimmed is None:
                continue
            start, end = trimmed
        spans.append((start, end, etype))
    return Sentence(sentence.words, spans, sentence.doc_start)


def unreported_regions(
    sentence: Sentence, label_map: Mapping[str, str | None] | None = None
) -> list[tuple[int, int]]:
    """Token extents of the gold spans whose label maps to no entityx type.

    These are the spans of types entityx does not report (MISC, NORP, EVENT,
    WORK_OF_ART, DATE, a corpus's "event", a label mapped to "ignore"...).
    ``entityx evaluate`` neither rewards nor punishes a prediction lying
    wholly inside one: "United States" inside the event "the 2016 United
    States Senate election" is not a wrong place. The extent is the span as
    annotated (not trimmed to the guideline), the region the annotator marked.
    """
    return [(start, end) for start, end, label in sentence.spans
            if label_to_type(label, label_map) is None]


# Punctuation that attaches to the token before it / after it when text is
# rebuilt from tokens.
_NO_SPACE_BEFORE = frozenset(
    {",", ".", ":", ";", "!", "?", ")", "]", "}", "%", "'s", "’s", "n't", "'re",
     "'ve", "'ll", "'d", "'m", "'", "’", "...", "'S", "N'T"}
)
_NO_SPACE_AFTER = frozenset({"(", "[", "{", "$", "#"})


def detokenise(words: list[str]) -> tuple[str, list[int]]:
    """Join tokens into plausible running text; return it and token offsets."""
    parts: list[str] = []
    offsets: list[int] = []
    pos = 0
    quote_open = False
    for i, word in enumerate(words):
        space = i > 0
        if word in _NO_SPACE_BEFORE:
            space = False
        elif i > 0 and words[i - 1] in _NO_SPACE_AFTER:
            space = False
        elif word == '"':
            space = not quote_open and i > 0
        elif i > 0 and words[i - 1] == '"' and quote_open:
            space = False
        if word == '"':
            quote_open = not quote_open
        if space:
            parts.append(" ")
            pos += 1
        offsets.append(pos)
        parts.append(word)
        pos += len(word)
    return "".join(parts), offsets


def token_spaces(words: list[str]) -> tuple[str, list[int], list[bool]]:
    """:func:`detokenise`, plus whether each token is followed by a space
    (the last one is: sentences are joined by one space)."""
    text, starts = detokenise(words)
    spaces = [
        (starts[i + 1] if i + 1 < len(starts) else len(text) + 1) > starts[i] + len(word)
        for i, word in enumerate(words)
    ]
    return text, starts, spaces


def group(sentences: Iterable[T], size: int) -> Iterator[list[T]]:
    """Group consecutive sentences (or anything) into pseudo-documents of ``size``."""
    batch: list[T] = []
    for sentence in sentences:
        batch.append(sentence)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def documents(sentences: Iterable[T], starts: Callable[[T], bool], size: int
              ) -> Iterator[list[T]]:
    """Consecutive sentences in documents of at most ``size``, a new one
    wherever ``starts`` says a gold document begins."""
    batch: list[T] = []
    for sentence in sentences:
        if batch and (len(batch) >= size or starts(sentence)):
            yield batch
            batch = []
        batch.append(sentence)
    if batch:
        yield batch
