"""Accuracy on text laid out in lines and spaced unevenly: the gold test
sets as plain text (sentences joined by a space), with line breaks, and with
double spaces, through entityx's extractor as it reads them now and as it
did before 2026-12-02 (no ``entityx_layout`` component, the norms the model
reads at a line break; no squeezing of runs of spaces,
``entityx.extractor.Squeezed``).

    python bench/layout.py [--data ../shared/data] [--sets gum,litbank,...]

Two layouts keep every gold character offset (a line break takes the place
of the space between two sentences):

- *headings*: a sentence that ends without terminal punctuation (a heading,
  a list item, a table row, a headline: CoNLL-2003's sports tables are lines
  of the Reuters text) ends its line;
- *lines*: every sentence on a line of its own (subtitles, transcripts,
  text with one paragraph or sentence per line).

Two spacings add characters (gold spans move with their words):

- *typewriter*: two spaces after every sentence;
- *stray*: one space in ten doubled, at random (typed text, text taken out
  of justified PDF lines).

And one that changes characters only: *curly*, quotes and apostrophes
written curly ("“", "”", "’s", "n’t", "O’Brien"), as word processors and
most web pages write them; the gold text has them straight, bar a few.

Gold documents are those of ``bench/linebreaks.py`` (GUM, LitBank, SLUE:
the documents they mark; OntoNotes and CoNLL-2003: 10 sentences at a time);
scored as there. Prints F1 per set: plain | headings: now, before | lines:
now, before | typewriter: now, before | stray: now, before | curly: now,
before (before: curly quotes as given to the model).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from linebreaks import MORE_SETS, SETS, plain, score  # noqa: E402

import entityx.extractor as extractor  # noqa: E402
from entityx.evaluate import GoldDoc, read_gold  # noqa: E402
from entityx.extractor import Extractor  # noqa: E402
from entityx.pipeline import BEFORE_MODEL, load_pipeline  # noqa: E402

DEV_SETS = {
    "conlldev": ("conll2003/dev.iob2", 10),
    "ontonotesdev": ("ontonotes5/dev.iob2", 10),
    "litbankdev": ("extra/litbank/dev.iob2", None),
    "sluedev": ("extra/slue_voxpopuli/dev.iob2", None),
}
ENDS = frozenset(".!?:;\"'”’)")
STRAY_SHARE = 0.1


@dataclass
class Written:
    """A gold document as written: spans and regions in the text's offsets."""

    text: str
    spans: set[tuple[int, int, str]]
    regions: list[tuple[int, int]] = field(default_factory=list)

    def in_region(self, start: int, end: int) -> bool:
        return any(rs <= start and end <= re_ for rs, re_ in self.regions)


def word_starts(gold: GoldDoc) -> list[int]:
    starts, pos = [], 0
    for word, space in zip(gold.words, gold.spaces, strict=True):
        starts.append(pos)
        pos += len(word) + space
    return starts


def sentence_ends(gold: GoldDoc, sentence_lengths: list[int]) -> list[int]:
    """The offset just after each sentence but the last."""
    starts, ends, end_word = word_starts(gold), [], 0
    for length in sentence_lengths[:-1]:
        end_word += length
        ends.append(starts[end_word - 1] + len(gold.words[end_word - 1]))
    return ends


def with_spaces(gold: GoldDoc, after: set[int]) -> Written:
    """``gold`` as text with a second space after each space at an offset in ``after``."""
    text = plain(gold)
    shift, added, out = [], 0, []
    for i, char in enumerate(text):
        shift.append(added)
        out.append(char)
        if i in after and char == " ":
            out.append(" ")
            added += 1
    shift.append(added)
    return Written("".join(out), {(s + shift[s], e + shift[e], t) for s, e, t in gold.spans},
                   [(s + shift[s], e + shift[e]) for s, e in gold.regions])


def typewriter(gold: GoldDoc, sentence_lengths: list[int]) -> Written:
    return with_spaces(gold, set(sentence_ends(gold, sentence_lengths)))


_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)|(?<= )'(?=(?:s|t|re|ve|ll|d|m)\b)")


def curly(text: str) -> str:
    """``text`` with its quotes and apostrophes curly (the same length)."""
    text = _APOSTROPHE.sub("’", text)
    out, opening = [], True
    for char in text:
        if char == '"':
            out.append("“" if opening else "”")
            opening = not opening
        else:
            out.append(char)
    return "".join(out)


