"""Accuracy on text laid out in lines: the gold test sets as plain text
(sentences joined by a space) and as text with line breaks, through
entityx's extractor with and without the ``entityx_layout`` component (the
norms the model reads at a line break, ``entityx.components.layout``).

    python bench/layout.py [--data ../shared/data] [--sets gum,litbank,...]

Two layouts, each keeping every gold character offset (a line break takes
the place of the space between two sentences):

- *headings*: a sentence that ends without terminal punctuation (a heading,
  a list item, a table row, a headline: CoNLL-2003's sports tables are lines
  of the Reuters text) ends its line;
- *lines*: every sentence on a line of its own (subtitles, transcripts,
  text with one paragraph or sentence per line).

Gold documents are those of ``bench/linebreaks.py`` (GUM, LitBank, SLUE:
the documents they mark; OntoNotes and CoNLL-2003: 10 sentences at a time);
scored as there. Prints F1 per set: plain | headings: with, without |
lines: with, without.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from linebreaks import MORE_SETS, SETS, plain, score  # noqa: E402

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


def laid_out(gold: GoldDoc, sentence_lengths: list[int], every: bool) -> str:
    """``gold`` as text, with the space after a sentence a line break: after
    every sentence, or after those whose last word ends without terminal
    punctuation."""
    chars = list(plain(gold))
    starts, pos = [], 0
    for word, space in zip(gold.words, gold.spaces, strict=True):
        starts.append(pos)
        pos += len(word) + space
    end_word = 0
    for length in sentence_lengths[:-1]:
        end_word += length
        last = gold.words[end_word - 1]
        end = starts[end_word - 1] + len(last)
        if end < len(chars) and chars[end] == " " and (every or last[-1] not in ENDS):
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    sets = {**SETS, **MORE_SETS, **DEV_SETS}
    parser.add_argument("--sets", default=",".join(SETS), help=f"comma-separated, of {', '.join(sets)}")
    args = parser.parse_args()
    nlp = load_pipeline()
    ex = Extractor(link=False)
    print("set: plain | headings on lines: with layout norms, without | "
          "every sentence a line: with, without")
    for name in args.sets.split(","):
        rel, per_doc = sets[name]
        started = time.perf_counter()
        docs = documents(args.data / rel, per_doc)
        golds = [gold for gold, _ in docs]
        row = [score(golds, [plain(g) for g in golds], ex)]
        for every in (False, True):
            texts = [laid_out(gold, lengths, every) for gold, lengths in docs]
            row.append(score(golds, texts, ex))
            nlp.disable_pipe(BEFORE_MODEL)
            try:
                row.append(score(golds, texts, ex))
            finally:
                nlp.enable_pipe(BEFORE_MODEL)
        print(f"{name} ({len(golds)} documents): {row[0]:.2f} | {row[1]:.2f}, {row[2]:.2f} | "
              f"{row[3]:.2f}, {row[4]:.2f}   ({time.perf_counter() - started:.0f} s)", flush=True)


if __name__ == "__main__":
    main()
