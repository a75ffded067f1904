"""Model speed: our pipeline folder against a spaCy NER of en_core_web_sm's
architecture, same texts, one process, through ``nlp.pipe``.

The comparison model is built from ``spacy init config -p ner -o efficiency``
(tok2vec: MultiHashEmbed width 96, NORM/PREFIX/SUFFIX/SHAPE rows
5000/1000/2500/2500, no static vectors; MaxoutWindowEncoder depth 4; NER
hidden width 64) and initialised with the labels PERSON, LOC and ORG and
untrained weights: inference speed does not depend on the weight values.
The third row is our model inside entityx's whole pipeline (sentencizer,
boundaries and titles components added), for the cost of those components.

    python bench/model_speed.py [DIR] [--model PATH] [--limit 400] [--rounds 3] [--pin]

Words are whitespace-separated words of the texts. Each model runs
``--rounds`` times, interleaved; the best round counts.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from measure import DOCS, ROOT, count_words, doc_files, read_texts, table, write_results

LABELS = ("PERSON", "LOC", "ORG")


def sm_architecture_ner():  # type: ignore[no-untyped-def]
    import spacy
    from spacy.cli.init_config import init_config

    config = init_config(lang="en", pipeline=["ner"], optimize="efficiency", gpu=False)
    nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    ner = nlp.get_pipe("ner")
    for label in LABELS:
        ner.add_label(label)
    nlp.initialize()
    return nlp


def describe(nlp) -> str:  # type: ignore[no-untyped-def]
    embed = nlp.config["components"]["tok2vec"]["model"]["embed"]
    encode = nlp.config["components"]["tok2vec"]["model"]["encode"]
    hidden = nlp.config["components"]["ner"]["model"]["hidden_width"]
    attrs = "/".join(embed["attrs"])
    return (f"{attrs} rows {embed['rows']}, width {encode['width']}, depth {encode['depth']}, "
            f"maxout {encode['maxout_pieces']}, static vectors {embed['include_static_vectors']}, "
            f"hidden {hidden}")


def speed(nlp, texts: list[str], batch_size: int) -> tuple[float, float, int]:  # type: ignore[no-untyped-def]
    wall, cpu = time.perf_counter(), time.process_time()
    ents = 0
    for doc in nlp.pipe(texts, batch_size=batch_size):
        ents += len(doc.ents)
    return time.perf_counter() - wall, time.process_time() - cpu, ents


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("docs", nargs="?", type=Path, default=DOCS)
    parser.add_argument("--model", default=None,
                        help="our pipeline folder (default: entityx's embedded model)")
    parser.add_argument("--limit", type=int, default=400, help="documents to use (default 400)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=32,
                        help="nlp.pipe batch size, the same for every model (default 32)")
    parser.add_argument("--pin", action="store_true",
                        help="pin this process to one CPU (the last one it may use)")
    parser.add_argument("--json", action="store_true", help="print one JSON line only")
    args = parser.parse_args(argv)
    if args.pin and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {max(os.sched_getaffinity(0))})

    texts = read_texts(doc_files(args.docs)[: args.limit])
    words = sum(count_words(t) for t in texts)
    sys.path.insert(0, str(ROOT))
    from entityx.pipeline import default_model_path, load_pipeline

    model = args.model or str(default_model_path())
    import spacy

    models = {
        "en_core_web_sm architecture NER (untrained)": sm_architecture_ner(),
        "our model (tok2vec + ner)": spacy.load(model),
        "our model in entityx's pipeline": load_pipeline(model),
    }
    for nlp in models.values():  # warm up: first calls allocate
        speed(nlp, texts[:20], args.batch_size)
    best: dict[str, tuple[float, float, int]] = {}
    for _ in range(args.rounds):
        for label, nlp in models.items():
            wall, cpu, ents = speed(nlp, texts, args.batch_size)
            if label not in best or wall < best[label][0]:
                best[label] = (wall, cpu, ents)
    rows = []
    for label, nlp in models.items():
        wall, cpu, ents = best[label]
        rows.append({"label": label, "pipeline": nlp.pipe_names, "words_per_s": words / wall,
                     "cpu_words_per_s": words / cpu, "wall_s": wall, "cpu_s": cpu,
                     "entities": ents, "architecture": describe(nlp)})
    sm, ours = rows[0], rows[1]
    result = {"docs": len(texts), "words": words, "rounds": args.rounds,
              "batch_size": args.batch_size, "pinned": args.pin, "models": rows,
              "ratio": ours["words_per_s"] / sm["words_per_s"],
              "cpu_ratio": ours["cpu_words_per_s"] / sm["cpu_words_per_s"]}
    if args.json:
        print(json.dumps(result))
        return 0
    print(table([[r["label"], f"{r['words_per_s']:,.0f}", f"{r['cpu_words_per_s']:,.0f}",
                  r["architecture"]] for r in rows],
                ["model", "words/s", "words/cpu-s", "architecture"]))
    print(f"\nour model / sm architecture: {result['ratio']:.2f} (wall), "
          f"{result['cpu_ratio']:.2f} (cpu); {len(texts)} documents, {words:,} words, "
          f"best of {args.rounds} rounds")
    path = write_results("model_speed", result)
    print(f"results in {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
