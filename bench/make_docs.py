"""Build the benchmark's documents from annotated test corpora.

Consecutive sentences of the corpora (OntoNotes 5 and CoNLL-2003 test sets by
default) are detokenised and joined into ``--docs`` plain-text documents of
about equal length (or documents of about ``--words`` whitespace-separated
words each), written as ``docs/NNNN.txt``.
A ``manifest.json`` beside the folder records the counts. Corpus text is never
committed: ``bench/data/`` is git-ignored.

    python bench/make_docs.py                       # bench/data/docs: 1,000 documents
    python bench/make_docs.py --words 300 CORPUS.iob2 ...

The two default test sets hold about 174,000 words, so 1,000 documents means
about 174 words each (a short news item); give more corpora (the dev sets) for
longer documents.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

from entityx.gold import detokenise, read_bio  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
DEFAULT_CORPORA = [SHARED / "ontonotes5" / "test.iob2", SHARED / "conll2003" / "test.iob2"]
DEFAULT_OUT = HERE / "data" / "docs"
SENTENCES_PER_PARAGRAPH = 4


def count_words(text: str) -> int:
    """How every bench script counts words: whitespace-separated pieces."""
    return len(text.split())


def sentences(paths: list[Path]) -> list[str]:
    out = []
    for path in paths:
        for sentence in read_bio(path):
            text, _ = detokenise(sentence.words)
            if text.strip():
                out.append(text)
    return out


def build(texts: list[str], words_per_doc: float) -> list[str]:
    """Consecutive sentences joined into documents, a paragraph break every
    few sentences; document k ends at the first sentence end after
    ``k * words_per_doc`` words of the whole text (so lengths stay even)."""
    docs: list[str] = []
    paragraphs: list[str] = []
    current: list[str] = []
    words = 0
    for text in texts:
        current.append(text)
        words += count_words(text)
        if len(current) >= SENTENCES_PER_PARAGRAPH:
            paragraphs.append(" ".join(current))
            current = []
        if words >= (len(docs) + 1) * words_per_doc:
            if current:
                paragraphs.append(" ".join(current))
            docs.append("\n\n".join(paragraphs) + "\n")
            paragraphs, current = [], []
    if current:
        paragraphs.append(" ".join(current))
    if paragraphs:
        docs.append("\n\n".join(paragraphs) + "\n")
    return docs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpora", nargs="*", type=Path, default=DEFAULT_CORPORA,
                        help="token<TAB>tag files (default: OntoNotes 5 and CoNLL-2003 test)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder to (re)create")
    parser.add_argument("--docs", type=int, default=1000,
                        help="how many documents, of equal length (default 1000)")
    parser.add_argument("--words", type=int, default=0,
                        help="words per document instead (as many documents as that gives)")
    args = parser.parse_args(argv)

    missing = [str(p) for p in args.corpora if not p.is_file()]
    if missing:
        parser.error(f"corpus not found: {', '.join(missing)}")
    texts = sentences(args.corpora)
    total = sum(count_words(t) for t in texts)
    words = args.words or total / args.docs
    docs = build(texts, words)
    if not args.words:
        if len(docs) < args.docs:
            parser.error(f"only {len(docs)} documents from {total} words of text; add corpora")
        docs = docs[: args.docs]  # a last fragment of a sentence or two

    if args.out.exists():
        shutil.rmtree(args.out)
    args.out.mkdir(parents=True)
    width = len(str(len(docs)))
    for i, doc in enumerate(docs, 1):
        (args.out / f"{i:0{width}d}.txt").write_text(doc, encoding="utf-8")
    counts = [count_words(d) for d in docs]
    manifest = {
        "folder": str(args.out),
        "corpora": [str(p) for p in args.corpora],
        "documents": len(docs),
        "words": sum(counts),
        "chars": sum(len(d) for d in docs),
        "words_per_doc_target": round(words, 1),
        "words_per_doc_min": min(counts),
        "words_per_doc_max": max(counts),
        "word_count": "len(text.split()): whitespace-separated words of the file text",
    }
    (args.out.parent / f"{args.out.name}.manifest.json").write_text(
        json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    print(f"{len(docs)} documents, {sum(counts):,} words "
          f"({min(counts)}-{max(counts)} per document) in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
