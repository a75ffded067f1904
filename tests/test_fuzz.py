"""Property tests of the Python API on hostile text.

For any text (control characters, zero-width and combining marks,
right-to-left scripts, emoji, lone punctuation and lone surrogates,
10,000-character tokens, only whitespace, real sentences mixed with junk),
``entityx.extract``:

* never raises;
* gives mentions with ``text == source[start:end]`` and
  ``0 <= start < end <= len(source)``, inside their sentence, no two the same;
* gives only types from ``entityx.labels.TYPES``;
* is deterministic: the same text twice, alone or in a batch, gives the
  same result.

Two hypothesis profiles, chosen with ``HYPOTHESIS_PROFILE``:

* ``ci`` (the default): a few dozen examples per test, under a minute;
* ``thorough``: 10,000 examples per test, for a long run::

    HYPOTHESIS_PROFILE=thorough nice -n 19 python -m pytest tests/test_fuzz.py \\
        -p no:cacheprovider --hypothesis-show-statistics -q
"""

from __future__ import annotations

import json
import os
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import entityx
from entityx import extractor
from entityx.api import Extractor, split_text
from entityx.labels import TYPES
from entityx.results import DocumentResult

settings.register_profile(
    "ci", max_examples=100, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "thorough", max_examples=10_000, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# Applied per test, so the profile of the other test modules is left alone.
_chosen = os.environ.get("HYPOTHESIS_PROFILE", "ci")
PROFILE = settings.get_profile(_chosen if _chosen in ("ci", "thorough") else "ci")

# -- alphabets ----------------------------------------------------------------

CONTROL = st.characters(categories=["Cc", "Cf", "Zl", "Zp"])
ZERO_WIDTH = st.sampled_from("\u200b\u200c\u200d\u2060\ufeff\u00ad\u034f\u180e\u2061")
COMBINING = st.characters(categories=["Mn", "Mc", "Me"])
RTL = (st.characters(min_codepoint=0x0590, max_codepoint=0x08FF)
       | st.characters(min_codepoint=0xFB1D, max_codepoint=0xFEFC)
       | st.sampled_from("\u200f\u200e\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2069\u061c"))
EMOJI = st.characters(min_codepoint=0x1F000, max_codepoint=0x1FAFF)
EMOJI_SEQUENCES = st.sampled_from(["👨‍👩‍👧‍👦", "🇬🇧", "🇺🇦", "👍🏽", "🏳️‍🌈", "❤️", "🧑🏿‍🚀", "#️⃣"])
PUNCT = st.characters(categories=["Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po",
                                  "Sm", "Sc", "Sk", "So"])
WHITESPACE = st.sampled_from(
    " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
    "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
SURROGATE = st.characters(categories=["Cs"])
LETTERS = st.characters(categories=["Lu", "Ll", "Lt", "Lm", "Lo", "Nd"])
HOSTILE = CONTROL | ZERO_WIDTH | COMBINING | RTL | EMOJI | PUNCT | WHITESPACE | LETTERS


def hostile(max_size: int, *, surrogates: bool = False) -> st.SearchStrategy[str]:
    """Text of hostile characters and multi-character emoji sequences."""
    part = HOSTILE | EMOJI_SEQUENCES | (SURROGATE if surrogates else st.nothing())
    return st.lists(part, max_size=max_size).map("".join)


# -- English with names ---------------------------------------------------------

SENTENCES = [
    "Russian President Vladimir Putin spoke to Mr Trump on Tuesday.",
    "Angela Merkel met Emmanuel Macron in Paris.",
    "The United Nations said the talks in Geneva would resume.",
    "Dr Alexander Tayler, of Cambridge Analytica, declined to comment.",
    "Ms Pugh flew from London to New York with Sir Keir Starmer.",
    "Joe Biden and Jill Biden visited Kyiv and Lviv.",
    "Apple Inc. and Microsoft Corp. reported earnings in California.",
    "Secretary of State Antony Blinken met the Chinese Foreign Minister Wang Yi.",
    "Trump's lawyers said Mr. Trump's appeal would go to the Supreme Court.",
    "\"We will not stop,\" said Volodymyr Zelensky, Ukraine's president.",
    "BERLIN (Reuters) - Olaf Scholz told the Bundestag on Friday.",
    "O'Brien and McDonald met at St. Mary's Hospital in Dublin.",
]
NAMES = ["Donald Trump", "Putin", "Mr Putin", "Ms Pugh", "the United States", "NATO",
         "Kyiv", "São Paulo", "Zoë Kravitz", "Nguyễn Phú Trọng", "محمد بن سلمان",
         "דוד בן-גוריון", "Владимир Путин", "習近平", "Mr", "Dr.", "President"]
JUNK = st.one_of(
    hostile(12),
    st.text(PUNCT, min_size=1, max_size=3),
    st.text(WHITESPACE, min_size=1, max_size=6),
    st.text(CONTROL | ZERO_WIDTH, min_size=1, max_size=3),
)
SEPARATOR = st.sampled_from([" ", "", "\n", "\n\n", "\t", ". ", ", ", " — ", "\r\n", "\u2028"])
PIECE = st.one_of(st.sampled_from(SENTENCES), st.sampled_from(NAMES), JUNK)
ENGLISH_MIX = st.lists(st.tuples(PIECE, SEPARATOR), max_size=14).map(
    lambda parts: "".join(piece + sep for piece, sep in parts))


def _long_token(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


LONG_TOKEN = st.builds(
    _long_token,
    st.text(st.characters(categories=["L", "N", "P", "S", "M"]), min_size=1, max_size=6),
    st.sampled_from([10_000, 9_999, 4_096]),
)
LONG_TOKEN_IN_TEXT = st.builds(
    lambda before, token, after: f"{before} {token} {after}",
    st.sampled_from(SENTENCES), LONG_TOKEN, st.sampled_from(SENTENCES))

ANY_TEXT = st.one_of(
    st.text(),                                             # any code point but surrogates
    hostile(200),
    hostile(50, surrogates=True),
    st.text(WHITESPACE, max_size=50),                      # only whitespace
    st.text(PUNCT, min_size=1, max_size=2),                # lone punctuation
    ENGLISH_MIX,
    LONG_TOKEN,
    LONG_TOKEN_IN_TEXT,
)


# -- the properties -------------------------------------------------------------


def check_result(text: str, result: DocumentResult) -> None:
    assert result.error is None
    assert result.chars == len(text)
    seen: set[tuple[int, int]] = set()
    for entity in result.entities:
        assert entity.type in TYPES
        assert entity.mentions and entity.count == len(entity.mentions)
        assert entity.name.strip()
        for m in entity.mentions:
            assert 0 <= m.start < m.end <= len(text), (m, len(text))
            assert text[m.start:m.end] == m.text, m
            assert (m.start, m.end) not in seen, f"mention {m} in two entities"
            seen.add((m.start, m.end))
            if m.sentence_start is not None:
                assert m.sentence_end is not None
                assert 0 <= m.sentence_start <= m.start < m.end <= m.sentence_end <= len(text)
    # the output schema survives JSON (surrogates as \\u escapes)
    data = result.to_dict()
    assert DocumentResult.from_dict(json.loads(json.dumps(data))).to_dict() == data


def check_extract(text: str) -> None:
    result = entityx.extract(text)
    check_result(text, result)
    assert entityx.extract(text).to_dict() == result.to_dict(), "not deterministic"


@PROFILE
@given(ANY_TEXT)
def test_extract_any_text(text: str) -> None:
    check_extract(text)


@PROFILE
@given(ENGLISH_MIX)
def test_extract_english_mixed_with_junk(text: str) -> None:
    check_extract(text)


@settings(PROFILE, max_examples=max(PROFILE.max_examples // 4, 10))  # five texts a go
@given(st.lists(ANY_TEXT, min_size=1, max_size=5))
def test_a_batch_gives_each_text_its_own_result(texts: list[str]) -> None:
    """Batching (nlp.pipe, memory zones) changes nothing: each text's result
    in a batch is the one it gets alone."""
    batch = list(entityx.extract_texts(texts))
    assert len(batch) == len(texts)
    for text, result in zip(texts, batch, strict=True):
        check_result(text, result)
        assert result.to_dict()["entities"] == entityx.extract(text).to_dict()["entities"]


@PROFILE
@given(st.one_of(ENGLISH_MIX, hostile(300), LONG_TOKEN_IN_TEXT),
       st.integers(min_value=16, max_value=400))
def test_chunked_text_keeps_offsets_into_the_whole_text(text: str, chunk: int) -> None:
    """Texts longer than a chunk run as several spaCy docs; offsets still
    point into the whole text. (Small chunks stand in for spaCy's max_length.)"""
    with mock.patch.object(extractor, "CHUNK_CHARS", chunk):
        result = Extractor().extract(text)
    check_result(text, result)


@PROFILE
@given(st.lists(HOSTILE | st.sampled_from(["\n\n", "\n", ". ", "? ", "! ", " "]))
       .map("".join), st.integers(1, 120))
def test_split_text_covers_the_text_in_order(text: str, limit: int) -> None:
    pieces = split_text(text, limit)
    assert "".join(piece for _, piece in pieces) == text
    position = 0
    for offset, piece in pieces:
        assert offset == position
        assert len(piece) <= limit
        assert piece or text == ""
        position += len(piece)


@pytest.mark.parametrize("text", [
    "", " ", "\n" * 1000, "\x00", "\ufeff", "\u200b" * 50, "\ud800", "\udfff Angela Merkel",
    ".", "'", "’s", "Mr", "Mr.", "The", "the the the", "-" * 10_000, "A" * 10_000,
    "🇬🇧" * 2_500, "\u0301" * 500, "Angela\u0301 Merkel\u0308", "مرحبا Angela Merkel שלום",
    "\u202eAngela Merkel\u202c met \u2067Joe Biden\u2069.", "Mr " * 3_000,
    "Angela Merkel" + "\u200b" * 10_000, "x" * 10_000 + " Angela Merkel met Joe Biden.",
    "=" * 10_000, "😀" * 10_000, "(" * 5_000 + "Angela Merkel" + ")" * 5_000,
])
def test_extract_edge_cases(text: str) -> None:
    result = entityx.extract(text)
    check_result(text, result)
    assert entityx.extract(text).to_dict() == result.to_dict()
