"""Case variants of training documents, for spaCy's training loop.

Loaded by ``models/train.py`` (``spacy train --code models/augment.py``) and
named in a config as

    [corpora.train.augmenter]
    @augmenters = "entityx.case_variants.v1"
    lower = 0.1
    upper = 0.05
    names = 0.0

Each training document is replaced, with probability ``lower``, by its
lower-cased copy ("talks with putin in moscow": chat and web text), with
probability ``upper``, by its upper-cased copy (headlines, shouting), and
with probability ``names`` by a copy in which some of its names are written
in lower case and the rest of the text is not ("Trump is the Kremlin's
boy" -> "trump is the Kremlin's boy": forum posts and tweets, where one
name goes uncapitalised in ordinary text); entity annotation unchanged.
spaCy's own ``spacy.lower_case.v1`` does the first only.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from functools import partial

from spacy.training import Example
from spacy.training.augment import _doc_to_biluo_tags_with_partial
from spacy.util import registry


@registry.augmenters("entityx.case_variants.v1")
def create_case_variants(lower: float = 0.1, upper: float = 0.05,
                         names: float = 0.0) -> Callable:
    if min(lower, upper, names) < 0 or lower + upper + names > 1:
        raise ValueError(f"case variants: need 0 <= lower, upper, names and a sum <= 1, "
                         f"got {lower}, {upper}, {names}")
    return partial(case_variants, lower=lower, upper=upper, names=names)


def case_variants(nlp, example: Example, *, lower: float, upper: float,
                  names: float = 0.0) -> Iterator[Example]:
    draw = random.random()
    if draw < lower:
        yield variant(nlp, example, str.lower)
    elif draw < lower + upper:
        yield variant(nlp, example, str.upper)
    elif draw < lower + upper + names and example.reference.ents:
        yield variant(nlp, example, str.lower, only=lowered_names(example, random.random))
    else:
        yield example


def lowered_names(example: Example, draw: Callable[[], float]) -> set[int]:
    """The tokens of the names to write in lower case: each name with
    probability one half, and at least one."""
    ents = list(example.reference.ents)
    chosen = [e for e in ents if draw() < 0.5] or [ents[int(draw() * len(ents)) % len(ents)]]
    return {i for e in chosen for i in range(e.start, e.end)}


def variant(nlp, example: Example, change: Callable[[str], str],
            only: set[int] | None = None) -> Example:
    """``example`` with its text and tokens passed through ``change`` (only the
    tokens at ``only``, if given), same entities.

    A token whose changed form has another length ("ß" upper-cased is "SS")
    keeps its original form, so that tokens and text stay aligned."""
    words = [change(t.text) if len(change(t.text)) == len(t.text)
             and (only is None or t.i in only) else t.text
             for t in example.reference]
    text = "".join(w + t.whitespace_ for w, t in zip(words, example.reference, strict=True))
    data = example.to_dict()
    data["doc_annotation"]["entities"] = _doc_to_biluo_tags_with_partial(example.reference)
    data["token_annotation"]["ORTH"] = words
    return example.from_dict(nlp.make_doc(text), data)
