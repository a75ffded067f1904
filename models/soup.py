"""Average the weights of pipelines trained from one start (a "model soup").

    python models/soup.py OUT PIPELINE PIPELINE [PIPELINE...] [--vectors DIR]

Runs of one recipe that differ only in their seed end in different places
of the same basin when they continue one trained model; the mean of their
weights is usually at least as good as each of them on text of a kind none
was trained on, costs nothing at run time, and takes the luck of the seed
out of the shipped model (models/README.md, "What was tried", sixth round).

Every pipeline must have the same components, layers and shapes; the first
one's configuration, vocabulary and vector table are kept. The output is a
checkpoint like spaCy's `model-last`, to be packaged with
``models/train.py --steps package --package-from OUT``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def soup(out: Path, pipelines: list[Path], vectors: Path | None = None) -> None:
    import spacy

    sys.path.insert(0, str(HERE))
    import augment  # noqa: F401 - registers the augmenter a training config names
    from train import keep_vectors_attr, vectors_attr

    if len(pipelines) < 2:
        raise SystemExit("soup: give at least two pipelines")
    nlps = [spacy.load(p) for p in pipelines]
    names = nlps[0].pipe_names
    for path, nlp in zip(pipelines[1:], nlps[1:], strict=True):
        if nlp.pipe_names != names:
            raise SystemExit(f"soup: {path} has components {nlp.pipe_names}, "
                             f"{pipelines[0]} has {names}")
    for name in names:
        walks = [list(nlp.get_pipe(name).model.walk()) for nlp in nlps]
        layouts = {tuple(node.name for node in walk) for walk in walks}
        if len(layouts) != 1:
            raise SystemExit(f"soup: the {name} models differ in their layers")
        for nodes in zip(*walks, strict=True):
            for param in nodes[0].param_names:
                if not nodes[0].has_param(param):
                    continue
                values = [node.get_param(param) for node in nodes]
                if len({v.shape for v in values}) != 1:
                    raise SystemExit(f"soup: {name} {nodes[0].name}.{param} differs in shape")
                nodes[0].set_param(param, sum(values) / len(values))
    nlps[0].to_disk(out)
    # spaCy saves the table without the attribute it is looked up by (train.py):
    # a checkpoint has it only from the vectors folder it was trained with
    attr = vectors_attr(vectors) if vectors is not None else vectors_attr(pipelines[0])
    if attr is not None:
        keep_vectors_attr(out, attr)
    print(f"soup of {len(pipelines)} pipelines -> {out}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("pipelines", type=Path, nargs="+")
    parser.add_argument("--vectors", type=Path, default=None,
                        help="the vectors folder of the training runs, for the lookup "
                        "attribute spaCy leaves out of checkpoints (package adds it too)")
    args = parser.parse_args(argv)
    soup(args.out, args.pipelines, args.vectors)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
