"""Name lists as a model input: which lists of names a word is in.

The embedded model knows a name only from its training text and its static
vectors. A rare surname, a town of 20,000 people or a given name from
outside the news has neither, and its type then comes from context alone.
This layer tells the token-to-vector network, for every token, which of
these lists it is in:

- ``given``: given names (Faker's name lists, every Latin-script locale);
- ``surname``: surnames (same source);
- ``city``: cities and towns of the place gazetteer (GeoNames, ≥ 15,000
  people), whole multi-word names included ("buenos aires");
- ``region``: countries, states, provinces, regions, continents and seas.

Matching is on the lower-case form, so "chicago" in chat text is found; a
word in several lists gets several bits. The bits index a small learned
table (2⁴ rows) whose row is *added* to the output of the usual embedding
(NORM/SUFFIX/SHAPE hash tables and static vectors), before the CNN that
mixes in context: so the network learns how far to trust a list for a
given word in a given context ("May", "Bath"). With that table at zero the
model computes exactly what it did without the lists, which is how a
trained model is given the layer and then trained on (``models/namelists.py``).

The entries travel inside the model (the layer's ``attrs``, serialised with
its weights); entityx registers the architecture with spaCy through an
entry point, so ``spacy.load`` finds it wherever entityx is installed.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, cast

import numpy as np
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import Model
from thinc.types import Floats2d, Ints1d

LISTS: tuple[str, ...] = ("given", "surname", "city", "region")
BIT = {name: 1 << i for i, name in enumerate(LISTS)}
MAX_WORDS = 5  # the longest entry, in tokens, that is matched


class _Compiled:
    """Lookup structures for one entry table (not serialised: rebuilt on load)."""

    def __init__(self, entries: dict[str, int]) -> None:
        self.source = entries
        self.single: dict[str, int] = {}
        self.multi: dict[str, int] = {}
        self.starts: set[str] = set()
        longest = 1
        for phrase, bits in entries.items():
            words = phrase.split(" ")
            if len(words) == 1:
                self.single[phrase] = bits
            else:
                self.multi[phrase] = bits
                self.starts.add(words[0])
                longest = max(longest, len(words))
        self.longest = min(longest, MAX_WORDS)

    def features(self, words: Sequence[str]) -> np.ndarray:
        """One bit mask per word (``words`` lower-cased)."""
        n = len(words)
        out = np.zeros((n,), dtype="int32")
        single = self.single
        for i, word in enumerate(words):
            bits = single.get(word, 0)
            if bits:
                out[i] |= bits
            if word in self.starts:
                for size in range(min(self.longest, n - i), 1, -1):
                    found = self.multi.get(" ".join(words[i:i + size]))
                    if found:
                        out[i:i + size] |= found
                        break
        return out


def compiled(model: Model) -> _Compiled:
    entries = model.attrs["entries"]
    cache = model.attrs.get("_compiled")
    if not isinstance(cache, _Compiled) or cache.source is not entries:
        cache = _Compiled(entries)
        model.attrs["_compiled"] = cache
    return cache


def doc_features(model: Model, doc: Doc) -> np.ndarray:
    return compiled(model).features([token.lower_ for token in doc])


def load_entries(path: str | Path) -> dict[str, int]:
    """The ``{phrase: bits}`` table written by ``models/namelists.py``."""
    with gzip.open(path, "rt", encoding="utf-8") as f:
        data = json.load(f)
    if data.get("lists") != list(LISTS):
        raise ValueError(f"{path}: name lists {data.get('lists')}, expected {list(LISTS)}")
    return {str(k): int(v) for k, v in data["entries"].items()}


@registry.architectures("entityx.NameListEmbed.v1")
def NameListEmbed(base: Model[list[Doc], list[Floats2d]], width: int,
                  entries: str | None = None, scale: float = 1.0
                  ) -> Model[list[Doc], list[Floats2d]]:
    """``base``'s output plus a learned row per combination of name lists.

    ``entries`` is the path of a table written by ``models/namelists.py``,
    read when the model is initialised for training; a trained model carries
    its table and needs no path. ``scale`` multiplies the rows: with Adam, a
    row's output then moves ``scale`` times faster in training.
    """
    lists = name_list_table(width, entries, scale)
    return Model("namelist_embed", _forward_sum, layers=[base, lists],
                 refs={"base": base, "lists": lists}, dims={"nO": width})


def name_list_table(width: int, entries: str | None = None, scale: float = 1.0
                    ) -> Model[list[Doc], list[Floats2d]]:
    return Model("namelists", _forward_lists, init=_init_lists,
                 dims={"nO": width, "nV": 1 << len(LISTS)}, params={"E": None},
                 attrs={"entries": {}, "entries_path": entries or "", "scale": float(scale)})


def _init_lists(model: Model, X: Any = None, Y: Any = None) -> None:
    path = model.attrs.get("entries_path")
    if path and not model.attrs["entries"]:
        model.attrs["entries"] = load_entries(path)
    if not model.has_param("E"):
        # zero: the layer starts by changing nothing
        model.set_param("E", model.ops.alloc2f(model.get_dim("nV"), model.get_dim("nO")))


def _forward_lists(model: Model, docs: list[Doc], is_train: bool):
    E = model.get_param("E")
    scale = model.attrs["scale"]
    ids = [model.ops.asarray1i(cast(Ints1d, doc_features(model, doc))) for doc in docs]
    outputs = [E[i] * scale for i in ids]

    def backprop(d_outputs: list[Floats2d]) -> list[Doc]:
        dE = model.ops.alloc2f(*E.shape)
        for i, d in zip(ids, d_outputs, strict=True):
            model.ops.scatter_add(dE, i, d * scale)
        model.inc_grad("E", dE)
        return []

    return outputs, backprop


def _forward_sum(model: Model, docs: list[Doc], is_train: bool):
    base, lists = model.layers
    base_out, base_back = base(docs, is_train)
    list_out, list_back = lists(docs, is_train)
    outputs = [b + e for b, e in zip(base_out, list_out, strict=True)]

    def backprop(d_outputs: list[Floats2d]) -> list[Doc]:
        list_back(d_outputs)
        return base_back(d_outputs)

    return outputs, backprop


def has_name_lists(model: Model) -> bool:
    return any(node.name == "namelists" for node in model.walk())


def list_hits(model: Model, words: Iterable[str]) -> list[tuple[str, ...]]:
    """The lists each word is in (for tests and inspection)."""
    table = next(node for node in model.walk() if node.name == "namelists")
    bits = compiled(table).features([w.lower() for w in words])
    return [tuple(name for name in LISTS if b & BIT[name]) for b in bits]
