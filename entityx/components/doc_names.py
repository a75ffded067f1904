"""What a document says about its own names: shared helpers of the
document-level components (:mod:`.propagation`, :mod:`.acronyms`,
:mod:`.name_repair`).

A name is keyed by its exact token texts. Types are entityx types
(person / place / organisation) so that GPE and LOC vote together; the label
written back is one the document already uses for that type.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from functools import lru_cache

import numpy
from spacy.attrs import LOWER, ORTH
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from ..labels import TYPE_TO_MODEL_LABEL, label_to_type

NameKey = tuple[str, ...]


def name_key(span: Span) -> NameKey:
    return tuple(t.text for t in span)


def type_labels(doc: Doc) -> dict[str, int]:
    """entityx type -> the model label to write for it: the first label of
    that type among the doc's entities, else the embedded model's."""
    found: dict[str, int] = {}
    for ent in doc.ents:
        etype = label_to_type(ent.label_)
        if etype is not None and etype not in found:
            found[etype] = ent.label
    for etype, label in TYPE_TO_MODEL_LABEL.items():
        if etype not in found:
            found[etype] = doc.vocab.strings.add(label)
    return found


def is_capitalised(token: Token) -> bool:
    """A word that starts with a capital letter ("Norton", "IMF", "McDonald")."""
    return token.text[:1].isupper() and token.text[:1].isalpha()


class TokenIndex:
    """Where each word occurs in a doc, read off the token array (walking
    the Token objects of every doc costs more than the rules themselves)."""

    def __init__(self, doc: Doc) -> None:
        self._orths: list[int] = doc.to_array(ORTH).tolist() if len(doc) else []
        self._at: dict[int, list[int]] = {}
        for i, orth in enumerate(self._orths):
            self._at.setdefault(orth, []).append(i)

    def has(self, word: str) -> bool:
        return get_string_id(word) in self._at

    def occurrences(self, key: NameKey) -> Iterator[int]:
        """Start tokens where ``key`` occurs, in order."""
        ids = [get_string_id(w) for w in key]
        n = len(ids)
        for i in self._at.get(ids[0], ()):
            if i + n <= len(self._orths) and all(self._orths[i + k] == ids[k]
                                                for k in range(1, n)):
                yield i


def sentence(doc: Doc, i: int) -> Span:
    """The sentence of token ``i``; the whole doc where the pipeline sets no
    sentence boundaries."""
    return doc[i].sent if doc.has_annotation("SENT_START") else doc[:]


def positions(doc: Doc, words: Collection[str], *, lower: bool = False) -> list[int]:
    """The indices of the tokens written as one of ``words`` (in lower case
    as one of them: ``lower``), read off the token array (no Python loop
    over the tokens). A frozenset's ids are worked out once."""
    ids = frozen_ids(words) if isinstance(words, frozenset) else word_ids(words)
    return find_ids(doc, ids, LOWER if lower else ORTH)


def word_ids(words: Iterable[str]) -> numpy.ndarray:
    """The sorted string ids of ``words``, for :func:`find_ids`."""
    return numpy.array(sorted({get_string_id(w) for w in words}), dtype=numpy.uint64)


@lru_cache(maxsize=32)
def frozen_ids(words: frozenset[str]) -> numpy.ndarray:
    """:func:`word_ids` of a word list that does not change, kept."""
    return word_ids(words)


def find_ids(doc: Doc, ids: numpy.ndarray, attr: int) -> list[int]:
    """The indices of the tokens whose ``attr`` (ORTH, LOWER) is one of the
    sorted ``ids``: a binary search per token on the token array."""
    if not len(doc) or not len(ids):
        return []
    return _found(ids, doc.to_array(attr))


def _found(ids: numpy.ndarray, values: numpy.ndarray) -> list[int]:
    """The indices of ``values`` that are one of the sorted ``ids``."""
    hit = ids[numpy.minimum(numpy.searchsorted(ids, values), len(ids) - 1)] == values
    return numpy.flatnonzero(hit).tolist()


def positions_of(doc: Doc, *groups: frozenset[str]) -> list[list[int]]:
    """:func:`positions` of each word list in ``groups``, from one read of
    the token array."""
    if not len(doc):
        return [[] for _ in groups]
    values = doc.to_array(ORTH)
    return [_found(frozen_ids(words), values) for words in groups]


def covered_tokens(doc: Doc, spans_key: str | None = None) -> set[int]:
    """Tokens inside an entity (and inside ``doc.spans[spans_key]``)."""
    taken = {i for ent in doc.ents for i in range(ent.start, ent.end)}
    if spans_key and spans_key in doc.spans:
        taken.update(i for span in doc.spans[spans_key] for i in range(span.start, span.end))
    return taken


def common_word(word: str, index: TokenIndex) -> bool:
    """Whether the doc also writes ``word`` in lower case: its capitalised
    form may then be that word at a sentence start or in a heading."""
    lower = word.lower()
    return lower != word and lower.islower() and index.has(lower)


def isolated(doc: Doc, start: int, end: int) -> bool:
    """No capitalised word runs on into ``doc[start:end]`` from either side,
    so it is a whole name ("Norton", not "Norton" in "Norton Bridge" or
    "Ken Norton"). A capitalised sentence start before it does not count."""
    if end < len(doc) and is_capitalised(doc[end]) and not doc[end].is_sent_start:
        return False
    if start > 0 and not doc[start].is_sent_start:
        prev = doc[start - 1]
        if is_capitalised(prev) and not prev.is_sent_start:
            return False
    return True
