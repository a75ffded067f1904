"""The reference points, with no entityx code: the same spaCy pipeline folder
through plain ``nlp.pipe`` (the floor of entityx's overhead), or spaCy's
tokenizer alone (the ceiling). Run by bench.py in its own process so that its
peak RSS is clean; prints one JSON object.

    python bench/plain_pipe.py --model models/en_entityx [--mode pipe|tokenizer] [DIR]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from measure import DOCS, count_words, doc_files, read_texts


def main(argv: list[str] | None = None) -> int:
    t_start = time.perf_counter()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("docs", nargs="?", type=Path, default=DOCS)
    parser.add_argument("--model", required=True, help="a spaCy pipeline folder or package")
    parser.add_argument("--mode", choices=["pipe", "tokenizer"], default="pipe")
    parser.add_argument("--batch-size", type=int, default=None,
                        help="nlp.pipe batch size (default: the pipeline's, 1000 for ours)")
    args = parser.parse_args(argv)

    texts = read_texts(doc_files(args.docs))
    t_read = time.perf_counter()
    import spacy

    t_import = time.perf_counter()
    nlp = spacy.load(args.model)
    t_load = time.perf_counter()
    ents = tokens = 0
    if args.mode == "pipe":
        for doc in nlp.pipe(texts, batch_size=args.batch_size):
            ents += len(doc.ents)
            tokens += len(doc)
    else:
        for doc in nlp.tokenizer.pipe(texts):
            tokens += len(doc)
    t_done = time.perf_counter()
    print(json.dumps({
        "mode": args.mode, "pipeline": nlp.pipe_names, "docs": len(texts),
        "words": sum(count_words(t) for t in texts), "tokens": tokens, "ents": ents,
        "read_s": t_read - t_start, "import_s": t_import - t_read, "load_s": t_load - t_import,
        "process_s": t_done - t_load, "in_process_s": t_done - t_start,
    }))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