def stray(gold: GoldDoc, rng: random.Random) -> Written:
    text = plain(gold)
    return with_spaces(gold, {i for i, c in enumerate(text) if c == " " and rng.random() < STRAY_SHARE})


def laid_out(gold: GoldDoc, sentence_lengths: list[int], every: bool) -> str:
    """``gold`` as text, with the space after a sentence a line break: after
    every sentence, or after those whose last word ends without terminal
    punctuation."""
    chars = list(plain(gold))
    for end in sentence_ends(gold, sentence_lengths):
        if end < len(chars) and chars[end] == " " and (every or chars[end - 1] not in ENDS):
            chars[end] = "\n"
    return "".join(chars)


def documents(path: Path, per_doc: int | None) -> list[tuple[GoldDoc, list[int]]]:
    """The gold documents of ``path`` and the length in words of each of their sentences."""
    sentences = iter(read_gold(path, doc_sentences=1))
    out = []
    for gold in read_gold(path, doc_sentences=per_doc):
        lengths: list[int] = []
        while sum(lengths) < len(gold.words):
            lengths.append(len(next(sentences).words))
        out.append((gold, lengths))
    return out


class Before:
    """entityx as it read text before 2026-12-02, inside the ``with`` block."""

    def __init__(self) -> None:
        self.nlp = load_pipeline()

    def __enter__(self) -> None:
        self.nlp.disable_pipe(BEFORE_MODEL)
        self.squeezed, self.quotes = extractor.Squeezed, extractor._AS_TRAINED
        extractor.Squeezed = _AsGiven  # type: ignore[misc]
        extractor._AS_TRAINED = {}

    def __exit__(self, *exc: object) -> None:
        self.nlp.enable_pipe(BEFORE_MODEL)
        extractor.Squeezed, extractor._AS_TRAINED = self.squeezed, self.quotes  # type: ignore[misc]


class _AsGiven:
    def __init__(self, text: str) -> None:
        self.text = text

    def span(self, start: int, end: int) -> tuple[int, int]:
        return start, end


def gold_sets(description: str, seed_help: str) -> Iterator[tuple[str, list[tuple[GoldDoc, list[int]]], random.Random]]:
    """The sets named on the command line (``--data``, ``--sets``, ``--seed``):
    each set's name, its documents with their sentence lengths, and a random
    generator seeded afresh."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    sets = {**SETS, **MORE_SETS, **DEV_SETS}
    parser.add_argument("--sets", default=",".join(SETS), help=f"comma-separated, of {', '.join(sets)}")
    parser.add_argument("--seed", type=int, default=0, help=seed_help)
    args = parser.parse_args()
    for name in args.sets.split(","):
        rel, per_doc = sets[name]
        yield name, documents(args.data / rel, per_doc), random.Random(args.seed)


def main() -> None:
    before = Before()
    ex = Extractor(link=False)
    print("set: plain | headings on lines: now, before | every sentence a line: now, before"
          " | typewriter: now, before | stray double spaces: now, before | curly quotes: now, before")
    started = time.perf_counter()
    for name, docs, rng in gold_sets(__doc__.split("\n\n")[0], "for the stray spaces"):
        golds = [gold for gold, _ in docs]
        row = [score(golds, [plain(g) for g in golds], ex)]
        variants: list[tuple[list, list[str]]] = [
            (golds, [laid_out(gold, lengths, False) for gold, lengths in docs]),
            (golds, [laid_out(gold, lengths, True) for gold, lengths in docs])]
        for written in ([typewriter(gold, lengths) for gold, lengths in docs],
                        [stray(gold, rng) for gold in golds]):
            variants.append((written, [w.text for w in written]))
        variants.append((golds, [curly(plain(g)) for g in golds]))
        for scored, texts in variants:
            row.append(score(scored, texts, ex))
            with before:
                row.append(score(scored, texts, ex))
        cells = " | ".join(f"{row[k]:.2f}, {row[k + 1]:.2f}" for k in range(1, len(row), 2))
        print(f"{name} ({len(golds)} documents): {row[0]:.2f} | {cells}"
              f"   ({time.perf_counter() - started:.0f} s)", flush=True)
        started = time.perf_counter()


if __name__ == "__main__":
    main()
