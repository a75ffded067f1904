"""Case variants of training documents, for spaCy's training loop.

Loaded by ``models/train.py`` (``spacy train --code models/augment.py``) and
named in a config as

    [corpora.train.augmenter]
    @augmenters = "entityx.case_variants.v1"
    lower = 0.1
    upper = 0.05

Each training document is replaced, with probability ``lower``, by its
lower-cased copy ("talks with putin in moscow": chat and web text) and,
with probability ``upper``, by its upper-cased copy (headlines, shouting),
entity annotation unchanged. spaCy's own ``spacy.lower_case.v1`` does the
first only.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from functools import partial

from spacy.training import Example
from spacy.training.augment import _doc_to_biluo_tags_with_partial
from spacy.util import registry


@registry.augmenters("entityx.case_variants.v1")
def create_case_variants(lower: float = 0.1, upper: float = 0.05) -> Callable:
    if lower < 0 or upper < 0 or lower + upper > 1:
        raise ValueError(f"case variants: need 0 <= lower, upper and lower + upper <= 1, "
                         f"got {lower}, {upper}")
    return partial(case_variants, lower=lower, upper=upper)


def case_variants(nlp, example: Example, *, lower: float, upper: float) -> Iterator[Example]:
    draw = random.random()
    if draw < lower:
        yield variant(nlp, example, str.lower)
    elif draw < lower + upper:
        yield variant(nlp, example, str.upper)
    else:
        yield example


def variant(nlp, example: Example, change: Callable[[str], str]) -> Example:
    """``example`` with its text and tokens passed through ``change``, same entities.

    A token whose changed form has another length ("ß" upper-cased is "SS")
    keeps its original form, so that tokens and text stay aligned."""
    words = [change(t.text) if len(change(t.text)) == len(t.text) else t.text
             for t in example.reference]
    text = "".join(w + t.whitespace_ for w, t in zip(words, example.reference, strict=True))
    data = example.to_dict()
    data["doc_annotation"]["entities"] = _doc_to_biluo_tags_with_partial(example.reference)
    data["token_annotation"]["ORTH"] = words
    return example.from_dict(nlp.make_doc(text), data)
