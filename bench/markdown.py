"""Accuracy on Markdown: the gold test sets written as Markdown, read with
the Markdown reader (markup blanked, ``entityx/readers/markdown.py``) and
as plain text (markup as given, how ``.md`` files were read before
2026-12-02), against the same words without markup.

    python bench/markdown.py [--data ../shared/data] [--sets gum,litbank,...] [--seed 0]

Each gold document (as in ``bench/linebreaks.py``) is written the way a
wiki page or a note is: a short sentence without terminal punctuation is a
"## " heading on a line of its own; a blank line every five sentences;
each gold name (of any type) is, at random (``--seed``), a link to its
Wikipedia page ("[Olaf Scholz](https://en.wikipedia.org/wiki/Olaf_Scholz)")
one time in four, bold ("**...**") one in ten, italic ("_..._") one in
twenty. Gold spans are moved to where their words are in the written text;
mentions count when start, end and type match, as in ``entityx evaluate``.
Prints F1 per set: without markup | Markdown read as Markdown, as text.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from layout import ENDS, Written, gold_sets, word_starts  # noqa: E402
from linebreaks import plain, score  # noqa: E402

from entityx.evaluate import GoldDoc  # noqa: E402
from entityx.extractor import Extractor  # noqa: E402
from entityx.readers.markdown import blank_markup  # noqa: E402

HEADING_WORDS = 8


def as_markdown(gold: GoldDoc, lengths: list[int], rng: random.Random) -> Written:
    starts = word_starts(gold)
    first = {s: i for i, s in enumerate(starts)}
    ends = {s + len(w): i for i, (s, w) in enumerate(zip(starts, gold.words, strict=True))}
    names: dict[int, tuple[int, str | None]] = {}  # first word -> (last word, type or None)
    for start, end, etype in gold.spans:
        names[first[start]] = (ends[end], etype)
    regions = [(first[s], ends[e]) for s, e in gold.regions if s in first and e in ends]
    for a, b in regions:
        names.setdefault(a, (b, None))
    out: list[str] = []
    pos = 0
    moved: dict[int, int] = {}  # word -> its start in the written text
    spans: set[tuple[int, int, str]] = set()
    new_regions: list[tuple[int, int]] = []
    word = 0
    for n, length in enumerate(lengths):
        sentence = range(word, word + length)
        heading = length <= HEADING_WORDS and gold.words[sentence[-1]][-1] not in ENDS
        prefix = ("\n\n" if out else "") + "## " if heading else (
            "\n\n" if out and (n % 5 == 0 or out[-1].endswith("\n")) else (" " if out else ""))
        out.append(prefix)
        pos += len(prefix)
        i = word
        while i < word + length:
            last, etype = names.get(i, (i, None))
            last = min(last, word + length - 1)
            if i in names:
                shown = "".join(gold.words[k] + (" " if gold.spaces[k] and k < last else "")
                                for k in range(i, last + 1))
                roll = rng.random()
                before, after = ("[", f"](https://en.wikipedia.org/wiki/{shown.replace(' ', '_')})") \
                    if roll < 0.25 else ("**", "**") if roll < 0.35 else ("_", "_") \
                    if roll < 0.40 else ("", "")
                out.append(before)
                pos += len(before)
                begin = pos
                for k in range(i, last + 1):
                    moved[k] = begin + starts[k] - starts[i]
                out.append(shown)
                pos += len(shown)
                if etype is not None:
                    spans.add((begin, pos, etype))
                else:
                    new_regions.append((begin, pos))
                out.append(after)
                pos += len(after)
                gap = " " if gold.spaces[last] and last < word + length - 1 else ""
                i = last + 1
            else:
                moved[i] = pos
                gap = " " if gold.spaces[i] and i < word + length - 1 else ""
                out.append(gold.words[i])
                pos += len(gold.words[i])
                i += 1
            out.append(gap)
            pos += len(gap)
        if heading:
            out.append("\n")
            pos += 1
        word += length
    return Written("".join(out), spans, new_regions)


def main() -> None:
    ex = Extractor(link=False)
    print("set: without markup | Markdown: read as Markdown, as text")
    started = time.perf_counter()
    for name, docs, rng in gold_sets(__doc__.split("\n\n")[0], "for the markup"):
        golds = [gold for gold, _ in docs]
        written = [as_markdown(gold, lengths, rng) for gold, lengths in docs]
        row = [score(golds, [plain(g) for g in golds], ex),
               score(written, [blank_markup(w.text) for w in written], ex),  # type: ignore[arg-type]
               score(written, [w.text for w in written], ex)]  # type: ignore[arg-type]
        print(f"{name} ({len(golds)} documents): {row[0]:.2f} | {row[1]:.2f}, {row[2]:.2f}"
              f"   ({time.perf_counter() - started:.0f} s)", flush=True)
        started = time.perf_counter()


if __name__ == "__main__":
    main()
