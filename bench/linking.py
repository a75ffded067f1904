"""Place linking: accuracy of the country code, share left unlinked, and the
time to link against the time to extract.

    python bench/linking.py [--set bench/linking/places.jsonl] [--show]

The set (bench/linking/places.jsonl, written and annotated for entityx) is
one JSON object a line: {"id", "text", "gold": [[name, country], ...]},
country an ISO alpha-2 code or null for a region that spans countries.
Each gold name is looked up among the document's place entities (name,
alias or mention text) after ``entityx.extract`` and ``link_places``:

* not found: the model did not find it as a place (recognition, not linking);
* unlinked: found, but the linker left ``link`` null (unknown or ambiguous);
* right / wrong: the link's country against the gold one.

Accuracy is right / (right + wrong), over what was linked; the share left
null is unlinked / found.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from entityx.extractor import Extractor  # noqa: E402
from entityx.labels import PLACE  # noqa: E402
from entityx.linking import gazetteer as gz  # noqa: E402
from entityx.linking import link_places  # noqa: E402


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", default=str(ROOT / "bench/linking/places.jsonl"))
    ap.add_argument("--show", action="store_true", help="print every wrong or unlinked name")
    ap.add_argument("--repeat", type=int, default=5, help="timing passes over the set")
    ap.add_argument("--docs", default=str(ROOT / "bench/data/docs"),
                    help="a folder of news-length .txt documents to time linking on too")
    ap.add_argument("--limit", type=int, default=200, help="documents taken from --docs")
    args = ap.parse_args()
    docs = [json.loads(line) for line in open(args.set, encoding="utf-8") if line.strip()]
    extractor = Extractor(link=False)  # extraction alone; linking is timed apart

    extractor.extract("Warm-up in Paris.")  # the model's load is not extraction time
    rss0 = _rss_mb()
    t0 = time.perf_counter()
    gz.gazetteer()
    load_s = time.perf_counter() - t0
    rss1 = _rss_mb()

    counts = {"right": 0, "wrong": 0, "unlinked": 0, "not found": 0}
    for doc in docs:
        result = extractor.extract(doc["text"])
        entities = link_places(result.entities, doc["text"])
        for name, country in doc["gold"]:
            entity = next((e for e in entities if e.type == PLACE and (
                name == e.name or name in e.aliases or any(m.text == name for m in e.mentions))),
                None)
            if entity is None:
                outcome = "not found"
            elif entity.link is None:
                outcome = "unlinked"
            else:
                outcome = "right" if entity.link["country"] == country else "wrong"
            counts[outcome] += 1
            if args.show and outcome != "right":
                got = entity and entity.link and (entity.link["name"], entity.link["kind"],
                                       entity.link["country"])
                print(f"{outcome:9} {doc['id']:18} {name!r} gold {country} got {got}")

    extract_s = link_s = 0.0
    for _ in range(args.repeat):
        for doc in docs:
            t = time.perf_counter()
            result = extractor.extract(doc["text"])
            t1 = time.perf_counter()
            link_places(result.entities, doc["text"])
            t2 = time.perf_counter()
            extract_s += t1 - t
            link_s += t2 - t1

    bench_extract = bench_link = 0.0
    files = sorted(Path(args.docs).glob("*.txt"))[:args.limit] if Path(args.docs).is_dir() else []
    places = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        t = time.perf_counter()
        result = extractor.extract(text)
        t1 = time.perf_counter()
        linked_entities = link_places(result.entities, text)
        t2 = time.perf_counter()
        bench_extract += t1 - t
        bench_link += t2 - t1
        places += sum(1 for e in linked_entities if e.type == PLACE)

    total = sum(counts.values())
    found = total - counts["not found"]
    linked = counts["right"] + counts["wrong"]
    print(f"set: {len(docs)} documents, {total} gold place names ({args.set})")
    print(f"found as places by the model: {found}; not found: {counts['not found']}")
    print(f"linked: {linked}; left null: {counts['unlinked']} "
          f"({counts['unlinked'] / max(found, 1):.1%} of found)")
    print(f"country code right: {counts['right']} / {linked} = "
          f"{counts['right'] / max(linked, 1):.1%} of linked; "
          f"{counts['right'] / max(found, 1):.1%} of found")
    print(f"gazetteer load: {load_s * 1000:.0f} ms, peak RSS +{rss1 - rss0:.0f} MB")
    print(f"time: extract {extract_s * 1000 / args.repeat:.1f} ms, link "
          f"{link_s * 1000 / args.repeat:.2f} ms per pass over the set "
          f"= {link_s / extract_s:.2%} of extraction time (short, place-dense texts)")
    if files:
        print(f"time on {len(files)} documents of {args.docs}: extract {bench_extract:.2f} s, "
              f"link {bench_link * 1000:.0f} ms ({places} place entities) "
              f"= {bench_link / bench_extract:.2%} of extraction time")


if __name__ == "__main__":
    main()
