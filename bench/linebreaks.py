"""Accuracy on hard-wrapped text: the gold test sets as plain text, and the
same text broken into lines of at most 72 (or 60) characters, as plain-text
articles, e-mails, Gutenberg books and text from PDFs are, through entityx's
extractor with and without unwrapping (``entityx.linebreaks``); and with
every space a no-break space (U+00A0, as some web pages write them), read
as spaces or not (``entityx.extractor._for_model``); and with Wikipedia's
reference marks written as Wikipedia writes them, right after the word or
full stop ("Harrow.[6]"; the gold files have "Harrow. [6]"), blanked for the
model or not. Only GUM has such marks.

    python bench/linebreaks.py [--data ../shared/data] [--sets gum,litbank,...]

Each gold document (GUM, LitBank, SLUE-VoxPopuli: the documents they mark;
OntoNotes and CoNLL-2003, which mark none: 10 sentences at a time) is
written out as text, its sentences joined by a space; wrapping turns the
last space before the width into a line break, which keeps every gold
character offset. A mention counts when its start, end and type (the
entity's, after merging) match a gold span exactly; spans of types entityx
does not report are not scored, as in ``entityx evaluate``. Prints F1 per
set and variant.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import entityx.extractor as extractor  # noqa: E402
from entityx.evaluate import GoldDoc, read_gold  # noqa: E402
from entityx.extractor import Extractor  # noqa: E402
from entityx.labels import TYPES  # noqa: E402

SETS = {
    "gum": ("extra/gum/test.iob2", None),
    "litbank": ("extra/litbank/test.iob2", None),
    "slue": ("extra/slue_voxpopuli/test.iob2", None),
    "conll": ("conll2003/test.iob2", 10),
    "ontonotes": ("ontonotes5/test.iob2", 10),
}
MORE_SETS = {"gumdev": ("extra/gum/dev.iob2", None)}
_SPACED_MARK = re.compile(r" \[(\d{1,3})\]")


def plain(gold: GoldDoc) -> str:
    return "".join(w + (" " if s else "") for w, s in zip(gold.words, gold.spaces, strict=True))


def wrap(text: str, width: int) -> str:
    """``text`` with the last space before each ``width``-th column a line break."""
    out = list(text)
    line_start, last_space = 0, -1
    for i, char in enumerate(text):
        if char == " ":
            last_space = i
        if i - line_start >= width and last_space > line_start:
            out[last_space] = "\n"
            line_start, last_space = last_space + 1, -1
    return "".join(out)


def attach_marks(text: str) -> str:
    """``text`` with each reference mark after a space ("Harrow. [6]")
    written right after what comes before it ("Harrow.[6] "): the same
    length, so every gold offset holds."""
    return _SPACED_MARK.sub(lambda m: f"[{m[1]}] ", text)


def score(golds: list[GoldDoc], texts: list[str], ex: Extractor) -> float:
    tp = fp = fn = 0
    for gold, result in zip(golds, ex.extract_texts((t, "gold") for t in texts), strict=True):
        found = {(m.start, m.end, e.type) for e in result.entities for m in e.mentions
                 if e.type in TYPES}
        expected = {s for s in gold.spans if s[2] in TYPES}
        tp += len(found & expected)
        fn += len(expected - found)
        fp += len({s for s in found - expected if not gold.in_region(s[0], s[1])})
    precision, recall = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    return 200 * precision * recall / max(precision + recall, 1e-9)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--sets", default=",".join(SETS),
                        help=f"comma-separated, of {', '.join([*SETS, *MORE_SETS])}")
    args = parser.parse_args()
    ex = Extractor(link=False)
    unwrap = extractor.unwrap
    print("set: plain | wrapped at 72: unwrapped, as given | wrapped at 60: unwrapped, as given"
          " | no-break spaces: as spaces, as given | reference marks: blanked, as given")
    for name in args.sets.split(","):
        rel, per_doc = {**SETS, **MORE_SETS}[name]
        started = time.perf_counter()
        golds = list(read_gold(args.data / rel, doc_sentences=per_doc))
        texts = [plain(g) for g in golds]
        row = [score(golds, texts, ex)]
        for width in (72, 60):
            wrapped = [wrap(t, width) for t in texts]
            row.append(score(golds, wrapped, ex))
            extractor.unwrap = lambda text: text  # type: ignore[assignment]
            try:
                row.append(score(golds, wrapped, ex))
            finally:
                extractor.unwrap = unwrap
        bound = [t.replace(" ", "\u00a0") for t in texts]
        row.append(score(golds, bound, ex))
        spaces = extractor._SPACES
        extractor._SPACES = {}
        try:
            row.append(score(golds, bound, ex))
        finally:
            extractor._SPACES = spaces
        marked = [attach_marks(t) for t in texts]
        row.append(score(golds, marked, ex))
        marks = extractor._REFERENCE_MARKS
        extractor._REFERENCE_MARKS = re.compile("$^")
        try:
            row.append(score(golds, marked, ex))
        finally:
            extractor._REFERENCE_MARKS = marks
        print(f"{name} ({len(golds)} documents): {row[0]:.2f} | {row[1]:.2f}, {row[2]:.2f} | "
              f"{row[3]:.2f}, {row[4]:.2f} | {row[5]:.2f}, {row[6]:.2f} | "
              f"{row[7]:.2f}, {row[8]:.2f}   "
              f"({time.perf_counter() - started:.0f} s)", flush=True)


if __name__ == "__main__":
    main()
