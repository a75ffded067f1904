"""Place linking: accuracy of the country code, share left unlinked, and the
time to link against the time to extract.

    python bench/linking.py [--show] [--data /work/shared/data]

Three annotated sets, each a list of (document, place name, gold country):

* bench/linking/places.jsonl: 43 short texts written for entityx (news,
  travel, sport, history; ambiguous names on purpose: Georgia, Paris,
  Perth, Birmingham, Tripoli, Alexandria, London Ontario...), one JSON
  object a line: {"id", "text", "gold": [[name, country], ...]}. Written by
  the linker's author: a development set.
* bench/linking/gum_gold.tsv: the gold place names of the GUM corpus's dev
  and test splits (academic, biography, interview, news, travel, court
  text), read from the shared corpus folder; looked at while tuning.
* bench/linking/conll_gold.tsv: every 8th story of the CoNLL-2003 test
  split (Reuters news), annotated without looking at the linker's output;
  scored once (84/86 linked right), then looked at (one rule came of it).
* bench/linking/conll_heldout.tsv: the stories 4 after those, annotated
  the same way and scored only after the tuning: the held-out figure.

Gold country: ISO alpha-2; "-" for a region spanning countries (right when
linked with a null country); "x" for no place on Earth (left out). Each gold
name is looked up among the document's place entities (name, alias or
mention text) after extraction and ``link_places``:

* not found: the model did not find it as a place (recognition, not linking);
* unlinked: found, but the linker left ``link`` null (unknown or ambiguous);
* right / wrong: the link's country against the gold one.

Accuracy is right / linked; the share left null is unlinked / found.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from entityx.extractor import Extractor  # noqa: E402
from entityx.labels import PLACE  # noqa: E402
from entityx.linking import gazetteer as gz  # noqa: E402
from entityx.linking import link_places  # noqa: E402
from entityx.results import Entity  # noqa: E402

HERE = ROOT / "bench" / "linking"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
Doc = list[list[tuple[str, str]]]  # sentences of (token, tag)


def _sentences(path: Path) -> Iterator[list[tuple[str, str]]]:
    sent: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if sent:
                yield sent
                sent = []
            continue
        tok, tag = line.split("\t")
        sent.append((tok, tag))
    if sent:
        yield sent


def _docs(path: Path, datelines: bool) -> list[Doc]:
    """Documents: at -DOCSTART- (GUM), or cut before the headline of each
    dateline sentence (CoNLL-2003 marks no documents)."""
    docs: list[Doc] = []
    doc: Doc = []
    for sent in _sentences(path):
        if sent[0][0] == "-DOCSTART-":
            if doc:
                docs.append(doc)
            doc = []
            continue
        if datelines and len(doc) > 1 and any(_DATE.match(t) for t, _ in sent[:8]):
            docs.append(doc[:-1])
            doc = doc[-1:]
        doc.append(sent)
    if doc:
        docs.append(doc)
    return docs


def _detok(doc: Doc) -> str:
    """Tokens joined with spaces, none before closing punctuation: close
    enough to written text for the model."""
    text = ""
    for sent in doc:
        for tok, _ in sent:
            if text and not text.endswith(("\n", "(")) and tok not in ",.;:!?)'s":
                text += " "
            text += tok
        text += "\n"
    return text


def _corpus_set(gold_file: Path, corpus: Path, datelines: bool) -> list[dict]:
    """Documents with their gold names, from a shared corpus and a gold file."""
    gold: dict[tuple[str, int], list[list[str]]] = {}
    for line in gold_file.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        split, doc, name, country = line.split("\t")
        gold.setdefault((split, int(doc)), []).append([name, country])
    out = []
    for split in sorted({s for s, _ in gold}):
        for n, doc in enumerate(_docs(corpus / f"{split}.iob2", datelines)):
            if (split, n) in gold:
                out.append({"id": f"{split}-{n}", "text": _detok(doc), "gold": gold[(split, n)]})
    return out


def _find(entities: list[Entity], name: str) -> Entity | None:
    return next((e for e in entities if e.type == PLACE and (
        name == e.name or name in e.aliases or any(m.text == name for m in e.mentions))), None)


def evaluate(label: str, docs: list[dict], extractor: Extractor, show: bool) -> None:
    counts = {"right": 0, "wrong": 0, "unlinked": 0, "not found": 0}
    for doc in docs:
        entities = link_places(extractor.extract(doc["text"]).entities, doc["text"])
        for name, country in doc["gold"]:
            if country == "x":
                continue
            want = None if country == "-" else country
            entity = _find(entities, name)
            if entity is None:
                outcome = "not found"
            elif entity.link is None:
                outcome = "unlinked"
            else:
                outcome = "right" if entity.link["country"] == want else "wrong"
            counts[outcome] += 1
            if show and outcome in ("wrong", "unlinked"):
                got = entity and entity.link and (entity.link["name"], entity.link["kind"],
                                                  entity.link["country"])
                print(f"  {outcome:9} {doc['id']:18} {name!r} gold {country} got {got}")
    found = sum(counts.values()) - counts["not found"]
    linked = counts["right"] + counts["wrong"]
    print(f"{label}: {len(docs)} documents, {sum(counts.values())} gold place names; "
          f"found by the model {found}; linked {linked}, left null {counts['unlinked']} "
          f"({counts['unlinked'] / max(found, 1):.1%} of found); country right "
          f"{counts['right']}/{linked} = {counts['right'] / max(linked, 1):.1%} of linked")


def timing(docs: list[dict], files: list[Path], extractor: Extractor, repeat: int) -> None:
    extract_s = link_s = 0.0
    for _ in range(repeat):
        for doc in docs:
            t = time.perf_counter()
            result = extractor.extract(doc["text"])
            t1 = time.perf_counter()
            link_places(result.entities, doc["text"])
            extract_s += t1 - t
            link_s += time.perf_counter() - t1
    print(f"time, the written set x{repeat} (short, place-dense texts): extract "
          f"{extract_s:.2f} s, link {link_s * 1000:.0f} ms = {link_s / extract_s:.2%}")
    extract_s = link_s = 0.0
    places = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        t = time.perf_counter()
        result = extractor.extract(text)
        t1 = time.perf_counter()
        entities = link_places(result.entities, text)
        extract_s += t1 - t
        link_s += time.perf_counter() - t1
        places += sum(1 for e in entities if e.type == PLACE)
    if files:
        print(f"time, {len(files)} news-length documents of bench/data/docs: extract "
              f"{extract_s:.2f} s, link {link_s * 1000:.0f} ms ({places} place entities) "
              f"= {link_s / extract_s:.2%}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", action="store_true", help="print every wrong or unlinked name")
    ap.add_argument("--data", default="/work/shared/data", help="the shared corpora")
    ap.add_argument("--repeat", type=int, default=3, help="timing passes over the written set")
    ap.add_argument("--docs", default=str(ROOT / "bench/data/docs"),
                    help="a folder of news-length .txt documents to time linking on")
    ap.add_argument("--limit", type=int, default=200, help="documents taken from --docs")
    args = ap.parse_args()

    extractor = Extractor(link=False)  # extraction alone; linking is timed apart
    extractor.extract("Warm-up in Paris.")  # the model's load is not extraction time
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    gz.gazetteer()
    load_s = time.perf_counter() - t0
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"gazetteer load: {load_s * 1000:.0f} ms, peak RSS +{(rss1 - rss0) / 1024:.0f} MB")

    written = [json.loads(line) for line in
               (HERE / "places.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    evaluate("written set (development)", written, extractor, args.show)
    data = Path(args.data)
    if (data / "extra/gum").is_dir():
        evaluate("GUM dev+test (development)",
                 _corpus_set(HERE / "gum_gold.tsv", data / "extra/gum", False),
                 extractor, args.show)
    if (data / "conll2003").is_dir():
        evaluate("CoNLL-2003 test, stories 0, 8, 16... (development)",
                 _corpus_set(HERE / "conll_gold.tsv", data / "conll2003", True),
                 extractor, args.show)
        evaluate("CoNLL-2003 test, stories 4, 12, 20... (held out)",
                 _corpus_set(HERE / "conll_heldout.tsv", data / "conll2003", True),
                 extractor, args.show)
    docs_dir = Path(args.docs)
    files = sorted(docs_dir.glob("*.txt"))[:args.limit] if docs_dir.is_dir() else []
    timing(written, files, extractor, args.repeat)


if __name__ == "__main__":
    main()
