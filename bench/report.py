"""The HTML report over the bench documents: size, write time, load time.

    python bench/make_docs.py      # once: bench/data/docs (1,000 documents)
    nice -n 10 python bench/report.py [--docs DIR] [--screens DIR]

Prints, for a report of every document in the folder (place linking on, as
the command line runs by default):
  - extraction time (the embedded model over the texts, in this process) and
    the report's write time (every ``write`` plus ``close``), and their ratio;
  - the report's size against its documents' text (target: under 1.5 x the
    text + 1 MB);
  - load time in headless Chromium (navigation start to the end of the load
    event, which includes building the index and document list; median of
    --loads), then the time to open every document and to choose the most
    mentioned entity.
Writes report.html and screenshots of it and of the sample article's report
to --screens. Figures are wall-clock times on this machine: run it quietly.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]


def extract(paths: list[Path]) -> tuple[list, float]:  # type: ignore[type-arg]
    from entityx.extractor import Extractor

    extractor = Extractor(with_text=True, link=True)
    extractor.extract("Warm-up: Angela Merkel in Berlin.")  # model and gazetteer loaded
    items = [(p.read_text(encoding="utf-8"), str(p)) for p in paths]
    started = time.perf_counter()
    results = list(extractor.extract_texts(items))
    return results, time.perf_counter() - started


def write(results: list, path: Path, *, many: bool = True) -> float:  # type: ignore[type-arg]
    from entityx.output.html import HTMLReportWriter

    started = time.perf_counter()
    with open(path, "w", encoding="utf-8") as stream:
        writer = HTMLReportWriter(stream, many=many)
        for result in results:
            writer.write(result)
        writer.close()
    return time.perf_counter() - started


def browse(path: Path, screens: Path, name: str, loads: int) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    figures: dict[str, float] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        times = []
        for _ in range(loads):
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(path.as_uri(), wait_until="load")
            times.append(page.evaluate(
                "performance.getEntriesByType('navigation')[0].loadEventEnd"))
            page.close()
        figures["load_ms"] = statistics.median(times)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(path.as_uri(), wait_until="load")
        page.screenshot(path=str(screens / f"{name}-top.png"))
        figures["select_ms"] = page.evaluate("""() => { const t = performance.now();
            document.querySelector('#entity-list .ent').click(); return performance.now() - t; }""")
        height = page.evaluate("document.documentElement.scrollHeight")
        page.screenshot(path=str(screens / f"{name}.png"), full_page=True,
                        clip={"x": 0, "y": 0, "width": 1280, "height": min(height, 3200)})
        page.evaluate("document.getElementById('index').scrollIntoView()")
        page.screenshot(path=str(screens / f"{name}-index.png"))
        figures["open_all_ms"] = page.evaluate("""() => { const t = performance.now();
            document.getElementById('open-all').click(); document.body.offsetHeight;
            return performance.now() - t; }""")
        figures["marks"] = page.locator("#doc-list mark.m").count()
        browser.close()
    return figures


def readme_picture(report: Path, out: Path) -> None:
    """The top of the sample's report (counts, charts, map), small enough to commit:
    palette-quantised by Debian's pngquant when it is installed."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 960, "height": 1440})
        page.goto(report.as_uri(), wait_until="load")
        page.screenshot(path=str(out))
        browser.close()
    if shutil.which("pngquant"):
        subprocess.run(["pngquant", "--quality", "65-90", "--force", "--output", str(out),
                        str(out)], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=Path, default=ROOT / "bench" / "data" / "docs")
    parser.add_argument("--screens", type=Path, default=Path("/work/screens"))
    parser.add_argument("--loads", type=int, default=3)
    parser.add_argument("--readme", type=Path, help="also write the README's picture here "
                        "(docs/report.png)")
    args = parser.parse_args()
    args.screens.mkdir(parents=True, exist_ok=True)
    paths = sorted(args.docs.glob("*.txt"))
    if not paths:
        sys.exit(f"{args.docs}: no .txt documents (run bench/make_docs.py)")

    sample = ROOT / "samples" / "trump-putin-call.txt"
    sample_results, _ = extract([sample])
    write(sample_results, args.screens / "sample.html", many=False)
    browse(args.screens / "sample.html", args.screens, "report-sample", 1)
    if args.readme:
        readme_picture(args.screens / "sample.html", args.readme)
        print(f"README picture       {args.readme}: {args.readme.stat().st_size / 1000:.0f} KB")

    results, extract_s = extract(paths)
    report = args.screens / "report.html"
    write_s = min(write(results, report) for _ in range(3))
    text_bytes = sum(len((r.text or "").encode("utf-8")) for r in results)
    size = report.stat().st_size
    limit = 1.5 * text_bytes + 1_000_000
    mentions = sum(e.count for r in results for e in r.entities)
    linked = sum(1 for r in results for e in r.entities if e.link)
    print(f"documents            {len(results):,} ({mentions:,} mentions, {linked:,} linked places)")
    print(f"extraction           {extract_s:8.2f} s")
    print(f"report write         {write_s:8.3f} s  = {100 * write_s / extract_s:.1f}% of extraction"
          " (target < 10%)")
    print(f"text                 {text_bytes / 1e6:8.2f} MB")
    print(f"report               {size / 1e6:8.2f} MB  = {size / text_bytes:.2f} x text;"
          f" limit 1.5 x text + 1 MB = {limit / 1e6:.2f} MB ({'ok' if size < limit else 'OVER'})")
    figures = browse(report, args.screens, "report-1000", args.loads)
    print(f"load in Chromium     {figures['load_ms'] / 1000:8.2f} s  (median of {args.loads};"
          " target < 2 s)")
    print(f"choose an entity     {figures['select_ms']:8.0f} ms")
    print(f"open all documents   {figures['open_all_ms']:8.0f} ms  ({figures['marks']:,} highlights;"
          f" {mentions:,} mentions)")
    print(f"screenshots          {args.screens}/report-sample*.png, report-1000*.png")


if __name__ == "__main__":
    main()
